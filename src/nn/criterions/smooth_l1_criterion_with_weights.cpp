// SmoothL1CriterionWithWeights<T>: one pass over the elements; sums in double.
#include "ringdl/nn/criterions/smooth_l1_criterion_with_weights.h"

#include <algorithm>
#include <cmath>

namespace ringdl {

template <typename T>
SmoothL1CriterionWithWeights<T>::SmoothL1CriterionWithWeights(
    const SmoothL1CriterionWithWeightsOptions& options)
    : Criterion<T>("SmoothL1CriterionWithWeights"), options_(options) {
  RINGDL_CHECK(options_.sigma > 0, "SmoothL1CriterionWithWeights: sigma must be > 0, got ", options_.sigma);
  RINGDL_CHECK(options_.num >= 0,
               "SmoothL1CriterionWithWeights: num must be >= 0 (0: divide by the records), got ",
               options_.num);
}

template <typename T>
typename SmoothL1CriterionWithWeights<T>::Parts SmoothL1CriterionWithWeights<T>::read(
    const Activity<T>& input, const Activity<T>& target) const {
  RINGDL_CHECK_CRITERION(input.isTensor(), "takes a Tensor input, got a Table of ", input.toTable().size(),
                         " entries");
  Parts p{&input.toTensor(), nullptr, nullptr, nullptr};
  if (target.isTensor()) {
    p.t = &target.toTensor();
  } else {
    const auto& items = target.toTable();
    RINGDL_CHECK_CRITERION(
        (items.size() == 1 || items.size() == 3) &&
            std::all_of(items.begin(), items.end(), [](const Activity<T>& a) { return a.isTensor(); }),
        "takes a target Table {t} or {t, insideW, outsideW} of Tensors, got a Table of ", items.size(),
        " entries");
    p.t = &items[0].toTensor();
    if (items.size() == 3) p.inside = &items[1].toTensor(), p.outside = &items[2].toTensor();
  }
  const int64_t n = p.x->numel();
  RINGDL_CHECK_CRITERION(
      p.t->numel() == n && (!p.inside || (p.inside->numel() == n && p.outside->numel() == n)),
      "input of shape ", toString(p.x->shape()), ", target of shape ", toString(p.t->shape()),
      p.inside ? ", insideW of shape " + toString(p.inside->shape()) + " and outsideW of shape " +
                     toString(p.outside->shape())
               : std::string(),
      " must hold as many elements");
  return p;
}

template <typename T>
double SmoothL1CriterionWithWeights<T>::divisor(const Tensor<T>& x) const {
  if (options_.num > 0) return static_cast<double>(options_.num);
  return x.dim() > 0 ? static_cast<double>(x.size(0)) : 1.0;
}

template <typename T>
T SmoothL1CriterionWithWeights<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  const Parts p = read(input, target);
  const Tensor<T> x = p.x->contiguous(), t = p.t->contiguous();
  const Tensor<T> in = p.inside ? p.inside->contiguous() : Tensor<T>(),
                  out = p.outside ? p.outside->contiguous() : Tensor<T>();
  const double s = options_.sigma * options_.sigma;
  double sum = 0;
  for (int64_t i = 0; i < x.numel(); ++i) {
    double d = static_cast<double>(x.data()[i]) - static_cast<double>(t.data()[i]);
    if (p.inside) d *= static_cast<double>(in.data()[i]);
    const double a = std::abs(d);
    const double l = a < 1 / s ? 0.5 * s * d * d : a - 0.5 / s;
    sum += p.outside ? static_cast<double>(out.data()[i]) * l : l;
  }
  return static_cast<T>(sum / divisor(x));
}

template <typename T>
const Activity<T>& SmoothL1CriterionWithWeights<T>::updateGradInput(const Activity<T>& input,
                                                                    const Activity<T>& target) {
  const Parts p = read(input, target);
  const Tensor<T> x = p.x->contiguous(), t = p.t->contiguous();
  const Tensor<T> in = p.inside ? p.inside->contiguous() : Tensor<T>(),
                  out = p.outside ? p.outside->contiguous() : Tensor<T>();
  const double s = options_.sigma * options_.sigma, norm = 1 / divisor(x);
  if (!this->gradInput_.isTensor()) this->gradInput_ = Activity<T>(Tensor<T>());
  Tensor<T>& g = this->gradInput_.toTensor();
  g.resize(p.x->shape());
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double w = p.inside ? static_cast<double>(in.data()[i]) : 1.0;
    const double d = w * (static_cast<double>(x.data()[i]) - static_cast<double>(t.data()[i]));
    const double dl = std::abs(d) < 1 / s ? s * d : (d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0);
    g.data()[i] = static_cast<T>(norm * w * dl * (p.outside ? static_cast<double>(out.data()[i]) : 1.0));
  }
  return this->gradInput_;
}

template <typename T>
std::optional<double> SmoothL1CriterionWithWeights<T>::batchNormalizer(const Activity<T>& input,
                                                                       const Activity<T>& target) const {
  if (options_.num > 0) return std::nullopt;
  return divisor(*read(input, target).x);
}

template class SmoothL1CriterionWithWeights<float>;
template class SmoothL1CriterionWithWeights<double>;

}  // namespace ringdl
