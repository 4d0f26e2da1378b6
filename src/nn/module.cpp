// Module<T>: parameter collection and flattening, printing.
#include "ringdl/nn/module.h"

#include <cstring>
#include <sstream>

namespace ringdl {

template <typename T>
void Module<T>::collectParameters(const std::string& prefix, std::vector<ParamRef<T>>& out) {
  for (const ParamRef<T>& p : ownParameters_) out.push_back({prefix + p.name, p.weight, p.grad});
  for (Module* c : children()) c->collectParameters(prefix + c->name() + ".", out);
}

template <typename T>
std::vector<ParamRef<T>> Module<T>::parameters() {
  std::vector<ParamRef<T>> out;
  collectParameters("", out);
  return out;
}

namespace {
// True if the tensors lie back to back, in order, in flat (which they share), covering all of it.
template <typename T>
bool packedIn(const std::vector<Tensor<T>*>& ts, const Tensor<T>& flat) {
  int64_t off = 0;
  for (const Tensor<T>* t : ts) {
    if (!t->sharesStorageWith(flat) || !t->isContiguous() || t->data() != flat.data() + off) return false;
    off += t->numel();
  }
  return off == flat.numel();
}
}  // namespace

template <typename T>
std::pair<Tensor<T>, Tensor<T>> Module<T>::getParameters() {
  std::vector<ParamRef<T>> params = parameters();
  std::vector<Tensor<T>*> weights, grads;
  int64_t total = 0;
  for (auto& p : params) {
    RINGDL_CHECK(p.weight->numel() == p.grad->numel(), "parameter '", p.name, "' has ", p.weight->numel(),
                 " weights but ", p.grad->numel(), " gradients");
    weights.push_back(p.weight);
    grads.push_back(p.grad);
    total += p.weight->numel();
  }
  if (flatWeights_.numel() == total && total > 0 && packedIn(weights, flatWeights_) && packedIn(grads, flatGrads_))
    return {flatWeights_, flatGrads_};
  Tensor<T> flatW({total}), flatG({total});
  int64_t off = 0;
  for (auto& p : params) {
    const int64_t n = p.weight->numel();
    const Shape shape = p.weight->shape();
    Tensor<T> w = flatW.narrow(0, off, n);
    Tensor<T> g = flatG.narrow(0, off, n);
    w.copyFrom(*p.weight);
    g.copyFrom(*p.grad);
    p.weight->set(w.view(shape));
    p.grad->set(g.view(shape));
    off += n;
  }
  flatWeights_ = flatW;
  flatGrads_ = flatG;
  return {flatW, flatG};
}

template <typename T>
void Module<T>::zeroGradParameters() {
  for (auto& p : parameters()) p.grad->zero();
}

template <typename T>
std::string Module<T>::toString(int indent) const {
  std::ostringstream os;
  os << std::string(indent * 2, ' ') << typeName_;
  if (!name_.empty()) os << " '" << name_ << "'";
  const Attributes cfg = config();
  if (!cfg.values().empty()) {
    os << "(";
    bool first = true;
    for (const auto& [k, v] : cfg.values()) {
      os << (first ? "" : ", ") << k << "=";
      first = false;
      std::visit(
          [&os](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, std::vector<int64_t>> || std::is_same_v<X, std::vector<double>>) {
              os << "[";
              for (size_t i = 0; i < x.size(); ++i) os << (i ? "," : "") << x[i];
              os << "]";
            } else {
              os << x;
            }
          },
          v);
    }
    os << ")";
  }
  auto* self = const_cast<Module*>(this);
  for (Module* c : self->children()) os << "\n" << c->toString(indent + 1);
  return os.str();
}

template class Module<float>;
template class Module<double>;

}  // namespace ringdl
