// MixtureTable<T>: BigDL's MixtureTable(dim): a mixture of experts. The input is a Table {gater, experts}:
// the gater [N, E] (or [E] for one sample) weighs E experts, given as a Table of E Tensors of one shape [N,
// ...] (or any shape for one sample) or as one Tensor whose dimension `dim` (0-based) indexes the experts,
// [N, E, ...] by default. The output is sum over e of gater[:, e] * expert e, of an expert's shape; backward
// gives gradients to both the gater and the experts.
#pragma once

#include <optional>

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MixtureTableOptions {
  /// The experts' dimension in a Tensor of experts; unset: 1 with a gater [N, E], 0 with a gater [E]. Not
  /// used with a Table of experts.
  std::optional<int64_t> dim;
  template <typename V>
  void fields(V& v) {
    v("dim", dim);
  }
};

template <typename T>
class MixtureTable : public Module<T> {
 public:
  MixtureTable() : MixtureTable(MixtureTableOptions{}) {}
  explicit MixtureTable(int64_t dim) : MixtureTable(MixtureTableOptions{dim}) {}
  explicit MixtureTable(MixtureTableOptions options);
  explicit MixtureTable(const Attributes& a)
      : MixtureTable(optionsFrom<MixtureTableOptions>(a, "MixtureTable")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MixtureTableOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// An input seen as N samples of E experts: each expert's part of a sample has `inner` elements, and a
  /// sample of a Tensor of experts has `perSample` runs of E such parts (the dimensions between the batch and
  /// dim).
  struct Geometry {
    bool tableOfExperts = false;
    int64_t samples = 1, experts = 0, perSample = 1, inner = 1;
    Shape outputShape;
  };
  /// The geometry of this input, which it checks.
  Geometry geometry(const Activity<T>& input) const;

  MixtureTableOptions options_;
  Tensor<T> gradGater_;  // this layer's own gradient buffers, reused
  Activity<T> gradExperts_;
};

extern template class MixtureTable<float>;
extern template class MixtureTable<double>;

}  // namespace ringdl
