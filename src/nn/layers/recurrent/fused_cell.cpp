// FusedCell<T>: whole-sequence forward and backward around the cells' element-wise steps.
#include "ringdl/nn/layers/recurrent/fused_cell.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "ringdl/nn/tensor_module.h"  // RINGDL_CHECK_LAYER
#include "ringdl/tensor/math.h"

namespace ringdl {

namespace {
// Every row of rows [n, width] set to bias [width] (or zero when bias is empty).
template <typename T>
void fillRows(T* rows, int64_t n, int64_t width, const Tensor<T>& bias) {
  if (bias.numel() == 0) {
    std::fill(rows, rows + n * width, T(0));
    return;
  }
  for (int64_t i = 0; i < n; ++i) std::memcpy(rows + i * width, bias.data(), sizeof(T) * width);
}

// dst [b][a] = src [a][b] for rows of `row` elements: batch first [N, T, row] to time-major [T, N, row] and
// back, a row at a time (a strided copyFrom goes element by element).
template <typename T>
void swapLeadingDims(const T* src, T* dst, int64_t a, int64_t b, int64_t row) {
  for (int64_t i = 0; i < a; ++i)
    for (int64_t j = 0; j < b; ++j) std::memcpy(dst + (j * a + i) * row, src + (i * b + j) * row, sizeof(T) * row);
}

// Every row of rows [n, width] += bias [width].
template <typename T>
void addToRows(T* rows, int64_t n, int64_t width, const Tensor<T>& bias) {
  const T* b = bias.data();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < width; ++j) rows[i * width + j] += b[j];
}

// sums [width] += the column sums of rows [n, width].
template <typename T>
void addColumnSums(const T* rows, int64_t n, int64_t width, T* sums) {
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < width; ++j) sums[j] += rows[i * width + j];
}
}  // namespace

template <typename T>
FusedCell<T>::FusedCell(std::string typeName, int64_t inputSize, int64_t hiddenSize, int64_t gates,
                        int64_t states, bool withBias)
    : Module<T>(std::move(typeName)),
      in_(inputSize),
      hidden_(hiddenSize),
      gates_(gates),
      nStates_(states),
      withBias_(withBias) {
  RINGDL_CHECK(inputSize > 0 && hiddenSize > 0, this->typeName(),
               " needs positive sizes, got inputSize=", inputSize, " hiddenSize=", hiddenSize);
  const int64_t g = gates * hiddenSize;
  weightIH_ = Tensor<T>({g, inputSize});
  gradWeightIH_ = Tensor<T>({g, inputSize});
  weightHH_ = Tensor<T>({g, hiddenSize});
  gradWeightHH_ = Tensor<T>({g, hiddenSize});
  this->registerParameter("weight_ih", &weightIH_, &gradWeightIH_);
  this->registerParameter("weight_hh", &weightHH_, &gradWeightHH_);
  if (withBias) {
    biasIH_ = Tensor<T>({g});
    gradBiasIH_ = Tensor<T>({g});
    biasHH_ = Tensor<T>({g});
    gradBiasHH_ = Tensor<T>({g});
    this->registerParameter("bias_ih", &biasIH_, &gradBiasIH_);
    this->registerParameter("bias_hh", &biasHH_, &gradBiasHH_);
  }
  // reset() is left to the concrete cell's constructor, once its own parameters exist.
}

template <typename T>
FusedCell<T>& FusedCell<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void FusedCell<T>::reset() {
  // PyTorch draws every weight of its recurrent layers from U(+-1/sqrt(hidden)): the default initialiser's
  // fan-in is the hidden size here, for the input weights too.
  for (Tensor<T>* w : {&weightIH_, &weightHH_}) weightInit_.apply(*w, hidden_, gateWidth());
  if (withBias_)
    for (Tensor<T>* b : {&biasIH_, &biasHH_}) biasInit_.apply(*b, hidden_, gateWidth());
  resetExtra();
  for (const ParamRef<T>& p : this->ownParameters()) p.grad->zero();
}

template <typename T>
std::vector<Shape> FusedCell<T>::stateShapes(const Shape& stepInput) const {
  RINGDL_CHECK(stepInput.size() == 2 && stepInput[1] == in_, this->where(), ": a step's input must be [N, ",
               in_, "], got ", toString(stepInput));
  return std::vector<Shape>(nStates_, Shape{stepInput[0], hidden_});
}

