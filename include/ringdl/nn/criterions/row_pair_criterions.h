// The row-pair criterions, one functor each over RowPairCriterion<T, Fn> (row_pair_criterion.h), with BigDL's
// names, options and defaults; each comment gives PyTorch's (or Keras') equivalent.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ringdl/nn/criterions/row_pair_criterion.h"

namespace ringdl {

namespace detail {
/// cos(a, b) = <a, b> / sqrt((|a|^2 + eps)(|b|^2 + eps)) of two rows, eps = 1e-12 (BigDL's and PyTorch's),
/// with what its gradients need.
struct RowCosine {
  double cos = 0, w = 0, na = 0, nb = 0;  // the cosine, 1/sqrt(na nb), |a|^2 + eps, |b|^2 + eps
  template <typename T>
  RowCosine(const T* a, const T* b, int64_t d) {
    double ab = 0, aa = 0, bb = 0;
    for (int64_t i = 0; i < d; ++i) {
      const double x = a[i], y = b[i];
      ab += x * y, aa += x * x, bb += y * y;
    }
    na = aa + 1e-12, nb = bb + 1e-12;
    w = 1 / std::sqrt(na * nb);
    cos = ab * w;
  }
  /// g[i] = s * dcos/da[i] (the gradient for b is this with a and b, na and nb swapped).
  template <typename T>
  void grad(const T* a, const T* b, int64_t d, double na_, double s, T* g) const {
    for (int64_t i = 0; i < d; ++i) g[i] = static_cast<T>(s * (b[i] * w - cos * a[i] / na_));
  }
};
}  // namespace detail

/// BigDL's CosineDistanceCriterion: 1 - cos(x, t) per record of the input and a target of its shape, averaged
/// over the records with sizeAverage (PyTorch: 1 - F.cosine_similarity(x, t)).
struct CosineDistanceCriterionFn {
  static constexpr const char* kName = "CosineDistanceCriterion";
  static constexpr RowPairInputs kInputs = RowPairInputs::kInputAndTarget;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
  }
  template <typename T>
  double row(const T* a, const T* b, int64_t d, double /*y*/, T* ga, T* /*gb*/, double scale) const {
    const detail::RowCosine c(a, b, d);
    if (ga) c.grad(a, b, d, c.na, -scale, ga);
    return 1 - c.cos;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
};
template <typename T>
using CosineDistanceCriterion = RowPairCriterion<T, CosineDistanceCriterionFn>;

/// BigDL's CosineEmbeddingCriterion, PyTorch's CosineEmbeddingLoss: input {x1, x2}, target 1 or -1 per
/// record; 1 - cos(x1, x2) for 1, max(0, cos(x1, x2) - margin) for -1, averaged over the records with
/// sizeAverage.
struct CosineEmbeddingCriterionFn {
  static constexpr const char* kName = "CosineEmbeddingCriterion";
  static constexpr RowPairInputs kInputs = RowPairInputs::kPairAndLabel;
  double margin = 0;
  bool sizeAverage = true;
  template <typename V>
  void fields(V& v) {
    v("margin", margin);
    v("sizeAverage", sizeAverage);
  }
  template <typename T>
  double row(const T* a, const T* b, int64_t d, double y, T* ga, T* gb, double scale) const {
    const detail::RowCosine c(a, b, d);
    const double loss = y > 0 ? 1 - c.cos : std::max(0.0, c.cos - margin);
    if (ga) {
      const double s = y > 0 ? -scale : c.cos - margin > 0 ? scale : 0.0;
      c.grad(a, b, d, c.na, s, ga);
      c.grad(b, a, d, c.nb, s, gb);
    }
    return loss;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
};
template <typename T>
using CosineEmbeddingCriterion = RowPairCriterion<T, CosineEmbeddingCriterionFn>;

/// BigDL's CosineProximityCriterion, Keras' cosine_proximity: -mean(x' t') over all elements, x' and t' the
/// input and target normalised along the last dimension, x / sqrt(max(|x|^2, 1e-12)).
struct CosineProximityCriterionFn {
  static constexpr const char* kName = "CosineProximityCriterion";
  static constexpr RowPairInputs kInputs = RowPairInputs::kInputAndTarget;
  static constexpr bool kLastDimRows = true;
  template <typename V>
  void fields(V&) {}
  template <typename T>
  double row(const T* a, const T* b, int64_t d, double /*y*/, T* ga, T* /*gb*/, double scale) const {
    double ab = 0, aa = 0, bb = 0;
    for (int64_t i = 0; i < d; ++i) {
      const double x = a[i], y = b[i];
      ab += x * y, aa += x * x, bb += y * y;
    }
    const double na = std::sqrt(std::max(aa, 1e-12)), nb = std::sqrt(std::max(bb, 1e-12));
    const double p = ab / (na * nb);
    if (ga) {
      // Below the floor the norm is a constant, so only the direct term remains.
      const double k = aa >= 1e-12 ? p / (na * na) : 0.0;
      for (int64_t i = 0; i < d; ++i) ga[i] = static_cast<T>(-scale * (b[i] / (na * nb) - k * a[i]));
    }
    return -p;
  }
  ElementNorm norm() const { return ElementNorm::kElements; }
};
template <typename T>
using CosineProximityCriterion = RowPairCriterion<T, CosineProximityCriterionFn>;

/// BigDL's DiceCoefficientCriterion: per record, 1 - (2 sum x t + epsilon) / (sum x + sum t + epsilon),
/// averaged over the records with sizeAverage (PyTorch has no such loss; the reference composes it).
struct DiceCoefficientCriterionFn {
  static constexpr const char* kName = "DiceCoefficientCriterion";
  static constexpr RowPairInputs kInputs = RowPairInputs::kInputAndTarget;
  bool sizeAverage = true;
  double epsilon = 1;
  template <typename V>
  void fields(V& v) {
    v("sizeAverage", sizeAverage);
    v("epsilon", epsilon);
  }
  template <typename T>
  double row(const T* a, const T* b, int64_t d, double /*y*/, T* ga, T* /*gb*/, double scale) const {
    double ab = 0, sa = 0, sb = 0;
    for (int64_t i = 0; i < d; ++i) ab += static_cast<double>(a[i]) * b[i], sa += a[i], sb += b[i];
    const double w1 = 2 * ab + epsilon, w2 = sa + sb + epsilon;
    if (ga)
      for (int64_t i = 0; i < d; ++i) ga[i] = static_cast<T>(scale * (-2 * b[i] / w2 + w1 / (w2 * w2)));
    return 1 - w1 / w2;
  }
  ElementNorm norm() const { return sizeAverage ? ElementNorm::kRows : ElementNorm::kSum; }
};
template <typename T>
using DiceCoefficientCriterion = RowPairCriterion<T, DiceCoefficientCriterionFn>;

/// BigDL's L1HingeEmbeddingCriterion (Torch's): input {x1, x2}, target 1 or -1 per record; with the L1
/// distance d = sum |x1 - x2|, d for 1 and max(0, margin - d) for -1, summed over the records (BigDL takes
/// one pair of vectors; a batch [N, D] is N pairs).
struct L1HingeEmbeddingCriterionFn {
  static constexpr const char* kName = "L1HingeEmbeddingCriterion";
  static constexpr RowPairInputs kInputs = RowPairInputs::kPairAndLabel;
  double margin = 1;
  template <typename V>
  void fields(V& v) {
    v("margin", margin);
  }
  template <typename T>
  double row(const T* a, const T* b, int64_t d, double y, T* ga, T* gb, double scale) const {
    double dist = 0;
    for (int64_t i = 0; i < d; ++i) dist += std::abs(static_cast<double>(a[i]) - b[i]);
    const double loss = y > 0 ? dist : std::max(0.0, margin - dist);
    if (ga) {
      const double s = y > 0 ? scale : margin - dist > 0 ? -scale : 0.0;
      for (int64_t i = 0; i < d; ++i) {
        const double sign = a[i] > b[i] ? 1.0 : a[i] < b[i] ? -1.0 : 0.0;
        ga[i] = static_cast<T>(s * sign);
        gb[i] = static_cast<T>(-s * sign);
      }
    }
    return loss;
  }
  ElementNorm norm() const { return ElementNorm::kSum; }
};
template <typename T>
using L1HingeEmbeddingCriterion = RowPairCriterion<T, L1HingeEmbeddingCriterionFn>;

/// Every row-pair criterion functor, for the explicit instantiations (row_pair_criterions.cpp).
#define RINGDL_ROW_PAIR_CRITERIONS(X) \
  X(CosineDistanceCriterionFn)        \
  X(CosineEmbeddingCriterionFn)       \
  X(CosineProximityCriterionFn) X(DiceCoefficientCriterionFn) X(L1HingeEmbeddingCriterionFn)

RINGDL_ROW_PAIR_CRITERIONS(RINGDL_EXTERN_ROW_PAIR_CRITERION)

}  // namespace ringdl
