// Sample<T>: constructors and explicit instantiations.
#include "ringdl/data/sample.h"

#include <utility>

namespace ringdl {

template <typename T>
Sample<T>::Sample(Tensor<T> feature, Tensor<T> label)
    : feature_(std::move(feature)), label_(std::move(label)) {}

template <typename T>
Sample<T>::Sample(Tensor<T> feature, T label) : feature_(std::move(feature)), label_(Shape{}) {
  label_.fill(label);
}

template class Sample<float>;
template class Sample<double>;

}  // namespace ringdl
