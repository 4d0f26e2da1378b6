// Column transforms over up to three spatial dimensions and the per-group GEMMs of convolution and transposed
// convolution (column_convolution.h). Each column row is written front to back over the whole batch, with the
// padding ranges worked out once per row, so the inner loops are contiguous runs.
#include "column_convolution.h"

#include <algorithm>
#include <cstring>

#include "ringdl/tensor/math.h"

namespace ringdl::detail {

namespace {

/// The positions [lo, hi) at which tap offset k (tap index x dilation) reads inside [0, size).
void validRange(int64_t k, int64_t stride, int64_t pad, int64_t size, int64_t count, int64_t& lo,
                int64_t& hi) {
  const int64_t first = pad - k, end = size + pad - k;
  lo = first > 0 ? (first + stride - 1) / stride : 0;
  hi = end > 0 ? (end + stride - 1) / stride : 0;
  lo = std::min(lo, count);
  hi = std::max(lo, std::min(hi, count));
}

/// Calls f(columnRow, imagePlaneOffset..) for every column row: the shared traversal of vol2col and col2vol.
/// f(row, c, lo[3], hi[3], off[3]) where off[i] = k_i * dilation_i - pad_i.
template <typename F>
void forEachColumnRow(const VolumeGeometry& g, F&& f) {
  int64_t k[3];
  for (int64_t c = 0; c < g.channels; ++c)
    for (k[0] = 0; k[0] < g.kernel[0]; ++k[0])
      for (k[1] = 0; k[1] < g.kernel[1]; ++k[1])
        for (k[2] = 0; k[2] < g.kernel[2]; ++k[2]) {
          int64_t lo[3], hi[3], off[3];
          for (int i = 0; i < 3; ++i) {
            off[i] = k[i] * g.dilation[i];
            validRange(off[i], g.stride[i], g.pad[i], g.image[i], g.positions[i], lo[i], hi[i]);
            off[i] -= g.pad[i];
          }
          const int64_t row = ((c * g.kernel[0] + k[0]) * g.kernel[1] + k[1]) * g.kernel[2] + k[2];
          f(row, c, lo, hi, off);
        }
}

}  // namespace

template <typename T>
void vol2col(const T* image, const VolumeGeometry& g, T* cols) {
  const int64_t S = g.positionCount(), width = g.batch * S, imageSize = g.imageSize();
  const int64_t oD = g.positions[0], oH = g.positions[1], oW = g.positions[2];
  forEachColumnRow(g, [&](int64_t r, int64_t c, const int64_t* lo, const int64_t* hi, const int64_t* off) {
    T* row = cols + r * width;
    for (int64_t n = 0; n < g.batch; ++n) {
      const T* plane = image + (n * g.channels + c) * imageSize;
      T* dst = row + n * S;
      for (int64_t od = 0; od < oD; ++od) {
        T* slab = dst + od * oH * oW;
        if (od < lo[0] || od >= hi[0]) {
          std::fill(slab, slab + oH * oW, T(0));
          continue;
        }
        const int64_t id = od * g.stride[0] + off[0];
        std::fill(slab, slab + lo[1] * oW, T(0));
        for (int64_t oh = lo[1]; oh < hi[1]; ++oh) {
          const T* src = plane + (id * g.image[1] + oh * g.stride[1] + off[1]) * g.image[2] + off[2];
          T* d = slab + oh * oW;
          for (int64_t ow = 0; ow < lo[2]; ++ow) d[ow] = T(0);
          if (g.stride[2] == 1) {
            std::memcpy(d + lo[2], src + lo[2], sizeof(T) * (hi[2] - lo[2]));
          } else {
            for (int64_t ow = lo[2]; ow < hi[2]; ++ow) d[ow] = src[ow * g.stride[2]];
          }
          for (int64_t ow = hi[2]; ow < oW; ++ow) d[ow] = T(0);
        }
        std::fill(slab + hi[1] * oW, slab + oH * oW, T(0));
      }
    }
  });
}

template <typename T>
void col2vol(const T* cols, const VolumeGeometry& g, T* image) {
  const int64_t S = g.positionCount(), width = g.batch * S, imageSize = g.imageSize();
  const int64_t oH = g.positions[1], oW = g.positions[2];
  std::fill(image, image + g.batch * g.channels * imageSize, T(0));
  forEachColumnRow(g, [&](int64_t r, int64_t c, const int64_t* lo, const int64_t* hi, const int64_t* off) {
    const T* row = cols + r * width;
    for (int64_t n = 0; n < g.batch; ++n) {
      T* plane = image + (n * g.channels + c) * imageSize;
      const T* src = row + n * S;
      for (int64_t od = lo[0]; od < hi[0]; ++od) {
        const int64_t id = od * g.stride[0] + off[0];
        for (int64_t oh = lo[1]; oh < hi[1]; ++oh) {
          T* d = plane + (id * g.image[1] + oh * g.stride[1] + off[1]) * g.image[2] + off[2];
          const T* s = src + (od * oH + oh) * oW;
          if (g.stride[2] == 1) {
            for (int64_t ow = lo[2]; ow < hi[2]; ++ow) d[ow] += s[ow];
          } else {
            for (int64_t ow = lo[2]; ow < hi[2]; ++ow) d[ow * g.stride[2]] += s[ow];
          }
        }
      }
    }
  });
}

namespace {

/// [planes, N*S] -> [N, planes, S], adding bias[p] to plane p (bias may be null).
template <typename T>
void unpackRows(const T* rows, int64_t batch, int64_t planes, int64_t spatial, const T* bias, T* out) {
  const int64_t width = batch * spatial;
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t p = 0; p < planes; ++p) {
      T* dst = out + (n * planes + p) * spatial;
      const T* src = rows + p * width + n * spatial;
      const T b = bias ? bias[p] : T(0);
      for (int64_t i = 0; i < spatial; ++i) dst[i] = src[i] + b;
    }
}

/// bias[p] += the sum of plane p of data [N, planes, S] over the batch and positions.
template <typename T>
void accBias(const T* data, int64_t batch, int64_t planes, int64_t spatial, T* bias) {
  for (int64_t p = 0; p < planes; ++p) {
    T total = T(0);
    for (int64_t n = 0; n < batch; ++n) {
      const T* src = data + (n * planes + p) * spatial;
      T partial = T(0);
      for (int64_t i = 0; i < spatial; ++i) partial += src[i];
      total += partial;
    }
    bias[p] += total;
  }
}

}  // namespace

