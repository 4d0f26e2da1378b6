// Internal: sums over one contiguous run of a channel's values, in double, for batch normalisation's
// statistics and gradient sums. A single double accumulator makes every addition wait for the one before it
// (4 cycles a value); eight independent ones let the additions overlap and vectorise, which made these passes
// ~5x faster on ResNet-20's activations. The order of additions differs from a plain loop by rounding only.
#pragma once

#include <cstdint>

namespace ringdl::detail {

constexpr int kSumLanes = 8;

/// The lanes' total (the callers add the tail after it).
inline double finishLanes(const double (&lanes)[kSumLanes]) {
  double s = 0;
  for (double v : lanes) s += v;
  return s;
}

/// sum of run[0, n).
template <typename T>
double sumOfRun(const T* run, int64_t n) {
  double lanes[kSumLanes] = {};
  int64_t i = 0;
  for (; i + kSumLanes <= n; i += kSumLanes)
    for (int j = 0; j < kSumLanes; ++j) lanes[j] += static_cast<double>(run[i + j]);
  double s = finishLanes(lanes);
  for (; i < n; ++i) s += static_cast<double>(run[i]);
  return s;
}

/// sum of (run[i] - mean)^2 over [0, n).
template <typename T>
double squaredDeviationOfRun(const T* run, int64_t n, double mean) {
  double lanes[kSumLanes] = {};
  int64_t i = 0;
  for (; i + kSumLanes <= n; i += kSumLanes)
    for (int j = 0; j < kSumLanes; ++j) {
      const double d = static_cast<double>(run[i + j]) - mean;
      lanes[j] += d * d;
    }
  double s = finishLanes(lanes);
  for (; i < n; ++i) {
    const double d = static_cast<double>(run[i]) - mean;
    s += d * d;
  }
  return s;
}

/// sumG += sum of g[i], sumGx += sum of g[i] (x[i] - mean), over [0, n).
template <typename T>
void gradientSumsOfRun(const T* g, const T* x, int64_t n, double mean, double& sumG, double& sumGx) {
  double lg[kSumLanes] = {}, lgx[kSumLanes] = {};
  int64_t i = 0;
  for (; i + kSumLanes <= n; i += kSumLanes)
    for (int j = 0; j < kSumLanes; ++j) {
      const double gv = static_cast<double>(g[i + j]);
      lg[j] += gv;
      lgx[j] += gv * (static_cast<double>(x[i + j]) - mean);
    }
  double sg = finishLanes(lg), sgx = finishLanes(lgx);
  for (; i < n; ++i) {
    const double gv = static_cast<double>(g[i]);
    sg += gv;
    sgx += gv * (static_cast<double>(x[i]) - mean);
  }
  sumG += sg;
  sumGx += sgx;
}

}  // namespace ringdl::detail
