// UpSampling3D<T>: BigDL's UpSampling3D(size): nearest-neighbour upsampling of [N, C, D, H, W] by the integer
// factors size = {depth, rows, columns}; backward sums the repeats.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct UpSampling3DOptions {
  std::vector<int64_t> size{2, 2, 2};
  template <typename V>
  void fields(V& v) {
    v("size", size);
  }
};

template <typename T>
class UpSampling3D : public TensorModule<T> {
 public:
  explicit UpSampling3D(std::vector<int64_t> size = {2, 2, 2})
      : UpSampling3D(UpSampling3DOptions{std::move(size)}) {}
  explicit UpSampling3D(const UpSampling3DOptions& options);
  explicit UpSampling3D(const Attributes& a)
      : UpSampling3D(optionsFrom<UpSampling3DOptions>(a, "UpSampling3D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const UpSampling3DOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  UpSampling3DOptions options_;
  Tensor<T> out_, grad_;
};

extern template class UpSampling3D<float>;
extern template class UpSampling3D<double>;

}  // namespace ringdl
