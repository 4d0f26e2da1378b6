// VolumeConvolution<T>: the shared bookkeeping of the column-transform convolutions; the arithmetic is
// detail/column_convolution.*.
#include "ringdl/nn/layers/convolution/detail/volume_convolution.h"

#include <sstream>

#include "detail/column_convolution.h"

namespace ringdl::detail {

template <typename T>
VolumeConvolution<T>::VolumeConvolution(const char* typeName, const VolumeConvolutionSpec& spec)
    : TensorModule<T>(typeName), spec_(spec), kernels_(std::make_unique<ColumnConvolution<T>>()) {
  const VolumeConvolutionSpec& s = spec_;
  const int first = 3 - s.spatialDims;
  bool positive = s.inPlanes > 0 && s.outPlanes > 0, strides = true, pads = true, dilations = true;
  for (int i = first; i < 3; ++i) {
    positive = positive && s.kernel[i] > 0;
    strides = strides && s.stride[i] > 0;
    pads = pads && s.pad[i] >= 0 && s.adj[i] >= 0;
    dilations = dilations && s.dilation[i] > 0;
  }
  RINGDL_CHECK(positive, typeName,
               " needs positive plane counts and kernel sizes, got nInputPlane=", s.inPlanes,
               " nOutputPlane=", s.outPlanes, " and a ", spatial(s.kernel), " kernel (",
               s.spatialDims == 3 ? "kT x kH x kW" : "kH x kW", ")");
  RINGDL_CHECK(strides && pads && dilations, typeName,
               " needs positive strides and dilations and non-negative padding, got stride ",
               spatial(s.stride), ", padding ", spatial(s.pad),
               s.transposed ? ", adj " + spatial(s.adj) : std::string(), ", dilation ", spatial(s.dilation),
               " (", s.spatialDims == 3 ? "TxHxW" : "HxW", ")");
  RINGDL_CHECK(s.groups > 0 && s.inPlanes % s.groups == 0 && s.outPlanes % s.groups == 0, typeName,
               ": nGroup=", s.groups, " must divide nInputPlane=", s.inPlanes,
               " and nOutputPlane=", s.outPlanes);
  Shape w =
      s.transposed ? Shape{s.inPlanes, s.outPlanes / s.groups} : Shape{s.outPlanes, s.inPlanes / s.groups};
  for (int i = first; i < 3; ++i) w.push_back(s.kernel[i]);
  weight_ = Tensor<T>(w);
  gradWeight_ = Tensor<T>(w);
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (s.withBias) {
    bias_ = Tensor<T>({s.outPlanes});
    gradBias_ = Tensor<T>({s.outPlanes});
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
VolumeConvolution<T>::~VolumeConvolution() = default;

template <typename T>
VolumeConvolution<T>& VolumeConvolution<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void VolumeConvolution<T>::reset() {
  const int64_t kernel = spec_.kernel[0] * spec_.kernel[1] * spec_.kernel[2];
  const int64_t fanIn = weight_.size(1) * kernel, fanOut = weight_.size(0) * kernel / spec_.groups;
  weightInit_.apply(weight_, fanIn, fanOut);
  gradWeight_.zero();
  if (spec_.withBias) {
    biasInit_.apply(bias_, fanIn, fanOut);
    gradBias_.zero();
  }
}

template <typename T>
std::string VolumeConvolution<T>::spatial(const int64_t* sizes) const {
  std::ostringstream os;
  for (int i = 3 - spec_.spatialDims; i < 3; ++i) os << (i > 3 - spec_.spatialDims ? "x" : "") << sizes[i];
  return os.str();
}

template <typename T>
Shape VolumeConvolution<T>::outputShape(bool batched) const {
  Shape s = batched ? Shape{batch_, spec_.outPlanes} : Shape{spec_.outPlanes};
  for (int i = 3 - spec_.spatialDims; i < 3; ++i) s.push_back(outSize_[i]);
  return s;
}

template <typename T>
void VolumeConvolution<T>::checkInput(const Tensor<T>& input) {
  const int dims = spec_.spatialDims;
  const std::string sizes = dims == 3 ? "D, H, W" : "H, W";
  const int64_t d = input.dim();
  RINGDL_CHECK_LAYER((d == dims + 1 || d == dims + 2) && input.size(-dims - 1) == spec_.inPlanes,
                     "expected input of shape [N, ", spec_.inPlanes, ", ", sizes, "] or [", spec_.inPlanes,
                     ", ", sizes, "], got ", toString(input.shape()));
  batch_ = d == dims + 2 ? input.size(0) : 1;
  for (int i = 3 - dims; i < 3; ++i) inSize_[i] = input.size(i - 3);
  if (!spec_.transposed) {
    int64_t span[3], padded[3];
    bool fits = true;
    for (int i = 0; i < 3; ++i) {
      span[i] = spec_.dilation[i] * (spec_.kernel[i] - 1) + 1;
      padded[i] = inSize_[i] + 2 * spec_.pad[i];
      fits = fits && padded[i] >= span[i];
    }
    RINGDL_CHECK_LAYER(fits, "the ", spatial(spec_.kernel), " kernel (spanning ", spatial(span),
                       " with its dilation) is larger than the padded input, ", spatial(padded),
                       " (input of shape ", toString(input.shape()), ", padding ", spatial(spec_.pad),
                       "; sizes ", spec_.spatialDims == 3 ? "TxHxW" : "HxW", ")");
    for (int i = 0; i < 3; ++i) outSize_[i] = (padded[i] - span[i]) / spec_.stride[i] + 1;
  } else {
    bool positive = true;
    for (int i = 0; i < 3; ++i) {
      outSize_[i] = (inSize_[i] - 1) * spec_.stride[i] - 2 * spec_.pad[i] +
                    spec_.dilation[i] * (spec_.kernel[i] - 1) + 1 + spec_.adj[i];
      positive = positive && outSize_[i] > 0;
    }
    RINGDL_CHECK_LAYER(positive, "input of shape ", toString(input.shape()), " gives an output of ",
                       spatial(outSize_), " with the ", spatial(spec_.kernel), " kernel, stride ",
                       spatial(spec_.stride), ", padding ", spatial(spec_.pad), " and adj ",
                       spatial(spec_.adj), " (", spec_.spatialDims == 3 ? "TxHxW" : "HxW",
                       "): (size - 1) * stride - 2 * pad + kernel + adj must be positive");
  }
}

namespace {

/// The column transform of one call: the image is the input for a convolution, the output when transposed.
VolumeGeometry geometryOf(const VolumeConvolutionSpec& s, int64_t batch, const int64_t* in,
                          const int64_t* out) {
  VolumeGeometry g;
  g.batch = batch;
  g.channels = s.transposed ? s.outPlanes : s.inPlanes;
  for (int i = 0; i < 3; ++i) {
    g.image[i] = s.transposed ? out[i] : in[i];
    g.positions[i] = s.transposed ? in[i] : out[i];
    g.kernel[i] = s.kernel[i];
    g.stride[i] = s.stride[i];
    g.pad[i] = s.pad[i];
    g.dilation[i] = s.dilation[i];
  }
  return g;
}

}  // namespace

template <typename T>
void VolumeConvolution<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  checkInput(input);
  forwardShape_ = input.shape();
  const Tensor<T> x = input.contiguous();
  output.resize(outputShape(true));
  const VolumeGeometry g = geometryOf(spec_, batch_, inSize_, outSize_);
  const T* b = spec_.withBias ? bias_.data() : nullptr;
  if (spec_.transposed)
    kernels_->transposedForward(g, spec_.inPlanes, spec_.groups, x.data(), weight_.data(), b, output.data());
  else
    kernels_->forward(g, spec_.outPlanes, spec_.groups, x.data(), weight_.data(), b, output.data());
  if (input.dim() == spec_.spatialDims + 1) output = output.view(outputShape(false));
}

template <typename T>
void VolumeConvolution<T>::checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  const Shape expected = outputShape(input.dim() == spec_.spatialDims + 2);
  RINGDL_CHECK_LAYER(gradOutput.shape() == expected, "expected gradOutput of shape ", toString(expected),
                     ", got ", toString(gradOutput.shape()));
}

template <typename T>
void VolumeConvolution<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                           Tensor<T>& gradInput) {
  checkBackward(input, gradOutput);
  const Tensor<T> go = gradOutput.contiguous();
  gradInput.resize(input.shape());
  const VolumeGeometry g = geometryOf(spec_, batch_, inSize_, outSize_);
  if (spec_.transposed)
    kernels_->transposedBackwardData(g, spec_.inPlanes, spec_.groups, go.data(), weight_.data(),
                                     gradInput.data());
  else
    kernels_->backwardData(g, spec_.outPlanes, spec_.groups, go.data(), weight_.data(), gradInput.data());
  // What the kernels keep of gradOutput is reused by accGradParameters only when it is the caller's buffer.
  if (!gradOutput.isContiguous()) kernels_->invalidate();
}

template <typename T>
void VolumeConvolution<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkBackward(input, gradOutput);
  if (!gradOutput.isContiguous()) kernels_->invalidate();
  const Tensor<T> go = gradOutput.contiguous();
  const VolumeGeometry g = geometryOf(spec_, batch_, inSize_, outSize_);
  T* gb = spec_.withBias ? gradBias_.data() : nullptr;
  if (spec_.transposed) {
    const Tensor<T> x = input.contiguous();
    kernels_->transposedAccGradParameters(g, spec_.inPlanes, spec_.groups, x.data(), go.data(),
                                          gradWeight_.data(), gb);
  } else {
    kernels_->accGradParameters(g, spec_.outPlanes, spec_.groups, go.data(), gradWeight_.data(), gb);
  }
}

template class VolumeConvolution<float>;
template class VolumeConvolution<double>;

}  // namespace ringdl::detail
