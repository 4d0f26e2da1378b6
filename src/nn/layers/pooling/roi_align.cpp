// RoiAlign<T>: per roi, the sample points of every bin with their four cells and bilinear weights, computed
// once and used for every channel (torchvision's pre-calculation), forward as a gather and backward as a
// scatter into the features.
#include "ringdl/nn/layers/pooling/roi_align.h"

#include <algorithm>
#include <cmath>

#include "../../detail/roi_boxes.h"

namespace ringdl {

template <typename T>
RoiAlign<T>::RoiAlign(const RoiAlignOptions& options)
    : TableToTensor<T>("RoiAlign", TableEntries::exactly({"features", "rois"})), options_(options) {
  RINGDL_CHECK(
      options_.pooledW > 0 && options_.pooledH > 0 && options_.spatialScale > 0 &&
          options_.samplingRatio >= 0,
      "RoiAlign needs positive pooledH, pooledW and spatialScale and samplingRatio >= 0 (0: adaptive), got "
      "pooledH=",
      options_.pooledH, " pooledW=", options_.pooledW, " spatialScale=", options_.spatialScale,
      " samplingRatio=", options_.samplingRatio);
  RINGDL_CHECK(options_.mode == "avg" || options_.mode == "max", "RoiAlign: mode '", options_.mode,
               "' is not one of \"avg\" (the mean of each bin's sample points) and \"max\" (their maximum)");
}

template <typename T>
void RoiAlign<T>::samplesOf(const T* r, int64_t height, int64_t width, int64_t& perBin) {
  const T scale = static_cast<T>(options_.spatialScale), offset = options_.aligned ? T(0.5) : T(0);
  const T startW = r[1] * scale - offset, startH = r[2] * scale - offset;
  T roiW = r[3] * scale - offset - startW, roiH = r[4] * scale - offset - startH;
  if (!options_.aligned) {  // torchvision's legacy rule: a region of at least one cell
    roiW = std::max(roiW, T(1));
    roiH = std::max(roiH, T(1));
  }
  const int64_t pH = options_.pooledH, pW = options_.pooledW;
  const T binH = roiH / static_cast<T>(pH), binW = roiW / static_cast<T>(pW);
  const int64_t gridH = options_.samplingRatio > 0
                            ? options_.samplingRatio
                            : static_cast<int64_t>(std::ceil(roiH / static_cast<T>(pH)));
  const int64_t gridW = options_.samplingRatio > 0
                            ? options_.samplingRatio
                            : static_cast<int64_t>(std::ceil(roiW / static_cast<T>(pW)));
  perBin = gridH * gridW;
  samples_.resize(static_cast<size_t>(pH * pW * perBin));
  Sample* s = samples_.data();
  for (int64_t ph = 0; ph < pH; ++ph)
    for (int64_t pw = 0; pw < pW; ++pw)
      for (int64_t iy = 0; iy < gridH; ++iy) {
        const T y0 =
            startH + static_cast<T>(ph) * binH + (static_cast<T>(iy) + T(0.5)) * binH / static_cast<T>(gridH);
        for (int64_t ix = 0; ix < gridW; ++ix, ++s) {
          T y = y0;
          T x = startW + static_cast<T>(pw) * binW +
                (static_cast<T>(ix) + T(0.5)) * binW / static_cast<T>(gridW);
          if (y < T(-1) || y > static_cast<T>(height) || x < T(-1) || x > static_cast<T>(width)) {
            *s = {{0, 0, 0, 0}, {T(0), T(0), T(0), T(0)}};
            continue;
          }
          y = std::max(y, T(0));
          x = std::max(x, T(0));
          int64_t yLow = static_cast<int64_t>(y), xLow = static_cast<int64_t>(x), yHigh, xHigh;
          if (yLow >= height - 1) {
            yLow = yHigh = height - 1;
            y = static_cast<T>(yLow);
          } else {
            yHigh = yLow + 1;
          }
          if (xLow >= width - 1) {
            xLow = xHigh = width - 1;
            x = static_cast<T>(xLow);
          } else {
            xHigh = xLow + 1;
          }
          const T ly = y - static_cast<T>(yLow), lx = x - static_cast<T>(xLow), hy = T(1) - ly,
                  hx = T(1) - lx;
          *s = {{yLow * width + xLow, yLow * width + xHigh, yHigh * width + xLow, yHigh * width + xHigh},
                {hy * hx, hy * lx, ly * hx, ly * lx}};
        }
      }
}

template <typename T>
void RoiAlign<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const Tensor<T>& features = inputs[0];
  const Tensor<T>& rois = inputs[1];
  const int64_t pH = options_.pooledH, pW = options_.pooledW;
  const detail::RoiInput in = detail::roiInput(features, rois, pH, pW, this->where());
  output.resize(in.outShape);
  const bool max = options_.mode == "max";
  featuresShape_ = features.shape();
  winner_.resize(max ? static_cast<size_t>(output.numel()) : 0);
  const int64_t plane = in.height * in.width;
  for (int64_t r = 0; r < in.rois; ++r) {
    const T* roi = rois.data() + r * 5;
    int64_t perBin = 0;
    samplesOf(roi, in.height, in.width, perBin);
    const T inverse = T(1) / static_cast<T>(std::max<int64_t>(perBin, 1));
    const int64_t b = static_cast<int64_t>(roi[0]);
    for (int64_t c = 0; c < in.channels; ++c) {
      const T* x = features.data() + (b * in.channels + c) * plane;
      const int64_t first = (r * in.channels + c) * pH * pW;
      T* out = output.data() + first;
      const Sample* s = samples_.data();
      for (int64_t bin = 0; bin < pH * pW; ++bin) {
        T sum = T(0), best = T(0);
        int32_t winner = -1;  // a bin without samples (an aligned region of no size) gives 0
        for (int64_t k = 0; k < perBin; ++k, ++s) {
          const T v =
              s->w[0] * x[s->at[0]] + s->w[1] * x[s->at[1]] + s->w[2] * x[s->at[2]] + s->w[3] * x[s->at[3]];
          sum += v;
          if (max && (winner < 0 || v > best)) {  // the first maximum
            best = v;
            winner = static_cast<int32_t>(k);
          }
        }
        out[bin] = max ? best : sum * inverse;
        if (max) winner_[first + bin] = winner;
      }
    }
  }
}

