// Transpose<T>: BigDL's Transpose(permutations): swaps the given pairs of dimensions (0-based), in order, as
// a view of the input (no copy; layers after it read strided tensors or make them contiguous themselves).
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct TransposeOptions {
  /// The pairs, flattened: {a0, b0, a1, b1, ...} swaps a0 with b0, then a1 with b1.
  std::vector<int64_t> permutations;
  template <typename V>
  void fields(V& v) {
    v("permutations", permutations, kRequired);
  }
};

template <typename T>
class Transpose : public TensorModule<T> {
 public:
  /// Negative dimensions count from the end (-1: the last).
  explicit Transpose(const std::vector<std::pair<int64_t, int64_t>>& permutations);
  explicit Transpose(const TransposeOptions& options);
  explicit Transpose(const Attributes& a) : Transpose(optionsFrom<TransposeOptions>(a, "Transpose")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TransposeOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  /// x with the pairs swapped, in order (reverse: undone, last pair first); names the layer on a bad pair.
  Tensor<T> swapped(const Tensor<T>& x, bool reverse) const;

  TransposeOptions options_;
};

extern template class Transpose<float>;
extern template class Transpose<double>;

}  // namespace ringdl
