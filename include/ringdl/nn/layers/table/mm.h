// MM<T>: {A, B} -> op(A) op(B), the matrix product of two 2-D matrices, or of each pair in two batches of one
// rank with the same leading (batch) dimensions ([N, m, k] and [N, k, n] give [N, m, n]; BigDL's 4-D inputs
// work the same way); op transposes the last two dimensions of A when transA and of B when transB (BigDL's
// MM(transA, transB)). One GEMM per matrix pair.
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MMOptions {
  bool transA = false, transB = false;
  template <typename V>
  void fields(V& v) {
    v("transA", transA);
    v("transB", transB);
  }
};

template <typename T>
class MM : public TableToTensor<T> {
 public:
  explicit MM(bool transA = false, bool transB = false) : MM(MMOptions{transA, transB}) {}
  explicit MM(const MMOptions& options)
      : TableToTensor<T>("MM", TableEntries::exactly({"A", "B"})), options_(options) {}
  explicit MM(const Attributes& a) : MM(optionsFrom<MMOptions>(a, "MM")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MMOptions& options() const { return options_; }

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  /// The sizes of one product: op(A) is m x k, op(B) is k x n, over `batch` pairs.
  struct Dims {
    int64_t batch, m, k, n;
    int64_t aRows, aCols, bRows, bCols;  // as stored
  };
  Dims dimsOf(const Tensor<T>& a, const Tensor<T>& b) const;

  MMOptions options_;
};

extern template class MM<float>;
extern template class MM<double>;

}  // namespace ringdl
