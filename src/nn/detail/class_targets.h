// Reads and validates 0-based class-index targets for the classification criterions (ClassNLLCriterion,
// CrossEntropyCriterion), so both report bad labels with the same message.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl::detail {

/// Rows and classes of a classification input: [N, C] is N rows, [C] is one row.
struct ClassInput {
  int64_t rows = 0, classes = 0;
};

/// Checks input is [N, C] or [C] and target is [N] or [N, 1] (a scalar or [1] for [C]); fills labels with the
/// validated class indices, -1 for a target equal to `padding` (a row the loss leaves out). where names the
/// criterion in messages.
template <typename T>
ClassInput readClassTargets(const std::string& where, const Tensor<T>& input, const Tensor<T>& target,
                            std::vector<int64_t>& labels, std::optional<int64_t> padding = std::nullopt) {
  RINGDL_CHECK(input.dim() == 1 || input.dim() == 2, where, ": expected input of shape [N, C] or [C], got ",
               toString(input.shape()));
  ClassInput ci;
  ci.rows = input.dim() == 2 ? input.size(0) : 1;
  ci.classes = input.size(-1);
  RINGDL_CHECK(ci.classes > 0, where, ": input of shape ", toString(input.shape()), " has no classes");
  const bool shapeOk = input.dim() == 2
                           ? (target.dim() == 1 && target.size(0) == ci.rows) ||
                                 (target.dim() == 2 && target.size(0) == ci.rows && target.size(1) == 1)
                           : target.numel() == 1 && target.dim() <= 1;
  RINGDL_CHECK(shapeOk, where, ": target of shape ", toString(target.shape()),
               " does not match input of shape ", toString(input.shape()), "; expected ",
               input.dim() == 2 ? "[" + std::to_string(ci.rows) + "] or [" + std::to_string(ci.rows) + ", 1]"
                                : std::string("a scalar or [1]"),
               " class indices");
  const Tensor<T> t = target.contiguous();
  const T* tv = t.data();
  labels.resize(ci.rows);
  for (int64_t i = 0; i < ci.rows; ++i) {
    const T v = tv[i];
    if (padding && v == static_cast<T>(*padding)) {
      labels[i] = -1;
      continue;
    }
    RINGDL_CHECK(std::isfinite(v) && v == std::floor(v), where, ": target ", v, " at position ", i,
                 " is not an integer class index; labels are 0-based (0..", ci.classes - 1, ")");
    RINGDL_CHECK(v >= T(0) && v < static_cast<T>(ci.classes), where, ": target ", v, " at position ", i,
                 " is out of range for ", ci.classes, " classes; labels are 0-based (0..", ci.classes - 1,
                 ")");
    labels[i] = static_cast<int64_t>(v);
  }
  return ci;
}

/// Class weights for a constructor: a 1-d contiguous copy, or an empty tensor for none.
template <typename T>
Tensor<T> classWeights(const std::string& type, const Tensor<T>& weights) {
  if (weights.numel() == 0) return Tensor<T>();
  RINGDL_CHECK(weights.dim() == 1, type, " needs 1-d class weights (one per class), got shape ",
               toString(weights.shape()));
  return weights.clone();
}

/// Class weights as the options hold them (a list, empty for none), and back.
template <typename T>
Tensor<T> classWeightsFrom(const std::vector<double>& w) {
  Tensor<T> t({static_cast<int64_t>(w.size())});
  for (size_t i = 0; i < w.size(); ++i) t.data()[i] = static_cast<T>(w[i]);
  return t;
}
template <typename T>
std::vector<double> classWeightsConfig(const Tensor<T>& weights) {
  std::vector<double> w;
  for (T v : weights.toVector()) w.push_back(static_cast<double>(v));
  return w;
}

/// Checks that class weights (empty for none) hold one value per class.
template <typename T>
void checkClassWeights(const std::string& where, const Tensor<T>& weights, int64_t classes) {
  RINGDL_CHECK(weights.numel() == 0 || weights.numel() == classes, where, ": ", weights.numel(),
               " class weights were given for an input with ", classes, " classes");
}

/// The batch normaliser of a (weighted) class criterion (Criterion::batchNormalizer): the summed weights of
/// the targets (the number of rows when unweighted), padded rows left out, with sizeAverage, std::nullopt
/// without.
template <typename T>
std::optional<double> classBatchNormalizer(const std::string& where, const Tensor<T>& weights,
                                           bool sizeAverage, const Tensor<T>& input, const Tensor<T>& target,
                                           std::optional<int64_t> padding = std::nullopt) {
  if (!sizeAverage) return std::nullopt;
  std::vector<int64_t> labels;
  readClassTargets(where, input, target, labels, padding);
  const Tensor<T> w = weights.contiguous();
  double total = 0;
  for (int64_t label : labels)
    if (label >= 0) total += weights.numel() ? static_cast<double>(w.data()[label]) : 1.0;
  return total;
}

}  // namespace ringdl::detail
