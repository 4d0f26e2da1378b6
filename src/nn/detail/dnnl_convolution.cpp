// oneDNN convolution primitives for SpatialConvolution<float>, reordering at the plain-layout boundary.
#ifdef RINGDL_HAVE_DNNL

#include "dnnl_convolution.h"

#include <omp.h>

#include <unordered_map>

namespace ringdl::detail {

namespace {
using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;

/// NHWC for the backward passes' activations. With format "any" oneDNN 2.6 blocks channels by 16 (padding
/// LeNet-5's 6 input planes to 16 for backward-data) or, for backward-weights on a few channels, falls back
/// to its AVX2 kernel; channels-last keeps the AVX-512 kernels without the padding. Measured with the
/// reorders: 1.3x (data) and 1.9x (weights) faster for LeNet-5's 6->12 convolution, level at 16 planes.
/// Backward-weights on fewer than 4 input planes keeps "any": oneDNN's first-layer kernel, 1.7x faster there.
memory::desc backwardLayout(const memory::desc& plain, bool anyLayout) {
  return memory::desc(plain.dims(), kF32, anyLayout ? Tag::any : Tag::nhwc);
}
}  // namespace

bool DnnlConvShape::operator==(const DnnlConvShape& o) const {
  return batch == o.batch && inPlanes == o.inPlanes && inH == o.inH && inW == o.inW &&
         outPlanes == o.outPlanes && outH == o.outH && outW == o.outW && kernelH == o.kernelH &&
         kernelW == o.kernelW && strideH == o.strideH && strideW == o.strideW && padH == o.padH &&
         padW == o.padW && groups == o.groups && withBias == o.withBias && dilationH == o.dilationH &&
         dilationW == o.dilationW && relu == o.relu;
}

DnnlConvolution::DnnlConvolution() : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {}

int DnnlConvolution::maxThreads() { return omp_get_max_threads(); }

DnnlConvolution::Boundary DnnlConvolution::boundary(const memory::desc& userDesc,
                                                    const memory::desc& innerDesc, bool input,
                                                    bool accumulate) {
  Boundary b;
  b.user = memory(userDesc, engine_, DNNL_MEMORY_NONE);
  b.same = !accumulate && userDesc == innerDesc;
  if (b.same) {
    b.inner = b.user;
    return b;
  }
  b.inner = memory(innerDesc, engine_);
  dnnl::primitive_attr attr;
  if (accumulate) {
    // user += inner: gradients accumulate across backward calls, but oneDNN's primitives overwrite theirs.
    dnnl::post_ops ops;
    ops.append_sum(1.0f);
    attr.set_post_ops(ops);
  }
  b.reorder = input ? dnnl::reorder(dnnl::reorder::primitive_desc(b.user, b.inner, attr))
                    : dnnl::reorder(dnnl::reorder::primitive_desc(b.inner, b.user, attr));
  return b;
}

const memory& DnnlConvolution::in(Boundary& b, const float* data) {
  // oneDNN only reads inputs, but its handles are non-const.
  b.user.set_data_handle(const_cast<float*>(data));
  if (!b.same) b.reorder.execute(stream_, b.user, b.inner);
  return b.inner;
}

const memory& DnnlConvolution::out(Boundary& b, float* data) {
  b.user.set_data_handle(data);
  return b.inner;
}

void DnnlConvolution::finish(Boundary& b) {
  if (!b.same) b.reorder.execute(stream_, b.inner, b.user);
}

void DnnlConvolution::prepare(const DnnlConvShape& s) {
  const int threads = maxThreads();
  if (prepared_ && s == shape_ && threads == threads_) return;
  prepared_ = backwardDataReady_ = backwardWeightsReady_ = false;
  diffDstFrom_ = nullptr;
  shape_ = s;
  threads_ = threads;

  const memory::dims src{s.batch, s.inPlanes, s.inH, s.inW}, dst{s.batch, s.outPlanes, s.outH, s.outW};
  const memory::dims weight = s.groups == 1 ? memory::dims{s.outPlanes, s.inPlanes, s.kernelH, s.kernelW}
                                            : memory::dims{s.groups, s.outPlanes / s.groups,
                                                           s.inPlanes / s.groups, s.kernelH, s.kernelW};
  srcDesc_ = memory::desc(src, kF32, Tag::nchw);
  dstDesc_ = memory::desc(dst, kF32, Tag::nchw);
  weightDesc_ = memory::desc(weight, kF32, s.groups == 1 ? Tag::oihw : Tag::goihw);
  biasDesc_ = s.withBias ? memory::desc({s.outPlanes}, kF32, Tag::x) : memory::desc();

  const memory::dims strides{s.strideH, s.strideW}, padding{s.padH, s.padW},
      dilates{s.dilationH - 1, s.dilationW - 1};
  const memory::desc anySrc(src, kF32, Tag::any), anyDst(dst, kF32, Tag::any),
      anyWeight(weight, kF32, Tag::any);
  dnnl::primitive_attr attr;
  if (s.relu) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    attr.set_post_ops(ops);
  }
  forwardPd_ = dnnl::convolution_forward::primitive_desc(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                      anySrc, anyWeight, biasDesc_, anyDst, strides, dilates, padding,
                                      padding),
      attr, engine_);
  forward_ = dnnl::convolution_forward(forwardPd_);
  fwdSrc_ = boundary(srcDesc_, forwardPd_.src_desc(), true);
  fwdWeight_ = boundary(weightDesc_, forwardPd_.weights_desc(), true);
  fwdDst_ = boundary(dstDesc_, forwardPd_.dst_desc(), false);
  fwdBias_ = s.withBias ? memory(biasDesc_, engine_, DNNL_MEMORY_NONE) : memory();
  prepared_ = true;
}

