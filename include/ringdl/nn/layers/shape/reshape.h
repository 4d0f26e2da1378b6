// Reshape<T>: BigDL's Reshape(size, batchMode): gives each sample the shape `size`, keeping the batch
// dimension when the input is a batch; a copy-free view whenever the input is contiguous.
#pragma once

#include <optional>
#include <utility>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct ReshapeOptions {
  Shape size;
  /// Unset (not saved) decides per input; see Reshape.
  std::optional<bool> batchMode;
  template <typename V>
  void fields(V& v) {
    v("size", size, kRequired);
    v("batchMode", batchMode);
  }
};

template <typename T>
class Reshape : public TensorModule<T> {
 public:
  /// size: the per-sample shape (positive sizes). batchMode: true treats dimension 0 as the batch, false
  /// never does; unset decides per input as BigDL does: the input is one sample if it has exactly numel(size)
  /// elements and a first dimension other than 1, and otherwise a batch of input.size(0) samples.
  explicit Reshape(Shape size, std::optional<bool> batchMode = std::nullopt)
      : Reshape(ReshapeOptions{std::move(size), batchMode}) {}
  explicit Reshape(ReshapeOptions options);
  explicit Reshape(const Attributes& a) : Reshape(optionsFrom<ReshapeOptions>(a, "Reshape")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ReshapeOptions& options() const { return options_; }
  const Shape& size() const { return options_.size; }
  std::optional<bool> batchMode() const { return options_.batchMode; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  ReshapeOptions options_;
  int64_t sampleElements_;
};

extern template class Reshape<float>;
extern template class Reshape<double>;

}  // namespace ringdl
