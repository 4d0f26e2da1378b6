// Cell<T>: what a recurrent cell is to Recurrent, BiRecurrent and RecurrentDecoder (BigDL's Cell). As a module
// a cell is one time step, {x_t, {states}} -> {y_t, {states'}}; a cell that can also run whole sequences at
// once (the fused RnnCell, LSTM, LSTMPeephole and GRU, which project every step's input in one GEMM) says so
// with runsSequences(), and the others are unrolled over time by clones that share their weights.
#pragma once

#include <vector>

#include "ringdl/nn/module.h"

namespace ringdl {

/// How many steps of each sequence of a batch are real: step t of sample n is valid while t < lengths[n];
/// the rest is padding. Empty: every step of every sample is.
using SequenceLengths = std::vector<int64_t>;

template <typename T>
class Cell {
 public:
  virtual ~Cell() = default;

  /// The shapes of the hidden states for a step input of shape stepInput: {[N, H]} for RnnCell and GRU,
  /// {[N, H], [N, H]} (h, c) for the LSTMs.
  virtual std::vector<Shape> stateShapes(const Shape& stepInput) const = 0;
  /// The shape of a step's output for a step input of shape stepInput ([N, H] for the fused cells).
  virtual Shape stepOutputShape(const Shape& stepInput) const = 0;

  /// Whether sequenceForward/sequenceBackward run whole sequences; if not, Recurrent unrolls the cell.
  virtual bool runsSequences() const { return false; }
  /// Runs the cell over x [N, T, ...] (batch first) from the states h0. Writes y [N, T, ...], zeros at padded
  /// steps, and hT, the states after each sample's last valid step (a padded step carries the states over).
  virtual void sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0,
                               const SequenceLengths& lengths, Tensor<T>& y, std::vector<Tensor<T>>& hT) {
    RINGDL_FAIL("this cell does not run whole sequences (runsSequences() is false)");
  }
  /// The backward of the last sequenceForward: gy [N, T, ...] (padded steps' entries are ignored) and
  /// optionally the gradient of hT; writes gx if not null and gh0, and accumulates the parameters'
  /// gradients if accParameters.
  virtual void sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                                std::vector<Tensor<T>>& gh0, bool accParameters) {
    RINGDL_FAIL("this cell does not run whole sequences (runsSequences() is false)");
  }
};

/// The Cell interface of a module, or an Error naming it and the container that wanted a cell.
template <typename T>
Cell<T>& cellOf(Module<T>& m, const std::string& container) {
  auto* c = dynamic_cast<Cell<T>*>(&m);
  RINGDL_CHECK(c != nullptr, container, ": '", m.name(), "' (", m.typeName(),
               ") is not a recurrent cell; give it RnnCell, LSTM, LSTMPeephole, GRU, ConvLSTMPeephole, "
               "ConvLSTMPeephole3D or MultiRNNCell");
  return *c;
}

}  // namespace ringdl
