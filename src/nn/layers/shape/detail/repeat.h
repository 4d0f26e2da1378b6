// Block repetition, shared by Replicate and Tile: a contiguous x seen as [outer, block] becomes [outer,
// copies, block] (each block written `copies` times), and the gradient sums the copies back.
#pragma once

#include <cstdint>
#include <cstring>

namespace ringdl::detail {

template <typename T>
void repeatBlocks(const T* x, int64_t outer, int64_t copies, int64_t block, T* y) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < copies; ++c)
      std::memcpy(y + (o * copies + c) * block, x + o * block, sizeof(T) * block);
}

template <typename T>
void sumRepeatedBlocks(const T* gy, int64_t outer, int64_t copies, int64_t block, T* gx) {
  for (int64_t o = 0; o < outer; ++o) {
    T* g = gx + o * block;
    std::memcpy(g, gy + o * copies * block, sizeof(T) * block);
    for (int64_t c = 1; c < copies; ++c) {
      const T* src = gy + (o * copies + c) * block;
      for (int64_t i = 0; i < block; ++i) g[i] += src[i];
    }
  }
}

}  // namespace ringdl::detail
