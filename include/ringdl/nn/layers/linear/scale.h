// ScaleLayer<T>, the layer type "Scale": y = x * weight + bias, BigDL's Scale (a CMul then a CAdd of one
// `size`): both broadcast by BigDL's size rule; both initially U(+-1/sqrt(n)) for n elements, as BigDL's CMul
// and CAdd. Its C++ name is ScaleLayer because ringdl::Scale is the data transformer (ringdl/data/scale.h);
// the registry, model files and messages call it Scale.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/layers/linear/detail/scale_shift.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct ScaleOptions {
  std::vector<int64_t> size;  ///< the parameter's shape
  template <typename V>
  void fields(V& v) {
    v("size", size, kRequired);
  }
};

template <typename T>
class ScaleLayer : public ScaleShift<T> {
 public:
  explicit ScaleLayer(std::vector<int64_t> size) : ScaleLayer(ScaleOptions{std::move(size)}) {}
  explicit ScaleLayer(const ScaleOptions& options);
  explicit ScaleLayer(const Attributes& a) : ScaleLayer(optionsFrom<ScaleOptions>(a, "Scale")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ScaleOptions& options() const { return options_; }
  Tensor<T>& weight() { return this->weight_; }
  Tensor<T>& bias() { return this->bias_; }

 protected:
  typename ScaleShift<T>::Broadcast broadcastOf(const Tensor<T>& input) const override;

 private:
  ScaleOptions options_;
};

extern template class ScaleLayer<float>;
extern template class ScaleLayer<double>;

}  // namespace ringdl
