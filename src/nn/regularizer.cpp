// Regularizer: the gradient terms in one contiguous pass, and the layer option's checks.
#include "ringdl/nn/regularizer.h"

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
void Regularizer::accRegularization(const T* w, T* g, int64_t n) const {
  const T a = static_cast<T>(l1), b = static_cast<T>(l2);
  if (l1 == 0) {
    for (int64_t i = 0; i < n; ++i) g[i] += b * w[i];
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    const T sign = static_cast<T>((w[i] > 0) - (w[i] < 0));
    g[i] += a * sign + b * w[i];
  }
}

Regularizer regularizerOf(const RegularizerOption& option, const std::string& layer, const char* name) {
  if (!option) return {};
  RINGDL_CHECK(option->size() == 2 && (*option)[0] >= 0 && (*option)[1] >= 0, layer, ": option '", name,
               "' is a regulariser, the list [l1, l2] of two numbers >= 0 (e.g. [0, 1e-4] for BigDL's "
               "L2Regularizer(1e-4)), got ",
               option->size(), " values");
  return {(*option)[0], (*option)[1]};
}

RegularizerOption regularizerOption(const Regularizer& r) {
  if (!r.active()) return std::nullopt;
  return std::vector<double>{r.l1, r.l2};
}

template void Regularizer::accRegularization<float>(const float*, float*, int64_t) const;
template void Regularizer::accRegularization<double>(const double*, double*, int64_t) const;

}  // namespace ringdl
