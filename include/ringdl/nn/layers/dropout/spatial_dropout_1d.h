// SpatialDropout1D<T>: BigDL's SpatialDropout1D(initP): dropout of whole channels of [N, T, C] (or one sample
// [T, C]): each channel c of a sample is dropped over all its T steps (channels last, as Keras). Masks from
// Random::global(); scale as in SpatialDropout (spatial_dropout.h).
#pragma once

#include <string>

#include "ringdl/nn/layers/dropout/spatial_dropout.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SpatialDropout1DOptions {
  double initP = 0.5;
  bool scale = true;  ///< false: BigDL's unscaled survivors, evaluate() multiplying by 1 - initP
  template <typename V>
  void fields(V& v) {
    v("initP", initP);
    v("scale", scale);
  }
};

template <typename T>
class SpatialDropout1D : public SpatialDropout<T> {
 public:
  explicit SpatialDropout1D(double initP = 0.5, bool scale = true)
      : SpatialDropout1D(SpatialDropout1DOptions{initP, scale}) {}
  explicit SpatialDropout1D(const SpatialDropout1DOptions& options);
  explicit SpatialDropout1D(const Attributes& a)
      : SpatialDropout1D(optionsFrom<SpatialDropout1DOptions>(a, "SpatialDropout1D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialDropout1DOptions& options() const { return options_; }

 protected:
  typename SpatialDropout<T>::Geometry geometry(const Tensor<T>& input) const override;

 private:
  SpatialDropout1DOptions options_;
};

extern template class SpatialDropout1D<float>;
extern template class SpatialDropout1D<double>;

}  // namespace ringdl
