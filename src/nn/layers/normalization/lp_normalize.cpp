// LpNormalize<T>: per outer index, the channels are walked as contiguous inner runs (H W for images), the
// sums of |x|^p and of gy x accumulated per position in double.
#include "ringdl/nn/layers/normalization/lp_normalize.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ringdl {

template <typename T>
LpNormalize<T>::LpNormalize(const char* typeName, const LpNormalizeOptions& options)
    : TensorModule<T>(typeName),
      options_(options),
      infinite_(options.p >= std::numeric_limits<double>::max()) {
  RINGDL_CHECK(options_.p >= 1, typeName, ": p must be >= 1 (or infinity), got ", options_.p);
  RINGDL_CHECK(options_.eps >= 0, typeName, ": eps must be >= 0, got ", options_.eps);
}

template <typename T>
typename LpNormalize<T>::Geometry LpNormalize<T>::geometryOf(const Tensor<T>& input) const {
  const int64_t d = input.dim();
  RINGDL_CHECK_LAYER(d == 1 || d == 2 || d == 4, "expected input of shape [D], [N, D] or [N, C, H, W], got ",
                     ringdl::toString(input.shape()));
  Geometry g;
  if (d == 1) {
    g.channels = input.size(0);
  } else {
    g.outer = input.size(0);
    g.channels = input.size(1);
    if (d == 4) g.inner = input.size(2) * input.size(3);
  }
  return g;
}

template <typename T>
void LpNormalize<T>::checkGradOutput(const Tensor<T>& input, const Tensor<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape(), "gradOutput shape ",
                     ringdl::toString(gradOutput.shape()), " must equal the input shape ",
                     ringdl::toString(input.shape()));
  const Geometry g = geometryOf(input);
  RINGDL_CHECK_LAYER(static_cast<int64_t>(norm_.size()) == g.outer * g.inner,
                     "backward must follow a forward of the same input");
}

template <typename T>
void LpNormalize<T>::normalizeForward(const T* x, T* y, const Geometry& g) {
  const int64_t c = g.channels, inner = g.inner, block = c * inner;
  const double p = options_.p, eps = options_.eps;
  norm_.assign(g.outer * inner, 0.0);
  if (infinite_) argmax_.assign(g.outer * inner, 0);
  for (int64_t o = 0; o < g.outer; ++o) {
    double* norm = norm_.data() + o * inner;
    const T* xo = x + o * block;
    if (infinite_) {
      int64_t* arg = argmax_.data() + o * inner;
      for (int64_t ch = 0; ch < c; ++ch) {
        const T* run = xo + ch * inner;
        for (int64_t i = 0; i < inner; ++i) {
          const double a = std::abs(static_cast<double>(run[i]));
          if (a > norm[i]) {  // the first of tied maxima, as BigDL's max
            norm[i] = a;
            arg[i] = ch;
          }
        }
      }
      for (int64_t i = 0; i < inner; ++i) norm[i] += eps;
    } else {
      for (int64_t ch = 0; ch < c; ++ch) {
        const T* run = xo + ch * inner;
        if (p == 1) {
          for (int64_t i = 0; i < inner; ++i) norm[i] += std::abs(static_cast<double>(run[i]));
        } else if (p == 2) {
          for (int64_t i = 0; i < inner; ++i) norm[i] += static_cast<double>(run[i]) * run[i];
        } else {
          for (int64_t i = 0; i < inner; ++i) norm[i] += std::pow(std::abs(static_cast<double>(run[i])), p);
        }
      }
      for (int64_t i = 0; i < inner; ++i) norm[i] = std::pow(norm[i] + eps, 1.0 / p);
    }
    T* yo = y + o * block;
    for (int64_t ch = 0; ch < c; ++ch) {
      const T* run = xo + ch * inner;
      T* out = yo + ch * inner;
      for (int64_t i = 0; i < inner; ++i) out[i] = static_cast<T>(run[i] / norm[i]);
    }
  }
}

