// InferReshape<T>: BigDL's InferReshape(size, batchMode): Reshape where a size of -1 is inferred and a size
// of 0 copies the input's size at that position; a view whenever the input is contiguous.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct InferReshapeOptions {
  std::vector<int64_t> size;
  bool batchMode = false;
  template <typename V>
  void fields(V& v) {
    v("size", size, kRequired);
    v("batchMode", batchMode);
  }
};

template <typename T>
class InferReshape : public TensorModule<T> {
 public:
  /// size: positive sizes, at most one -1 and any 0s (0 at position i: the input's size i, counted after the
  /// batch dimension in batchMode). batchMode: dimension 0 is the batch, kept in front of `size`.
  explicit InferReshape(std::vector<int64_t> size, bool batchMode = false)
      : InferReshape(InferReshapeOptions{std::move(size), batchMode}) {}
  explicit InferReshape(const InferReshapeOptions& options);
  explicit InferReshape(const Attributes& a)
      : InferReshape(optionsFrom<InferReshapeOptions>(a, "InferReshape")) {}

  Attributes config() const override { return attributesOf(options_); }
  const InferReshapeOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  InferReshapeOptions options_;
};

extern template class InferReshape<float>;
extern template class InferReshape<double>;

}  // namespace ringdl
