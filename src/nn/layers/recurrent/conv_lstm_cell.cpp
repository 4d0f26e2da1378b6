// ConvLSTMCell<T>: the convolutional LSTM step, forward and backward, on the convolution family's column
// kernels (one vol2col and one GEMM per convolution and pass, the four gates in one).
#include "ringdl/nn/layers/recurrent/detail/conv_lstm_cell.h"

#include <algorithm>
#include <cstring>

#include "../convolution/detail/column_convolution.h"
#include "ringdl/nn/tensor_module.h"  // RINGDL_CHECK_LAYER
#include "ringdl/tensor/math.h"

namespace ringdl::detail {

GateFunction gateFunctionOf(const std::string& name, const std::string& layer, const char* option) {
  if (name == "tanh") return GateFunction::kTanh;
  if (name == "sigmoid") return GateFunction::kSigmoid;
  if (name == "hard_sigmoid") return GateFunction::kHardSigmoid;
  if (name == "relu") return GateFunction::kRelu;
  RINGDL_FAIL(layer, ": option '", option, "' must be tanh, sigmoid, hard_sigmoid or relu, got '", name, "'");
}

namespace {

// v = f(v) over n contiguous values.
template <typename T>
void activate(GateFunction f, T* v, int64_t n) {
  switch (f) {
    case GateFunction::kTanh:
      tanhMap(v, v, n);
      return;
    case GateFunction::kSigmoid:
      sigmoidMap(v, v, n);
      return;
    case GateFunction::kHardSigmoid:
      for (int64_t i = 0; i < n; ++i) v[i] = std::min(T(1), std::max(T(0), T(0.2) * v[i] + T(0.5)));
      return;
    case GateFunction::kRelu:
      for (int64_t i = 0; i < n; ++i) v[i] = std::max(T(0), v[i]);
      return;
  }
}

// f'(x) from y = f(x).
template <typename T>
inline T derivative(GateFunction f, T y) {
  switch (f) {
    case GateFunction::kTanh:
      return T(1) - y * y;
    case GateFunction::kSigmoid:
      return y * (T(1) - y);
    case GateFunction::kHardSigmoid:
      return y > T(0) && y < T(1) ? T(0.2) : T(0);
    case GateFunction::kRelu:
      return y > T(0) ? T(1) : T(0);
  }
  return T(0);
}

int64_t power(int64_t k, int rank) {
  int64_t p = 1;
  for (int i = 0; i < rank; ++i) p *= k;
  return p;
}

// The padding before the data along one dimension for "same" (TensorFlow's rule, BigDL's padding -1): the
// total that gives ceil(size / stride) positions, split with the odd one after. The column kernels read
// zeros past the end, so the padding after needs no number of its own.
int64_t samePadBefore(int64_t size, int64_t kernel, int64_t stride) {
  const int64_t positions = (size + stride - 1) / stride;
  return std::max<int64_t>(0, (positions - 1) * stride + kernel - size) / 2;
}

template <typename T>
bool isTableOf(const Activity<T>& a, size_t n) {
  return a.isTable() && a.toTable().size() == n;
}

}  // namespace

template <typename T>
ConvLSTMCell<T>::ConvLSTMCell(const char* typeName, const ConvLSTMSpec& spec)
    : Module<T>(typeName),
      spec_(spec),
      act_(gateFunctionOf(spec.activation, typeName, "activation")),
      inner_(gateFunctionOf(spec.innerActivation, typeName, "innerActivation")),
      inputConv_(std::make_unique<ColumnConvolution<T>>()),
      hiddenConv_(std::make_unique<ColumnConvolution<T>>()) {
  const ConvLSTMSpec& s = spec_;
  RINGDL_CHECK(s.inputSize > 0 && s.outputSize > 0 && s.kernelI > 0 && s.kernelC > 0, typeName,
               " needs positive sizes and kernels, got inputSize=", s.inputSize, " outputSize=", s.outputSize,
               " kernelI=", s.kernelI, " kernelC=", s.kernelC);
  RINGDL_CHECK(s.stride > 0, typeName, " needs a positive stride, got stride=", s.stride);
  RINGDL_CHECK(s.padding >= -1, typeName, ": padding must be -1 (same) or >= 0, got padding=", s.padding);
  RINGDL_CHECK(s.padding == -1 || s.kernelC == 2 * s.padding + 1, typeName, ": with padding=", s.padding,
               " the hidden state's convolution keeps the states' size only with kernelC=", 2 * s.padding + 1,
               ", got kernelC=", s.kernelC, " (padding=-1, same, takes any kernel)");
  const int64_t G = 4 * s.outputSize;
  Shape wi{G, s.inputSize}, wh{G, s.outputSize};
  for (int i = 0; i < s.rank; ++i) {
    wi.push_back(s.kernelI);
    wh.push_back(s.kernelC);
  }
  weightIH_ = Tensor<T>(wi);
  gradWeightIH_ = Tensor<T>(wi);
  biasIH_ = Tensor<T>({G});
  gradBiasIH_ = Tensor<T>({G});
  weightHH_ = Tensor<T>(wh);
  gradWeightHH_ = Tensor<T>(wh);
  this->registerParameter("weight_ih", &weightIH_, &gradWeightIH_);
  this->registerParameter("bias_ih", &biasIH_, &gradBiasIH_);
  this->registerParameter("weight_hh", &weightHH_, &gradWeightHH_);
  if (s.withPeephole) {
    peephole_ = Tensor<T>({3 * s.outputSize});
    gradPeephole_ = Tensor<T>({3 * s.outputSize});
    this->registerParameter("weight_peephole", &peephole_, &gradPeephole_);
  }
  reset();
}

template <typename T>
ConvLSTMCell<T>::~ConvLSTMCell() = default;

template <typename T>
ConvLSTMCell<T>& ConvLSTMCell<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void ConvLSTMCell<T>::reset() {
  // BigDL's gates are separate convolutions of outputSize planes and CMuls of outputSize channels: their
  // fan-ins, not the fused tensors', set the default ranges.
  const int64_t out = spec_.outputSize, kI = power(spec_.kernelI, spec_.rank),
                kC = power(spec_.kernelC, spec_.rank);
  weightInit_.apply(weightIH_, spec_.inputSize * kI, out * kI);
  biasInit_.apply(biasIH_, spec_.inputSize * kI, out * kI);
  weightInit_.apply(weightHH_, out * kC, out * kC);
  if (spec_.withPeephole) weightInit_.apply(peephole_, out, out);
  for (const ParamRef<T>& p : this->ownParameters()) p.grad->zero();
}

template <typename T>
std::vector<std::pair<std::string, Regularizer>> ConvLSTMCell<T>::regularizers() const {
  std::vector<std::pair<std::string, Regularizer>> out;
  if (spec_.w.active()) out.emplace_back("weight_ih", spec_.w);
  if (spec_.u.active()) out.emplace_back("weight_hh", spec_.u);
  if (spec_.b.active()) out.emplace_back("bias_ih", spec_.b);
  if (spec_.c.active() && spec_.withPeephole) out.emplace_back("weight_peephole", spec_.c);
  return out;
}

template <typename T>
std::string ConvLSTMCell<T>::expectedInput() const {
  static const char* kNames[3] = {"D", "H", "W"};
  std::string s = "[N, " + std::to_string(spec_.inputSize);
  for (int i = 3 - spec_.rank; i < 3; ++i) s += std::string(", ") + kNames[i];
  return s + "]";
}

template <typename T>
std::vector<int64_t> ConvLSTMCell<T>::stateSpatial(const int64_t* inputSpatial) const {
  std::vector<int64_t> out(spec_.rank);
  for (int i = 0; i < spec_.rank; ++i)
    out[i] = spec_.padding == -1 ? (inputSpatial[i] + spec_.stride - 1) / spec_.stride
                                 : (inputSpatial[i] + 2 * spec_.padding - spec_.kernelI) / spec_.stride + 1;
  return out;
}

template <typename T>
std::vector<Shape> ConvLSTMCell<T>::stateShapes(const Shape& stepInput) const {
  RINGDL_CHECK_LAYER(static_cast<int>(stepInput.size()) == spec_.rank + 2 && stepInput[1] == spec_.inputSize,
                     "a step's x must be ", expectedInput(), ", got ", toString(stepInput));
  const std::vector<int64_t> spatial = stateSpatial(stepInput.data() + 2);
  for (int i = 0; i < spec_.rank; ++i)
    RINGDL_CHECK_LAYER(spatial[i] > 0, "x ", toString(stepInput),
                       " is smaller than the kernel (kernelI=", spec_.kernelI, ", padding=", spec_.padding,
                       ")");
  Shape s{stepInput[0], spec_.outputSize};
  s.insert(s.end(), spatial.begin(), spatial.end());
  return {s, s};
}

template <typename T>
void ConvLSTMCell<T>::readStep(const Activity<T>& input, Tensor<T>& x, Tensor<T>& h, Tensor<T>& c) const {
  RINGDL_CHECK_LAYER(isTableOf(input, 2) && input[0].isTensor() && isTableOf(input[1], 2) &&
                         input[1][0].isTensor() && input[1][1].isTensor(),
                     "a step's input is a Table {x ", expectedInput(),
                     ", {h, c}}; run sequences through Recurrent");
  x = input[0].toTensor();
  const std::vector<Shape> states = stateShapes(x.shape());
  const char* names[2] = {"h", "c"};
  for (int s = 0; s < 2; ++s)
    RINGDL_CHECK_LAYER(input[1][s].toTensor().shape() == states[s], "state ", names[s], " must be ",
                       toString(states[s]), " for x ", toString(x.shape()), ", got ",
                       toString(input[1][s].toTensor().shape()));
  x = x.contiguous();
  h = input[1][0].toTensor().contiguous();
  c = input[1][1].toTensor().contiguous();
}

template <typename T>
VolumeGeometry ConvLSTMCell<T>::inputGeometry() const {
  VolumeGeometry g;
  g.batch = batch_;
  g.channels = spec_.inputSize;
  for (int i = 3 - spec_.rank; i < 3; ++i) {
    g.image[i] = inSize_[i];
    g.kernel[i] = spec_.kernelI;
    g.stride[i] = spec_.stride;
    g.pad[i] = spec_.padding == -1 ? samePadBefore(inSize_[i], spec_.kernelI, spec_.stride) : spec_.padding;
    g.positions[i] = outSize_[i];
  }
  return g;
}

template <typename T>
VolumeGeometry ConvLSTMCell<T>::hiddenGeometry() const {
  VolumeGeometry g;
  g.batch = batch_;
  g.channels = spec_.outputSize;
  for (int i = 3 - spec_.rank; i < 3; ++i) {
    g.image[i] = g.positions[i] = outSize_[i];
    g.kernel[i] = spec_.kernelC;
    g.pad[i] = spec_.padding == -1 ? samePadBefore(outSize_[i], spec_.kernelC, 1) : spec_.padding;
  }
  return g;
}

template <typename T>
void ConvLSTMCell<T>::setGeometry(int64_t batch, const int64_t* inputSpatial, const Shape& state) {
  batch_ = batch;
  const int first = 3 - spec_.rank;
  for (int i = 0; i < spec_.rank; ++i) {
    inSize_[first + i] = inputSpatial[i];
    outSize_[first + i] = state[2 + i];
  }
}

// ---- the element-wise step, shared by the step module and the sequence ----

template <typename T>
void ConvLSTMCell<T>::cellForward(T* gates, const T* cPrev, T* cNext, T* actC, T* hNext, int64_t n) const {
  const int64_t H = spec_.outputSize, S = positions(), HS = H * S;
  const bool peep = spec_.withPeephole;
  const T* p = peep ? peephole_.data() : nullptr;
  for (int64_t b = 0; b < n; ++b) {
    T* a = gates + b * 4 * HS;
    const T* c = cPrev + b * HS;
    T *ig = a, *fg = a + HS, *gg = a + 2 * HS, *og = a + 3 * HS;
    if (peep)
      for (int64_t j = 0; j < H; ++j)
        for (int64_t q = 0; q < S; ++q) {
          ig[j * S + q] += p[j] * c[j * S + q];
          fg[j * S + q] += p[H + j] * c[j * S + q];
        }
    activate(inner_, ig, 2 * HS);  // i and f are adjacent
    activate(act_, gg, HS);
    T* cn = cNext + b * HS;
    for (int64_t k = 0; k < HS; ++k) cn[k] = fg[k] * c[k] + ig[k] * gg[k];
    // The output gate looks at the new cell state, so it is activated only now.
    if (peep)
      for (int64_t j = 0; j < H; ++j)
        for (int64_t q = 0; q < S; ++q) og[j * S + q] += p[2 * H + j] * cn[j * S + q];
    activate(inner_, og, HS);
    T *ac = actC + b * HS, *hn = hNext + b * HS;
    std::memcpy(ac, cn, sizeof(T) * HS);
    activate(act_, ac, HS);
    for (int64_t k = 0; k < HS; ++k) hn[k] = og[k] * ac[k];
  }
}

template <typename T>
void ConvLSTMCell<T>::cellBackward(const T* gates, const T* cPrev, const T* actC, const T* gy, const T* gh,
                                   const T* gc, T* dGates, T* dcPrev, int64_t n) const {
  const int64_t H = spec_.outputSize, S = positions(), HS = H * S;
  const bool peep = spec_.withPeephole;
  const T* p = peep ? peephole_.data() : nullptr;
  for (int64_t b = 0; b < n; ++b) {
    const T* a = gates + b * 4 * HS;
    const T *ig = a, *fg = a + HS, *gg = a + 2 * HS, *og = a + 3 * HS;
    const T *c = cPrev + b * HS, *ac = actC + b * HS;
    T* d = dGates + b * 4 * HS;
    T *di = d, *df = d + HS, *dg = d + 2 * HS, *dout = d + 3 * HS;
    T* dcp = dcPrev + b * HS;
    for (int64_t j = 0; j < H; ++j)
      for (int64_t q = 0; q < S; ++q) {
        const int64_t k = j * S + q, e = b * HS + k;
        // h' is both the output and the state h: their gradients add.
        const T dh = (gy ? gy[e] : T(0)) + (gh ? gh[e] : T(0));
        dout[k] = dh * ac[k] * derivative(inner_, og[k]);
        // c' reaches the loss as the state c, through h' and through the output gate's peephole.
        T dc = (gc ? gc[e] : T(0)) + dh * og[k] * derivative(act_, ac[k]);
        if (peep) dc += dout[k] * p[2 * H + j];
        di[k] = dc * gg[k] * derivative(inner_, ig[k]);
        df[k] = dc * c[k] * derivative(inner_, fg[k]);
        dg[k] = dc * ig[k] * derivative(act_, gg[k]);
        dcp[k] = dc * fg[k];
        if (peep) dcp[k] += di[k] * p[j] + df[k] * p[H + j];
      }
  }
}

template <typename T>
void ConvLSTMCell<T>::accPeepholeGradients(const T* dGates, const T* cPrev, const T* cNext, int64_t n) {
  const int64_t H = spec_.outputSize, S = positions(), HS = H * S;
  T* gp = gradPeephole_.data();
  for (int64_t b = 0; b < n; ++b) {
    const T* d = dGates + b * 4 * HS;
    const T *c = cPrev + b * HS, *cn = cNext + b * HS;
    for (int64_t j = 0; j < H; ++j)
      for (int64_t q = 0; q < S; ++q) {
        const int64_t k = j * S + q;
        gp[j] += d[k] * c[k];
        gp[H + j] += d[HS + k] * c[k];
        gp[2 * H + j] += d[3 * HS + k] * cn[k];
      }
  }
}

// ---- one step, as a module ----

template <typename T>
const Activity<T>& ConvLSTMCell<T>::updateOutput(const Activity<T>& input) {
  Tensor<T> x, h;
  readStep(input, x, h, c_);
  const Shape state = h.shape();
  setGeometry(x.size(0), x.shape().data() + 2, state);
  const int64_t n = batch_, G = 4 * spec_.outputSize, S = positions();
  gates_.resize({n, G, S});
  hiddenProj_.resize({n, G, S});
  inputConv_->forward(inputGeometry(), G, 1, x.data(), weightIH_.data(), biasIH_.data(), gates_.data());
  hiddenConv_->forward(hiddenGeometry(), G, 1, h.data(), weightHH_.data(), nullptr, hiddenProj_.data());
  T* a = gates_.data();
  const T* u = hiddenProj_.data();
  for (int64_t k = 0; k < n * G * S; ++k) a[k] += u[k];
  cNext_.resize(state);
  actC_.resize(state);
  hNext_.resize(state);
  cellForward(a, c_.data(), cNext_.data(), actC_.data(), hNext_.data(), n);
  this->output_ = Activity<T>::table(
      {Activity<T>(hNext_), Activity<T>::table({Activity<T>(hNext_), Activity<T>(cNext_)})});
  gatesReady_ = false;
  return this->output_;
}

template <typename T>
void ConvLSTMCell<T>::gateGradients(const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(batch_ > 0 && hNext_.numel() > 0, "backward called before forward");
  const Shape& state = hNext_.shape();
  RINGDL_CHECK_LAYER(isTableOf(gradOutput, 2) && gradOutput[0].isTensor() && isTableOf(gradOutput[1], 2) &&
                         gradOutput[1][0].isTensor() && gradOutput[1][1].isTensor(),
                     "a step's gradOutput is a Table {gy ", toString(state), ", {gh, gc}}");
  // An empty state gradient is zero (the last step's states, when nothing reads them).
  Tensor<T> g[3] = {gradOutput[0].toTensor(), gradOutput[1][0].toTensor(), gradOutput[1][1].toTensor()};
  const char* names[3] = {"gy", "gh", "gc"};
  for (int k = 0; k < 3; ++k) {
    RINGDL_CHECK_LAYER(g[k].numel() == 0 || g[k].shape() == state, "the step's gradient ", names[k],
                       " must be ", toString(state), " as its output, got ", toString(g[k].shape()));
    g[k] = g[k].contiguous();
  }
  dGates_.resize({batch_, 4 * spec_.outputSize, positions()});
  gradC_.resize(state);
  auto data = [](const Tensor<T>& t) { return t.numel() ? t.data() : nullptr; };
  cellBackward(gates_.data(), c_.data(), actC_.data(), data(g[0]), data(g[1]), data(g[2]), dGates_.data(),
               gradC_.data(), batch_);
  gatesReady_ = true;
}

template <typename T>
const Activity<T>& ConvLSTMCell<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  gateGradients(gradOutput);
  const int64_t G = 4 * spec_.outputSize;
  gradX_.resize(input[0].toTensor().shape());
  gradH_.resize(hNext_.shape());
  inputConv_->backwardData(inputGeometry(), G, 1, dGates_.data(), weightIH_.data(), gradX_.data());
  hiddenConv_->backwardData(hiddenGeometry(), G, 1, dGates_.data(), weightHH_.data(), gradH_.data());
  this->gradInput_ = Activity<T>::table(
      {Activity<T>(gradX_), Activity<T>::table({Activity<T>(gradH_), Activity<T>(gradC_)})});
  return this->gradInput_;
}

