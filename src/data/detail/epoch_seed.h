// The seeds of the data sets' per-epoch random streams (shard order, shuffle buffers, row orders, image
// augmentation), mixed from the run's seed so that every stream is reproducible from (seed, epoch, stream).
// Internal to src/data.
#pragma once

#include <cstdint>

#include "ringdl/tensor/random.h"

namespace ringdl {
namespace detail {

/// The seed of stream `stream` (a rank, a record, a purpose) of epoch `epoch` of a run seeded with `seed`.
inline uint64_t epochSeed(uint64_t seed, int64_t epoch, uint64_t stream) {
  return splitMix64(splitMix64(splitMix64(seed) ^ static_cast<uint64_t>(epoch)) ^ stream);
}

}  // namespace detail
}  // namespace ringdl
