// JoinTable<T>: BigDL's JoinTable(dimension, nInputDims): concatenates a Table of Tensors along a dimension
// (0-based; negative counts from the end). With nInputDims > 0, entries of nInputDims + 1 dimensions are a
// batch: the dimension counts from the second, so one layer joins single samples and mini-batches alike.
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct JoinTableOptions {
  int64_t dimension = 0;
  int64_t nInputDims = 0;  ///< dimensions of one sample; 0: no batch rule
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension, kRequired);
    v("nInputDims", nInputDims);
  }
};

template <typename T>
class JoinTable : public Module<T> {
 public:
  explicit JoinTable(int64_t dimension, int64_t nInputDims = 0)
      : JoinTable(JoinTableOptions{dimension, nInputDims}) {}
  explicit JoinTable(JoinTableOptions options);
  explicit JoinTable(const Attributes& a) : JoinTable(optionsFrom<JoinTableOptions>(a, "JoinTable")) {}

  Attributes config() const override { return attributesOf(options_); }
  const JoinTableOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// The output's shape and (in d) the join dimension for this input, whose entries it checks: Tensors of one
  /// rank agreeing in every dimension but d.
  Shape joinedShape(const Activity<T>& input, int64_t& d) const;

  JoinTableOptions options_;
};

extern template class JoinTable<float>;
extern template class JoinTable<double>;

}  // namespace ringdl
