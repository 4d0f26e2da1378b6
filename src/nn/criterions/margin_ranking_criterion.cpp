// MarginRankingCriterion<T>: one pass over the pairs; sums in double.
#include "ringdl/nn/criterions/margin_ranking_criterion.h"

namespace ringdl {

template <typename T>
MarginRankingCriterion<T>::MarginRankingCriterion(const MarginRankingCriterionOptions& options)
    : Criterion<T>("MarginRankingCriterion"), options_(options) {}

template <typename T>
typename MarginRankingCriterion<T>::Pairs MarginRankingCriterion<T>::read(const Activity<T>& input,
                                                                          const Activity<T>& target) const {
  RINGDL_CHECK_CRITERION(input.isTable() && input.toTable().size() == 2 && input.toTable()[0].isTensor() &&
                             input.toTable()[1].isTensor(),
                         "takes a Table {x1, x2} of two Tensors of scores, got ",
                         input.isTable() ? "a Table of " + std::to_string(input.toTable().size()) + " entries"
                                         : "a Tensor of shape " + toString(input.toTensor().shape()));
  const Activity<T>& y = target.isTable() && target.toTable().size() == 1 ? target.toTable()[0] : target;
  RINGDL_CHECK_CRITERION(y.isTensor(),
                         "takes a target Tensor of +1 and -1 (or a Table {y} of one), got a Table of ",
                         target.toTable().size(), " entries");
  Pairs p{&input.toTable()[0].toTensor(), &input.toTable()[1].toTensor(), &y.toTensor()};
  RINGDL_CHECK_CRITERION(p.x1->numel() == p.x2->numel() && p.x1->numel() == p.y->numel(), "x1 of shape ",
                         toString(p.x1->shape()), ", x2 of shape ", toString(p.x2->shape()),
                         " and target of shape ", toString(p.y->shape()),
                         " must hold one value per pair each");
  return p;
}

template <typename T>
T MarginRankingCriterion<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  const Pairs p = read(input, target);
  const Tensor<T> a = p.x1->contiguous(), b = p.x2->contiguous(), y = p.y->contiguous();
  const int64_t n = a.numel();
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double z = options_.margin - static_cast<double>(y.data()[i]) * (static_cast<double>(a.data()[i]) -
                                                                           static_cast<double>(b.data()[i]));
    if (z > 0) sum += z;
  }
  return static_cast<T>(options_.sizeAverage && n > 0 ? sum / static_cast<double>(n) : sum);
}

template <typename T>
const Activity<T>& MarginRankingCriterion<T>::updateGradInput(const Activity<T>& input,
                                                              const Activity<T>& target) {
  const Pairs p = read(input, target);
  const Tensor<T> a = p.x1->contiguous(), b = p.x2->contiguous(), y = p.y->contiguous();
  const int64_t n = a.numel();
  if (!this->gradInput_.isTable() || this->gradInput_.toTable().size() != 2)
    this->gradInput_ = Activity<T>::table({Activity<T>(Tensor<T>()), Activity<T>(Tensor<T>())});
  Tensor<T>& g1 = this->gradInput_.toTable()[0].toTensor();
  Tensor<T>& g2 = this->gradInput_.toTable()[1].toTensor();
  g1.resize(p.x1->shape());
  g2.resize(p.x2->shape());
  const double norm = options_.sizeAverage && n > 0 ? 1 / static_cast<double>(n) : 1.0;
  for (int64_t i = 0; i < n; ++i) {
    const double yi = static_cast<double>(y.data()[i]);
    const double z =
        options_.margin - yi * (static_cast<double>(a.data()[i]) - static_cast<double>(b.data()[i]));
    const double g = z > 0 ? -yi * norm : 0.0;
    g1.data()[i] = static_cast<T>(g);
    g2.data()[i] = static_cast<T>(-g);
  }
  return this->gradInput_;
}

template <typename T>
std::optional<double> MarginRankingCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                                 const Activity<T>& target) const {
  if (!options_.sizeAverage) return std::nullopt;
  return static_cast<double>(read(input, target).x1->numel());
}

template class MarginRankingCriterion<float>;
template class MarginRankingCriterion<double>;

}  // namespace ringdl
