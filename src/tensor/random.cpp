// Random: portable distributions on mt19937_64 and text serialisation of its state.
#include "ringdl/tensor/random.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

double Random::normal() {
  if (hasSpareNormal_) {
    hasSpareNormal_ = false;
    return spareNormal_;
  }
  double u1 = uniform();
  while (u1 <= std::numeric_limits<double>::min()) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 2.0 * M_PI * u2;
  spareNormal_ = r * std::sin(theta);
  hasSpareNormal_ = true;
  return r * std::cos(theta);
}

uint64_t Random::below(uint64_t n) {
  RINGDL_CHECK(n > 0, "Random::below needs n > 0");
  // Rejection sampling: unbiased and identical on every platform.
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t x;
  do x = engine_();
  while (x >= limit);
  return x % n;
}

template <typename T>
void Random::fillUniform(Tensor<T>& t, double lo, double hi) {
  RINGDL_CHECK(t.isContiguous(), "fillUniform needs a contiguous tensor");
  T* p = t.data();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(uniform(lo, hi));
}

template <typename T>
void Random::fillNormal(Tensor<T>& t, double mean, double stddev) {
  RINGDL_CHECK(t.isContiguous(), "fillNormal needs a contiguous tensor");
  T* p = t.data();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(normal(mean, stddev));
}

std::string Random::state() const {
  std::ostringstream os;
  os.precision(17);
  os << engine_ << " " << (hasSpareNormal_ ? 1 : 0) << " " << std::hexfloat << spareNormal_;
  return os.str();
}

void Random::setState(const std::string& state) {
  std::istringstream is(state);
  std::mt19937_64 engine;
  int spare = 0;
  std::string spareText;
  is >> engine >> spare >> spareText;
  RINGDL_CHECK(!is.fail(), "random generator state is malformed (", state.size(), " characters)");
  engine_ = engine;
  hasSpareNormal_ = spare != 0;
  spareNormal_ = std::strtod(spareText.c_str(), nullptr);
}

Random& Random::global() {
  static Random instance(1);
  return instance;
}

template void Random::fillUniform<float>(Tensor<float>&, double, double);
template void Random::fillUniform<double>(Tensor<double>&, double, double);
template void Random::fillNormal<float>(Tensor<float>&, double, double);
template void Random::fillNormal<double>(Tensor<double>&, double, double);

}  // namespace ringdl
