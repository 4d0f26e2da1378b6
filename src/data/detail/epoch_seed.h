// The seeds of the data sets' per-epoch random streams (shard order, shuffle buffers, row orders, image
// augmentation), mixed from the run's seed so that every stream is reproducible from (seed, epoch, stream).
// Internal to src/data.
#pragma once

#include <cstdint>

namespace ringdl {
namespace detail {

/// SplitMix64's output function: a bijective mix of 64 bits.
inline uint64_t splitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// The seed of stream `stream` (a rank, a record, a purpose) of epoch `epoch` of a run seeded with `seed`.
inline uint64_t epochSeed(uint64_t seed, int64_t epoch, uint64_t stream) {
  return splitMix64(splitMix64(splitMix64(seed) ^ static_cast<uint64_t>(epoch)) ^ stream);
}

}  // namespace detail
}  // namespace ringdl
