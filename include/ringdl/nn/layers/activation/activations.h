// The element-wise activations, one functor each over the ElementWise base (element_wise.h explains the
// shape of a functor). A new activation is its functor here, its alias, its entry in
// RINGDL_ACTIVATION_FUNCTORS (at the end), its line in src/nn/registry.cpp, its rows in
// tests/nn/conformance_test.cpp (with their cases in tests/fixtures/gen_conformance.py) and its line in
// docs/layers.md.
#pragma once

#include <cmath>

#include "ringdl/nn/layers/activation/element_wise.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

/// y = max(x, 0).
struct ReLUFn {
  static constexpr const char* kName = "ReLU";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x > T(0) ? x : T(0);
  }
  template <typename T>
  T df(T /*x*/, T y) const {
    return y > T(0) ? T(1) : T(0);
  }
};
template <typename T>
using ReLU = ElementWise<T, ReLUFn>;

/// y = tanh(x); Eigen's vectorised kernel forward, dy/dx = 1 - y^2 from the output alone.
struct TanhFn {
  static constexpr const char* kName = "Tanh";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  void map(const T* x, T* y, int64_t n) const {
    tanhMap(x, y, n);
  }
  template <typename T>
  T df(T /*x*/, T y) const {
    return T(1) - y * y;
  }
};
template <typename T>
using Tanh = ElementWise<T, TanhFn>;

/// y = 1 / (1 + exp(-x)); the vectorised sigmoidMap (overflow-free via tanh), dy/dx = y (1 - y).
struct SigmoidFn {
  static constexpr const char* kName = "Sigmoid";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  void map(const T* x, T* y, int64_t n) const {
    sigmoidMap(x, y, n);
  }
  template <typename T>
  T df(T /*x*/, T y) const {
    return y * (T(1) - y);
  }
};
template <typename T>
using Sigmoid = ElementWise<T, SigmoidFn>;

/// y = min(max(x, 0), 6) (BigDL's ReLU6).
struct ReLU6Fn {
  static constexpr const char* kName = "ReLU6";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x > T(0) ? (x < T(6) ? x : T(6)) : T(0);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(0) && x < T(6) ? T(1) : T(0);
  }
};
template <typename T>
using ReLU6 = ElementWise<T, ReLU6Fn>;

/// y = x for x > 0, negval * x otherwise.
struct LeakyReLUFn {
  static constexpr const char* kName = "LeakyReLU";
  double negval = 0.01;
  template <typename V>
  void fields(V& v) {
    v("negval", negval);
  }
  template <typename T>
  T f(T x) const {
    return x > T(0) ? x : T(negval) * x;
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(0) ? T(1) : T(negval);
  }
};
template <typename T>
using LeakyReLU = ElementWise<T, LeakyReLUFn>;

/// y = x for x > 0, alpha (exp(x) - 1) otherwise.
struct ELUFn {
  static constexpr const char* kName = "ELU";
  double alpha = 1.0;
  template <typename V>
  void fields(V& v) {
    v("alpha", alpha);
  }
  template <typename T>
  T f(T x) const {
    return x > T(0) ? x : T(alpha) * std::expm1(x);
  }
  template <typename T>
  T df(T x, T y) const {
    return x > T(0) ? T(1) : y + T(alpha);
  }
};
template <typename T>
using ELU = ElementWise<T, ELUFn>;

/// SELU's constants (Klambauer et al.), as PyTorch's.
inline constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
inline constexpr double kSeluScale = 1.0507009873554804934193349852946;

/// y = scale (x for x > 0, alpha (exp(x) - 1) otherwise), self-normalising.
struct SELUFn {
  static constexpr const char* kName = "SELU";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return T(kSeluScale) * (x > T(0) ? x : T(kSeluAlpha) * std::expm1(x));
  }
  template <typename T>
  T df(T x, T y) const {
    return x > T(0) ? T(kSeluScale) : y + T(kSeluScale * kSeluAlpha);
  }
};
template <typename T>
using SELU = ElementWise<T, SELUFn>;

inline constexpr double kInvSqrt2 = 0.70710678118654752440;    // 1 / sqrt(2)
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1 / sqrt(2 pi)

/// y = x Φ(x), Φ the standard normal CDF (the exact form, PyTorch's default).
struct GELUFn {
  static constexpr const char* kName = "GELU";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return T(0.5) * x * (T(1) + std::erf(x * T(kInvSqrt2)));
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    const T cdf = T(0.5) * (T(1) + std::erf(x * T(kInvSqrt2)));
    const T pdf = std::exp(T(-0.5) * x * x) * T(kInvSqrt2Pi);
    return cdf + x * pdf;
  }
};
template <typename T>
using GELU = ElementWise<T, GELUFn>;