template <typename T>
const T* ColumnConvolution<T>::packed(const T* data, int64_t batch, int64_t planes, int64_t spatial,
                                      Tensor<T>& buffer) {
  if (batch == 1) return data;
  const int64_t width = batch * spatial;
  T* rows = buffer.resize({planes, width}).data();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t p = 0; p < planes; ++p)
      std::memcpy(rows + p * width + n * spatial, data + (n * planes + p) * spatial, sizeof(T) * spatial);
  return rows;
}

template <typename T>
void ColumnConvolution<T>::forward(const VolumeGeometry& g, int64_t outPlanes, int64_t groups, const T* input,
                                   const T* weight, const T* bias, T* output) {
  invalidate();
  const int64_t S = g.positionCount(), width = g.batch * S;
  const int64_t kSize = g.channels / groups * g.kernelSize(), outPerGroup = outPlanes / groups;
  T* cols = columns_.resize({g.channels * g.kernelSize(), width}).data();
  vol2col(input, g, cols);
  // With one sample, [out, S] is the output's layout: the GEMM writes into it.
  T* rows = g.batch == 1 ? output : rows_.resize({outPlanes, width}).data();
  for (int64_t gr = 0; gr < groups; ++gr)
    gemmRaw<T>(false, false, outPerGroup, width, kSize, T(1), weight + gr * outPerGroup * kSize, kSize,
               cols + gr * kSize * width, width, T(0), rows + gr * outPerGroup * width, width);
  if (g.batch == 1) {
    if (bias)
      for (int64_t p = 0; p < outPlanes; ++p)
        for (int64_t i = 0; i < S; ++i) output[p * S + i] += bias[p];
  } else {
    unpackRows(rows, g.batch, outPlanes, S, bias, output);
  }
}

template <typename T>
void ColumnConvolution<T>::backwardData(const VolumeGeometry& g, int64_t outPlanes, int64_t groups,
                                        const T* gradOutput, const T* weight, T* gradInput) {
  const int64_t S = g.positionCount(), width = g.batch * S;
  const int64_t kSize = g.channels / groups * g.kernelSize(), outPerGroup = outPlanes / groups;
  const T* rows = packed(gradOutput, g.batch, outPlanes, S, packedGrad_);
  packedFrom_ = gradOutput;
  T* gradCols = gradColumns_.resize({g.channels * g.kernelSize(), width}).data();
  for (int64_t gr = 0; gr < groups; ++gr)
    gemmRaw<T>(true, false, kSize, width, outPerGroup, T(1), weight + gr * outPerGroup * kSize, kSize,
               rows + gr * outPerGroup * width, width, T(0), gradCols + gr * kSize * width, width);
  col2vol(gradCols, g, gradInput);
}

