// BatchNormalization<T> (input [N, C]) and SpatialBatchNormalization<T> (input [N, C, H, W]): Ioffe &
// Szegedy's batch normalisation per channel, as BigDL and PyTorch do it. In training, each channel is
// normalised with the batch's mean and biased variance, and the running statistics (buffers runningMean,
// runningVar, saved with the model) move towards the batch's mean and unbiased variance by `momentum`;
// evaluate() normalises with the running statistics. With `affine`, a learnt scale (weight, initially 1) and
// shift (bias, initially 0) follow.
#pragma once

#include <vector>

#include "ringdl/nn/cross_rank.h"
#include "ringdl/nn/fusion.h"
#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

struct BatchNormalizationOptions {
  int64_t nOutput = 0;    ///< channels
  double eps = 1e-5;      ///< added to the variance
  double momentum = 0.1;  ///< running = (1 - momentum) running + momentum batch
  bool affine = true;     ///< learn a per-channel scale and shift
  template <typename V>
  void fields(V& v) {
    v("nOutput", nOutput, kRequired);
    v("eps", eps);
    v("momentum", momentum);
    v("affine", affine);
  }
};

template <typename T>
class BatchNormalization : public TensorModule<T>, public CrossRankLayer, public ChannelAffine<T> {
 public:
  explicit BatchNormalization(int64_t nOutput, double eps = 1e-5, double momentum = 0.1, bool affine = true)
      : BatchNormalization(BatchNormalizationOptions{nOutput, eps, momentum, affine}) {}
  explicit BatchNormalization(const BatchNormalizationOptions& options)
      : BatchNormalization("BatchNormalization", 2, options) {}
  explicit BatchNormalization(const Attributes& a)
      : BatchNormalization(optionsFrom<BatchNormalizationOptions>(a, "BatchNormalization")) {}

  /// weight = 1, bias = 0, runningMean = 0, runningVar = 1 (PyTorch's initial state).
  void reset() override;
  Attributes config() const override { return attributesOf(options_); }
  const BatchNormalizationOptions& options() const { return options_; }

  Tensor<T>& weight() { return weight_; }
  Tensor<T>& bias() { return bias_; }
  Tensor<T>& runningMean() { return runningMean_; }
  Tensor<T>& runningVar() { return runningVar_; }
  void setCrossRankSum(CrossRankSum* sums) override { crossRank_ = sums; }
  void idleForward() override;
  void idleBackward() override;
  /// SpatialBatchNormalization in evaluate mode: scale = weight / sqrt(runningVar + eps), shift = bias -
  /// runningMean * scale (nn/fusion.h); false in training mode and for the [N, C] layer.
  bool channelAffine(Tensor<T>& scale, Tensor<T>& shift) const override;

 protected:
  /// For SpatialBatchNormalization: its type name and input rank.
  BatchNormalization(const char* typeName, int64_t rank, const BatchNormalizationOptions& options);

  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override;
  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override;
  void accGradParameters(const Tensor<T>& input, const Tensor<T>& gradOutput) override;

 private:
  /// The input as [batch, channels, inner] (inner = H W for images), checked against the layer.
  struct Geometry {
    int64_t batch = 0, inner = 1;
  };
  Geometry geometryOf(const Tensor<T>& input) const;
  /// Training: the batch's mean and 1/sqrt(var + eps) into mean_ and invStd_ (over every rank when
  /// synchronised; `in` holds g.batch x C x g.inner values, none for an idle rank), and the running
  /// statistics.
  void batchStatisticsOf(const T* in, const Geometry& g);
  /// Per channel, sum(gradOutput) and sum(gradOutput * xhat) into gradSums_ (2 C values).
  void computeGradSums(const Tensor<T>& input, const Tensor<T>& gradOutput);

  BatchNormalizationOptions options_;
  int64_t rank_;
  Tensor<T> weight_, bias_, gradWeight_, gradBias_;
  Tensor<T> runningMean_, runningVar_;
  // From the last forward: the mean and 1/sqrt(var + eps) it normalised with, and whether they were the
  // batch's (training) or the running ones (evaluate).
  std::vector<double> mean_, invStd_;
  bool batchStatistics_ = true;
  double count_ = 0;  // values per channel the statistics came from (over every rank when synchronised)
  std::vector<double> gradSums_;  // this rank's
  bool gradSumsFresh_ = false;
  CrossRankSum* crossRank_ = nullptr;
};

template <typename T>
class SpatialBatchNormalization : public BatchNormalization<T> {
 public:
  explicit SpatialBatchNormalization(int64_t nOutput, double eps = 1e-5, double momentum = 0.1,
                                     bool affine = true)
      : SpatialBatchNormalization(BatchNormalizationOptions{nOutput, eps, momentum, affine}) {}
  explicit SpatialBatchNormalization(const BatchNormalizationOptions& options)
      : BatchNormalization<T>("SpatialBatchNormalization", 4, options) {}
  explicit SpatialBatchNormalization(const Attributes& a)
      : SpatialBatchNormalization(optionsFrom<BatchNormalizationOptions>(a, "SpatialBatchNormalization")) {}
};

extern template class BatchNormalization<float>;
extern template class BatchNormalization<double>;

}  // namespace ringdl