template <typename T>
void ConvLSTMCell<T>::accGradParameters(const Activity<T>& /*input*/, const Activity<T>& gradOutput) {
  if (!gatesReady_) gateGradients(gradOutput);  // gradInput was not wanted
  const int64_t G = 4 * spec_.outputSize;
  inputConv_->accGradParameters(inputGeometry(), G, 1, dGates_.data(), gradWeightIH_.data(),
                                gradBiasIH_.data());
  hiddenConv_->accGradParameters(hiddenGeometry(), G, 1, dGates_.data(), gradWeightHH_.data(), nullptr);
  if (spec_.withPeephole) accPeepholeGradients(dGates_.data(), c_.data(), cNext_.data(), batch_);
  gatesReady_ = false;
}

// ---- whole sequences ----

template <typename T>
void ConvLSTMCell<T>::sequenceForward(const Tensor<T>& x, const std::vector<Tensor<T>>& h0,
                                      const SequenceLengths& lengths, Tensor<T>& y,
                                      std::vector<Tensor<T>>& hT) {
  const int r = spec_.rank;
  RINGDL_CHECK_LAYER(x.dim() == r + 3 && x.size(2) == spec_.inputSize, "expected a sequence ", "[N, T, ",
                     spec_.inputSize, r == 2 ? ", H, W]" : ", D, H, W]", " (batch first), got ",
                     toString(x.shape()));
  const int64_t n = x.size(0), steps = x.size(1);
  RINGDL_CHECK_LAYER(steps > 0, "a sequence needs at least one step, got ", toString(x.shape()));
  Shape stepShape = x.shape();
  stepShape.erase(stepShape.begin() + 1);
  const Shape state = stateShapes(stepShape)[0];
  RINGDL_CHECK_LAYER(h0.size() == 2, "expected 2 initial states {h, c}, got ", h0.size());
  for (size_t s = 0; s < 2; ++s)
    RINGDL_CHECK_LAYER(h0[s].shape() == state, "initial state ", s == 0 ? "h" : "c", " must be ",
                       toString(state), ", got ", toString(h0[s].shape()));
  RINGDL_CHECK_LAYER(lengths.empty() || static_cast<int64_t>(lengths.size()) == n, "got ", lengths.size(),
                     " sequence lengths for a batch of ", n);
  for (size_t i = 0; i < lengths.size(); ++i)
    RINGDL_CHECK_LAYER(lengths[i] >= 0 && lengths[i] <= steps, "sample ", i, " has length ", lengths[i],
                       ", outside [0, ", steps, "] for sequences of ", steps, " steps");
  steps_ = steps;
  lengths_ = lengths;
  const int64_t G = 4 * spec_.outputSize;

  // Every step's input projection in one convolution over the batch of T N images, time-major.
  Shape tm = x.shape();
  std::swap(tm[0], tm[1]);
  seqX_.resize(tm);
  seqX_.copyFrom(x.transpose(0, 1));
  setGeometry(steps * n, stepShape.data() + 2, state);
  const int64_t P = positions(), stateSize = n * spec_.outputSize * P, gateSize = n * G * P;
  seqGates_.resize({steps, n, G, P});
  inputConv_->forward(inputGeometry(), G, 1, seqX_.data(), weightIH_.data(), biasIH_.data(),
                      seqGates_.data());

  batch_ = n;  // the hidden convolution runs step by step
  const int64_t rowSize = spec_.outputSize * P;
  seqH_.resize({steps + 1, n, spec_.outputSize, P});
  seqC_.resize({steps + 1, n, spec_.outputSize, P});
  seqActC_.resize({steps, n, spec_.outputSize, P});
  seqH_.select(0, 0).copyFrom(h0[0].contiguous().view({n, spec_.outputSize, P}));
  seqC_.select(0, 0).copyFrom(h0[1].contiguous().view({n, spec_.outputSize, P}));
  hiddenProj_.resize({n, G, P});
  for (int64_t t = 0; t < steps; ++t) {
    T* h = seqH_.data() + t * stateSize;
    T* c = seqC_.data() + t * stateSize;
    hiddenConv_->forward(hiddenGeometry(), G, 1, h, weightHH_.data(), nullptr, hiddenProj_.data());
    T* a = seqGates_.data() + t * gateSize;
    const T* u = hiddenProj_.data();
    for (int64_t k = 0; k < gateSize; ++k) a[k] += u[k];
    cellForward(a, c, c + stateSize, seqActC_.data() + t * stateSize, h + stateSize, n);
    for (int64_t i = 0; i < n && !lengths_.empty(); ++i)
      if (t >= lengths_[i]) {  // padding: the states pass through unchanged
        std::memcpy(h + stateSize + i * rowSize, h + i * rowSize, sizeof(T) * rowSize);
        std::memcpy(c + stateSize + i * rowSize, c + i * rowSize, sizeof(T) * rowSize);
      }
  }
  Shape yShape = state;
  yShape.insert(yShape.begin() + 1, steps);
  Shape tmState = state;
  tmState.insert(tmState.begin(), steps);
  y.resize(yShape);
  y.copyFrom(seqH_.narrow(0, 1, steps).view(tmState).transpose(0, 1));
  if (!lengths_.empty())
    for (int64_t i = 0; i < n; ++i)
      std::fill(y.data() + (i * steps + lengths_[i]) * rowSize, y.data() + (i + 1) * steps * rowSize, T(0));
  hT = {seqH_.select(0, steps).view(state).clone(), seqC_.select(0, steps).view(state).clone()};
}

