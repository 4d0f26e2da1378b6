// Mean<T>: BigDL's Mean(dimension, nInputDims, squeeze): the mean of the input along dimension (0-based), Sum
// with sizeAverage.
#pragma once

#include "ringdl/nn/layers/reduction/sum.h"

namespace ringdl {

struct MeanOptions {
  int64_t dimension = 0;
  int64_t nInputDims = 0;  ///< 0: no batch rule
  bool squeeze = true;
  template <typename V>
  void fields(V& v) {
    v("dimension", dimension);
    v("nInputDims", nInputDims);
    v("squeeze", squeeze);
  }
};

template <typename T>
class Mean : public Sum<T> {
 public:
  /// As Sum's.
  explicit Mean(int64_t dimension = 0, int64_t nInputDims = 0, bool squeeze = true)
      : Mean(MeanOptions{dimension, nInputDims, squeeze}) {}
  explicit Mean(const MeanOptions& options)
      : Sum<T>(SumOptions{options.dimension, options.nInputDims, true, options.squeeze}, "Mean"),
        mean_(options) {}
  explicit Mean(const Attributes& a) : Mean(optionsFrom<MeanOptions>(a, "Mean")) {}

  Attributes config() const override { return attributesOf(mean_); }
  const MeanOptions& options() const { return mean_; }

 private:
  MeanOptions mean_;
};

extern template class Mean<float>;
extern template class Mean<double>;

}  // namespace ringdl
