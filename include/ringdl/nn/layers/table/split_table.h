// SplitTable<T>: BigDL's SplitTable(dimension, nInputDims): a Tensor to the Table of its slices along a
// dimension (0-based, removed from each slice; negative counts from the end), JoinTable's inverse with the
// same batch rule: with nInputDims > 0, an input of nInputDims + 1 dimensions is a batch and the dimension
// counts from its second.
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SplitTableOptions {
  int64_t dimension = 0;
  int64_t nInputDims = 0;  ///< dimensions of one sample; 0: no batch rule
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension, kRequired);
    v("nInputDims", nInputDims);
  }
};

template <typename T>
class SplitTable : public Module<T> {
 public:
  explicit SplitTable(int64_t dimension, int64_t nInputDims = 0)
      : SplitTable(SplitTableOptions{dimension, nInputDims}) {}
  explicit SplitTable(SplitTableOptions options);
  explicit SplitTable(const Attributes& a) : SplitTable(optionsFrom<SplitTableOptions>(a, "SplitTable")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SplitTableOptions& options() const { return options_; }

  /// The slices are views of the input (no copy).
  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// The split dimension for this input, which must be a Tensor with that dimension.
  int64_t splitDimension(const Activity<T>& input) const;

  SplitTableOptions options_;
};

extern template class SplitTable<float>;
extern template class SplitTable<double>;

}  // namespace ringdl
