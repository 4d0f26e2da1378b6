// The element-wise step of the LSTM cells, with peepholes (LSTMPeephole) or without (LSTM: peephole null).
// Gates in PyTorch's order i, f, g, o over rows of 4H; the gate activations are left in `a` for backward.
#pragma once

#include <cstdint>
#include <vector>

#include "ringdl/tensor/math.h"

namespace ringdl::detail {

/// Rows per step below which the element-wise work stays on one thread (a parallel region costs more).
constexpr int64_t kParallelStepElements = 16384;

/// a [n, 4H] holds the input projections, gh [n, 4H] the hidden ones; writes c and h [n, H] from cPrev.
/// peephole [3H] (p_i, p_f, p_o) or null.
template <typename T>
void lstmStepForward(int64_t n, int64_t H, T* a, const T* gh, const T* cPrev, const T* peephole, T* c, T* h) {
  const int64_t G = 4 * H;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (n * H >= kParallelStepElements)
#endif
  for (int64_t r = 0; r < n; ++r) {
    T* row = a + r * G;
    const T* ghr = gh + r * G;
    const T* cp = cPrev + r * H;
    T* cr = c + r * H;
    T* hr = h + r * H;
    for (int64_t j = 0; j < G; ++j) row[j] += ghr[j];
    if (peephole != nullptr)
      for (int64_t j = 0; j < H; ++j) {
        row[j] += peephole[j] * cp[j];
        row[H + j] += peephole[H + j] * cp[j];
      }
    sigmoidMap(row, row, 2 * H);  // i, f
    tanhMap(row + 2 * H, row + 2 * H, H);
    for (int64_t j = 0; j < H; ++j) cr[j] = row[H + j] * cp[j] + row[j] * row[2 * H + j];
    T* og = row + 3 * H;
    if (peephole != nullptr)  // the output gate sees the new cell state
      for (int64_t j = 0; j < H; ++j) og[j] += peephole[2 * H + j] * cr[j];
    sigmoidMap(og, og, H);
    tanhMap(cr, hr, H);
    for (int64_t j = 0; j < H; ++j) hr[j] *= og[j];
  }
}

/// Backward of lstmStepForward: dh, dc the gradients w.r.t. h and c after the step; writes the gates'
/// pre-activation gradients d [n, 4H] and dcPrev (the part not through W_hh).
template <typename T>
void lstmStepBackward(int64_t n, int64_t H, const T* a, const T* cPrev, const T* c, const T* peephole,
                      const T* dh, const T* dc, T* d, T* dcPrev) {
  const int64_t G = 4 * H;
#ifdef _OPENMP
#pragma omp parallel if (n * H >= kParallelStepElements)
#endif
  {
  std::vector<T> tc(H);  // tanh(c') of a row, per thread
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
  for (int64_t r = 0; r < n; ++r) {
    const T *ig = a + r * G, *fg = ig + H, *gg = ig + 2 * H, *og = ig + 3 * H;
    T *di = d + r * G, *df = di + H, *dg = di + 2 * H, *dout = di + 3 * H;
    tanhMap(c + r * H, tc.data(), H);
    for (int64_t j = 0; j < H; ++j) {
      const int64_t k = r * H + j;
      dout[j] = dh[k] * tc[j] * og[j] * (T(1) - og[j]);
      // c' reaches the loss through h' and, with peepholes, through the output gate.
      T dct = dc[k] + dh[k] * og[j] * (T(1) - tc[j] * tc[j]);
      if (peephole != nullptr) dct += dout[j] * peephole[2 * H + j];
      di[j] = dct * gg[j] * ig[j] * (T(1) - ig[j]);
      df[j] = dct * cPrev[k] * fg[j] * (T(1) - fg[j]);
      dg[j] = dct * ig[j] * (T(1) - gg[j] * gg[j]);
      dcPrev[k] = dct * fg[j];
      if (peephole != nullptr) dcPrev[k] += di[j] * peephole[j] + df[j] * peephole[H + j];
    }
  }
  }
}

}  // namespace ringdl::detail
