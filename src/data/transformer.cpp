// Transformer<T> base functions and ChainedTransformer<T>.
#include "ringdl/data/transformer.h"

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
void Transformer<T>::apply(Tensor<T>& features) const {
  RINGDL_CHECK(features.dim() >= 1, describe(), ": features need a record dimension, got shape ",
               toString(features.shape()));
  transformFeatures(features);
}

template <typename T>
Tensor<T> Transformer<T>::applied(const Tensor<T>& features) const {
  Tensor<T> copy = features.clone();
  apply(copy);
  return copy;
}

template <typename T>
ChainedTransformer<T> Transformer<T>::then(const Transformer<T>& next) const {
  ChainedTransformer<T> chain;
  chain.add(*this).add(next);
  return chain;
}

template <typename T>
ChainedTransformer<T>& ChainedTransformer<T>::add(const Transformer<T>& step) {
  if (const auto* chain = dynamic_cast<const ChainedTransformer<T>*>(&step)) {
    // Steps are immutable, so sharing them with the other chain is as good as copying.
    steps_.insert(steps_.end(), chain->steps_.begin(), chain->steps_.end());
  } else {
    steps_.push_back(std::shared_ptr<const Transformer<T>>(step.clone()));
  }
  return *this;
}

template <typename T>
const Transformer<T>& ChainedTransformer<T>::step(size_t i) const {
  RINGDL_CHECK(i < steps_.size(), "ChainedTransformer::step(", i, ") is out of range for a chain of ",
               steps_.size(), " steps");
  return *steps_[i];
}

template <typename T>
std::unique_ptr<Transformer<T>> ChainedTransformer<T>::clone() const {
  return std::make_unique<ChainedTransformer<T>>(*this);
}

template <typename T>
std::string ChainedTransformer<T>::describe() const {
  if (steps_.empty()) return "Identity";
  std::string s;
  for (size_t i = 0; i < steps_.size(); ++i) s += (i ? " >> " : "") + steps_[i]->describe();
  return s;
}

template <typename T>
void ChainedTransformer<T>::transformFeatures(Tensor<T>& features) const {
  for (const auto& step : steps_) step->apply(features);
}

template <typename T>
ChainedTransformer<T> operator>>(const Transformer<T>& a, const Transformer<T>& b) {
  return a.then(b);
}

template class Transformer<float>;
template class Transformer<double>;
template class ChainedTransformer<float>;
template class ChainedTransformer<double>;
template ChainedTransformer<float> operator>>(const Transformer<float>&, const Transformer<float>&);
template ChainedTransformer<double> operator>>(const Transformer<double>&, const Transformer<double>&);

}  // namespace ringdl
