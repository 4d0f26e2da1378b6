// SpatialDropout<T>: one uniform draw per (sample, channel) from Random::global(), in order, so a run is
// reproducible from its seed; forward and backward are one multiply per element by the map's mask value.
#include "ringdl/nn/layers/dropout/spatial_dropout.h"

#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
SpatialDropout<T>::SpatialDropout(const char* typeName, double p, bool scale)
    : TensorModule<T>(typeName), p_(p), scale_(scale) {
  // p = 1 would make the survivor scale 1/(1-p) infinite.
  RINGDL_CHECK(p >= 0 && p < 1, typeName, ": the probability initP must be in [0, 1), got ", p);
}

template <typename T>
void SpatialDropout<T>::apply(const Tensor<T>& x, const Geometry& g, Tensor<T>& buffer,
                              Tensor<T>& out) const {
  const Tensor<T> xc = x.contiguous();
  buffer.resize(x.shape());
  const T* in = xc.data();
  T* o = buffer.data();
  const T* m = mask_.data();
  if (!g.channelsLast) {
    for (int64_t k = 0; k < g.maps; ++k)
      for (int64_t i = 0; i < g.positions; ++i) o[k * g.positions + i] = in[k * g.positions + i] * m[k];
  } else {
    const int64_t samples = g.maps / g.channels;
    for (int64_t n = 0; n < samples; ++n)
      for (int64_t i = 0; i < g.positions; ++i) {
        const int64_t at = (n * g.positions + i) * g.channels;
        for (int64_t c = 0; c < g.channels; ++c) o[at + c] = in[at + c] * m[n * g.channels + c];
      }
  }
  out = buffer;
}

template <typename T>
void SpatialDropout<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Geometry g = geometry(input);
  maskedShape_ = input.shape();
  if (!this->isTraining() && scale_) {  // the identity: nothing to copy
    output = input;
    return;
  }
  if (!this->isTraining()) {
    mask_.assign(g.maps, static_cast<T>(1 - p_));
  } else {
    mask_.resize(g.maps);
    Random& rng = Random::global();
    const double keep = 1 - p_;
    const T survivor = scale_ ? static_cast<T>(1 / keep) : T(1);
    for (T& m : mask_) m = rng.uniform() < keep ? survivor : T(0);
  }
  apply(input, g, out_, output);
}

template <typename T>
void SpatialDropout<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                        Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), " but the input has ",
                     ringdl::toString(input.shape()));
  RINGDL_CHECK_LAYER(maskedShape_ == input.shape(),
                     "backward needs the forward of the same input first (mask for ",
                     ringdl::toString(maskedShape_), ", input ", ringdl::toString(input.shape()), ")");
  if (!this->isTraining() && scale_) {
    gradInput = gradOutput;
    return;
  }
  apply(gradOutput, geometry(input), grad_, gradInput);
}

template class SpatialDropout<float>;
template class SpatialDropout<double>;

}  // namespace ringdl