template <typename T>
void ColumnConvolution<T>::accGradParameters(const VolumeGeometry& g, int64_t outPlanes, int64_t groups,
                                             const T* gradOutput, T* gradWeight, T* gradBias) {
  const int64_t S = g.positionCount(), width = g.batch * S;
  const int64_t kSize = g.channels / groups * g.kernelSize(), outPerGroup = outPlanes / groups;
  const T* rows = g.batch > 1 && packedFrom_ == gradOutput
                      ? packedGrad_.data()
                      : packed(gradOutput, g.batch, outPlanes, S, packedGrad_);
  packedFrom_ = nullptr;  // the next backward may bring new values in the same buffer
  for (int64_t gr = 0; gr < groups; ++gr)
    gemmRaw<T>(false, true, outPerGroup, kSize, width, T(1), rows + gr * outPerGroup * width, width,
               columns_.data() + gr * kSize * width, width, T(1), gradWeight + gr * outPerGroup * kSize,
               kSize);
  if (gradBias) accBias(gradOutput, g.batch, outPlanes, S, gradBias);
}

template <typename T>
void ColumnConvolution<T>::transposedForward(const VolumeGeometry& g, int64_t inPlanes, int64_t groups,
                                             const T* input, const T* weight, const T* bias, T* output) {
  invalidate();
  const int64_t S = g.positionCount(), width = g.batch * S, imageSize = g.imageSize();
  const int64_t kSize = g.channels / groups * g.kernelSize(), inPerGroup = inPlanes / groups;
  const T* x = packed(input, g.batch, inPlanes, S, inputRows_);
  T* cols = columns_.resize({g.channels * g.kernelSize(), width}).data();
  // cols_g [Cout/g * k, N*S] = W_g^T x_g, W_g = [Cin/g, Cout/g * k]
  for (int64_t gr = 0; gr < groups; ++gr)
    gemmRaw<T>(true, false, kSize, width, inPerGroup, T(1), weight + gr * inPerGroup * kSize, kSize,
               x + gr * inPerGroup * width, width, T(0), cols + gr * kSize * width, width);
  col2vol(cols, g, output);
  if (bias)
    for (int64_t n = 0; n < g.batch; ++n)
      for (int64_t p = 0; p < g.channels; ++p) {
        T* o = output + (n * g.channels + p) * imageSize;
        const T b = bias[p];
        for (int64_t i = 0; i < imageSize; ++i) o[i] += b;
      }
}

template <typename T>
void ColumnConvolution<T>::transposedBackwardData(const VolumeGeometry& g, int64_t inPlanes, int64_t groups,
                                                  const T* gradOutput, const T* weight, T* gradInput) {
  const int64_t S = g.positionCount(), width = g.batch * S;
  const int64_t kSize = g.channels / groups * g.kernelSize(), inPerGroup = inPlanes / groups;
  T* cols = gradColumns_.resize({g.channels * g.kernelSize(), width}).data();
  vol2col(gradOutput, g, cols);
  columnsOf_ = gradOutput;
  T* rows = g.batch == 1 ? gradInput : rows_.resize({inPlanes, width}).data();
  for (int64_t gr = 0; gr < groups; ++gr)
    gemmRaw<T>(false, false, inPerGroup, width, kSize, T(1), weight + gr * inPerGroup * kSize, kSize,
               cols + gr * kSize * width, width, T(0), rows + gr * inPerGroup * width, width);
  if (g.batch > 1) unpackRows(rows, g.batch, inPlanes, S, static_cast<const T*>(nullptr), gradInput);
}

template <typename T>
void ColumnConvolution<T>::transposedAccGradParameters(const VolumeGeometry& g, int64_t inPlanes,
                                                       int64_t groups, const T* input, const T* gradOutput,
                                                       T* gradWeight, T* gradBias) {
  const int64_t S = g.positionCount(), width = g.batch * S;
  const int64_t kSize = g.channels / groups * g.kernelSize(), inPerGroup = inPlanes / groups;
  if (columnsOf_ != gradOutput) {
    vol2col(gradOutput, g, gradColumns_.resize({g.channels * g.kernelSize(), width}).data());
  }
  columnsOf_ = nullptr;
  const T* x = g.batch == 1 ? input : inputRows_.data();
  // gradW_g [Cin/g, Cout/g * k] += x_g [Cin/g, N*S] cols_g^T
  for (int64_t gr = 0; gr < groups; ++gr)
    gemmRaw<T>(false, true, inPerGroup, kSize, width, T(1), x + gr * inPerGroup * width, width,
               gradColumns_.data() + gr * kSize * width, width, T(1), gradWeight + gr * inPerGroup * kSize,
               kSize);
  if (gradBias) accBias(gradOutput, g.batch, g.channels, g.imageSize(), gradBias);
}

template void vol2col<float>(const float*, const VolumeGeometry&, float*);
template void vol2col<double>(const double*, const VolumeGeometry&, double*);
template void col2vol<float>(const float*, const VolumeGeometry&, float*);
template void col2vol<double>(const double*, const VolumeGeometry&, double*);
template class ColumnConvolution<float>;
template class ColumnConvolution<double>;

}  // namespace ringdl::detail