namespace detail {
/// 1 / (1 + exp(-x)) without overflow for any x.
template <typename T>
T sigmoidOf(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}
/// log(1 + exp(x)) without overflow for any x.
template <typename T>
T softPlusOf(T x) {
  return (x > T(0) ? x : T(0)) + std::log1p(std::exp(-std::abs(x)));
}
}  // namespace detail

/// y = x sigmoid(beta x): Swish (Ramachandran et al.); beta = 1 is SiLU.
struct SwishFn {
  static constexpr const char* kName = "Swish";
  double beta = 1.0;
  template <typename V>
  void fields(V& v) {
    v("beta", beta);
  }
  template <typename T>
  T f(T x) const {
    return x * detail::sigmoidOf(T(beta) * x);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    const T s = detail::sigmoidOf(T(beta) * x);
    return s + T(beta) * x * s * (T(1) - s);
  }
};
template <typename T>
using Swish = ElementWise<T, SwishFn>;

/// y = x sigmoid(x) (PyTorch's SiLU; Swish with beta 1).
struct SiLUFn {
  static constexpr const char* kName = "SiLU";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return SwishFn{}.f(x);
  }
  template <typename T>
  T df(T x, T y) const {
    return SwishFn{}.df(x, y);
  }
};
template <typename T>
using SiLU = ElementWise<T, SiLUFn>;

/// y = x tanh(softplus(x)) (Misra).
struct MishFn {
  static constexpr const char* kName = "Mish";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x * std::tanh(detail::softPlusOf(x));
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    const T t = std::tanh(detail::softPlusOf(x));
    return t + x * (T(1) - t * t) * detail::sigmoidOf(x);
  }
};
template <typename T>
using Mish = ElementWise<T, MishFn>;

/// y = clamp(0.2 x + 0.5, 0, 1): BigDL's (and Keras') HardSigmoid. PyTorch's hardsigmoid is x / 6 + 1/2.
struct HardSigmoidFn {
  static constexpr const char* kName = "HardSigmoid";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    const T y = T(0.2) * x + T(0.5);
    return y < T(0) ? T(0) : (y > T(1) ? T(1) : y);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(-2.5) && x < T(2.5) ? T(0.2) : T(0);
  }
};
template <typename T>
using HardSigmoid = ElementWise<T, HardSigmoidFn>;

/// y = x relu6(x + 3) / 6 (MobileNetV3, PyTorch's Hardswish).
struct HardSwishFn {
  static constexpr const char* kName = "HardSwish";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x <= T(-3) ? T(0) : (x >= T(3) ? x : x * (x + T(3)) / T(6));
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x < T(-3) ? T(0) : (x > T(3) ? T(1) : (T(2) * x + T(3)) / T(6));
  }
};
template <typename T>
using HardSwish = ElementWise<T, HardSwishFn>;

/// y = log(sigmoid(x)) = -softplus(-x), without overflow.
struct LogSigmoidFn {
  static constexpr const char* kName = "LogSigmoid";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return -detail::softPlusOf(-x);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return detail::sigmoidOf(-x);
  }
};
template <typename T>
using LogSigmoid = ElementWise<T, LogSigmoidFn>;

/// y = clamp(x, minValue, maxValue); the gradient is 1 strictly inside.
struct HardTanhFn {
  static constexpr const char* kName = "HardTanh";
  double minValue = -1, maxValue = 1;
  template <typename V>
  void fields(V& v) {
    v("minValue", minValue);
    v("maxValue", maxValue);
  }
  void check() const {
    RINGDL_CHECK(minValue < maxValue, "HardTanh: minValue (", minValue, ") must be below maxValue (",
                 maxValue, ")");
  }
  template <typename T>
  T f(T x) const {
    return x < T(minValue) ? T(minValue) : (x > T(maxValue) ? T(maxValue) : x);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(minValue) && x < T(maxValue) ? T(1) : T(0);
  }
};
template <typename T>
using HardTanh = ElementWise<T, HardTanhFn>;

/// y = clamp(x, min, max): BigDL's Clamp, HardTanh with required bounds.
struct ClampFn {
  static constexpr const char* kName = "Clamp";
  double min = 0, max = 0;
  template <typename V>
  void fields(V& v) {
    v("min", min, kRequired);
    v("max", max, kRequired);
  }
  void check() const { RINGDL_CHECK(min < max, "Clamp: min (", min, ") must be below max (", max, ")"); }
  template <typename T>
  T f(T x) const {
    return HardTanhFn{min, max}.f(x);
  }
  template <typename T>
  T df(T x, T y) const {
    return HardTanhFn{min, max}.df(x, y);
  }
};
template <typename T>
using Clamp = ElementWise<T, ClampFn>;