template <typename T>
void RoiAlign<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                  std::vector<Tensor<T>>& gradInput) {
  const Tensor<T>& features = inputs[0];
  const Tensor<T>& rois = inputs[1];
  const int64_t pH = options_.pooledH, pW = options_.pooledW;
  const detail::RoiInput in = detail::roiInput(features, rois, pH, pW, this->where());
  const bool max = options_.mode == "max";
  RINGDL_CHECK(!max || (features.shape() == featuresShape_ &&
                        gradOutput.numel() == static_cast<int64_t>(winner_.size())),
               this->where(), ": backward needs the input of the last forward, whose features were ",
               toString(featuresShape_), ", got ", toString(features.shape()));
  Tensor<T>& gradFeatures = this->gradBuffer(0, features.shape());
  gradFeatures.zero();
  const int64_t plane = in.height * in.width;
  for (int64_t r = 0; r < in.rois; ++r) {
    const T* roi = rois.data() + r * 5;
    int64_t perBin = 0;
    samplesOf(roi, in.height, in.width, perBin);
    const T inverse = T(1) / static_cast<T>(std::max<int64_t>(perBin, 1));
    const int64_t b = static_cast<int64_t>(roi[0]);
    for (int64_t c = 0; c < in.channels; ++c) {
      T* gx = gradFeatures.data() + (b * in.channels + c) * plane;
      const int64_t first = (r * in.channels + c) * pH * pW;
      const T* g = gradOutput.data() + first;
      const Sample* s = samples_.data();
      for (int64_t bin = 0; bin < pH * pW; ++bin, s += perBin) {
        if (max) {  // all of it to the winning sample's cells
          const int32_t k = winner_[first + bin];
          if (k >= 0)
            for (int j = 0; j < 4; ++j) gx[s[k].at[j]] += s[k].w[j] * g[bin];
          continue;
        }
        const T share = g[bin] * inverse;
        for (int64_t k = 0; k < perBin; ++k)
          for (int j = 0; j < 4; ++j) gx[s[k].at[j]] += s[k].w[j] * share;
      }
    }
  }
  gradInput[0] = gradFeatures;
  gradInput[1] = this->gradBuffer(1, rois.shape());
  gradInput[1].zero();
}

template class RoiAlign<float>;
template class RoiAlign<double>;

}  // namespace ringdl
