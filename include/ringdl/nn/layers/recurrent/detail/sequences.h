// Helpers of the recurrent containers for batches of sequences [N, T, ...] with lengths.
#pragma once

#include <string>

#include "ringdl/nn/activity.h"
#include "ringdl/nn/layers/recurrent/cell.h"

namespace ringdl::detail {

/// A recurrent container's input: x [N, T, ...], or a Table {x, lengths [N]} or {x, mask [N, T]} (1 where a
/// step is real: ones, then zeros). `who` names the container in errors.
template <typename T>
struct SequenceInput {
  Tensor<T> x;
  SequenceLengths lengths;  ///< empty: every step is real
  Activity<T> rest;         ///< the lengths or mask entry as given (for its zero gradient)
  bool table = false;

  static SequenceInput parse(const Activity<T>& input, const std::string& who);
  /// The gradient of the whole input given the gradient of x.
  Activity<T> gradient(Tensor<T> gx) const;
};

/// Each sample's steps [0, length) in reverse order, padding left in place (x [N, T, ...]); its own inverse.
template <typename T>
Tensor<T> reverseWithin(const Tensor<T>& x, const SequenceLengths& lengths);

/// y [N, ...]: each sample's output at its last real step of y [N, T, ...] (zeros for a sample of length 0).
template <typename T>
Tensor<T> lastSteps(const Tensor<T>& y, const SequenceLengths& lengths);
/// The gradient of lastSteps: gy [N, ...] placed at each sample's last real step of a zero [N, T, ...].
template <typename T>
Tensor<T> lastStepsGradient(const Tensor<T>& gy, const Shape& yShape, const SequenceLengths& lengths);

}  // namespace ringdl::detail
