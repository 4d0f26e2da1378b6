// Element-wise arithmetic layers (BigDL's Abs, AddConstant, MulConstant, Exp, Log, Power, Sqrt, Square,
// Negative, GradientReversal), one functor each over the ElementWise base (layers/activation/element_wise.h
// explains the shape of a functor). A new one is its functor here, its alias, its entry in
// RINGDL_ARITHMETIC_FUNCTORS, its line in src/nn/registry.cpp, its rows in tests/nn/conformance_test.cpp and
// its line in docs/layers.md.
#pragma once

#include <cmath>

#include "ringdl/nn/layers/activation/element_wise.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

/// y = |x|; the gradient at 0 is 0.
struct AbsFn {
  static constexpr const char* kName = "Abs";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return std::abs(x);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
  }
};
template <typename T>
using Abs = ElementWise<T, AbsFn>;

/// y = x + constantScalar.
struct AddConstantFn {
  static constexpr const char* kName = "AddConstant";
  double constantScalar = 0;
  template <typename V>
  void fields(V& v) {
    v("constantScalar", constantScalar, kRequired);
  }
  template <typename T>
  T f(T x) const {
    return x + T(constantScalar);
  }
  template <typename T>
  T df(T /*x*/, T /*y*/) const {
    return T(1);
  }
};
template <typename T>
using AddConstant = ElementWise<T, AddConstantFn>;

/// y = scalar x.
struct MulConstantFn {
  static constexpr const char* kName = "MulConstant";
  double scalar = 1;
  template <typename V>
  void fields(V& v) {
    v("scalar", scalar, kRequired);
  }
  template <typename T>
  T f(T x) const {
    return T(scalar) * x;
  }
  template <typename T>
  T df(T /*x*/, T /*y*/) const {
    return T(scalar);
  }
};
template <typename T>
using MulConstant = ElementWise<T, MulConstantFn>;

/// y = exp(x) (the vectorised kernel); dy/dx = y.
struct ExpFn {
  static constexpr const char* kName = "Exp";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  void map(const T* x, T* y, int64_t n) const {
    expMap(x, y, n);
  }
  template <typename T>
  T df(T /*x*/, T y) const {
    return y;
  }
};
template <typename T>
using Exp = ElementWise<T, ExpFn>;

/// y = log(x) (natural; -inf at 0 and NaN below, as in BigDL and PyTorch).
struct LogFn {
  static constexpr const char* kName = "Log";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return std::log(x);
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return T(1) / x;
  }
};
template <typename T>
using Log = ElementWise<T, LogFn>;

/// y = (shift + scale x)^power (BigDL's Power).
struct PowerFn {
  static constexpr const char* kName = "Power";
  double power = 1, scale = 1, shift = 0;
  template <typename V>
  void fields(V& v) {
    v("power", power, kRequired);
    v("scale", scale);
    v("shift", shift);
  }
  template <typename T>
  T f(T x) const {
    return std::pow(T(shift) + T(scale) * x, T(power));
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return T(power) * T(scale) * std::pow(T(shift) + T(scale) * x, T(power - 1));
  }
};
template <typename T>
using Power = ElementWise<T, PowerFn>;

/// y = sqrt(x); dy/dx = 1 / (2 y).
struct SqrtFn {
  static constexpr const char* kName = "Sqrt";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return std::sqrt(x);
  }
  template <typename T>
  T df(T /*x*/, T y) const {
    return T(0.5) / y;
  }
};
template <typename T>
using Sqrt = ElementWise<T, SqrtFn>;

/// y = x^2.
struct SquareFn {
  static constexpr const char* kName = "Square";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return x * x;
  }
  template <typename T>
  T df(T x, T /*y*/) const {
    return T(2) * x;
  }
};
template <typename T>
using Square = ElementWise<T, SquareFn>;

/// y = -x.
struct NegativeFn {
  static constexpr const char* kName = "Negative";
  template <typename V>
  void fields(V&) {}
  template <typename T>
  T f(T x) const {
    return -x;
  }
  template <typename T>
  T df(T /*x*/, T /*y*/) const {
    return T(-1);
  }
};
template <typename T>
using Negative = ElementWise<T, NegativeFn>;

/// The identity forward and -lambda times the gradient backward (Ganin & Lempitsky's domain-adversarial
/// training, BigDL's GradientReversal).
struct GradientReversalFn {
  static constexpr const char* kName = "GradientReversal";
  double lambda = 1;
  template <typename V>
  void fields(V& v) {
    v("lambda", lambda);
  }
  template <typename T>
  T f(T x) const {
    return x;
  }
  template <typename T>
  T df(T /*x*/, T /*y*/) const {
    return T(-lambda);
  }
};
template <typename T>
using GradientReversal = ElementWise<T, GradientReversalFn>;

/// Every arithmetic functor, for the explicit instantiations (arithmetic.cpp).
#define RINGDL_ARITHMETIC_FUNCTORS(X) \
  X(AbsFn)                            \
  X(AddConstantFn)                    \
  X(MulConstantFn) X(ExpFn) X(LogFn) X(PowerFn) X(SqrtFn) X(SquareFn) X(NegativeFn) X(GradientReversalFn)

RINGDL_ARITHMETIC_FUNCTORS(RINGDL_EXTERN_ELEMENT_WISE)

}  // namespace ringdl
