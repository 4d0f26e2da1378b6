// SpatialConvolution<T>: 2-d convolution over [N, C, H, W] (or [C, H, W]) input, with groups (BigDL's layer);
// BigDL's wRegularizer and bRegularizer options ([l1, l2], nn/regularizer.h) penalise its weight and bias.
#pragma once

#include <memory>
#include <optional>

#include "ringdl/nn/fusion.h"
#include "ringdl/nn/init_method.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/regularizer.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

namespace detail {
class DnnlConvolution;
struct DnnlConvShape;
}  // namespace detail

/// The kernels behind a convolution. Only SpatialConvolution<float> in a build with oneDNN (RINGDL_WITH_DNNL)
/// has a choice; double and builds without oneDNN always run im2col + GEMM. All give the same results up to
/// float rounding.
enum class ConvBackend {
  kAuto,  ///< the default: each pass on the kernel measured faster for its shape (docs/performance.md)
  kGemm,  ///< im2col over the whole batch + GEMM, for every pass
  kDnnl,  ///< oneDNN's convolution primitives, for every pass
};

struct SpatialConvolutionOptions {
  int64_t nInputPlane = 0, nOutputPlane = 0, kernelW = 0, kernelH = 0;
  int64_t strideW = 1, strideH = 1, padW = 0, padH = 0, nGroup = 1;
  bool withBias = true;
  /// The distance between kernel taps, as in SpatialDilatedConvolution; unset is 1 (adjacent taps) and is not
  /// saved, so an undilated convolution's config keeps the keys older builds read.
  std::optional<int64_t> dilationW{}, dilationH{};
  int64_t dilationWidth() const { return dilationW.value_or(1); }
  int64_t dilationHeight() const { return dilationH.value_or(1); }
  RegularizerOption wRegularizer{}, bRegularizer{};  ///< unset: none (and not saved)
  template <typename V>
  void fields(V& v) {
    v("nInputPlane", nInputPlane, kRequired);
    v("nOutputPlane", nOutputPlane, kRequired);
    v("kernelW", kernelW, kRequired);
    v("kernelH", kernelH, kRequired);
    v("strideW", strideW);
    v("strideH", strideH);
    v("padW", padW);
    v("padH", padH);
    v("nGroup", nGroup);
    v("withBias", withBias);
    v("dilationW", dilationW);
    v("dilationH", dilationH);
    v("wRegularizer", wRegularizer);
    v("bRegularizer", bRegularizer);
  }
};

