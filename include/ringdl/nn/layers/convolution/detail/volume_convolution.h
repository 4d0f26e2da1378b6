// Internal: VolumeConvolution<T>, the base of the column-transform convolutions (SpatialFullConvolution,
// VolumetricConvolution, VolumetricFullConvolution): parameters, shape checks and passes, given the geometry.
#pragma once

#include <memory>
#include <string>

#include "ringdl/nn/init_method.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl::detail {

template <typename T>
class ColumnConvolution;

/// What a convolution is, in the layer's own terms: 2 or 3 spatial dimensions (the last ones of kernel,
/// stride, pad, adj and dilation, in D, H, W order; a 2-d layer leaves index 0 at 1, 1, 0, 0, 1).
struct VolumeConvolutionSpec {
  int spatialDims = 2;
  bool transposed = false;  ///< a transposed convolution (BigDL's "full" convolution)
  int64_t inPlanes = 0, outPlanes = 0, groups = 1;
  bool withBias = true;
  int64_t kernel[3] = {1, 1, 1}, stride[3] = {1, 1, 1}, pad[3] = {0, 0, 0}, adj[3] = {0, 0, 0},
          dilation[3] = {1, 1, 1};
};

/// Weight: [out, in/groups, kernel...] for a convolution, [in, out/groups, kernel...] for a transposed one
/// (PyTorch's layouts); bias [out]. Input [N, in, spatial...] or one sample [in, spatial...]. A convolution's
/// output size is (size + 2 pad - dilation (k - 1) - 1) / stride + 1, a transposed one's
/// (size - 1) stride - 2 pad + dilation (k - 1) + 1 + adj, per spatial dimension.
template <typename T>
class VolumeConvolution : public TensorModule<T> {
 public:
  ~VolumeConvolution() override;

  /// Sets the initialisers and re-initialises; default: U(+-1/sqrt(fanIn)) for both, fanIn = the weight's
  /// elements per leading index (PyTorch's rule: in/g * kernel, or out/g * kernel when transposed).
  VolumeConvolution& setInitMethod(InitMethod weightInit, InitMethod biasInit) override;
  void reset() override;

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }

 protected:
  /// Checks the spec (errors name typeName) and creates the parameters.
  VolumeConvolution(const char* typeName, const VolumeConvolutionSpec& spec);

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// Checks the input and sets the geometry of the call (batch_, inSize_, outSize_).
  void checkInput(const Tensor<T>& input);
  void checkBackward(const Tensor<T>& input, const Tensor<T>& gradOutput) const;
  /// "3x4" for the spatial part of a size triple.
  std::string spatial(const int64_t* sizes) const;
  Shape outputShape(bool batched) const;

  VolumeConvolutionSpec spec_;
  InitMethod weightInit_ = InitMethod::defaultUniform(), biasInit_ = InitMethod::defaultUniform();
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  int64_t batch_ = 0, inSize_[3] = {1, 1, 1}, outSize_[3] = {1, 1, 1};
  Shape forwardShape_;
  std::unique_ptr<ColumnConvolution<T>> kernels_;
};

extern template class VolumeConvolution<float>;
extern template class VolumeConvolution<double>;

}  // namespace ringdl::detail
