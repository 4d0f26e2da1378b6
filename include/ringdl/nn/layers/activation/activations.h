// The element-wise activations, one functor each over the ElementWise base (element_wise.h explains the
// shape of a functor). A new activation is its functor here, its alias, its line in src/nn/registry.cpp, its
// row in tests/nn/conformance_test.cpp and its line in docs/layers.md.
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

extern template class ElementWise<float, ReLUFn>;
extern template class ElementWise<double, ReLUFn>;
extern template class ElementWise<float, TanhFn>;
extern template class ElementWise<double, TanhFn>;
extern template class ElementWise<float, SigmoidFn>;
extern template class ElementWise<double, SigmoidFn>;

}  // namespace ringdl