template <typename T>
void FusedCell<T>::checkSequence(const Tensor<T>& x, const std::vector<Tensor<T>>& h0,
                                 const SequenceLengths& lengths) {
  RINGDL_CHECK_LAYER(x.dim() == 3 && x.size(2) == in_, "expected a sequence [N, T, ", in_,
                     "] (batch first), got ", toString(x.shape()));
  const int64_t n = x.size(0), t = x.size(1);
  RINGDL_CHECK_LAYER(static_cast<int64_t>(h0.size()) == nStates_, "expected ", nStates_,
                     " initial states, got ", h0.size());
  for (size_t s = 0; s < h0.size(); ++s)
    RINGDL_CHECK_LAYER(h0[s].shape() == (Shape{n, hidden_}), "initial state ", s, " must be [", n, ", ",
                       hidden_, "], got ", toString(h0[s].shape()));
  RINGDL_CHECK_LAYER(lengths.empty() || static_cast<int64_t>(lengths.size()) == n, "got ", lengths.size(),
                     " sequence lengths for a batch of ", n);
  for (size_t i = 0; i < lengths.size(); ++i)
    RINGDL_CHECK_LAYER(lengths[i] >= 0 && lengths[i] <= t, "sample ", i, " has length ", lengths[i],
                       ", outside [0, ", t, "] for sequences of ", t, " steps");
}

template <typename T>
void FusedCell<T>::sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0,
                                   const SequenceLengths& lengths, Tensor<T>& y, std::vector<Tensor<T>>& hT) {
  checkSequence(x, h0, lengths);
  batch_ = x.size(0);
  steps_ = x.size(1);
  lengths_ = lengths;
  const int64_t n = batch_, g = gateWidth(), h = hidden_;
  x_.resize({steps_, n, in_});
  swapLeadingDims(x.contiguous().data(), x_.data(), n, steps_, in_);
  // The input projection of every step at once; its bias is added step by step (below), as each step's rows
  // are read anyway, rather than in a pass of its own over the whole buffer.
  gx_.resize({steps_, n, g});
  gemmRaw<T>(false, true, steps_ * n, g, in_, T(1), x_.data(), in_, weightIH_.data(), in_, T(0), gx_.data(), g);
  const bool separate = separateHiddenGradient();
  gh_.resize({separate ? steps_ : 1, n, g});
  if (withBias_) {
    stepBias_ = biasHH_.clone();
    if (!separate) axpy(T(1), biasIH_, stepBias_);
  }
  states_.resize(nStates_);
  for (int64_t s = 0; s < nStates_; ++s) {
    states_[s].resize({steps_ + 1, n, h});
    states_[s].select(0, 0).copyFrom(h0[s]);
  }
  for (int64_t t = 0; t < steps_; ++t) {
    if (separate && withBias_) addToRows(gx(t), n, g, biasIH_);
    fillRows(gh(t), n, g, withBias_ ? stepBias_ : Tensor<T>());
    gemmRaw<T>(false, true, n, g, h, T(1), state(0, t), h, weightHH_.data(), h, T(1), gh(t), g);
    stepForward(t);
    for (int64_t i = 0; i < n && !lengths_.empty(); ++i)
      if (t >= lengths_[i])  // padding: the states pass through unchanged
        for (int64_t s = 0; s < nStates_; ++s)
          std::memcpy(state(s, t + 1) + i * h, state(s, t) + i * h, sizeof(T) * h);
  }
  y.resize({n, steps_, h});
  swapLeadingDims(state(0, 1), y.data(), steps_, n, h);
  hT.resize(nStates_);
  for (int64_t s = 0; s < nStates_; ++s) hT[s] = states_[s].select(0, steps_).clone();
  if (!lengths_.empty())
    for (int64_t i = 0; i < n; ++i)
      std::fill(y.data() + (i * steps_ + lengths_[i]) * h, y.data() + (i + 1) * steps_ * h, T(0));
}

