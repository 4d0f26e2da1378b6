// Internal: convolution and transposed convolution over 1 to 3 spatial dimensions as column transforms
// (vol2col, col2vol) and one GEMM per group over the whole batch; the kernels behind SpatialFullConvolution,
// VolumetricConvolution and VolumetricFullConvolution. SpatialConvolution keeps its own 2-d im2col, tuned for
// small images and shared with oneDNN.
#pragma once

#include <cstdint>

#include "ringdl/tensor/tensor.h"

namespace ringdl::detail {

/// The geometry of one column transform between an image [N, C, D, H, W] and its column matrix
/// [C*kD*kH*kW, N*oD*oH*oW]: column (c, kd, kh, kw) at position (n, od, oh, ow) holds the image element
/// (n, c, od*sD - pD + kd*dilD, ...) (0 outside the image). For a convolution the image is the input and the
/// positions are the output's; for a transposed convolution the image is the output and the positions the
/// input's. Lower-dimensional layers set the unused leading sizes to 1 (kernel 1, stride 1, pad 0).
struct VolumeGeometry {
  int64_t batch = 1, channels = 1;
  int64_t image[3] = {1, 1, 1};      ///< D, H, W of the image
  int64_t kernel[3] = {1, 1, 1};     ///< kD, kH, kW
  int64_t stride[3] = {1, 1, 1};     ///< sD, sH, sW
  int64_t pad[3] = {0, 0, 0};        ///< pD, pH, pW (both sides)
  int64_t dilation[3] = {1, 1, 1};   ///< distance between taps
  int64_t positions[3] = {1, 1, 1};  ///< oD, oH, oW: the positions the kernel is placed at

  int64_t imageSize() const { return image[0] * image[1] * image[2]; }
  int64_t kernelSize() const { return kernel[0] * kernel[1] * kernel[2]; }
  int64_t positionCount() const { return positions[0] * positions[1] * positions[2]; }
  /// The positions along dimension i of a convolution over this image: (size + 2 pad - span) / stride + 1.
  int64_t convolvedSize(int i) const {
    return (image[i] + 2 * pad[i] - dilation[i] * (kernel[i] - 1) - 1) / stride[i] + 1;
  }
  /// The image size along dimension i that a transposed convolution over `positions` gives, plus adj.
  int64_t transposedSize(int i, int64_t adj) const {
    return (positions[i] - 1) * stride[i] - 2 * pad[i] + dilation[i] * (kernel[i] - 1) + 1 + adj;
  }
};

/// cols = the column matrix of image (see VolumeGeometry).
template <typename T>
void vol2col(const T* image, const VolumeGeometry& g, T* cols);
/// image = the adjoint of vol2col applied to cols: every column entry added to the image element it reads
/// (the image is overwritten).
template <typename T>
void col2vol(const T* cols, const VolumeGeometry& g, T* image);

/// The GEMMs of a grouped convolution and of its transpose on the layers' buffers, with the scratch
/// (columns, packed rows) kept between calls and grown only when a shape grows.
///
/// Convolution: input [N, Cin, image], weight [Cout, Cin/g, kernel], output [N, Cout, positions].
/// Transposed: input [N, Cin, positions], weight [Cin, Cout/g, kernel] (PyTorch's layout), output
/// [N, Cout, image]. Every call takes the geometry of the column transform (channels: Cin for a convolution,
/// Cout for a transposed one) and the plane count of the other side.
template <typename T>
class ColumnConvolution {
 public:
  void forward(const VolumeGeometry& g, int64_t outPlanes, int64_t groups, const T* input, const T* weight,
               const T* bias, T* output);
  /// gradInput = the input gradient (overwritten).
  void backwardData(const VolumeGeometry& g, int64_t outPlanes, int64_t groups, const T* gradOutput,
                    const T* weight, T* gradInput);
  /// gradWeight += ..., gradBias += ... (bias may be null). Uses the columns of the last forward, whose input
  /// the caller has checked to be this one.
  void accGradParameters(const VolumeGeometry& g, int64_t outPlanes, int64_t groups, const T* gradOutput,
                         T* gradWeight, T* gradBias);

  void transposedForward(const VolumeGeometry& g, int64_t inPlanes, int64_t groups, const T* input,
                         const T* weight, const T* bias, T* output);
  void transposedBackwardData(const VolumeGeometry& g, int64_t inPlanes, int64_t groups, const T* gradOutput,
                              const T* weight, T* gradInput);
  /// input: the last transposedForward's (whose rows it packed); the gradOutput columns of the preceding
  /// transposedBackwardData are reused when it saw the same gradOutput buffer.
  void transposedAccGradParameters(const VolumeGeometry& g, int64_t inPlanes, int64_t groups, const T* input,
                                   const T* gradOutput, T* gradWeight, T* gradBias);
  /// Forgets which gradOutput the scratch holds (its values may change in place): called by every forward.
  void invalidate() { packedFrom_ = columnsOf_ = nullptr; }

 private:
  /// data [N, C, S] as the matrix [C, N*S] (data itself for one sample, else packed into buffer).
  const T* packed(const T* data, int64_t batch, int64_t planes, int64_t spatial, Tensor<T>& buffer);

  Tensor<T> columns_;      ///< the column matrix of the last forward's input (or of a transposed forward)
  Tensor<T> gradColumns_;  ///< columns of a backward pass (of gradOutput, for a transposed convolution)
  Tensor<T> rows_;         ///< [planes, N*S]: a GEMM's result before unpacking
  Tensor<T> packedGrad_;   ///< gradOutput packed as [Cout, N*S] (convolution)
  Tensor<T> inputRows_;    ///< the last transposed forward's input as [Cin, N*S] (more than one sample)
  const T* packedFrom_ = nullptr;  ///< the gradOutput packedGrad_ holds (null: none)
  const T* columnsOf_ = nullptr;   ///< the gradOutput gradColumns_ holds the columns of (null: none)
};

extern template class ColumnConvolution<float>;
extern template class ColumnConvolution<double>;

}  // namespace ringdl::detail
