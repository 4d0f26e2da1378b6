// Sample<T>: one record, a feature tensor and its label tensor (labels are 0-based class indices stored as
// T).
#pragma once

#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// One record: a feature tensor of any shape and a label tensor. For classification the label is a 0-d tensor
/// holding the 0-based class index (BigDL's labels were 1-based; RingDL's are not, anywhere). Copying a
/// Sample copies views, not data.
template <typename T>
class Sample {
 public:
  /// An empty sample (empty feature and label).
  Sample() = default;
  /// A sample with any label tensor (0-d for a class index, or a vector for multi-target records).
  Sample(Tensor<T> feature, Tensor<T> label);
  /// A classification sample: label is the 0-based class index, stored as a 0-d tensor.
  Sample(Tensor<T> feature, T label);

  const Tensor<T>& feature() const { return feature_; }
  Tensor<T>& feature() { return feature_; }
  const Tensor<T>& label() const { return label_; }
  Tensor<T>& label() { return label_; }

 private:
  Tensor<T> feature_;
  Tensor<T> label_;
};

extern template class Sample<float>;
extern template class Sample<double>;

}  // namespace ringdl
