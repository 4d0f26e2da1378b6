// SpatialDropout3D<T>: BigDL's SpatialDropout3D(initP): dropout of whole channels of [N, C, D, H, W] (or [C,
// D, H, W]; with format "NHWC", channels last): each channel's D x H x W volume is dropped whole. Masks from
// Random::global(); scale as in SpatialDropout (spatial_dropout.h).
#pragma once

#include <string>
#include <utility>

#include "ringdl/nn/layers/dropout/spatial_dropout.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SpatialDropout3DOptions {
  double initP = 0.5;
  std::string format = "NCHW";  ///< "NCHW" (channels first) or "NHWC" (channels last)
  bool scale = true;            ///< false: BigDL's unscaled survivors, evaluate() multiplying by 1 - initP
  template <typename V>
  void fields(V& v) {
    v("initP", initP);
    v("format", format);
    v("scale", scale);
  }
};

template <typename T>
class SpatialDropout3D : public SpatialDropout<T> {
 public:
  explicit SpatialDropout3D(double initP = 0.5, std::string format = "NCHW", bool scale = true)
      : SpatialDropout3D(SpatialDropout3DOptions{initP, std::move(format), scale}) {}
  explicit SpatialDropout3D(const SpatialDropout3DOptions& options);
  explicit SpatialDropout3D(const Attributes& a)
      : SpatialDropout3D(optionsFrom<SpatialDropout3DOptions>(a, "SpatialDropout3D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialDropout3DOptions& options() const { return options_; }

 protected:
  typename SpatialDropout<T>::Geometry geometry(const Tensor<T>& input) const override;

 private:
  SpatialDropout3DOptions options_;
};

extern template class SpatialDropout3D<float>;
extern template class SpatialDropout3D<double>;

}  // namespace ringdl