/// y = x - tanh(x); dy/dx = tanh(x)^2 = (x - y)^2.
struct TanhShrinkFn {
  static constexpr const char* kName = "TanhShrink";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x - std::tanh(x);
  }
  template <typename T>
  T df(T x, T y) const {
    return (x - y) * (x - y);
  }
};
template <typename T>
using TanhShrink = ElementWise<T, TanhShrinkFn>;

/// y = log(1 + exp(beta x)) / beta, without overflow (BigDL's SoftPlus; PyTorch's is the same curve, switched
/// to x above its threshold).
struct SoftPlusFn {
  static constexpr const char* kName = "SoftPlus";
  double beta = 1.0;
  template <typename V>
  void fields(V& v) {
    v("beta", beta);
  }
  void check() const { RINGDL_CHECK(beta > 0, "SoftPlus: beta must be positive, got ", beta); }
  template <typename T>
  T f(T x) const {
    return detail::softPlusOf(T(beta) * x) / T(beta);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return detail::sigmoidOf(T(beta) * x);
  }
};
template <typename T>
using SoftPlus = ElementWise<T, SoftPlusFn>;

/// y = x / (1 + |x|).
struct SoftSignFn {
  static constexpr const char* kName = "SoftSign";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x / (T(1) + std::abs(x));
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    const T d = T(1) + std::abs(x);
    return T(1) / (d * d);
  }
};
template <typename T>
using SoftSign = ElementWise<T, SoftSignFn>;

/// y = x - lambda for x > lambda, x + lambda for x < -lambda, 0 between.
struct SoftShrinkFn {
  static constexpr const char* kName = "SoftShrink";
  double lambda = 0.5;
  template <typename V>
  void fields(V& v) {
    v("lambda", lambda);
  }
  void check() const { RINGDL_CHECK(lambda >= 0, "SoftShrink: lambda must be >= 0, got ", lambda); }
  template <typename T>
  T f(T x) const {
    return x > T(lambda) ? x - T(lambda) : (x < T(-lambda) ? x + T(lambda) : T(0));
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(lambda) || x < T(-lambda) ? T(1) : T(0);
  }
};
template <typename T>
using SoftShrink = ElementWise<T, SoftShrinkFn>;

/// y = x for |x| > lambda, 0 otherwise.
struct HardShrinkFn {
  static constexpr const char* kName = "HardShrink";
  double lambda = 0.5;
  template <typename V>
  void fields(V& v) {
    v("lambda", lambda);
  }
  void check() const { RINGDL_CHECK(lambda >= 0, "HardShrink: lambda must be >= 0, got ", lambda); }
  template <typename T>
  T f(T x) const {
    return x > T(lambda) || x < T(-lambda) ? x : T(0);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(lambda) || x < T(-lambda) ? T(1) : T(0);
  }
};
template <typename T>
using HardShrink = ElementWise<T, HardShrinkFn>;

/// y = x for x > th, v otherwise (BigDL's and Torch's Threshold).
struct ThresholdFn {
  static constexpr const char* kName = "Threshold";
  double th = 1e-6, v = 0;
  template <typename V>
  void fields(V& f) {
    f("th", th);
    f("v", v);
  }
  template <typename T>
  T f(T x) const {
    return x > T(th) ? x : T(v);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(th) ? T(1) : T(0);
  }
};
template <typename T>
using Threshold = ElementWise<T, ThresholdFn>;

/// y = 1 for x > th, 0 otherwise; the gradient is 0 everywhere (BigDL's BinaryThreshold).
struct BinaryThresholdFn {
  static constexpr const char* kName = "BinaryThreshold";
  double th = 1e-6;
  template <typename V>
  void fields(V& v) {
    v("th", th);
  }
  template <typename T>
  T f(T x) const {
    return x > T(th) ? T(1) : T(0);
  }
  template <typename T>
  T df(T /*x*/, T /*y*/) const {
    return T(0);
  }
};
template <typename T>
using BinaryThreshold = ElementWise<T, BinaryThresholdFn>;

/// Every element-wise activation functor, for the explicit instantiations (activations.cpp).
#define RINGDL_ACTIVATION_FUNCTORS(X)                                                                     \
  X(ReLUFn)                                                                                               \
  X(TanhFn)                                                                                               \
  X(SigmoidFn)                                                                                            \
  X(ReLU6Fn) X(LeakyReLUFn) X(ELUFn) X(SELUFn) X(GELUFn) X(SwishFn) X(SiLUFn) X(MishFn) X(HardSigmoidFn)  \
      X(HardSwishFn) X(LogSigmoidFn) X(HardTanhFn) X(ClampFn) X(TanhShrinkFn) X(SoftPlusFn) X(SoftSignFn) \
          X(SoftShrinkFn) X(HardShrinkFn) X(ThresholdFn) X(BinaryThresholdFn)

RINGDL_ACTIVATION_FUNCTORS(RINGDL_EXTERN_ELEMENT_WISE)

}  // namespace ringdl
