// batchInput: what a model is fed for a MiniBatch: its input tensor, or for sequence batches that ask for
// it the Table {input [B, T], lengths [B]} that recurrent layers read to skip padding.
#pragma once

#include "ringdl/data/mini_batch.h"
#include "ringdl/nn/activity.h"

namespace ringdl {

/// batch.input(), or Table {input, lengths} when batch.lengthsInInput() (data/text/sequence_padding.h).
/// Views, no copies.
template <typename T>
Activity<T> batchInput(const MiniBatch<T>& batch) {
  if (batch.hasLengths() && batch.lengthsInInput())
    return Activity<T>::table({Activity<T>(batch.input()), Activity<T>(batch.lengths())});
  return Activity<T>(batch.input());
}

}  // namespace ringdl
