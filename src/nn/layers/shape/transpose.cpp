// Transpose<T>: the output and gradInput are strided views (Tensor::transpose swaps sizes and strides).
#include "ringdl/nn/layers/shape/transpose.h"

namespace ringdl {

namespace {
TransposeOptions optionsOf(const std::vector<std::pair<int64_t, int64_t>>& pairs) {
  TransposeOptions o;
  for (const auto& [a, b] : pairs) o.permutations.insert(o.permutations.end(), {a, b});
  return o;
}
}  // namespace

template <typename T>
Transpose<T>::Transpose(const std::vector<std::pair<int64_t, int64_t>>& permutations)
    : Transpose(optionsOf(permutations)) {}

template <typename T>
Transpose<T>::Transpose(const TransposeOptions& options) : TensorModule<T>("Transpose"), options_(options) {
  RINGDL_CHECK(!options.permutations.empty() && options.permutations.size() % 2 == 0,
               "Transpose needs pairs of dimensions, {a0, b0, a1, b1, ...}, got ",
               toString(options.permutations));
}

template <typename T>
Tensor<T> Transpose<T>::swapped(const Tensor<T>& x, bool reverse) const {
  const int64_t rank = x.dim();
  const auto& p = options_.permutations;
  const int64_t pairs = static_cast<int64_t>(p.size() / 2);
  Tensor<T> v = x;
  for (int64_t k = 0; k < pairs; ++k) {
    const int64_t i = reverse ? pairs - 1 - k : k;
    const int64_t a = p[2 * i], b = p[2 * i + 1];
    RINGDL_CHECK_LAYER(a >= -rank && a < rank && b >= -rank && b < rank, "cannot swap dimensions ", a,
                       " and ", b, " of an input of shape ", ringdl::toString(x.shape()), " (", rank,
                       " dimensions: 0 to ", rank - 1, ", or -1 to -", rank, " from the end)");
    v = v.transpose(a, b);
  }
  return v;
}

template <typename T>
void Transpose<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  output = swapped(input, false);
}

template <typename T>
void Transpose<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                   Tensor<T>& gradInput) {
  gradInput = swapped(gradOutput, true);
  RINGDL_CHECK_LAYER(gradInput.shape() == input.shape(), "gradOutput has shape ",
                     ringdl::toString(gradOutput.shape()), ", which does not transpose back to the input's ",
                     ringdl::toString(input.shape()));
}

template class Transpose<float>;
template class Transpose<double>;

}  // namespace ringdl
