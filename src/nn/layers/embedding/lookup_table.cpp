// LookupTable<T>: forward copies rows, backward scatter-adds gradOutput's rows into the weight's gradient (no
// dense GEMM: a batch touches only the rows it looks up).
#include "ringdl/nn/layers/embedding/lookup_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "ringdl/tensor/random.h"

namespace ringdl {

namespace detail {

namespace {
/// "[1, 2]": where element i of a tensor of that shape is.
std::string positionOf(int64_t i, const Shape& shape) {
  std::vector<int64_t> at(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    at[d] = i % shape[d];
    i /= shape[d];
  }
  std::string s = "[";
  for (size_t d = 0; d < at.size(); ++d) s += (d ? ", " : "") + std::to_string(at[d]);
  return s + "]";
}
}  // namespace

template <typename T>
void readIndices(const T* values, int64_t n, const Shape& shape, int64_t count, const std::string& where,
                 std::vector<int64_t>& out, bool allowNegative) {
  out.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const T v = values[i];
    RINGDL_CHECK(std::isfinite(static_cast<double>(v)) && v == std::floor(v), where, ": the index at ",
                 positionOf(i, shape), " is ", v,
                 ", not a whole number (indices are 0-based row numbers held ", "as whole numbers)");
    const int64_t k = static_cast<int64_t>(v);
    if (allowNegative && k < 0) {
      out[static_cast<size_t>(i)] = -1;
      continue;
    }
    RINGDL_CHECK(k >= 0 && k < count, where, ": the index at ", positionOf(i, shape), " is ", k,
                 ", outside 0 .. ", count - 1, " (indices are 0-based",
                 k == count ? "; BigDL's are 1-based: subtract 1" : "", ")");
    out[static_cast<size_t>(i)] = k;
  }
}

template <typename T>
void renormRows(Tensor<T>& weight, const std::vector<int64_t>& rows, double maxNorm, double p) {
  if (!std::isfinite(maxNorm)) return;
  std::vector<int64_t> unique;
  for (int64_t r : rows)
    if (r >= 0) unique.push_back(r);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  const int64_t cols = weight.size(1);
  for (int64_t r : unique) {
    T* row = weight.data() + r * cols;
    double norm = 0;
    if (std::isinf(p)) {
      for (int64_t j = 0; j < cols; ++j) norm = std::max(norm, std::abs(static_cast<double>(row[j])));
    } else {
      for (int64_t j = 0; j < cols; ++j) norm += std::pow(std::abs(static_cast<double>(row[j])), p);
      norm = std::pow(norm, 1.0 / p);
    }
    // A renormalised row's norm, recomputed from rounded floats, can land a few ulps above maxNorm: rows
    // within a relative 1e-6 of it count as within, so that looking a row up again leaves it as it is.
    if (norm <= maxNorm * (1 + 1e-6)) continue;
    const T factor = static_cast<T>(maxNorm / (norm + 1e-7));
    for (int64_t j = 0; j < cols; ++j) row[j] *= factor;
  }
}

template void readIndices<float>(const float*, int64_t, const Shape&, int64_t, const std::string&,
                                 std::vector<int64_t>&, bool);
template void readIndices<double>(const double*, int64_t, const Shape&, int64_t, const std::string&,
                                  std::vector<int64_t>&, bool);
template void renormRows<float>(Tensor<float>&, const std::vector<int64_t>&, double, double);
template void renormRows<double>(Tensor<double>&, const std::vector<int64_t>&, double, double);

}  // namespace detail

template <typename T>
LookupTable<T>::LookupTable(const LookupTableOptions& options)
    : TensorModule<T>("LookupTable"), options_(options) {
  RINGDL_CHECK(options_.nIndex > 0 && options_.nOutput > 0,
               "LookupTable needs positive sizes, got nIndex=", options_.nIndex,
               " nOutput=", options_.nOutput);
  RINGDL_CHECK(options_.paddingValue >= -1 && options_.paddingValue < options_.nIndex,
               "LookupTable: paddingValue must be an index in 0 .. ", options_.nIndex - 1,
               " or -1 for none, got ", options_.paddingValue);
  RINGDL_CHECK(options_.maxNorm > 0, "LookupTable: maxNorm must be positive (inf for none), got ",
               options_.maxNorm);
  RINGDL_CHECK(options_.normType > 0, "LookupTable: normType must be positive, got ", options_.normType);
  weight_ = Tensor<T>({options_.nIndex, options_.nOutput});
  gradWeight_ = Tensor<T>({options_.nIndex, options_.nOutput});
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
void LookupTable<T>::reset() {
  Random::global().fillNormal(weight_, 0.0, 1.0);
  if (options_.paddingValue >= 0) weight_.select(0, options_.paddingValue).zero();
  gradWeight_.zero();
}

template <typename T>
LookupTable<T>& LookupTable<T>::setWeight(const Tensor<T>& weight) {
  RINGDL_CHECK_LAYER(weight.shape() == weight_.shape(), "setWeight takes embeddings of shape ",
                     toString(weight_.shape()), " ([nIndex, nOutput]), got ", toString(weight.shape()));
  weight_.copyFrom(weight);
  return *this;
}

template <typename T>
const std::vector<int64_t>& LookupTable<T>::indicesOf(const Tensor<T>& input) {
  RINGDL_CHECK_LAYER(input.dim() == 1 || input.dim() == 2, "expected indices of shape [N] or [N, T], got ",
                     toString(input.shape()));
  const Tensor<T> x = input.contiguous();
  detail::readIndices(x.data(), x.numel(), x.shape(), options_.nIndex, this->where(), indices_);
  return indices_;
}

template <typename T>
void LookupTable<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const std::vector<int64_t>& idx = indicesOf(input);
  detail::renormRows(weight_, idx, options_.maxNorm, options_.normType);
  const int64_t h = options_.nOutput;
  Shape shape = input.shape();
  shape.push_back(h);
  output.resize(shape);
  for (size_t i = 0; i < idx.size(); ++i)
    std::memcpy(output.data() + static_cast<int64_t>(i) * h, weight_.data() + idx[i] * h, sizeof(T) * h);
}

template <typename T>
void LookupTable<T>::checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  Shape shape = input.shape();
  shape.push_back(options_.nOutput);
  RINGDL_CHECK_LAYER(gradOutput.shape() == shape, "gradOutput has shape ", toString(gradOutput.shape()),
                     ", expected ", toString(shape));
}

template <typename T>
void LookupTable<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                     Tensor<T>& gradInput) {
  // Indices select rather than weigh: their gradient is zero (BigDL's and PyTorch's).
  checkGradOutput(input, gradOutput);
  gradInput.resize(input.shape());
  gradInput.zero();
}

template <typename T>
void LookupTable<T>::accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) {
  checkGradOutput(input, gradOutput);
  const std::vector<int64_t>& idx = indicesOf(input);
  const Tensor<T> go = gradOutput.contiguous();
  const int64_t h = options_.nOutput;
  for (size_t i = 0; i < idx.size(); ++i) {
    if (idx[i] == options_.paddingValue) continue;
    const T* g = go.data() + static_cast<int64_t>(i) * h;
    T* gw = gradWeight_.data() + idx[i] * h;
    for (int64_t j = 0; j < h; ++j) gw[j] += g[j];
  }
}

template class LookupTable<float>;
template class LookupTable<double>;

}  // namespace ringdl
