// MultiRNNCell<T>: BigDL's MultiRNNCell(cells): cells stacked into one, each step's x going through the cells
// in turn. Its states are the cells' in order, in one flat Table ({h1, h2, c2} for an RnnCell on an LSTM),
// its output the last cell's. Under
// Recurrent, cells that run whole sequences run them layer after layer (each layer's fused kernels over all
// steps); otherwise the stack is unrolled step by step.
#pragma once

#include "ringdl/nn/container.h"
#include "ringdl/nn/layers/recurrent/cell.h"
#include "ringdl/nn/options.h"

namespace ringdl {

template <typename T>
class MultiRNNCell : public Container<T>, public Cell<T> {
 public:
  explicit MultiRNNCell(std::vector<ModulePtr<T>> cells = {});
  explicit MultiRNNCell(const Attributes& a);

  /// Appends a cell.
  MultiRNNCell& add(ModulePtr<T> cell) override;

  // ---- one step: {x, {states of cell 0..., states of cell 1..., ...}} -> {y, {states'}} ----
  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

  // ---- Cell ----
  std::vector<Shape> stateShapes(const Shape& stepInput) const override;
  Shape stepOutputShape(const Shape& stepInput) const override;
  bool runsSequences() const override;
  void sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0, const SequenceLengths& lengths,
                       Tensor<T>& y, std::vector<Tensor<T>>& hT) override;
  void sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                        std::vector<Tensor<T>>& gh0, bool accParameters) override;

 private:
  Cell<T>& cellAt(size_t i) const;
  /// How many states each cell has, for a step input of this shape.
  std::vector<size_t> stateCounts(const Shape& stepInput) const;

  std::vector<Tensor<T>> layerInputs_;  // the sequences each cell read in the last sequenceForward
  std::vector<size_t> counts_;          // and their state counts
  std::vector<Activity<T>> stepInputs_;  // the step form's per-cell inputs
};

extern template class MultiRNNCell<float>;
extern template class MultiRNNCell<double>;

}  // namespace ringdl