template <typename T>
void FusedCell<T>::backwardThroughTime(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT,
                                       std::vector<Tensor<T>>& gh0) {
  const int64_t n = batch_, g = gateWidth(), h = hidden_;
  RINGDL_CHECK_LAYER(steps_ > 0, "backward called before forward");
  RINGDL_CHECK_LAYER(gy.shape() == (Shape{n, steps_, h}), "the output's gradient must be [", n, ", ", steps_,
                     ", ", h, "], got ", toString(gy.shape()));
  const Tensor<T> gyc = gy.contiguous();
  dgx_.resize({steps_, n, g});
  if (separateHiddenGradient()) dgh_.resize({steps_, n, g});
  // The biases' gradients are summed step by step while the step's rows are in cache.
  for (Tensor<T>* d : {&dBiasIH_, &dBiasHH_}) d->resize({withBias_ ? g : 0}).zero();
  dState_.resize(nStates_);
  dPrev_.resize(nStates_);
  for (int64_t s = 0; s < nStates_; ++s) {
    dState_[s].resize({n, h});
    dPrev_[s].resize({n, h});
    if (ghT != nullptr && s < static_cast<int64_t>(ghT->size()) && (*ghT)[s].numel() > 0) {
      RINGDL_CHECK_LAYER((*ghT)[s].shape() == (Shape{n, h}), "the gradient of final state ", s, " must be [",
                         n, ", ", h, "], got ", toString((*ghT)[s].shape()));
      dState_[s].copyFrom((*ghT)[s]);
    } else {
      dState_[s].zero();
    }
  }
  for (int64_t t = steps_ - 1; t >= 0; --t) {
    T* dh = dState_[0].data();
    for (int64_t i = 0; i < n; ++i) {
      if (!lengths_.empty() && t >= lengths_[i]) continue;  // a padded step's output has no gradient
      const T* src = gyc.data() + (i * steps_ + t) * h;
      for (int64_t j = 0; j < h; ++j) dh[i * h + j] += src[j];
    }
    stepBackward(t, dState_, dPrev_);
    for (int64_t i = 0; i < n && !lengths_.empty(); ++i) {
      if (t < lengths_[i]) continue;
      // Padding passed the states through: their gradients go back unchanged, and the step's gates get none.
      std::fill(dgx(t) + i * g, dgx(t) + (i + 1) * g, T(0));
      std::fill(dgh(t) + i * g, dgh(t) + (i + 1) * g, T(0));
      for (int64_t s = 0; s < nStates_; ++s)
        std::memcpy(dPrev_[s].data() + i * h, dState_[s].data() + i * h, sizeof(T) * h);
    }
    gemmRaw<T>(false, false, n, h, g, T(1), dgh(t), g, weightHH_.data(), h, T(1), dPrev_[0].data(), h);
    if (withBias_) {
      addColumnSums(dgx(t), n, g, dBiasIH_.data());
      if (separateHiddenGradient()) addColumnSums(dgh(t), n, g, dBiasHH_.data());
    }
    std::swap(dState_, dPrev_);
  }
  gh0.resize(nStates_);
  for (int64_t s = 0; s < nStates_; ++s) gh0[s] = dState_[s].clone();
}

template <typename T>
void FusedCell<T>::addWeightGradient(const T* a, const T* b, int64_t k, int64_t rows, int64_t cols,
                                    Tensor<T>& gradWeight) {
  scratch_.resize({cols, rows});
  gemmRaw<T>(true, false, cols, rows, k, T(1), b, cols, a, rows, T(0), scratch_.data(), rows);
  T* gw = gradWeight.data();
  const T* s = scratch_.data();
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) gw[i * cols + j] += s[j * rows + i];
}

template <typename T>
void FusedCell<T>::accumulateParameterGradients() {
  const int64_t rows = steps_ * batch_, g = gateWidth(), h = hidden_;
  addWeightGradient(dgx_.data(), x_.data(), rows, g, in_, gradWeightIH_);
  // The hidden weights saw state 0 at times 0..T-1: the first T blocks of states_[0], contiguous.
  const T* dh = separateHiddenGradient() ? dgh_.data() : dgx_.data();
  addWeightGradient(dh, states_[0].data(), rows, g, h, gradWeightHH_);
  if (withBias_) {
    axpy(T(1), dBiasIH_, gradBiasIH_);
    axpy(T(1), separateHiddenGradient() ? dBiasHH_ : dBiasIH_, gradBiasHH_);
  }
  accumulateExtraGradients();
}

