// SpatialConvolution<T>: im2col over the whole batch, then one GEMM per group for the output, for gradInput
// (followed by col2im) and for gradWeight; small images make per-sample GEMMs too thin to run BLAS well.
// Float passes go to oneDNN (../../detail/dnnl_convolution.*) where that measured faster.
#include "ringdl/nn/layers/convolution/spatial_convolution.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include "ringdl/tensor/math.h"

#ifdef RINGDL_HAVE_DNNL
#include "../../detail/dnnl_convolution.h"
#else
namespace ringdl::detail {
// Never created without oneDNN; complete only so that the layer's unique_ptr can be destroyed.
class DnnlConvolution {};
}  // namespace ringdl::detail
#endif

namespace ringdl {

namespace {

/// What kAuto means for this process: RINGDL_CONV_BACKEND, read once, so that one binary can be measured
/// with either kernel without a rebuild.
ConvBackend environmentBackend() {
  static const ConvBackend backend = [] {
    const char* v = std::getenv("RINGDL_CONV_BACKEND");
    const std::string s = v ? v : "";
    if (s.empty() || s == "auto") return ConvBackend::kAuto;
    if (s == "gemm") return ConvBackend::kGemm;
    if (s == "dnnl") return ConvBackend::kDnnl;
    RINGDL_FAIL("RINGDL_CONV_BACKEND must be auto, gemm or dnnl, got '", s, "'");
  }();
  return backend;
}

/// Everything im2col and col2im need to know about one convolution call.
struct ConvGeometry {
  int64_t batch, channels, inH, inW;
  int64_t kH, kW, dH, dW, padH, padW;
  int64_t outH, outW;
  int64_t dilH, dilW;  ///< tap ky reads row oy*dH - padH + ky*dilH
};

ConvGeometry convGeometry(const SpatialConvolutionOptions& o, int64_t batch, int64_t inH, int64_t inW,
                          int64_t outH, int64_t outW) {
  return {batch,     o.nInputPlane, inH,    inW,  o.kernelH, o.kernelW,          o.strideH,
          o.strideW, o.padH,        o.padW, outH, outW,      o.dilationHeight(), o.dilationWidth()};
}

/// The output positions [lo, hi) whose input position o*stride - pad + k lies inside [0, size) (k is the
/// tap's offset, its index times the dilation): outside
/// that range the window reads padding, so the loops below fill zeros there instead of testing each element.
void validRange(int64_t k, int64_t stride, int64_t pad, int64_t size, int64_t outSize, int64_t& lo,
                int64_t& hi) {
  const int64_t first = pad - k;       // need o*stride >= first
  const int64_t end = size + pad - k;  // and o*stride < end
  lo = first > 0 ? (first + stride - 1) / stride : 0;
  hi = end > 0 ? (end + stride - 1) / stride : 0;
  lo = std::min(lo, outSize);
  hi = std::max(lo, std::min(hi, outSize));
}

/// d[0, len) = s[0, len) for the short rows of small images: fixed-size chunks become a few vector moves, and
/// the last chunk overlaps the previous one instead of running a scalar tail (rewriting a value is harmless).
template <typename T>
inline void copyRow(T* __restrict d, const T* __restrict s, int64_t len) {
  constexpr int64_t kChunk = 32 / sizeof(T);
  if (len < kChunk) {
    for (int64_t i = 0; i < len; ++i) d[i] = s[i];
    return;
  }
  int64_t i = 0;
  for (; i + kChunk <= len; i += kChunk)
    for (int64_t j = 0; j < kChunk; ++j) d[i + j] = s[i + j];
  if (i < len)
    for (int64_t j = 0; j < kChunk; ++j) d[len - kChunk + j] = s[len - kChunk + j];
}

/// d[0, len) += s[0, len) in the same fixed-size chunks, with a scalar tail (adding twice is not harmless).
template <typename T>
inline void addRow(T* __restrict d, const T* __restrict s, int64_t len) {
  constexpr int64_t kChunk = 32 / sizeof(T);
  int64_t i = 0;
  for (; i + kChunk <= len; i += kChunk)
    for (int64_t j = 0; j < kChunk; ++j) d[i + j] += s[i + j];
  for (; i < len; ++i) d[i] += s[i];
}

/// cols[(c*kH + ky)*kW + kx][n*oH*oW + oy*oW + ox] = input[n][c][oy*dH - padH + ky*dilH][ox*dW - padW +
/// kx*dilW] (0 in the padding). One column row is written front to back across the whole batch, so the
/// padding ranges are worked out once per row and the (small) input is what gets re-read, from cache; every
/// inner loop writes a contiguous run, and reads one when the stride is 1.
template <typename T>
void im2col(const T* input, const ConvGeometry& g, T* cols) {
  const int64_t planeSize = g.inH * g.inW, spatial = g.outH * g.outW, width = g.batch * spatial;
  for (int64_t c = 0; c < g.channels; ++c) {
    for (int64_t ky = 0; ky < g.kH; ++ky) {
      int64_t yLo, yHi;
      validRange(ky * g.dilH, g.dH, g.padH, g.inH, g.outH, yLo, yHi);
      for (int64_t kx = 0; kx < g.kW; ++kx) {
        int64_t xLo, xHi;
        validRange(kx * g.dilW, g.dW, g.padW, g.inW, g.outW, xLo, xHi);
        const int64_t xOff = kx * g.dilW - g.padW, yOff = ky * g.dilH - g.padH;
        T* row = cols + ((c * g.kH + ky) * g.kW + kx) * width;
        if (g.dW == 1 && g.dH == 1 && xLo == 0 && xHi == g.outW && yLo == 0 && yHi == g.outH) {
          // Stride 1 and no padding reached: each sample is a plain oH x oW block copy.
          const T* src = input + c * planeSize + yOff * g.inW + xOff;
          for (int64_t n = 0; n < g.batch; ++n, src += g.channels * planeSize)
            for (int64_t oy = 0; oy < g.outH; ++oy)
              copyRow(row + n * spatial + oy * g.outW, src + oy * g.inW, g.outW);
          continue;
        }
        for (int64_t n = 0; n < g.batch; ++n) {
          const T* plane = input + (n * g.channels + c) * planeSize;
          T* dst = row + n * spatial;
          std::fill(dst, dst + yLo * g.outW, T(0));
          for (int64_t oy = yLo; oy < yHi; ++oy) {
            const T* src = plane + (oy * g.dH + yOff) * g.inW;
            T* d = dst + oy * g.outW;
            for (int64_t ox = 0; ox < xLo; ++ox) d[ox] = T(0);
            if (g.dW == 1) {
              copyRow(d + xLo, src + xLo + xOff, xHi - xLo);
            } else {
              for (int64_t ox = xLo; ox < xHi; ++ox) d[ox] = src[ox * g.dW + xOff];
            }
            for (int64_t ox = xHi; ox < g.outW; ++ox) d[ox] = T(0);
          }
          std::fill(dst + yHi * g.outW, dst + spatial, T(0));
        }
      }
    }
  }
}

/// The adjoint of im2col: gradInput = the sum, over every window that read an input element, of that window's
/// column entry. Same traversal as im2col: each column row is read front to back across the batch.
template <typename T>
void col2im(const T* cols, const ConvGeometry& g, T* gradInput) {
  const int64_t planeSize = g.inH * g.inW, spatial = g.outH * g.outW, width = g.batch * spatial;
  std::fill(gradInput, gradInput + g.batch * g.channels * planeSize, T(0));
  for (int64_t c = 0; c < g.channels; ++c) {
    for (int64_t ky = 0; ky < g.kH; ++ky) {
      int64_t yLo, yHi;
      validRange(ky * g.dilH, g.dH, g.padH, g.inH, g.outH, yLo, yHi);
      for (int64_t kx = 0; kx < g.kW; ++kx) {
        int64_t xLo, xHi;
        validRange(kx * g.dilW, g.dW, g.padW, g.inW, g.outW, xLo, xHi);
        const int64_t xOff = kx * g.dilW - g.padW, yOff = ky * g.dilH - g.padH;
        const T* row = cols + ((c * g.kH + ky) * g.kW + kx) * width;
        for (int64_t n = 0; n < g.batch; ++n) {
          T* plane = gradInput + (n * g.channels + c) * planeSize;
          const T* src = row + n * spatial;
          for (int64_t oy = yLo; oy < yHi; ++oy) {
            T* d = plane + (oy * g.dH + yOff) * g.inW;
            const T* s = src + oy * g.outW;
            if (g.dW == 1) {
              addRow(d + xLo + xOff, s + xLo, xHi - xLo);
            } else {
              for (int64_t ox = xLo; ox < xHi; ++ox) d[ox * g.dW + xOff] += s[ox];
            }
          }
        }
      }
    }
  }
}

}  // namespace

template <typename T>
SpatialConvolution<T>::SpatialConvolution(const SpatialConvolutionOptions& options)
    : SpatialConvolution("SpatialConvolution", options) {}

template <typename T>
SpatialConvolution<T>::SpatialConvolution(const char* typeName, const SpatialConvolutionOptions& options)
    : TensorModule<T>(typeName), options_(options) {
  const int64_t nInputPlane = options.nInputPlane, nOutputPlane = options.nOutputPlane,
                nGroup = options.nGroup;
  const int64_t kernelW = options.kernelW, kernelH = options.kernelH, strideW = options.strideW,
                strideH = options.strideH, padW = options.padW, padH = options.padH;
  RINGDL_CHECK(nInputPlane > 0 && nOutputPlane > 0 && kernelW > 0 && kernelH > 0, typeName,
               " needs positive sizes, got nInputPlane=", nInputPlane, " nOutputPlane=", nOutputPlane,
               " kernelW=", kernelW, " kernelH=", kernelH);
  RINGDL_CHECK(strideW > 0 && strideH > 0 && padW >= 0 && padH >= 0, typeName,
               " needs positive strides and non-negative padding, got strideW=", strideW,
               " strideH=", strideH, " padW=", padW, " padH=", padH);
  RINGDL_CHECK(options.dilationWidth() > 0 && options.dilationHeight() > 0, typeName,
               " needs positive dilations (1: adjacent taps), got dilationW=", options.dilationWidth(),
               " dilationH=", options.dilationHeight());
  RINGDL_CHECK(nGroup > 0 && nInputPlane % nGroup == 0 && nOutputPlane % nGroup == 0, typeName,
               ": nGroup=", nGroup, " must divide nInputPlane=", nInputPlane,
               " and nOutputPlane=", nOutputPlane);
  regularizerOf(options.wRegularizer, typeName, "wRegularizer");
  regularizerOf(options.bRegularizer, typeName, "bRegularizer");
  weight_ = Tensor<T>({nOutputPlane, nInputPlane / nGroup, kernelH, kernelW});
  gradWeight_ = Tensor<T>(weight_.shape());
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (options_.withBias) {
    bias_ = Tensor<T>({nOutputPlane});
    gradBias_ = Tensor<T>({nOutputPlane});
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
SpatialConvolution<T>::~SpatialConvolution() = default;

template <typename T>
bool SpatialConvolution<T>::backendAvailable(ConvBackend b) {
#ifdef RINGDL_HAVE_DNNL
  return b != ConvBackend::kDnnl || std::is_same_v<T, float>;
#else
  return b != ConvBackend::kDnnl;
#endif
}

template <typename T>
SpatialConvolution<T>& SpatialConvolution<T>::setBackend(ConvBackend b) {
  RINGDL_CHECK_LAYER(backendAvailable(b),
                     "the oneDNN backend needs float and a build with oneDNN "
                     "(RINGDL_WITH_DNNL and libdnnl-dev); this layer is ",
                     std::is_same_v<T, float> ? "float in a build without it" : "double");
  backend_ = b;
  return *this;
}

template <typename T>
SpatialConvolution<T>& SpatialConvolution<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void SpatialConvolution<T>::reset() {
  const int64_t fanIn = options_.nInputPlane / options_.nGroup * options_.kernelH * options_.kernelW;
  const int64_t fanOut = options_.nOutputPlane * options_.kernelH * options_.kernelW / options_.nGroup;
  weightInit_.apply(weight_, fanIn, fanOut);
  if (options_.withBias) biasInit_.apply(bias_, fanIn, fanOut);
  gradWeight_.zero();
  if (options_.withBias) gradBias_.zero();
}

template <typename T>
void SpatialConvolution<T>::checkInput(const Tensor<T>& input) {
  const int64_t d = input.dim();
  RINGDL_CHECK_LAYER((d == 3 || d == 4) && input.size(-3) == options_.nInputPlane,
                     "expected input of shape [N, ", options_.nInputPlane, ", H, W] or [",
                     options_.nInputPlane, ", H, W], got ", toString(input.shape()));
  batch_ = d == 4 ? input.size(0) : 1;
  inH_ = input.size(-2);
  inW_ = input.size(-1);
  // The extent a kernel covers, taps and the gaps between them.
  const int64_t spanH = options_.dilationHeight() * (options_.kernelH - 1) + 1,
                spanW = options_.dilationWidth() * (options_.kernelW - 1) + 1;
  const bool dilated = options_.dilationHeight() != 1 || options_.dilationWidth() != 1;
  RINGDL_CHECK_LAYER(inH_ + 2 * options_.padH >= spanH && inW_ + 2 * options_.padW >= spanW, "the ",
                     options_.kernelH, "x", options_.kernelW, " kernel (kernelH x kernelW",
                     dilated ? ", spanning " + std::to_string(spanH) + "x" + std::to_string(spanW) +
                                   " with dilationH=" + std::to_string(options_.dilationHeight()) +
                                   ", dilationW=" + std::to_string(options_.dilationWidth())
                             : std::string(),
                     ") is larger than the padded input, ", inH_ + 2 * options_.padH, "x",
                     inW_ + 2 * options_.padW, " (input of shape ", toString(input.shape()),
                     ", padH=", options_.padH, ", padW=", options_.padW, ")");
  outH_ = (inH_ + 2 * options_.padH - spanH) / options_.strideH + 1;
  outW_ = (inW_ + 2 * options_.padW - spanW) / options_.strideW + 1;
}

template <typename T>
bool SpatialConvolution<T>::usesDnnl() {
  if constexpr (!std::is_same_v<T, float>) {
    return false;
  } else {
    const ConvBackend b = backend_ == ConvBackend::kAuto ? environmentBackend() : backend_;
#ifndef RINGDL_HAVE_DNNL
    RINGDL_CHECK_LAYER(b != ConvBackend::kDnnl,
                       "RINGDL_CONV_BACKEND=dnnl, but RingDL was built without oneDNN "
                       "(RINGDL_WITH_DNNL and libdnnl-dev)");
    return false;
#else
    if (b == ConvBackend::kGemm) return false;
    if (b == ConvBackend::kAuto) {
      // Measured (docs/performance.md): with 4 or more input planes per group oneDNN wins a training step
      // (LeNet-5's 6->12 convolution: 1.1-1.3x, 1.5-3x with two threads; 16->16 3x3: 2.5-3x, 5x with two).
      // With 1-3 planes (a first layer) its first-layer kernels lose to im2col + GEMM on one thread
      // (1.2-1.5x); with more threads the GEMM path's serial im2col and packing loops run beside OpenMP's
      // spinning workers, and LeNet-5's first convolution measured 1.2-2.8x slower there than on oneDNN.
      const bool thin = options_.nInputPlane / options_.nGroup < 4;
      if (thin && detail::DnnlConvolution::maxThreads() == 1) return false;
    }
    if (!dnnl_) runDnnl("engine creation", [&] { dnnl_ = std::make_unique<detail::DnnlConvolution>(); });
    return true;
#endif
  }
}

#ifdef RINGDL_HAVE_DNNL
template <typename T>
detail::DnnlConvShape SpatialConvolution<T>::dnnlShape(bool withBias, bool relu) const {
  return {batch_,
          options_.nInputPlane,
          inH_,
          inW_,
          options_.nOutputPlane,
          outH_,
          outW_,
          options_.kernelH,
          options_.kernelW,
          options_.strideH,
          options_.strideW,
          options_.padH,
          options_.padW,
          options_.nGroup,
          withBias,
          options_.dilationHeight(),
          options_.dilationWidth(),
          relu};
}
#endif

template <typename T>
template <typename Run>
void SpatialConvolution<T>::runDnnl(const char* pass, Run&& run) {
  try {
    run();
  } catch (const std::exception& e) {
    RINGDL_FAIL(this->where(), ": oneDNN ", pass, " failed for input of shape ", toString(forwardShape_),
                " (", options_.kernelH, "x", options_.kernelW, " kernel, stride ", options_.strideH, "x",
                options_.strideW, ", padding ", options_.padH, "x", options_.padW, ", dilation ",
                options_.dilationHeight(), "x", options_.dilationWidth(), ", ", options_.nGroup,
                " group(s), ", options_.nOutputPlane, " output planes): ", e.what());
  }
}

template <typename T>
const Activity<T>& SpatialConvolution<T>::forwardWithEpilogue(const Activity<T>& input,
                                                              const ChannelEpilogue<T>& epilogue) {
  RINGDL_CHECK_LAYER(!epilogue.hasAffine() || (epilogue.scale.numel() == options_.nOutputPlane &&
                                               epilogue.shift.numel() == options_.nOutputPlane),
                     "a fused epilogue needs ", options_.nOutputPlane, " scales and shifts, got ",
                     epilogue.scale.numel(), " and ", epilogue.shift.numel());
  epilogue_ = &epilogue;
  try {
    const Activity<T>& out = this->forward(input);
    epilogue_ = nullptr;
    return out;
  } catch (...) {
    epilogue_ = nullptr;
    throw;
  }
}

template <typename T>
void SpatialConvolution<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  checkInput(input);
  forwardShape_ = input.shape();
  packedFrom_ = nullptr;  // rows_ is about to be overwritten
  const Tensor<T> x = input.contiguous();
  // The weights and bias this forward uses: the layer's, or with an epilogue's affine map folded in.
  const T* weight = weight_.data();
  const T* bias = options_.withBias ? bias_.data() : nullptr;
  const bool relu = epilogue_ != nullptr && epilogue_->relu;
  if (epilogue_ != nullptr && epilogue_->hasAffine()) {
    const int64_t perPlane = weight_.numel() / options_.nOutputPlane;
    foldedWeight_.resize(weight_.shape());
    foldedBias_.resize({options_.nOutputPlane});
    for (int64_t o = 0; o < options_.nOutputPlane; ++o) {
      const T s = epilogue_->scale.data()[o];
      const T* w = weight_.data() + o * perPlane;
      T* fw = foldedWeight_.data() + o * perPlane;
      for (int64_t k = 0; k < perPlane; ++k) fw[k] = w[k] * s;
      foldedBias_.data()[o] = (bias ? bias[o] * s : T(0)) + epilogue_->shift.data()[o];
    }
    weight = foldedWeight_.data();
    bias = foldedBias_.data();
  }
  [[maybe_unused]] const bool onDnnl = usesDnnl();
#ifdef RINGDL_HAVE_DNNL
  if constexpr (std::is_same_v<T, float>) {
    if (onDnnl) {
      output.resize({batch_, options_.nOutputPlane, outH_, outW_});
      runDnnl("forward", [&] {
        dnnl_->forward(dnnlShape(bias != nullptr, relu), x.data(), weight, bias, output.data());
      });
      columnsValid_ = false;
      if (input.dim() == 3) output = output.view({options_.nOutputPlane, outH_, outW_});
      return;
    }
  }
#endif
  const int64_t spatial = outH_ * outW_, width = batch_ * spatial;
  const int64_t kSize = options_.nInputPlane / options_.nGroup * options_.kernelH * options_.kernelW,
                outPerGroup = options_.nOutputPlane / options_.nGroup;
  const ConvGeometry geom = convGeometry(options_, batch_, inH_, inW_, outH_, outW_);
  columns_.resize({options_.nInputPlane * options_.kernelH * options_.kernelW, width});
  im2col(x.data(), geom, columns_.data());
  columnsValid_ = true;

  output.resize({batch_, options_.nOutputPlane, outH_, outW_});
  // With one sample, [out, oH*oW] already is the output layout, so the GEMM writes straight into it.
  T* rows = batch_ == 1 ? output.data() : rows_.resize({options_.nOutputPlane, width}).data();
  for (int64_t g = 0; g < options_.nGroup; ++g)
    gemmRaw<T>(false, false, outPerGroup, width, kSize, T(1), weight + g * outPerGroup * kSize, kSize,
               columns_.data() + g * kSize * width, width, T(0), rows + g * outPerGroup * width, width);

  // Bias (and the fused ReLU) per plane, moving the rows into [N, out, oH, oW] when there are several
  // samples.
  T* out = output.data();
  for (int64_t n = 0; n < batch_; ++n)
    for (int64_t o = 0; o < options_.nOutputPlane; ++o) {
      T* dst = out + (n * options_.nOutputPlane + o) * spatial;
      const T* src = batch_ == 1 ? dst : rows + o * width + n * spatial;
      const T bo = bias ? bias[o] : T(0);
      if (relu) {
        for (int64_t p = 0; p < spatial; ++p) dst[p] = std::max(src[p] + bo, T(0));
      } else if (bias || batch_ != 1) {
        for (int64_t p = 0; p < spatial; ++p) dst[p] = src[p] + bo;
      }
    }
  if (input.dim() == 3) output = output.view({options_.nOutputPlane, outH_, outW_});
}

template <typename T>
void SpatialConvolution<T>::checkGradOutput(const Tensor<T>& gradOutput) const {
  const Shape expected = forwardShape_.size() == 4 ? Shape{batch_, options_.nOutputPlane, outH_, outW_}
                                                   : Shape{options_.nOutputPlane, outH_, outW_};
  RINGDL_CHECK_LAYER(gradOutput.shape() == expected, "expected gradOutput of shape ", toString(expected),
                     ", got ", toString(gradOutput.shape()));
}

template <typename T>
const T* SpatialConvolution<T>::gradOutputRows(const Tensor<T>& gradOutput, bool reusePacked) {
  checkGradOutput(gradOutput);
  if (batch_ == 1 && gradOutput.isContiguous()) return gradOutput.data();
  if (reusePacked && packedFrom_ != nullptr && packedFrom_ == gradOutput.data()) return rows_.data();
  const Tensor<T> go = gradOutput.contiguous();
  const int64_t spatial = outH_ * outW_, width = batch_ * spatial;
  T* rows = rows_.resize({options_.nOutputPlane, width}).data();
  const T* src = go.data();
  for (int64_t n = 0; n < batch_; ++n)
    for (int64_t o = 0; o < options_.nOutputPlane; ++o)
      std::memcpy(rows + o * width + n * spatial, src + (n * options_.nOutputPlane + o) * spatial,
                  sizeof(T) * spatial);
  packedFrom_ = gradOutput.isContiguous() ? gradOutput.data() : nullptr;
  return rows;
}

template <typename T>
void SpatialConvolution<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                            Tensor<T>& gradInput) {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  [[maybe_unused]] const bool onDnnl = usesDnnl();
#ifdef RINGDL_HAVE_DNNL
  if constexpr (std::is_same_v<T, float>) {
    if (onDnnl) {
      checkGradOutput(gradOutput);
      const Tensor<T> go = gradOutput.contiguous();
      gradInput.resize(input.shape());
      runDnnl("backward-data", [&] {
        dnnl_->backwardData(dnnlShape(options_.withBias, false), go.data(), weight_.data(), gradInput.data());
      });
      return;
    }
  }
#endif
  const T* rows = gradOutputRows(gradOutput, /*reusePacked=*/false);
  const int64_t width = batch_ * outH_ * outW_;
  const int64_t kSize = options_.nInputPlane / options_.nGroup * options_.kernelH * options_.kernelW,
                outPerGroup = options_.nOutputPlane / options_.nGroup;
  gradColumns_.resize({options_.nInputPlane * options_.kernelH * options_.kernelW, width});
  for (int64_t g = 0; g < options_.nGroup; ++g)
    gemmRaw<T>(true, false, kSize, width, outPerGroup, T(1), weight_.data() + g * outPerGroup * kSize, kSize,
               rows + g * outPerGroup * width, width, T(0), gradColumns_.data() + g * kSize * width, width);
  gradInput.resize(input.shape());
  const ConvGeometry geom = convGeometry(options_, batch_, inH_, inW_, outH_, outW_);
  col2im(gradColumns_.data(), geom, gradInput.data());
}

template <typename T>
void SpatialConvolution<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  RINGDL_CHECK_LAYER(input.shape() == forwardShape_,
                     "backward needs the input of the last forward, of shape ", toString(forwardShape_),
                     ", got ", toString(input.shape()));
  [[maybe_unused]] const bool onDnnl = usesDnnl();
#ifdef RINGDL_HAVE_DNNL
  if constexpr (std::is_same_v<T, float>) {
    if (onDnnl) {
      checkGradOutput(gradOutput);
      const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
      // Module::backward calls this right after updateGradInput with the same gradOutput: reuse its reorder
      // (only when gradOutput is contiguous, so that its data pointer identifies the values).
      runDnnl("backward-weights", [&] {
        dnnl_->accGradParameters(dnnlShape(options_.withBias, false), x.data(), go.data(), gradWeight_.data(),
                                 options_.withBias ? gradBias_.data() : nullptr, gradOutput.isContiguous());
      });
      packedFrom_ = nullptr;
      return;
    }
  }
#endif
  // Module::backward calls this right after updateGradInput with the same gradOutput: reuse its packing.
  const T* rows = gradOutputRows(gradOutput, /*reusePacked=*/true);
  const int64_t width = batch_ * outH_ * outW_;
  const int64_t kSize = options_.nInputPlane / options_.nGroup * options_.kernelH * options_.kernelW,
                outPerGroup = options_.nOutputPlane / options_.nGroup;
  if (!columnsValid_) {
    // oneDNN ran the forward, so columns_ does not hold this input's im2col yet.
    const Tensor<T> x = input.contiguous();
    const ConvGeometry geom = convGeometry(options_, batch_, inH_, inW_, outH_, outW_);
    columns_.resize({options_.nInputPlane * options_.kernelH * options_.kernelW, width});
    im2col(x.data(), geom, columns_.data());
    columnsValid_ = true;
  }
  // gradWeight_g += gradOutput_g [out/g, N*oH*oW] x columns_g^T [N*oH*oW, kSize]
  for (int64_t g = 0; g < options_.nGroup; ++g)
    gemmRaw<T>(false, true, outPerGroup, kSize, width, T(1), rows + g * outPerGroup * width, width,
               columns_.data() + g * kSize * width, width, T(1), gradWeight_.data() + g * outPerGroup * kSize,
               kSize);
  if (options_.withBias) {
    T* gb = gradBias_.data();
    for (int64_t o = 0; o < options_.nOutputPlane; ++o) {
      // Several partial sums: independent adds pipeline, and the compiler can vectorise them.
      constexpr int kLanes = 16;
      T partial[kLanes] = {};
      const T* r = rows + o * width;
      int64_t i = 0;
      for (; i + kLanes <= width; i += kLanes)
        for (int l = 0; l < kLanes; ++l) partial[l] += r[i + l];
      T total = T(0);
      for (; i < width; ++i) total += r[i];
      for (int l = 0; l < kLanes; ++l) total += partial[l];
      gb[o] += total;
    }
  }
  packedFrom_ = nullptr;  // the next backward brings new values, possibly in the same buffer
}

template <typename T>
SpatialConvolution<T>& SpatialConvolution<T>::setRegularizers(const Regularizer& weight, const Regularizer& bias) {
  setWeightAndBiasRegularizers(options_, weight, bias, this->where());
  return *this;
}

template <typename T>
std::vector<std::pair<std::string, Regularizer>> SpatialConvolution<T>::regularizers() const {
  return weightAndBiasRegularizers(options_, this->typeName());
}

template class SpatialConvolution<float>;
template class SpatialConvolution<double>;

}  // namespace ringdl
