// MultiRNNCell<T>: stacked cells, step by step or layer by layer.
#include "ringdl/nn/layers/recurrent/multi_rnn_cell.h"

#include "ringdl/nn/layers/recurrent/time_distributed.h"  // NoOptions

namespace ringdl {

template <typename T>
MultiRNNCell<T>::MultiRNNCell(std::vector<ModulePtr<T>> cells) : Container<T>("MultiRNNCell") {
  for (auto& c : cells) add(std::move(c));
}

template <typename T>
MultiRNNCell<T>::MultiRNNCell(const Attributes& a) : MultiRNNCell() {
  optionsFrom<NoOptions>(a, "MultiRNNCell");  // takes no options: rejects any
}

template <typename T>
MultiRNNCell<T>& MultiRNNCell<T>::add(ModulePtr<T> cell) {
  RINGDL_CHECK(cell != nullptr, this->where(), ": add was given a null cell");
  cellOf(*cell, this->where());
  Container<T>::add(std::move(cell));
  this->modules_.back()->setGradInputNeeded(true);
  return *this;
}

template <typename T>
Cell<T>& MultiRNNCell<T>::cellAt(size_t i) const {
  return cellOf(*this->modules_.at(i), this->where());
}

template <typename T>
std::vector<size_t> MultiRNNCell<T>::stateCounts(const Shape& stepInput) const {
  std::vector<size_t> counts;
  Shape in = stepInput;
  for (size_t i = 0; i < this->modules_.size(); ++i) {
    counts.push_back(cellAt(i).stateShapes(in).size());
    in = cellAt(i).stepOutputShape(in);
  }
  return counts;
}

template <typename T>
std::vector<Shape> MultiRNNCell<T>::stateShapes(const Shape& stepInput) const {
  RINGDL_CHECK(!this->modules_.empty(), this->where(), " has no cells; give it some (add)");
  std::vector<Shape> shapes;
  Shape in = stepInput;
  for (size_t i = 0; i < this->modules_.size(); ++i) {
    for (const Shape& s : cellAt(i).stateShapes(in)) shapes.push_back(s);
    in = cellAt(i).stepOutputShape(in);
  }
  return shapes;
}

template <typename T>
Shape MultiRNNCell<T>::stepOutputShape(const Shape& stepInput) const {
  Shape in = stepInput;
  for (size_t i = 0; i < this->modules_.size(); ++i) in = cellAt(i).stepOutputShape(in);
  return in;
}

template <typename T>
bool MultiRNNCell<T>::runsSequences() const {
  for (size_t i = 0; i < this->modules_.size(); ++i)
    if (!cellAt(i).runsSequences()) return false;
  return !this->modules_.empty();
}

template <typename T>
const Activity<T>& MultiRNNCell<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK(input.isTable() && input.toTable().size() == 2 && input[1].isTable(), this->where(),
               ": a step's input is a Table {x, {states}}");
  const Tensor<T>& x = input[0].toTensor();
  counts_ = stateCounts(x.shape());
  const auto& states = input[1].toTable();
  size_t total = 0;
  for (size_t c : counts_) total += c;
  RINGDL_CHECK(states.size() == total, this->where(), ": got ", states.size(), " states, its cells have ", total);
  stepInputs_.clear();
  Activity<T> h = input[0];
  std::vector<Activity<T>> next;
  size_t k = 0;
  for (size_t i = 0; i < this->modules_.size(); ++i) {
    std::vector<Activity<T>> mine(states.begin() + k, states.begin() + k + counts_[i]);
    k += counts_[i];
    stepInputs_.push_back(Activity<T>::table({h, Activity<T>::table(mine)}));
    try {
      const Activity<T>& out = this->modules_[i]->forward(stepInputs_.back());
      h = out[0];
      for (const Activity<T>& s : out[1].toTable()) next.push_back(s);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  this->output_ = Activity<T>::table({h, Activity<T>::table(next)});
  return this->output_;
}

template <typename T>
const Activity<T>& MultiRNNCell<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const auto& gstates = gradOutput[1].toTable();
  Activity<T> g = gradOutput[0];
  std::vector<std::vector<Activity<T>>> prev(this->modules_.size());
  size_t k = gstates.size();
  for (size_t i = this->modules_.size(); i-- > 0;) {
    k -= counts_[i];
    std::vector<Activity<T>> mine(gstates.begin() + k, gstates.begin() + k + counts_[i]);
    try {
      const Activity<T>& gin =
          this->modules_[i]->backward(stepInputs_[i], Activity<T>::table({g, Activity<T>::table(mine)}));
      g = gin[0];
      prev[i] = gin[1].toTable();
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  std::vector<Activity<T>> flat;
  for (auto& p : prev) flat.insert(flat.end(), p.begin(), p.end());
  this->gradInput_ = Activity<T>::table({g, Activity<T>::table(flat)});
  return this->gradInput_;
}

template <typename T>
void MultiRNNCell<T>::sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0,
                                      const SequenceLengths& lengths, Tensor<T>& y, std::vector<Tensor<T>>& hT) {
  Shape step = x.shape();
  step.erase(step.begin() + 1);
  counts_ = stateCounts(step);
  layerInputs_.assign(1, x);
  hT.clear();
  size_t k = 0;
  for (size_t i = 0; i < this->modules_.size(); ++i) {
    std::vector<Tensor<T>> mine(h0.begin() + k, h0.begin() + k + counts_[i]), last;
    k += counts_[i];
    Tensor<T> out;
    this->modules_[i]->beginUse();
    cellAt(i).sequenceForward(layerInputs_.back(), mine, lengths, out, last);
    hT.insert(hT.end(), last.begin(), last.end());
    layerInputs_.push_back(out);
  }
  y = layerInputs_.back();
  layerInputs_.pop_back();
}

template <typename T>
void MultiRNNCell<T>::sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                                       std::vector<Tensor<T>>& gh0, bool accParameters) {
  Tensor<T> g = gy;
  std::vector<std::vector<Tensor<T>>> prev(this->modules_.size());
  size_t k = 0;
  for (size_t c : counts_) k += c;
  for (size_t i = this->modules_.size(); i-- > 0;) {
    k -= counts_[i];
    std::vector<Tensor<T>> mine;
    if (ghT != nullptr) mine.assign(ghT->begin() + k, ghT->begin() + k + counts_[i]);
    Tensor<T> gin;
    Module<T>& m = *this->modules_[i];
    cellAt(i).sequenceBackward(g, ghT != nullptr ? &mine : nullptr, i > 0 || gx != nullptr ? &gin : nullptr,
                               prev[i], accParameters && !m.isFrozen());
    m.endUse();
    g = gin;
  }
  gh0.clear();
  for (auto& p : prev) gh0.insert(gh0.end(), p.begin(), p.end());
  if (gx != nullptr) *gx = g;
}

template class MultiRNNCell<float>;
template class MultiRNNCell<double>;

}  // namespace ringdl