template <typename T>
void FusedCell<T>::sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                                    std::vector<Tensor<T>>& gh0, bool accParameters) {
  backwardThroughTime(gy, ghT, gh0);
  if (accParameters) accumulateParameterGradients();
  if (gx == nullptr) return;
  gxTimeMajor_.resize({steps_, batch_, in_});
  gemmRaw<T>(false, false, steps_ * batch_, in_, gateWidth(), T(1), dgx_.data(), gateWidth(), weightIH_.data(),
             in_, T(0), gxTimeMajor_.data(), in_);
  gx->resize({batch_, steps_, in_});
  swapLeadingDims(gxTimeMajor_.data(), gx->data(), steps_, batch_, in_);
}

// ---- the step-module form ----

template <typename T>
std::pair<Tensor<T>, std::vector<Tensor<T>>> FusedCell<T>::stepInput(const Activity<T>& input) const {
  RINGDL_CHECK_LAYER(input.isTable() && input.toTable().size() == 2,
                     "a step's input is a Table {x [N, ", in_, "], {states}}; run sequences through Recurrent");
  const Tensor<T>& x = input[0].toTensor();
  RINGDL_CHECK_LAYER(x.dim() == 2 && x.size(1) == in_, "a step's x must be [N, ", in_, "], got ",
                     toString(x.shape()));
  std::vector<Tensor<T>> states;
  const Activity<T>& s = input[1];
  if (s.isTensor()) {
    states.push_back(s.toTensor());
  } else {
    for (const Activity<T>& e : s.toTable()) states.push_back(e.toTensor());
  }
  return {x, states};
}

template <typename T>
std::vector<Tensor<T>> FusedCell<T>::stepStateGradients(const Activity<T>& gradOutput) const {
  RINGDL_CHECK_LAYER(gradOutput.isTable() && gradOutput.toTable().size() == 2,
                     "a step's gradOutput is a Table {gy [N, ", hidden_, "], {state gradients}}");
  std::vector<Tensor<T>> g;
  const Activity<T>& s = gradOutput[1];
  if (s.isTensor()) {
    g.push_back(s.toTensor());
  } else {
    for (const Activity<T>& e : s.toTable()) g.push_back(e.toTensor());
  }
  return g;
}

template <typename T>
const Activity<T>& FusedCell<T>::updateOutput(const Activity<T>& input) {
  auto [x, states] = stepInput(input);
  const int64_t n = x.size(0);
  Tensor<T> y;
  std::vector<Tensor<T>> hT;
  sequenceForward(x.view({n, 1, in_}), states, {}, y, hT);
  std::vector<Activity<T>> stateOut(hT.begin(), hT.end());
  this->output_ = Activity<T>::table({Activity<T>(y.view({n, hidden_})), Activity<T>::table(stateOut)});
  stepBackwardDone_ = false;
  return this->output_;
}

template <typename T>
const Activity<T>& FusedCell<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const std::vector<Tensor<T>> ghT = stepStateGradients(gradOutput);
  const Tensor<T>& gy = gradOutput[0].toTensor();
  RINGDL_CHECK_LAYER(gy.numel() == batch_ * hidden_, "a step's gy must be [", batch_, ", ", hidden_, "], got ",
                     toString(gy.shape()));
  std::vector<Tensor<T>> gh0;
  backwardThroughTime(gy.contiguous().view({batch_, 1, hidden_}), &ghT, gh0);
  Tensor<T> gx({batch_, in_});
  gemmRaw<T>(false, false, batch_, in_, gateWidth(), T(1), dgx_.data(), gateWidth(), weightIH_.data(), in_, T(0),
             gx.data(), in_);
  std::vector<Activity<T>> stateGrads(gh0.begin(), gh0.end());
  // A single state given as a Tensor (BigDL's RnnCell hidden) gets its gradient as a Tensor.
  this->gradInput_ = Activity<T>::table({Activity<T>(gx), input[1].isTensor()
                                                                ? Activity<T>(gh0[0])
                                                                : Activity<T>::table(stateGrads)});
  stepBackwardDone_ = true;
  return this->gradInput_;
}

template <typename T>
void FusedCell<T>::accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) {
  if (!stepBackwardDone_) {  // gradInput was not wanted: run the recurrence for the gates' gradients alone
    const std::vector<Tensor<T>> ghT = stepStateGradients(gradOutput);
    std::vector<Tensor<T>> gh0;
    backwardThroughTime(gradOutput[0].toTensor().contiguous().view({batch_, 1, hidden_}), &ghT, gh0);
  }
  accumulateParameterGradients();
  stepBackwardDone_ = false;
}

template class FusedCell<float>;
template class FusedCell<double>;

}  // namespace ringdl
