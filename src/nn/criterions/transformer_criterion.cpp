// TransformerCriterion<T>: the transformers' forward, the criterion, and back through the input transformer.
#include "ringdl/nn/criterions/transformer_criterion.h"

#include "ringdl/nn/criterions/detail/nested_config.h"

namespace ringdl {

template <typename T>
TransformerCriterion<T>::TransformerCriterion(CriterionPtr<T> criterion, ModulePtr<T> inputTransformer,
                                              ModulePtr<T> targetTransformer)
    : Criterion<T>("TransformerCriterion"),
      criterion_(std::move(criterion)),
      inputTransformer_(std::move(inputTransformer)),
      targetTransformer_(std::move(targetTransformer)) {
  RINGDL_CHECK(criterion_ != nullptr, "TransformerCriterion needs a criterion");
  config();  // a transformer with parameters is an Error now rather than when saved
}

template <typename T>
TransformerCriterion<T>::TransformerCriterion(const Attributes& a)
    : TransformerCriterion(detail::nestedCriterion<T>(a, "criterion", "TransformerCriterion"),
                           detail::nestedModule<T>(a, "inputTransformer", "TransformerCriterion"),
                           detail::nestedModule<T>(a, "targetTransformer", "TransformerCriterion")) {
  const Attributes own = detail::ownOptions(a);
  for (const auto& [key, value] : own.values())
    RINGDL_CHECK(key == "criterion" || key == "inputTransformer" || key == "targetTransformer",
                 "TransformerCriterion has no option '", key,
                 "' (its options: criterion, inputTransformer, targetTransformer)");
}

template <typename T>
Attributes TransformerCriterion<T>::config() const {
  Attributes a;
  detail::putCriterion(a, "criterion", *criterion_);
  detail::putModule(a, "inputTransformer", inputTransformer_.get(), this->where());
  detail::putModule(a, "targetTransformer", targetTransformer_.get(), this->where());
  return a;
}

template <typename T>
void TransformerCriterion<T>::transform(const Activity<T>& input, const Activity<T>& target) {
  try {
    input_ = inputTransformer_ ? inputTransformer_->forward(input) : input;
    target_ = targetTransformer_ ? targetTransformer_->forward(target) : target;
  } catch (const Error& e) {
    RINGDL_FAIL(this->where(), ", in a transformer: ", e.message());
  }
}

template <typename T>
T TransformerCriterion<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  transform(input, target);
  try {
    return criterion_->forward(input_, target_);
  } catch (const Error& e) {
    RINGDL_FAIL(this->where(), ", in its criterion: ", e.message());
  }
}

template <typename T>
const Activity<T>& TransformerCriterion<T>::updateGradInput(const Activity<T>& input,
                                                            const Activity<T>& target) {
  transform(input, target);
  criterion_->forward(input_, target_);
  const Activity<T>& g = criterion_->backward(input_, target_);
  this->gradInput_ = inputTransformer_ ? inputTransformer_->backward(input, g) : g;
  return this->gradInput_;
}

template <typename T>
std::optional<double> TransformerCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                               const Activity<T>& target) const {
  const Activity<T> x = inputTransformer_ ? inputTransformer_->forward(input) : input;
  const Activity<T> t = targetTransformer_ ? targetTransformer_->forward(target) : target;
  return criterion_->batchNormalizer(x, t);
}

template class TransformerCriterion<float>;
template class TransformerCriterion<double>;

}  // namespace ringdl
