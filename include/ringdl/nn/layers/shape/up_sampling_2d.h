// UpSampling2D<T>: BigDL's UpSampling2D(size, format): nearest-neighbour upsampling of [N, C, H, W] (or
// [N, H, W, C] with format "NHWC") by the integer factors size = {rows, columns}; backward sums the repeats.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct UpSampling2DOptions {
  std::vector<int64_t> size{2, 2};
  std::string format = "NCHW";
  template <typename V>
  void fields(V& v) {
    v("size", size);
    v("format", format);
  }
};

template <typename T>
class UpSampling2D : public TensorModule<T> {
 public:
  explicit UpSampling2D(std::vector<int64_t> size = {2, 2}, std::string format = "NCHW")
      : UpSampling2D(UpSampling2DOptions{std::move(size), std::move(format)}) {}
  explicit UpSampling2D(const UpSampling2DOptions& options);
  explicit UpSampling2D(const Attributes& a)
      : UpSampling2D(optionsFrom<UpSampling2DOptions>(a, "UpSampling2D")) {}

  Attributes config() const override { return attributesOf(options_); }
  const UpSampling2DOptions& options() const { return options_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;

 private:
  UpSampling2DOptions options_;
  Tensor<T> out_, grad_;
};

extern template class UpSampling2D<float>;
extern template class UpSampling2D<double>;

}  // namespace ringdl
