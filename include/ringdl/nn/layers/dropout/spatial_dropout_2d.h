// SpatialDropout2D<T>: BigDL's SpatialDropout2D(initP): dropout of whole channels of [N, C, H, W] (or [C, H,
// W]; with format "NHWC", [N, H, W, C] or [H, W, C]): each channel's H x W map is dropped whole. Masks from
// Random::global(); scale as in SpatialDropout (spatial_dropout.h).
#pragma once

#include <string>
#include <utility>

#include "ringdl/nn/layers/dropout/spatial_dropout.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SpatialDropout2DOptions {
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
class SpatialDropout2D : public SpatialDropout<T> {
 public:
  explicit SpatialDropout2D(double initP = 0.5, std::string format = "NCHW", bool scale = true)
      : SpatialDropout2D(SpatialDropout2DOptions{initP, std::move(format), scale}) {}
  explicit SpatialDropout2D(const SpatialDropout2DOptions& options);
  explicit SpatialDropout2D(const Attributes& a)
      : SpatialDropout2D(optionsFrom<SpatialDropout2DOptions>(a, "SpatialDropout2D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SpatialDropout2DOptions& options() const { return options_; }

 protected:
  typename SpatialDropout<T>::Geometry geometry(const Tensor<T>& input) const override;

 private:
  SpatialDropout2DOptions options_;
};

extern template class SpatialDropout2D<float>;
extern template class SpatialDropout2D<double>;

}  // namespace ringdl