void DnnlConvolution::prepareBackwardData() {
  if (backwardDataReady_) return;
  const DnnlConvShape& s = shape_;
  const memory::dims strides{s.strideH, s.strideW}, padding{s.padH, s.padW},
      dilates{s.dilationH - 1, s.dilationW - 1};
  backwardDataPd_ = dnnl::convolution_backward_data::primitive_desc(
      dnnl::convolution_backward_data::desc(
          dnnl::algorithm::convolution_direct, backwardLayout(srcDesc_, false),
          memory::desc(weightDesc_.dims(), kF32, Tag::any), backwardLayout(dstDesc_, false), strides, dilates,
          padding, padding),
      engine_, forwardPd_);
  const auto& pd = backwardDataPd_;
  backwardData_ = dnnl::convolution_backward_data(pd);
  bwdDiffDst_ = boundary(dstDesc_, pd.diff_dst_desc(), true);
  bwdWeight_ = boundary(weightDesc_, pd.weights_desc(), true);
  bwdDiffSrc_ = boundary(srcDesc_, pd.diff_src_desc(), false);
  backwardDataReady_ = true;
}

void DnnlConvolution::prepareBackwardWeights() {
  if (backwardWeightsReady_) return;
  const DnnlConvShape& s = shape_;
  const memory::dims strides{s.strideH, s.strideW}, padding{s.padH, s.padW},
      dilates{s.dilationH - 1, s.dilationW - 1};
  const bool firstLayer = s.inPlanes / s.groups < 4;
  backwardWeightsPd_ = dnnl::convolution_backward_weights::primitive_desc(
      dnnl::convolution_backward_weights::desc(
          dnnl::algorithm::convolution_direct, backwardLayout(srcDesc_, firstLayer),
          memory::desc(weightDesc_.dims(), kF32, Tag::any), biasDesc_, backwardLayout(dstDesc_, firstLayer),
          strides, dilates, padding, padding),
      engine_, forwardPd_);
  const auto& pd = backwardWeightsPd_;
  backwardWeights_ = dnnl::convolution_backward_weights(pd);
  bwwSrc_ = boundary(srcDesc_, pd.src_desc(), true);
  bwwDiffDst_ = boundary(dstDesc_, pd.diff_dst_desc(), true);
  bwwDiffWeight_ = boundary(weightDesc_, pd.diff_weights_desc(), false, /*accumulate=*/true);
  if (s.withBias) bwwDiffBias_ = boundary(biasDesc_, pd.diff_bias_desc(), false, /*accumulate=*/true);
  backwardWeightsReady_ = true;
}

void DnnlConvolution::forward(const DnnlConvShape& s, const float* input, const float* weight,
                              const float* bias, float* output) {
  prepare(s);
  diffDstFrom_ = nullptr;  // a new forward means a new gradOutput
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, in(fwdSrc_, input)},
                                       {DNNL_ARG_WEIGHTS, in(fwdWeight_, weight)},
                                       {DNNL_ARG_DST, out(fwdDst_, output)}};
  if (s.withBias) {
    fwdBias_.set_data_handle(const_cast<float*>(bias));
    args.emplace(DNNL_ARG_BIAS, fwdBias_);
  }
  forward_.execute(stream_, args);
  finish(fwdDst_);
  stream_.wait();
}

void DnnlConvolution::backwardData(const DnnlConvShape& s, const float* gradOutput, const float* weight,
                                   float* gradInput) {
  prepare(s);
  prepareBackwardData();
  backwardData_.execute(stream_, {{DNNL_ARG_DIFF_DST, in(bwdDiffDst_, gradOutput)},
                                  {DNNL_ARG_WEIGHTS, in(bwdWeight_, weight)},
                                  {DNNL_ARG_DIFF_SRC, out(bwdDiffSrc_, gradInput)}});
  finish(bwdDiffSrc_);
  stream_.wait();
  diffDstFrom_ = gradOutput;
}

void DnnlConvolution::accGradParameters(const DnnlConvShape& s, const float* input, const float* gradOutput,
                                        float* gradWeight, float* gradBias, bool reuseGradOutput) {
  prepare(s);
  prepareBackwardWeights();
  // The backward-data pass may already hold gradOutput in the layout this primitive wants.
  const bool reuse = reuseGradOutput && diffDstFrom_ == gradOutput && backwardDataReady_ &&
                     !bwdDiffDst_.same && bwdDiffDst_.inner.get_desc() == bwwDiffDst_.inner.get_desc();
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, in(bwwSrc_, input)},
      {DNNL_ARG_DIFF_DST, reuse ? bwdDiffDst_.inner : in(bwwDiffDst_, gradOutput)},
      {DNNL_ARG_DIFF_WEIGHTS, out(bwwDiffWeight_, gradWeight)}};
  if (s.withBias) args.emplace(DNNL_ARG_DIFF_BIAS, out(bwwDiffBias_, gradBias));
  backwardWeights_.execute(stream_, args);
  finish(bwwDiffWeight_);
  if (s.withBias) finish(bwwDiffBias_);
  stream_.wait();
  diffDstFrom_ = nullptr;  // the next backward brings new values, possibly in the same buffer
}

}  // namespace ringdl::detail

#endif  // RINGDL_HAVE_DNNL
