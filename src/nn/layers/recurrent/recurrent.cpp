// Recurrent<T> and RecurrentDecoder<T>: a cell over time, fused or unrolled.
#include "ringdl/nn/layers/recurrent/recurrent.h"

#include "ringdl/nn/layers/recurrent/recurrent_decoder.h"

namespace ringdl {

namespace {
// The shape of one step of x [N, T, ...]: [N, ...].
Shape stepShape(const Shape& x) {
  Shape s = x;
  s.erase(s.begin() + 1);
  return s;
}

// Stacks steps y_t [N, ...] into [N, T, ...].
template <typename T>
Tensor<T> stackSteps(const std::vector<Tensor<T>>& steps) {
  Shape shape = steps.at(0).shape();
  shape.insert(shape.begin() + 1, static_cast<int64_t>(steps.size()));
  Tensor<T> out(shape);
  for (size_t t = 0; t < steps.size(); ++t) out.select(1, static_cast<int64_t>(t)).copyFrom(steps[t]);
  return out;
}
}  // namespace

template <typename T>
Recurrent<T>::Recurrent(ModulePtr<T> cell, bool returnSequences)
    : Recurrent(RecurrentOptions{returnSequences}) {
  if (cell) add(std::move(cell));
}

template <typename T>
Recurrent<T>::Recurrent(const RecurrentOptions& options) : Container<T>("Recurrent"), options_(options) {}

template <typename T>
Recurrent<T>::Recurrent(const std::string& typeName, ModulePtr<T> cell) : Container<T>(typeName) {
  if (cell) add(std::move(cell));
}

template <typename T>
Recurrent<T>& Recurrent<T>::add(ModulePtr<T> cell) {
  RINGDL_CHECK(this->modules_.empty(), this->where(), " has a cell already; a ", this->typeName(),
               " runs one (stack layers in a Sequential, or cells in a MultiRNNCell)");
  RINGDL_CHECK(cell != nullptr, this->where(), ": add was given a null cell");
  cellOf(*cell, this->where());
  Container<T>::add(std::move(cell));
  this->modules_[0]->setGradInputNeeded(true);
  unroller_.clear();
  return *this;
}

template <typename T>
Cell<T>& Recurrent<T>::theCell() {
  RINGDL_CHECK(!this->modules_.empty(), this->where(), " has no cell; give it one (add)");
  return cellOf(*this->modules_[0], this->where());
}

template <typename T>
void Recurrent<T>::setTrainingMode(bool on) {
  Container<T>::setTrainingMode(on);
  unroller_.setTrainingMode(on);
}

template <typename T>
Recurrent<T>& Recurrent<T>::setHiddenState(std::vector<Tensor<T>> states) {
  initial_ = std::move(states);
  return *this;
}

template <typename T>
std::vector<Tensor<T>> Recurrent<T>::initialStates(const Shape& stepInput) {
  const std::vector<Shape> shapes = theCell().stateShapes(stepInput);
  if (initial_.empty()) {
    std::vector<Tensor<T>> zeros;
    for (const Shape& s : shapes) zeros.push_back(Tensor<T>::zeros(s));
    return zeros;
  }
  RINGDL_CHECK(initial_.size() == shapes.size(), this->where(), ": setHiddenState gave ", initial_.size(),
               " states; the cell has ", shapes.size());
  for (size_t s = 0; s < shapes.size(); ++s)
    RINGDL_CHECK(initial_[s].shape() == shapes[s], this->where(), ": the hidden state ", s, " set is ",
                 toString(initial_[s].shape()), "; for this input it must be ", toString(shapes[s]));
  return initial_;
}

template <typename T>
const Activity<T>& Recurrent<T>::updateOutput(const Activity<T>& input) {
  in_ = detail::SequenceInput<T>::parse(input, this->where());
  Cell<T>& cell = theCell();
  Module<T>& module = *this->modules_[0];
  Tensor<T>& y = sequenceOut_;
  fused_ = cell.runsSequences();
  try {
    const std::vector<Tensor<T>> h0 = initialStates(stepShape(in_.x.shape()));
    if (fused_) {
      module.beginUse();
      cell.sequenceForward(in_.x, h0, in_.lengths, y, final_);
    } else {
      std::vector<Tensor<T>> states = h0;
      std::vector<Tensor<T>> ys;
      for (int64_t t = 0; t < in_.x.size(1); ++t)
        ys.push_back(unroller_.forward(module, t, in_.x.select(1, t).contiguous(), states, in_.lengths));
      RINGDL_CHECK(!ys.empty(), this->where(), ": a sequence needs at least one step, got ",
                   toString(in_.x.shape()));
      y = stackSteps(ys);
      final_ = states;
    }
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  fullOutput_ = y.shape();
  this->output_ = options_.returnSequences ? y : detail::lastSteps(y, in_.lengths);
  return this->output_;
}

template <typename T>
const Activity<T>& Recurrent<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  Cell<T>& cell = theCell();
  Module<T>& module = *this->modules_[0];
  const Tensor<T>& g = gradOutput.toTensor();
  const Tensor<T> gy = options_.returnSequences ? g : detail::lastStepsGradient(g, fullOutput_, in_.lengths);
  RINGDL_CHECK(gy.shape() == fullOutput_, this->where(), ": gradOutput has shape ", toString(gy.shape()),
               ", the output ", toString(fullOutput_));
  Tensor<T> gx;
  try {
    if (fused_) {
      cell.sequenceBackward(gy, nullptr, this->inputGradWanted_ ? &gx : nullptr, gradInitial_,
                            !module.isFrozen());
      module.endUse();
    } else {
      std::vector<Tensor<T>> gs;
      for (const Tensor<T>& s : final_) gs.push_back(Tensor<T>::zeros(s.shape()));
      gx = Tensor<T>(in_.x.shape());
      for (int64_t t = in_.x.size(1) - 1; t >= 0; --t)
        gx.select(1, t).copyFrom(unroller_.backward(t, gy.select(1, t).contiguous(), gs));
      gradInitial_ = gs;
    }
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  if (gx.numel() == 0) {  // not wanted: zeros of the right shape, kept
    if (noGradInput_.shape() != in_.x.shape()) noGradInput_ = Tensor<T>::zeros(in_.x.shape());
    gx = noGradInput_;
  }
  this->gradInput_ = in_.gradient(gx);
  return this->gradInput_;
}

// ---- RecurrentDecoder ----

template <typename T>
RecurrentDecoder<T>::RecurrentDecoder(const RecurrentDecoderOptions& options, ModulePtr<T> cell)
    : Recurrent<T>("RecurrentDecoder", std::move(cell)), options_(options) {
  RINGDL_CHECK(options.seqLength > 0, "RecurrentDecoder needs seqLength > 0, got ", options.seqLength);
}

template <typename T>
const Activity<T>& RecurrentDecoder<T>::updateOutput(const Activity<T>& input) {
  const Tensor<T>& x = input.toTensor();
  Module<T>& module = *this->modules_.at(0);
  std::vector<Tensor<T>> states, ys;
  Tensor<T> in = x.contiguous();
  try {
    states = this->initialStates(x.shape());
    const Shape out = this->theCell().stepOutputShape(x.shape());
    RINGDL_CHECK(out == x.shape(), "each step's output is the next step's input, so the cell's output must have ",
                 "its input's shape ", toString(x.shape()), "; it gives ", toString(out));
    for (int64_t t = 0; t < options_.seqLength; ++t) {
      ys.push_back(this->unroller_.forward(module, t, in, states, {}));
      in = ys.back();
    }
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  this->final_ = states;
  this->output_ = stackSteps(ys);
  return this->output_;
}

template <typename T>
const Activity<T>& RecurrentDecoder<T>::updateGradInput(const Activity<T>& input,
                                                        const Activity<T>& gradOutput) {
  const Tensor<T>& x = input.toTensor();
  const Tensor<T>& gy = gradOutput.toTensor();
  RINGDL_CHECK(gy.shape() == this->output_.toTensor().shape(), this->where(), ": gradOutput has shape ",
               toString(gy.shape()), ", the output ", toString(this->output_.toTensor().shape()));
  std::vector<Tensor<T>> gs;
  for (const Tensor<T>& s : this->final_) gs.push_back(Tensor<T>::zeros(s.shape()));
  Tensor<T> gnext = Tensor<T>::zeros(x.shape());  // the gradient of step t + 1's input, step t's output
  try {
    for (int64_t t = options_.seqLength - 1; t >= 0; --t) {
      Tensor<T> g = gy.select(1, t).contiguous();
      const T* add = gnext.data();
      T* d = g.data();
      for (int64_t i = 0; i < g.numel(); ++i) d[i] += add[i];
      gnext = this->unroller_.backward(t, g, gs).contiguous();
    }
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  this->gradInitial_ = gs;
  this->gradInput_ = gnext;
  return this->gradInput_;
}

template class Recurrent<float>;
template class Recurrent<double>;
template class RecurrentDecoder<float>;
template class RecurrentDecoder<double>;

}  // namespace ringdl