// With S = sum |x_j|^p + eps and n = S^(1/p): dn/dx_j = n^(1-p) sign(x_j) |x_j|^(p-1), so
//   gx_j = gy_j / n - (sum_i gy_i x_i) sign(x_j) |x_j|^(p-1) / n^(p+1)
// (the subgradient 0 at x_j = 0 for p = 1, as PyTorch's abs). For p = infinity, n = |x_k| + eps with k the
// argmax, and only x_k moves the norm: gx_j = gy_j / n - [j == k] (sum_i gy_i x_i) sign(x_k) / n^2.
template <typename T>
void LpNormalize<T>::normalizeBackward(const T* x, const T* gy, T* gx, const Geometry& g) {
  const int64_t c = g.channels, inner = g.inner, block = c * inner;
  const double p = options_.p;
  dot_.resize(inner);
  for (int64_t o = 0; o < g.outer; ++o) {
    const double* norm = norm_.data() + o * inner;
    const T* xo = x + o * block;
    const T* go = gy + o * block;
    T* gio = gx + o * block;
    std::fill(dot_.begin(), dot_.end(), 0.0);
    for (int64_t ch = 0; ch < c; ++ch) {
      const T* xr = xo + ch * inner;
      const T* gr = go + ch * inner;
      for (int64_t i = 0; i < inner; ++i) dot_[i] += static_cast<double>(gr[i]) * xr[i];
    }
    if (infinite_) {
      for (int64_t ch = 0; ch < c; ++ch) {
        const T* gr = go + ch * inner;
        T* gi = gio + ch * inner;
        for (int64_t i = 0; i < inner; ++i) gi[i] = static_cast<T>(gr[i] / norm[i]);
      }
      const int64_t* arg = argmax_.data() + o * inner;
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t at = arg[i] * inner + i;
        const double s = xo[at] > T(0) ? 1.0 : xo[at] < T(0) ? -1.0 : 0.0;
        gio[at] = static_cast<T>(gio[at] - dot_[i] * s / (norm[i] * norm[i]));
      }
      continue;
    }
    // dot_ becomes dot / n^(p+1), the coefficient of sign(x) |x|^(p-1).
    for (int64_t i = 0; i < inner; ++i) dot_[i] /= std::pow(norm[i], p + 1);
    for (int64_t ch = 0; ch < c; ++ch) {
      const T* xr = xo + ch * inner;
      const T* gr = go + ch * inner;
      T* gi = gio + ch * inner;
      if (p == 1) {
        for (int64_t i = 0; i < inner; ++i) {
          const double s = xr[i] > T(0) ? 1.0 : xr[i] < T(0) ? -1.0 : 0.0;
          gi[i] = static_cast<T>(gr[i] / norm[i] - dot_[i] * s);
        }
      } else if (p == 2) {
        for (int64_t i = 0; i < inner; ++i) gi[i] = static_cast<T>(gr[i] / norm[i] - dot_[i] * xr[i]);
      } else {
        for (int64_t i = 0; i < inner; ++i) {
          const double a = std::abs(static_cast<double>(xr[i]));
          const double s = xr[i] > T(0) ? 1.0 : xr[i] < T(0) ? -1.0 : 0.0;
          gi[i] = static_cast<T>(gr[i] / norm[i] - dot_[i] * s * std::pow(a, p - 1));
        }
      }
    }
  }
}

template <typename T>
void LpNormalize<T>::updateOutput(const Tensor<T>& input, Tensor<T>& output) {
  const Geometry g = geometryOf(input);
  const Tensor<T> x = input.contiguous();
  output.resize(x.shape());
  normalizeForward(x.data(), output.data(), g);
}

template <typename T>
void LpNormalize<T>::updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput,
                                     Tensor<T>& gradInput) {
  checkGradOutput(input, gradOutput);
  const Geometry g = geometryOf(input);
  const Tensor<T> x = input.contiguous(), go = gradOutput.contiguous();
  gradInput.resize(x.shape());
  normalizeBackward(x.data(), go.data(), gradInput.data(), g);
}

template class LpNormalize<float>;
template class LpNormalize<double>;

}  // namespace ringdl
