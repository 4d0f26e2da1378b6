// Max and Min along a dimension: forward keeps the winning index of every output element (BigDL's indices),
// backward scatters gradOutput to those indices.
#pragma once

#include <string>
#include <vector>

#include "reduce.h"

namespace ringdl::detail {

template <typename T, typename Better>
void extremeForward(const Tensor<T>& input, int64_t dim, int64_t numInputDims, const std::string& where,
                    Better better, Tensor<T>& buffer, std::vector<int64_t>& arg, Tensor<T>& output) {
  const int64_t d = reducedDimension(dim, numInputDims, input.shape(), where);
  const auto [outer, inner] = outerInner(input.shape(), d);
  const Tensor<T> x = input.contiguous();
  buffer.resize(reducedShape(input.shape(), d, true));
  arg.resize(static_cast<size_t>(outer * inner));
  extremeAlong(x.data(), outer, input.size(d), inner, better, buffer.data(), arg.data());
  output = buffer;
}

template <typename T>
void extremeBackward(const Tensor<T>& input, const Tensor<T>& gradOutput, int64_t dim, int64_t numInputDims,
                     const std::string& where, const std::vector<int64_t>& arg, Tensor<T>& buffer,
                     Tensor<T>& gradInput) {
  const int64_t d = reducedDimension(dim, numInputDims, input.shape(), where);
  const Shape outShape = reducedShape(input.shape(), d, true);
  RINGDL_CHECK(gradOutput.shape() == outShape, where, ": gradOutput has shape ", toString(gradOutput.shape()),
               " but the output has ", toString(outShape));
  const auto [outer, inner] = outerInner(input.shape(), d);
  RINGDL_CHECK(static_cast<int64_t>(arg.size()) == outer * inner, where,
               ": backward needs the forward of the same input first");
  const int64_t size = input.size(d);
  const Tensor<T> g = gradOutput.contiguous();
  buffer.resize(input.shape()).zero();
  T* gx = buffer.data();
  const T* gy = g.data();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) gx[(o * size + arg[o * inner + i]) * inner + i] = gy[o * inner + i];
  gradInput = buffer;
}

}  // namespace ringdl::detail
