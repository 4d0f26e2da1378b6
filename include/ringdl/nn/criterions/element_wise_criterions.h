// The element-wise criterions, one functor each over ElementWiseCriterion<T, Fn> (element_wise_criterion.h),
// with BigDL's names, options and defaults; each comment gives PyTorch's equivalent.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "ringdl/nn/criterions/element_wise_criterion.h"

namespace ringdl {

/// BigDL's AbsCriterion, PyTorch's L1Loss: sum |x - t|, divided by the number of elements with sizeAverage.
struct AbsCriterionFn {
  static constexpr const char* kName = "AbsCriterion";
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const { return std::abs(x - t); }
  double grad(double x, double t) const { return x > t ? 1.0 : x < t ? -1.0 : 0.0; }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};
template <typename T>
using AbsCriterion = ElementWiseCriterion<T, AbsCriterionFn>;

/// BigDL's BCECriterion, PyTorch's BCELoss: -w (t log(x + eps) + (1 - t) log(1 - x + eps)) for probabilities
/// x in [0, 1], BigDL's eps = 1e-12 (PyTorch clamps the logs at -100 instead; the two differ only within
/// 1e-12 of 0 and 1). weights: per element of the input or of one record (empty: none).
struct BCECriterionFn {
  static constexpr const char* kName = "BCECriterion";
  static constexpr double kEps = 1e-12;
  std::vector<double> weights;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const {
    return -(t * std::log(x + kEps) + (1 - t) * std::log(1 - x + kEps));
  }
  double grad(double x, double t) const { return -t / (x + kEps) + (1 - t) / (1 - x + kEps); }
  const char* invalid(double x, double /*t*/) const {
    return x >= 0 && x <= 1
               ? nullptr
               : "BCECriterion takes probabilities in [0, 1] (the output of a Sigmoid); for scores use "
                 "BCECriterionWithLogits";
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};
template <typename T>
using BCECriterion = ElementWiseCriterion<T, BCECriterionFn>;

/// Sigmoid and BCECriterion in one, exact for any score (PyTorch's BCEWithLogitsLoss; BigDL has no such
/// criterion, the name follows BCECriterion's): w (max(x, 0) - x t + log(1 + exp(-|x|))), gradient
/// w (sigmoid(x) - t). weights and sizeAverage as BCECriterion's.
struct BCECriterionWithLogitsFn {
  static constexpr const char* kName = "BCECriterionWithLogits";
  std::vector<double> weights;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("weights", weights);
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const {
    return std::max(x, 0.0) - x * t + std::log1p(std::exp(-std::abs(x)));
  }
  double grad(double x, double t) const {
    const double s = x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x));
    return s - t;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};
template <typename T>
using BCECriterionWithLogits = ElementWiseCriterion<T, BCECriterionWithLogitsFn>;

/// BigDL's DistKLDivCriterion, PyTorch's KLDivLoss (reduction 'mean', per element): t (log t - x) for
/// log-probabilities x and probabilities t; a target <= 0 adds nothing (BigDL's rule).
struct DistKLDivCriterionFn {
  static constexpr const char* kName = "DistKLDivCriterion";
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const { return t > 0 ? t * (std::log(t) - x) : 0.0; }
  double grad(double /*x*/, double t) const { return t > 0 ? -t : 0.0; }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};
template <typename T>
using DistKLDivCriterion = ElementWiseCriterion<T, DistKLDivCriterionFn>;

/// BigDL's DotProductCriterion: the dot product sum x t (not negated; PG uses it with signed rewards),
/// divided by the number of records with sizeAverage (false by default, as BigDL's).
struct DotProductCriterionFn {
  static constexpr const char* kName = "DotProductCriterion";
  bool sizeAverage = false;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const { return x * t; }
  double grad(double /*x*/, double t) const { return t; }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
};
template <typename T>
using DotProductCriterion = ElementWiseCriterion<T, DotProductCriterionFn>;

/// BigDL's HingeEmbeddingCriterion, PyTorch's HingeEmbeddingLoss: x where the target is 1, max(0, margin - x)
/// where it is -1 (x usually a distance); any other target is an error.
struct HingeEmbeddingCriterionFn {
  static constexpr const char* kName = "HingeEmbeddingCriterion";
  double margin = 1;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("margin", margin);
    v("sizeAverage", sizeAverage);
  }
  double loss(double x, double t) const { return t > 0 ? x : std::max(0.0, margin - x); }
  double grad(double x, double t) const { return t > 0 ? 1.0 : margin - x > 0 ? -1.0 : 0.0; }
  const char* invalid(double /*x*/, double t) const {
    return t == 1 || t == -1 ? nullptr
                             : "HingeEmbeddingCriterion's targets are 1 (similar) or -1 (dissimilar)";
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kElements : ElementNorm::kSum; }
};
template <typename T>
using HingeEmbeddingCriterion = ElementWiseCriterion<T, HingeEmbeddingCriterionFn>;

/// BigDL's KullbackLeiblerDivergenceCriterion, Keras' kullback_leibler_divergence: with x and t clipped to
/// [1e-7, 1], sum t log(t / x) over a record, averaged over the records (dimension 0; a 1-d input is one).
/// The gradient is 0 where x is clipped.
struct KullbackLeiblerDivergenceCriterionFn {
  static constexpr const char* kName = "KullbackLeiblerDivergenceCriterion";
  static constexpr double kEps = 1e-7;
  template <typename V>
  void fields(V&) {}
  static double clip(double v) { return std::min(std::max(v, kEps), 1.0); }
  double loss(double x, double t) const { return clip(t) * std::log(clip(t) / clip(x)); }
  double grad(double x, double t) const { return x >= kEps && x <= 1 ? -clip(t) / x : 0.0; }
  ElementNorm norm() const { return ElementNorm::kRows; }
};
template <typename T>
using KullbackLeiblerDivergenceCriterion = ElementWiseCriterion<T, KullbackLeiblerDivergenceCriterionFn>;

/// BigDL's L1Cost: the L1 norm sum |x| of the input, gradient sign(x); the target is not read.
struct L1CostFn {
  static constexpr const char* kName = "L1Cost";
  static constexpr bool kIgnoresTarget = true;
  template <typename V>
  void fields(V&) {}
  double loss(double x, double /*t*/) const { return std::abs(x); }
  double grad(double x, double /*t*/) const { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }
  ElementNorm norm() const { return ElementNorm::kSum; }
};
template <typename T>
using L1Cost = ElementWiseCriterion<T, L1CostFn>;

/// The functors of this header, for the explicit instantiations (element_wise_criterions.cpp, which also
/// instantiates the functors that have a header each, such as MarginCriterionFn).
#define RINGDL_ELEMENT_WISE_CRITERIONS(X) \
  X(AbsCriterionFn)                       \
  X(BCECriterionFn)                       \
  X(BCECriterionWithLogitsFn)             \
  X(DistKLDivCriterionFn)                 \
  X(DotProductCriterionFn)                \
  X(HingeEmbeddingCriterionFn) X(KullbackLeiblerDivergenceCriterionFn) X(L1CostFn)

RINGDL_ELEMENT_WISE_CRITERIONS(RINGDL_EXTERN_ELEMENT_WISE_CRITERION)

}  // namespace ringdl