/// Weight is [nOutputPlane, nInputPlane/nGroup, kernelH, kernelW] (PyTorch's layout), bias is [nOutputPlane].
/// Output is [N, nOutputPlane, oH, oW] with oH = (H + 2*padH - dilationH*(kernelH-1) - 1) / strideH + 1
/// (likewise oW).
template <typename T>
class SpatialConvolution : public TensorModule<T>, public EpilogueProducer<T>,
                           public RegularizedLayer {
 public:
  /// BigDL's argument order.
  SpatialConvolution(int64_t nInputPlane, int64_t nOutputPlane, int64_t kernelW, int64_t kernelH,
                     int64_t strideW = 1, int64_t strideH = 1, int64_t padW = 0, int64_t padH = 0,
                     int64_t nGroup = 1, bool withBias = true)
      : SpatialConvolution(SpatialConvolutionOptions{nInputPlane, nOutputPlane, kernelW, kernelH, strideW,
                                                     strideH, padW, padH, nGroup, withBias}) {}
  explicit SpatialConvolution(const SpatialConvolutionOptions& options);
  /// Rebuilds from config() (the layer registry's constructor).
  explicit SpatialConvolution(const Attributes& a)
      : SpatialConvolution(optionsFrom<SpatialConvolutionOptions>(a, "SpatialConvolution")) {}
  ~SpatialConvolution() override;

  /// Sets the initialisers and re-initialises; default: U(+-1/sqrt(fanIn)) for both, fanIn = in/g*kH*kW.
  SpatialConvolution& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const SpatialConvolutionOptions& options() const { return options_; }
  /// BigDL's setters of wRegularizer and bRegularizer (an inactive regulariser removes it).
  SpatialConvolution& setRegularizers(const Regularizer& weight, const Regularizer& bias = {});
  std::vector<std::pair<std::string, Regularizer>> regularizers() const override;

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

  /// Chooses the kernels for this layer; kAuto follows the environment variable RINGDL_CONV_BACKEND
  /// (auto, gemm or dnnl; read once per process) when it is set. Throws if backendAvailable(b) is false.
  /// Not saved with the model: it changes speed, not results beyond rounding.
  SpatialConvolution& setBackend(ConvBackend b);
  ConvBackend backend() const { return backend_; }
  /// Whether this build and scalar type can run b (kDnnl: float, with oneDNN).
  static bool backendAvailable(ConvBackend b);

  /// Evaluate-mode fusion (nn/fusion.h): the batch normalisation's scale and shift folded into the weights
  /// and bias of this forward, the ReLU a oneDNN post-op (or part of the bias pass on the GEMM path).
  int64_t epilogueChannels() const override { return options_.nOutputPlane; }
  const Activity<T>& forwardWithEpilogue(const Activity<T>& input,
                                         const ChannelEpilogue<T>& epilogue) override;

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

  /// For the layers that are this one under another name (SpatialDilatedConvolution,
  /// SpatialShareConvolution).
  SpatialConvolution(const char* typeName, const SpatialConvolutionOptions& options);

 private:
  /// Checks the input's shape and sets batch_, inH_, inW_, outH_, outW_.
  void checkInput(const Tensor<T>& input);
  /// Whether this call runs on oneDNN (creating the oneDNN state on first use); the same for every pass.
  bool usesDnnl();
  /// The current geometry in oneDNN's terms.
  /// The oneDNN call's geometry; bias and relu as this forward applies them (an epilogue adds a bias).
  detail::DnnlConvShape dnnlShape(bool withBias, bool relu) const;
  /// Runs one oneDNN call, turning its failures into a ringdl::Error naming the layer, pass and shapes.
  template <typename Run>
  void runDnnl(const char* pass, Run&& run);
  /// Throws unless gradOutput has the shape of the last forward's output.
  void checkGradOutput(const Tensor<T>& gradOutput) const;
  /// gradOutput as a row-major [out, N*oH*oW] matrix, the GEMM layout (packed into rows_ when N > 1).
  /// reusePacked: accept rows_ as already packed from this same gradOutput by the preceding updateGradInput.
  const T* gradOutputRows(const Tensor<T>& gradOutput, bool reusePacked);

  SpatialConvolutionOptions options_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;

  // Geometry of the last input seen.
  int64_t batch_ = 0, inH_ = 0, inW_ = 0, outH_ = 0, outW_ = 0;
  // Scratch kept between calls: reallocated only when the geometry grows, never in steady-state training.
  Tensor<T> columns_;      ///< im2col of the whole batch, [in*kH*kW, N*oH*oW]; reused by accGradParameters
  Tensor<T> gradColumns_;  ///< [in*kH*kW, N*oH*oW], folded back into gradInput by col2im
  /// [out, N*oH*oW]: the forward GEMM's result before it is scattered into [N, out, oH, oW], then gradOutput
  /// gathered into the same layout for the two backward GEMMs.
  Tensor<T> rows_;
  /// The gradOutput that rows_ holds, so that accGradParameters reuses what updateGradInput packed.
  const T* packedFrom_ = nullptr;
  Shape forwardShape_;  ///< the input shape of the last forward, whose columns_ backward reuses
  /// Whether columns_ holds the last forward's im2col (not when oneDNN ran that forward).
  bool columnsValid_ = false;

  const ChannelEpilogue<T>* epilogue_ = nullptr;  ///< set during forwardWithEpilogue only
  Tensor<T> foldedWeight_, foldedBias_;           ///< weight * scale and bias * scale + shift, per channel

  ConvBackend backend_ = ConvBackend::kAuto;
  /// oneDNN's engine, stream and primitives for the last shapes (float only, created on first use).
  std::unique_ptr<detail::DnnlConvolution> dnnl_;
};

extern template class SpatialConvolution<float>;
extern template class SpatialConvolution<double>;

}  // namespace ringdl
