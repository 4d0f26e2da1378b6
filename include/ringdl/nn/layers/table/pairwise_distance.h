// PairwiseDistance<T>: {a, b} -> ||a - b||_p of each row, for a and b of one shape [N, D] (output [N]) or [D]
// (output [1]) (BigDL's PairwiseDistance(norm)). As in BigDL, nothing is added to the difference (PyTorch's
// pairwise_distance adds eps = 1e-6 to it). The gradient is the exact one where it exists; where it does not,
// it is the subgradient 0, as torch.norm's: for a row with a == b, and for p = 1 at an element with a == b.
// (BigDL's backward adds 1e-6 to the distance, a relative error of about 1e-6 / distance, and takes -1 for
// sign(0).)
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct PairwiseDistanceOptions {
  double norm = 2;  ///< p, any real p >= 1 (BigDL's Int norm, widened)
  template <typename V>
  void fields(V& v) {
    v("norm", norm);
  }
};

template <typename T>
class PairwiseDistance : public TableToTensor<T> {
 public:
  explicit PairwiseDistance(double norm = 2) : PairwiseDistance(PairwiseDistanceOptions{norm}) {}
  explicit PairwiseDistance(const PairwiseDistanceOptions& options);
  explicit PairwiseDistance(const Attributes& a)
      : PairwiseDistance(optionsFrom<PairwiseDistanceOptions>(a, "PairwiseDistance")) {}

  double norm() const { return options_.norm; }
  Attributes config() const override { return attributesOf(options_); }
  const PairwiseDistanceOptions& options() const { return options_; }

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  PairwiseDistanceOptions options_;
};

extern template class PairwiseDistance<float>;
extern template class PairwiseDistance<double>;

}  // namespace ringdl
