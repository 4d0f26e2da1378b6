// Tile<T>: BigDL's Tile(dim, copies): the input repeated `copies` times along dim (0-based), [.., s, ..] to
// [.., s * copies, ..]; backward sums the copies.
#pragma once

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct TileOptions {
  int64_t dim = 0, copies = 2;
  template <typename V>
  void fields(V& v) {
    v("dim", dim);
    v("copies", copies);
  }
};

template <typename T>
class Tile : public TensorModule<T> {
 public:
  /// dim: negative counts from the end. copies: >= 1.
  explicit Tile(int64_t dim = 0, int64_t copies = 2) : Tile(TileOptions{dim, copies}) {}
  explicit Tile(const TileOptions& options);
  explicit Tile(const Attributes& a) : Tile(optionsFrom<TileOptions>(a, "Tile")) {}

  Attributes config() const override { return attributesOf(options_); }
  const TileOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  int64_t dimension(const Tensor<T>& input) const;

  TileOptions options_;
  Tensor<T> out_, grad_;
};

extern template class Tile<float>;
extern template class Tile<double>;

}  // namespace ringdl
