// Replicate<T>: BigDL's Replicate(nFeatures, dim, nDim): a new dimension of size nFeatures at dim (0-based),
// along which the input is repeated; backward sums the copies.
#pragma once

#include <optional>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct ReplicateOptions {
  int64_t nFeatures = 1;
  int64_t dim = 0;
  std::optional<int64_t> nDim;  ///< unset (BigDL's Int.MaxValue): no batch rule
  template <typename V>
  void fields(V& v) {
    v("nFeatures", nFeatures, kRequired);
    v("dim", dim);
    v("nDim", nDim);
  }
};

template <typename T>
class Replicate : public TensorModule<T> {
 public:
  /// dim: 0 .. rank of the input. With nDim set, an input of more than nDim dimensions is a batch and dim
  /// counts from its second.
  explicit Replicate(int64_t nFeatures, int64_t dim = 0, std::optional<int64_t> nDim = std::nullopt)
      : Replicate(ReplicateOptions{nFeatures, dim, nDim}) {}
  explicit Replicate(const ReplicateOptions& options);
  explicit Replicate(const Attributes& a) : Replicate(optionsFrom<ReplicateOptions>(a, "Replicate")) {}

  Attributes config() const override { return attributesOf(options_); }
  const ReplicateOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  int64_t position(const Tensor<T>& input) const;

  ReplicateOptions options_;
  Tensor<T> out_, grad_;
};

extern template class Replicate<float>;
extern template class Replicate<double>;

}  // namespace ringdl
