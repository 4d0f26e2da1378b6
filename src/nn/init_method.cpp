// InitMethod: parsing, printing and filling.
#include "ringdl/nn/init_method.h"

#include <cmath>
#include <sstream>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {
std::vector<std::string> splitColons(const std::string& s) {
  std::vector<std::string> parts;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ':')) parts.push_back(item);
  return parts;
}
double parseNumber(const std::string& text, const std::string& whole) {
  try {
    size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  RINGDL_FAIL("initializer '", whole, "': '", text, "' is not a number");
}
}  // namespace

InitMethod InitMethod::parse(const std::string& text) {
  const auto parts = splitColons(text);
  const std::string head = parts.empty() ? "" : parts[0];
  auto arity = [&](size_t n) {
    RINGDL_CHECK(parts.size() == n + 1, "initializer '", text, "' takes ", n, " argument(s) separated by ':'");
  };
  if (head == "xavier") return arity(0), xavier();
  if (head == "msra") return arity(0), msra();
  if (head == "default") return arity(0), defaultUniform();
  if (head == "zeros") return arity(0), zeros();
  if (head == "ones") return arity(0), ones();
  if (head == "constant") return arity(1), constant(parseNumber(parts[1], text));
  if (head == "uniform") return arity(2), uniform(parseNumber(parts[1], text), parseNumber(parts[2], text));
  if (head == "normal") return arity(2), normal(parseNumber(parts[1], text), parseNumber(parts[2], text));
  RINGDL_FAIL("unknown initializer '", text,
              "' (known: default, xavier, msra, zeros, ones, constant:V, uniform:LO:HI, normal:MEAN:STD)");
}

std::string InitMethod::toString() const {
  std::ostringstream os;
  os.precision(17);
  switch (kind_) {
    case Kind::kDefaultUniform: return "default";
    case Kind::kXavier: return "xavier";
    case Kind::kMsra: return "msra";
    case Kind::kConstant: os << "constant:" << a_; return os.str();
    case Kind::kUniform: os << "uniform:" << a_ << ":" << b_; return os.str();
    case Kind::kNormal: os << "normal:" << a_ << ":" << b_; return os.str();
  }
  return "default";
}

template <typename T>
void InitMethod::apply(Tensor<T>& t, int64_t fanIn, int64_t fanOut, Random& rng) const {
  switch (kind_) {
    case Kind::kDefaultUniform: {
      const double bound = 1.0 / std::sqrt(static_cast<double>(std::max<int64_t>(fanIn, 1)));
      rng.fillUniform(t, -bound, bound);
      break;
    }
    case Kind::kUniform: rng.fillUniform(t, a_, b_); break;
    case Kind::kNormal: rng.fillNormal(t, a_, b_); break;
    case Kind::kXavier: {
      const double bound = std::sqrt(6.0 / static_cast<double>(std::max<int64_t>(fanIn + fanOut, 1)));
      rng.fillUniform(t, -bound, bound);
      break;
    }
    case Kind::kMsra:
      rng.fillNormal(t, 0.0, std::sqrt(2.0 / static_cast<double>(std::max<int64_t>(fanIn, 1))));
      break;
    case Kind::kConstant: t.fill(static_cast<T>(a_)); break;
  }
}

template void InitMethod::apply<float>(Tensor<float>&, int64_t, int64_t, Random&) const;
template void InitMethod::apply<double>(Tensor<double>&, int64_t, int64_t, Random&) const;

}  // namespace ringdl
