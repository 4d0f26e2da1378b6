// LookupTable<T>: BigDL's LookupTable and PyTorch's nn.Embedding. Row i of a learnt weight [nIndex, nOutput]
// is the embedding of index i; an input [N] or [N, T] of 0-based indices (whole numbers held in the Tensor)
// gives [N, nOutput] or [N, T, nOutput]. The index paddingValue (if >= 0) is a row that never gets a gradient
// (and, as in PyTorch, starts at zeros); with a finite maxNorm, every row looked up whose normType-norm
// exceeds maxNorm is scaled down to it in forward, in the weight itself, as PyTorch's max_norm does.
#pragma once

#include <limits>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct LookupTableOptions {
  int64_t nIndex = 0;         ///< the number of rows (indices 0 .. nIndex - 1)
  int64_t nOutput = 0;        ///< the size of an embedding
  int64_t paddingValue = -1;  ///< an index without gradient; -1: none
  double maxNorm =
      std::numeric_limits<double>::infinity();  ///< rows looked up are renormalised to it; inf: never
  double normType = 2;                          ///< the p of the p-norm maxNorm bounds
  template <typename V>
  void fields(V& v) {
    v("nIndex", nIndex, kRequired);
    v("nOutput", nOutput, kRequired);
    v("paddingValue", paddingValue);
    v("maxNorm", maxNorm);
    v("normType", normType);
  }
};

template <typename T>
class LookupTable : public TensorModule<T> {
 public:
  LookupTable(int64_t nIndex, int64_t nOutput, int64_t paddingValue = -1,
              double maxNorm = std::numeric_limits<double>::infinity(), double normType = 2)
      : LookupTable(LookupTableOptions{nIndex, nOutput, paddingValue, maxNorm, normType}) {}
  explicit LookupTable(const LookupTableOptions& options);
  explicit LookupTable(const Attributes& a)
      : LookupTable(optionsFrom<LookupTableOptions>(a, "LookupTable")) {}

  /// N(0, 1) per element (BigDL's and PyTorch's), the padding row zeros.
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LookupTableOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }
  /// Copies pretrained embeddings [nIndex, nOutput] into the weight (then freeze() keeps them fixed).
  LookupTable& setWeight(const Tensor<T>& weight);

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// The input's indices, checked: whole numbers in 0 .. nIndex - 1 (an Error names the index and where it
  /// is).
  const std::vector<int64_t>& indicesOf(const Tensor<T>& input);
  void checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const;

  LookupTableOptions options_;
  Tensor<T> weight_, gradWeight_;
  std::vector<int64_t> indices_;  ///< of the last input read
};

extern template class LookupTable<float>;
extern template class LookupTable<double>;

namespace detail {
/// The indices held in `values` (n of them, as whole numbers), each in 0 .. count - 1; an Error prefixed with
/// `where` names the first one that is not, with its position in `shape`. Shared by the embedding layers.
template <typename T>
void readIndices(const T* values, int64_t n, const Shape& shape, int64_t count, const std::string& where,
                 std::vector<int64_t>& out, bool allowNegative = false);
/// Scales each listed row of weight [rows, cols] whose p-norm exceeds maxNorm down to maxNorm (PyTorch's
/// embedding_renorm_: a factor maxNorm / (norm + 1e-7)), each row once.
template <typename T>
void renormRows(Tensor<T>& weight, const std::vector<int64_t>& rows, double maxNorm, double p);
}  // namespace detail

}  // namespace ringdl
