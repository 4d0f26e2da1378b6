// RoiPooling<T>: per roi, the bin edges in integers, then a max scan of each bin plane by plane, keeping its
// argmax so that backward is a scatter into the features.
#include "ringdl/nn/layers/pooling/roi_pooling.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "../../detail/roi_boxes.h"

namespace ringdl {

namespace {
/// Java's Math.round, BigDL's: half up.
int64_t roundHalfUp(double v) { return static_cast<int64_t>(std::floor(v + 0.5)); }
}  // namespace

template <typename T>
RoiPooling<T>::RoiPooling(const RoiPoolingOptions& options)
    : TableToTensor<T>("RoiPooling", TableEntries::exactly({"features", "rois"})), options_(options) {
  RINGDL_CHECK(options_.pooledW > 0 && options_.pooledH > 0 && options_.spatialScale > 0,
               "RoiPooling needs positive pooledW, pooledH and spatialScale, got pooledW=", options_.pooledW,
               " pooledH=", options_.pooledH, " spatialScale=", options_.spatialScale);
}

template <typename T>
void RoiPooling<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const Tensor<T>& features = inputs[0];
  const Tensor<T>& rois = inputs[1];
  const int64_t pH = options_.pooledH, pW = options_.pooledW;
  const detail::RoiInput in = detail::roiInput(features, rois, pH, pW, this->where());
  featuresShape_ = features.shape();
  output.resize(in.outShape);
  argmax_.resize(static_cast<size_t>(output.numel()));
  const int64_t plane = in.height * in.width;
  const double scale = options_.spatialScale;
  for (int64_t r = 0; r < in.rois; ++r) {
    const T* roi = rois.data() + r * 5;
    const int64_t b = static_cast<int64_t>(roi[0]);
    const int64_t x1 = roundHalfUp(static_cast<double>(roi[1]) * scale);
    const int64_t y1 = roundHalfUp(static_cast<double>(roi[2]) * scale);
    const int64_t x2 = roundHalfUp(static_cast<double>(roi[3]) * scale);
    const int64_t y2 = roundHalfUp(static_cast<double>(roi[4]) * scale);
    const int64_t h = std::max<int64_t>(y2 - y1 + 1, 1), w = std::max<int64_t>(x2 - x1 + 1, 1);
    for (int64_t c = 0; c < in.channels; ++c) {
      const int64_t planeAt = (b * in.channels + c) * plane;
      const T* x = features.data() + planeAt;
      T* out = output.data() + (r * in.channels + c) * pH * pW;
      int64_t* arg = argmax_.data() + (r * in.channels + c) * pH * pW;
      for (int64_t ph = 0; ph < pH; ++ph) {
        const int64_t yStart = std::clamp<int64_t>(y1 + ph * h / pH, 0, in.height);
        const int64_t yEnd = std::clamp<int64_t>(y1 + ((ph + 1) * h + pH - 1) / pH, 0, in.height);
        for (int64_t pw = 0; pw < pW; ++pw) {
          const int64_t xStart = std::clamp<int64_t>(x1 + pw * w / pW, 0, in.width);
          const int64_t xEnd = std::clamp<int64_t>(x1 + ((pw + 1) * w + pW - 1) / pW, 0, in.width);
          T best = -std::numeric_limits<T>::infinity();
          int64_t bestAt = -1;
          for (int64_t y = yStart; y < yEnd; ++y)
            for (int64_t xx = xStart; xx < xEnd; ++xx)
              if (x[y * in.width + xx] > best || bestAt < 0) {
                best = x[y * in.width + xx];
                bestAt = y * in.width + xx;
              }
          out[ph * pW + pw] = bestAt < 0 ? T(0) : best;
          arg[ph * pW + pw] = bestAt < 0 ? -1 : planeAt + bestAt;
        }
      }
    }
  }
}

template <typename T>
void RoiPooling<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                    std::vector<Tensor<T>>& gradInput) {
  RINGDL_CHECK(
      inputs[0].shape() == featuresShape_ && gradOutput.numel() == static_cast<int64_t>(argmax_.size()),
      this->where(), ": backward needs the input of the last forward, whose features were ",
      toString(featuresShape_), ", got ", toString(inputs[0].shape()));
  Tensor<T>& gradFeatures = this->gradBuffer(0, inputs[0].shape());
  gradFeatures.zero();
  T* gf = gradFeatures.data();
  const T* g = gradOutput.data();
  for (size_t j = 0; j < argmax_.size(); ++j)
    if (argmax_[j] >= 0) gf[argmax_[j]] += g[j];
  gradInput[0] = gradFeatures;
  gradInput[1] = this->gradBuffer(1, inputs[1].shape());
  gradInput[1].zero();
}

template class RoiPooling<float>;
template class RoiPooling<double>;

}  // namespace ringdl