template <typename T>
void ConvLSTMCell<T>::sequenceBackward(const Tensor<T>& gy, const std::vector<Tensor<T>>* ghT, Tensor<T>* gx,
                                       std::vector<Tensor<T>>& gh0, bool accParameters) {
  RINGDL_CHECK_LAYER(steps_ > 0, "sequenceBackward called before sequenceForward");
  const int64_t n = batch_, steps = steps_, H = spec_.outputSize, G = 4 * H, P = positions();
  const int64_t rowSize = H * P, stateSize = n * rowSize, gateSize = n * G * P;
  Shape state{n, H};
  for (int i = 3 - spec_.rank; i < 3; ++i) state.push_back(outSize_[i]);
  Shape yShape = state;
  yShape.insert(yShape.begin() + 1, steps);
  RINGDL_CHECK_LAYER(gy.shape() == yShape, "the output's gradient must be ", toString(yShape), ", got ",
                     toString(gy.shape()));
  // Time-major, so that a step's rows are one block.
  Tensor<T> gyTm({steps, n, rowSize});
  gyTm.copyFrom(gy.contiguous().view({n, steps, rowSize}).transpose(0, 1));
  Tensor<T> dh({n, rowSize}), dc({n, rowSize}), dcPrev({n, rowSize}), dhPrev({n, rowSize});
  for (int s = 0; s < 2; ++s) {
    Tensor<T>& d = s == 0 ? dh : dc;
    if (ghT != nullptr && s < static_cast<int>(ghT->size()) && (*ghT)[s].numel() > 0) {
      RINGDL_CHECK_LAYER((*ghT)[s].shape() == state, "the gradient of final state ", s, " must be ",
                         toString(state), ", got ", toString((*ghT)[s].shape()));
      d.copyFrom((*ghT)[s].contiguous().view({n, rowSize}));
    } else {
      d.zero();
    }
  }
  seqDGates_.resize({steps, n, G, P});
  for (int64_t t = steps - 1; t >= 0; --t) {
    const T* gyt = gyTm.data() + t * stateSize;
    T* dG = seqDGates_.data() + t * gateSize;
    cellBackward(seqGates_.data() + t * gateSize, seqC_.data() + t * stateSize,
                 seqActC_.data() + t * stateSize, gyt, dh.data(), dc.data(), dG, dcPrev.data(), n);
    hiddenConv_->backwardData(hiddenGeometry(), G, 1, dG, weightHH_.data(), dhPrev.data());
    for (int64_t i = 0; i < n && !lengths_.empty(); ++i) {
      if (t < lengths_[i]) continue;
      // Padding passed the states through: their gradients go back unchanged, and the step's gates get none
      // (its output's gradient is ignored). The hidden convolution keeps samples apart, so zero gate
      // gradients give this row nothing through it either.
      std::fill(dG + i * G * P, dG + (i + 1) * G * P, T(0));
      std::memcpy(dcPrev.data() + i * rowSize, dc.data() + i * rowSize, sizeof(T) * rowSize);
      std::memcpy(dhPrev.data() + i * rowSize, dh.data() + i * rowSize, sizeof(T) * rowSize);
    }
    std::swap(dh, dhPrev);
    std::swap(dc, dcPrev);
  }
  gh0 = {dh.view(state), dc.view(state)};

  // The input's convolution saw all steps as one batch of T N images: its passes take all the gradients at
  // once (backwardData first: accGradParameters reuses the gradients it packed).
  batch_ = steps * n;
  if (gx != nullptr) {
    Tensor<T> gxTm(seqX_.shape());
    inputConv_->backwardData(inputGeometry(), G, 1, seqDGates_.data(), weightIH_.data(), gxTm.data());
    Shape xShape = seqX_.shape();
    std::swap(xShape[0], xShape[1]);
    gx->resize(xShape);
    gx->copyFrom(gxTm.transpose(0, 1));
  }
  if (accParameters) {
    inputConv_->accGradParameters(inputGeometry(), G, 1, seqDGates_.data(), gradWeightIH_.data(),
                                  gradBiasIH_.data());
    // The hidden weight's gradient over every step in one GEMM: the columns of h_0 .. h_{T-1} (the first T
    // blocks of seqH_) against the gate gradients packed as [4 out, T N S'].
    const VolumeGeometry g = hiddenGeometry();
    const int64_t width = steps * n * P, kSize = H * g.kernelSize();
    vol2col(seqH_.data(), g, hiddenColumns_.resize({kSize, width}).data());
    T* packed = packedGates_.resize({G, width}).data();
    const T* dG = seqDGates_.data();
    for (int64_t b = 0; b < steps * n; ++b)
      for (int64_t q = 0; q < G; ++q)
        std::memcpy(packed + q * width + b * P, dG + (b * G + q) * P, sizeof(T) * P);
    gemmRaw<T>(false, true, G, kSize, width, T(1), packed, width, hiddenColumns_.data(), width, T(1),
               gradWeightHH_.data(), kSize);
    if (spec_.withPeephole)
      accPeepholeGradients(seqDGates_.data(), seqC_.data(), seqC_.data() + stateSize, steps * n);
  }
  batch_ = n;
}

template class ConvLSTMCell<float>;
template class ConvLSTMCell<double>;

}  // namespace ringdl::detail
