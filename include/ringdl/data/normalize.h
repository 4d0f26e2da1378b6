// Normalize<T>: (x - mean) / std per channel or overall, and featureStats to compute mean and std from the
// data.
#pragma once

#include <vector>

#include "ringdl/data/transformer.h"

namespace ringdl {

/// Mean and standard deviation of features: one entry overall, or one per channel (dimension 1).
struct FeatureStats {
  std::vector<double> mean;
  std::vector<double> std;
};

/// The mean and population standard deviation (dividing by the count, as torchvision's published constants
/// do) of features [N, ...]: over all elements, or per channel (dimension 1 of [N, C, ...]) when perChannel
/// is true. Accumulates in double, so float data of any size is summed accurately. For configs that say
/// "normalize: auto": compute on the training set, then normalize training and validation with the same
/// values.
template <typename T>
FeatureStats featureStats(const Tensor<T>& features, bool perChannel = false);

/// x -> (x - mean[c]) / std[c] where c is the channel (dimension 1 of [N, C, ...]). One value (a scalar or a
/// one-element vector) applies to every element; C values need features with C channels in dimension 1.
template <typename T>
class Normalize : public Transformer<T> {
 public:
  /// One mean and std for every element; std must be positive.
  Normalize(double mean, double stddev);
  /// Per-channel means and stds (same length; one element broadcasts); every std must be positive.
  Normalize(std::vector<double> mean, std::vector<double> stddev);
  /// From featureStats() (overall or per channel).
  explicit Normalize(const FeatureStats& stats) : Normalize(stats.mean, stats.std) {}

  const std::vector<double>& mean() const { return mean_; }
  const std::vector<double>& std() const { return std_; }

  std::unique_ptr<Transformer<T>> clone() const override;
  /// "Normalize(mean=[0.286], std=[0.353])".
  std::string describe() const override;

 protected:
  void transformFeatures(Tensor<T>& features) const override;

 private:
  std::vector<double> mean_;
  std::vector<double> std_;
};

extern template FeatureStats featureStats(const Tensor<float>&, bool);
extern template FeatureStats featureStats(const Tensor<double>&, bool);
extern template class Normalize<float>;
extern template class Normalize<double>;

}  // namespace ringdl
