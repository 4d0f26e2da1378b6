// CAdd<T>: y = x + bias, a learnt bias of shape `size` broadcast to the input by BigDL's size
// rule (ScaleShift::bySizeRule): the same number of elements, or `size` with 1s where the input (or its
// batch) varies. Initially U(+-1/sqrt(n)) for n = the bias's elements, as BigDL.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/layers/linear/detail/scale_shift.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CAddOptions {
  std::vector<int64_t> size;  ///< the parameter's shape
  template <typename V>
  void fields(V& v) {
    v("size", size, kRequired);
  }
};

template <typename T>
class CAdd : public ScaleShift<T> {
 public:
  explicit CAdd(std::vector<int64_t> size) : CAdd(CAddOptions{std::move(size)}) {}
  explicit CAdd(const CAddOptions& options);
  explicit CAdd(const Attributes& a) : CAdd(optionsFrom<CAddOptions>(a, "CAdd")) {}

  Attributes config() const override { return attributesOf(options_); }
  const CAddOptions& options() const { return options_; }
  Tensor<T>& bias() { return this->bias_; }

 protected:
  typename ScaleShift<T>::Broadcast broadcastOf(const Tensor<T>& input) const override;

 private:
  CAddOptions options_;
};

extern template class CAdd<float>;
extern template class CAdd<double>;

}  // namespace ringdl
