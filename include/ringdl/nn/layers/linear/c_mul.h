// CMul<T>: y = x * weight, a learnt scale of shape `size` broadcast to the input by BigDL's size
// rule (ScaleShift::bySizeRule), as CAdd. Initially U(+-1/sqrt(n)) for n = the weight's elements, as BigDL.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/layers/linear/detail/scale_shift.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CMulOptions {
  std::vector<int64_t> size;  ///< the parameter's shape
  template <typename V>
  void fields(V& v) {
    v("size", size, kRequired);
  }
};

template <typename T>
class CMul : public ScaleShift<T> {
 public:
  explicit CMul(std::vector<int64_t> size) : CMul(CMulOptions{std::move(size)}) {}
  explicit CMul(const CMulOptions& options);
  explicit CMul(const Attributes& a) : CMul(optionsFrom<CMulOptions>(a, "CMul")) {}

  Attributes config() const override { return attributesOf(options_); }
  const CMulOptions& options() const { return options_; }
  Tensor<T>& weight() { return this->weight_; }

 protected:
  typename ScaleShift<T>::Broadcast broadcastOf(const Tensor<T>& input) const override;

 private:
  CMulOptions options_;
};

extern template class CMul<float>;
extern template class CMul<double>;

}  // namespace ringdl
