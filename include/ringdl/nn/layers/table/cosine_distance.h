// CosineDistance<T>: {a, b} -> the cosine similarity of each row, a.b / (|a| |b|), for a and b of one shape
// [N, D] (output [N]) or [D] (output [1]) (BigDL's CosineDistance: despite the name, a similarity in [-1,
// 1]). As in BigDL, 1e-12 is added to each squared norm, a.b / sqrt((|a|^2 + 1e-12) (|b|^2 + 1e-12)), so a
// zero row gives 0 and a finite gradient (b / (1e-6 |b|) for a zero a) instead of nan. PyTorch's
// cosine_similarity clamps the norms at 1e-8 instead; the two agree wherever the norms are not tiny.
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct CosineDistanceOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class CosineDistance : public TableToTensor<T> {
 public:
  /// Added to each squared norm (BigDL's epsilon).
  static constexpr double kEpsilon = 1e-12;

  CosineDistance() : TableToTensor<T>("CosineDistance", TableEntries::exactly({"a", "b"}).ofOneShape()) {}
  explicit CosineDistance(const CosineDistanceOptions&) : CosineDistance() {}
  explicit CosineDistance(const Attributes& a)
      : CosineDistance(optionsFrom<CosineDistanceOptions>(a, "CosineDistance")) {}

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;
};

extern template class CosineDistance<float>;
extern template class CosineDistance<double>;

}  // namespace ringdl
