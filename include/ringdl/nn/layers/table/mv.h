// MV<T>: {M, v} -> op(M) v, a matrix [m, n] times a vector [n] (output [m]), or each pair of a batch, [N, m,
// n] times [N, n] (output [N, m]); op transposes M when trans (BigDL's MV(trans)). One GEMV-shaped GEMM per
// pair.
#pragma once

#include "ringdl/nn/layers/table/table_to_tensor.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MVOptions {
  bool trans = false;
  template <typename V>
  void fields(V& v) {
    v("trans", trans);
  }
};

template <typename T>
class MV : public TableToTensor<T> {
 public:
  explicit MV(bool trans = false) : MV(MVOptions{trans}) {}
  explicit MV(const MVOptions& options)
      : TableToTensor<T>("MV", TableEntries::exactly({"M", "v"})), options_(options) {}
  explicit MV(const Attributes& a) : MV(optionsFrom<MVOptions>(a, "MV")) {}

  Attributes config() const override { return attributesOf(options_); }
  const MVOptions& options() const { return options_; }

 protected:
  void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
  void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                       std::vector<Tensor<T>>& gradInput) override;

 private:
  /// op(M) is m x k over `batch` pairs; M is stored rows x cols.
  struct Dims {
    int64_t batch, m, k, rows, cols;
  };
  Dims dimsOf(const Tensor<T>& matrix, const Tensor<T>& vector) const;

  MVOptions options_;
};

extern template class MV<float>;
extern template class MV<double>;

}  // namespace ringdl
