// Unsqueeze<T>: BigDL's Unsqueeze(pos, numInputDims): inserts a dimension of size 1 at pos (0-based), as a
// view of the input.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct UnsqueezeOptions {
  int64_t pos = 0;
  int64_t numInputDims = 0;  ///< 0: no batch rule
  template <typename V>
  void fields(V& v) {
    v("pos", pos, kRequired);
    v("numInputDims", numInputDims);
  }
};

template <typename T>
class Unsqueeze : public TensorModule<T> {
 public:
  /// pos: 0 .. rank (rank appends); negative counts from the end of the output (-1: a new last dimension).
  /// With numInputDims > 0 an input of numInputDims + 1 dimensions is a batch and pos counts from its second.
  explicit Unsqueeze(int64_t pos, int64_t numInputDims = 0)
      : Unsqueeze(UnsqueezeOptions{pos, numInputDims}) {}
  explicit Unsqueeze(const UnsqueezeOptions& options);
  explicit Unsqueeze(const Attributes& a) : Unsqueeze(optionsFrom<UnsqueezeOptions>(a, "Unsqueeze")) {}

  Attributes config() const override { return attributesOf(options_); }
  const UnsqueezeOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  int64_t position(int64_t rank) const;

  UnsqueezeOptions options_;
};

extern template class Unsqueeze<float>;
extern template class Unsqueeze<double>;

}  // namespace ringdl
