// Internal: oneDNN kernels for SpatialConvolution<float> on plain NCHW buffers, with the primitives cached.
#pragma once

#ifndef RINGDL_HAVE_DNNL
#error "dnnl_convolution.h is internal to RingDL builds with oneDNN (RINGDL_HAVE_DNNL)"
#endif

#include <cstdint>
#include <oneapi/dnnl/dnnl.hpp>

namespace ringdl::detail {

/// One convolution call's geometry, in SpatialConvolution's terms. Padding is symmetric, so oneDNN's output
/// size, floor((in + 2*pad - dilation*(kernel-1) - 1) / stride) + 1, is the layer's. Dilations are the
/// layer's (1: adjacent taps); oneDNN's own count from 0 and are converted where the primitives are made.
struct DnnlConvShape {
  int64_t batch, inPlanes, inH, inW, outPlanes, outH, outW;
  int64_t kernelH, kernelW, strideH, strideW, padH, padW, groups;
  bool withBias;
  int64_t dilationH = 1, dilationW = 1;
  bool relu = false;  ///< forward only: max(output, 0) as a post-op (evaluate-mode fusion, nn/fusion.h)
  bool operator==(const DnnlConvShape& o) const;
  bool operator!=(const DnnlConvShape& o) const { return !(*this == o); }
};

/// Forward, backward-data and backward-weights convolution on float buffers in the layer's layouts: input
/// and output NCHW, weight [out, in/groups, kH, kW], bias [out]. With plain NCHW descriptors oneDNN 2.6 falls
/// back to its own per-image im2col + GEMM, slower than RingDL's; its direct AVX-512 kernels want blocked
/// (nChw16c) or channels-last activations and blocked weights. So the forward primitive is created with
/// format "any", the backward ones with NHWC activations (see backwardLayout), and this class reorders at its
/// boundary: callers only ever see plain layouts. Blocked weights pay for their reorder (a few thousand
/// floats for LeNet-5): with plain weights oneDNN also falls back to im2col + GEMM, 700 us against 220 us for
/// LeNet-5's second convolution forward at batch 128.
///
/// The engine and stream live as long as the object; the primitives and their reorders are created on first
/// use and kept until the shape or the OpenMP thread count changes (oneDNN sizes its work split at creation).
/// Everything throws dnnl::error (or std::bad_alloc) on failure; the layer turns that into a ringdl::Error.
class DnnlConvolution {
 public:
  DnnlConvolution();

  /// The threads oneDNN's primitives run on: Debian's oneDNN is built on OpenMP, whose count setNumThreads
  /// sets along with OpenBLAS's.
  static int maxThreads();

  /// output = conv(input, weight) + bias (bias ignored without withBias).
  void forward(const DnnlConvShape& s, const float* input, const float* weight, const float* bias,
               float* output);
  /// gradInput = the input gradient for gradOutput (overwritten, not accumulated).
  void backwardData(const DnnlConvShape& s, const float* gradOutput, const float* weight, float* gradInput);
  /// gradWeight += the weight gradient, gradBias += the bias gradient (with withBias). reuseGradOutput: the
  /// preceding backwardData saw this same gradOutput buffer with these values, so its reorder is reused.
  void accGradParameters(const DnnlConvShape& s, const float* input, const float* gradOutput,
                         float* gradWeight, float* gradBias, bool reuseGradOutput);

 private:
  /// A tensor as the caller holds it (plain) and as a primitive wants it; the reorder runs only when the two
  /// layouts differ. For outputs accumulated into the caller's buffer the reorder adds (a sum post-op).
  struct Boundary {
    dnnl::memory user, inner;
    dnnl::reorder reorder;
    bool same = true;
  };

  /// Drops every cached primitive when the shape or the thread count changed; creates the forward one.
  void prepare(const DnnlConvShape& s);
  void prepareBackwardData();
  void prepareBackwardWeights();
  Boundary boundary(const dnnl::memory::desc& userDesc, const dnnl::memory::desc& innerDesc, bool input,
                    bool accumulate = false);
  /// Sets the user buffer and, for an input, reorders it into the primitive's layout; returns what to pass.
  const dnnl::memory& in(Boundary& b, const float* data);
  /// Sets the user buffer; returns the memory the primitive writes. finish() then reorders into the user's.
  const dnnl::memory& out(Boundary& b, float* data);
  void finish(Boundary& b);

  dnnl::engine engine_;
  dnnl::stream stream_;
  DnnlConvShape shape_{};
  int threads_ = 0;
  bool prepared_ = false;

  // Plain descriptors of the caller's buffers.
  dnnl::memory::desc srcDesc_, weightDesc_, biasDesc_, dstDesc_;

  dnnl::convolution_forward::primitive_desc forwardPd_;
  dnnl::convolution_forward forward_;
  Boundary fwdSrc_, fwdWeight_, fwdDst_;
  dnnl::memory fwdBias_;

  bool backwardDataReady_ = false;
  dnnl::convolution_backward_data::primitive_desc backwardDataPd_;
  dnnl::convolution_backward_data backwardData_;
  Boundary bwdDiffDst_, bwdWeight_, bwdDiffSrc_;

  bool backwardWeightsReady_ = false;
  dnnl::convolution_backward_weights::primitive_desc backwardWeightsPd_;
  dnnl::convolution_backward_weights backwardWeights_;
  Boundary bwwSrc_, bwwDiffDst_, bwwDiffWeight_, bwwDiffBias_;
  /// The gradOutput that bwdDiffDst_ holds reordered, for accGradParameters to reuse.
  const float* diffDstFrom_ = nullptr;
};

}  // namespace ringdl::detail
