// Scale<T>: features *= factor.
#include "ringdl/data/scale.h"

#include <sstream>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
std::unique_ptr<Transformer<T>> Scale<T>::clone() const {
  return std::make_unique<Scale<T>>(*this);
}

template <typename T>
std::string Scale<T>::describe() const {
  std::ostringstream os;
  os << "Scale(" << factor_ << ")";
  return os.str();
}

template <typename T>
void Scale<T>::transformFeatures(Tensor<T>& features) const {
  if (features.isContiguous()) {
    scale(static_cast<T>(factor_), features);
    return;
  }
  Tensor<T> copy = features.contiguous();
  scale(static_cast<T>(factor_), copy);
  features.copyFrom(copy);
}

template class Scale<float>;
template class Scale<double>;

}  // namespace ringdl
