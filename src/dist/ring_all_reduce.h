// RingDL's ring reduce-scatter / all-gather / all-reduce over MPI point-to-point (internal to src/dist).
#pragma once

#include <cstdint>

#include "mpi_context.h"
#include "ringdl/dist/wire_format.h"

namespace ringdl::detail {

/// kAllReduce is kReduceScatter followed by kAllGather, run as one pipeline.
enum class RingPart { kAllReduce, kReduceScatter, kAllGather };

/// Runs part of the ring in place on data[0, n): every rank must call it with the same n, part and wire.
/// The buffer is cut into size() chunks by sliceOf (rank r owns chunk r) and each chunk into segments of
/// ctx.segmentBytes. Over 2(p-1) steps t, rank r sends chunk (r - t - 1) mod p to rank r + 1 and receives
/// chunk (r - t - 2) mod p from rank r - 1; the first p - 1 steps add what arrives (reduce-scatter, after
/// which rank r holds the sum of chunk r), the last p - 1 copy it (all-gather). Segment k of step t leaves as
/// soon as segment k of step t - 1 has been added, so steps overlap and the reduce-scatter flows into the
/// all-gather without a pause. A 16-bit wire encodes each outgoing segment and decodes (adding in float32)
/// each incoming one; in an all-reduce the owner rounds its finished chunk as it sends it, so every rank ends
/// with the same bits.
template <typename T>
void ringCollective(MpiContext& ctx, T* data, int64_t n, RingPart part, WireFormat wire,
                    const char* operation);

}  // namespace ringdl::detail
