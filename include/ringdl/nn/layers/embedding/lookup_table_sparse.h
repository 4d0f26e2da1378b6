// LookupTableSparse<T>: BigDL's LookupTableSparse (TensorFlow's embedding_lookup_sparse) on dense, padded
// ids: input {ids [N, K], weights [N, K]} (or {ids} alone: every weight 1) gives [N, nOutput], row n the
// combination of the embeddings of its ids, each times its weight: "sum" (sum w_k E[id_k],
// torch.nn.EmbeddingBag(mode="sum") with per_sample_weights), "mean" (that divided by sum w_k) or "sqrtn"
// (divided by sqrt(sum w_k^2)). Rows are ragged through padding: an id < 0 is no id (its weight is not read).
// A row without ids, or whose divisor is 0, gives zeros. Ids are 0-based (BigDL's are 1-based). maxNorm
// renormalises the rows looked up as LookupTable's does. The ids' gradient is zeros; the weights get their
// true gradient.
#pragma once

#include <limits>
#include <string>
#include <utility>

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"  // RINGDL_CHECK_LAYER

namespace ringdl {

struct LookupTableSparseOptions {
  int64_t nIndex = 0;
  int64_t nOutput = 0;
  std::string combiner = "sum";                              ///< "sum", "mean" or "sqrtn"
  double maxNorm = std::numeric_limits<double>::infinity();  ///< inf: never renormalise
  template <typename V>
  void fields(V& v) {
    v("nIndex", nIndex, kRequired);
    v("nOutput", nOutput, kRequired);
    v("combiner", combiner);
    v("maxNorm", maxNorm);
  }
};

template <typename T>
class LookupTableSparse : public TableToTensor<T> {
 public:
  LookupTableSparse(int64_t nIndex, int64_t nOutput, std::string combiner = "sum",
                    double maxNorm = std::numeric_limits<double>::infinity())
      : LookupTableSparse(LookupTableSparseOptions{nIndex, nOutput, std::move(combiner), maxNorm}) {}
  explicit LookupTableSparse(const LookupTableSparseOptions& options);
  explicit LookupTableSparse(const Attributes& a)
      : LookupTableSparse(optionsFrom<LookupTableSparseOptions>(a, "LookupTableSparse")) {}

  /// N(0, 1) per element.
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const LookupTableSparseOptions& options() const { return options_; }
  Tensor<T>& weight() { return weight_; }

  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  /// Reads the ids (checked; -1 for padding) and each row's divisor from the entries.
  void readRows(const std::vector<Tensor<T>>& inputs);
  T weightAt(const std::vector<Tensor<T>>& inputs, int64_t i) const {
    return inputs.size() > 1 ? inputs[1].data()[i] : T(1);
  }

  LookupTableSparseOptions options_;
  enum class Combiner { kSum, kMean, kSqrtn } combiner_;
  Tensor<T> weight_, gradWeight_;
  std::vector<int64_t> ids_;     ///< of the last input, -1 for padding
  std::vector<double> divisor_;  ///< per row: 1, sum w or sqrt(sum w^2); 0 for a row that gives zeros
};

extern template class LookupTableSparse<float>;
extern template class LookupTableSparse<double>;

}  // namespace ringdl
