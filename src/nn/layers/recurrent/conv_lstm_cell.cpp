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
  const int64_t out = spec_.outputSize, kI = power(spec_.kernelI, spec_.rank), kC = power(spec_.kernelC, spec_.rank);
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
    RINGDL_CHECK_LAYER(spatial[i] > 0, "x ", toString(stepInput), " is smaller than the kernel (kernelI=",
                       spec_.kernelI, ", padding=", spec_.padding, ")");
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
const Activity<T>& ConvLSTMCell<T>::updateOutput(const Activity<T>& input) {
  Tensor<T> x, h;
  readStep(input, x, h, c_);
  batch_ = x.size(0);
  const int first = 3 - spec_.rank;
  for (int i = 0; i < spec_.rank; ++i) inSize_[first + i] = x.size(2 + i);
  const Shape state = h.shape();
  for (int i = 0; i < spec_.rank; ++i) outSize_[first + i] = state[2 + i];
  const int64_t n = batch_, H = spec_.outputSize, G = 4 * H, S = outSize_[0] * outSize_[1] * outSize_[2];
  const int64_t HS = H * S;

  gates_.resize({n, G, S});
  hiddenProj_.resize({n, G, S});
  inputConv_->forward(inputGeometry(), G, 1, x.data(), weightIH_.data(), biasIH_.data(), gates_.data());
  hiddenConv_->forward(hiddenGeometry(), G, 1, h.data(), weightHH_.data(), nullptr, hiddenProj_.data());
  cNext_.resize(state);
  actC_.resize(state);
  hNext_.resize(state);

  const bool peep = spec_.withPeephole;
  const T* pi = peep ? peephole_.data() : nullptr;
  for (int64_t b = 0; b < n; ++b) {
    T* a = gates_.data() + b * G * S;
    const T* u = hiddenProj_.data() + b * G * S;
    for (int64_t k = 0; k < G * S; ++k) a[k] += u[k];
    const T* c = c_.data() + b * HS;
    T *ig = a, *fg = a + HS, *gg = a + 2 * HS, *og = a + 3 * HS;
    if (peep)
      for (int64_t j = 0; j < H; ++j)
        for (int64_t p = 0; p < S; ++p) {
          ig[j * S + p] += pi[j] * c[j * S + p];
          fg[j * S + p] += pi[H + j] * c[j * S + p];
        }
    activate(inner_, ig, 2 * HS);  // i and f are adjacent
    activate(act_, gg, HS);
    T* cn = cNext_.data() + b * HS;
    for (int64_t k = 0; k < HS; ++k) cn[k] = fg[k] * c[k] + ig[k] * gg[k];
    // The output gate looks at the new cell state, so it is activated only now.
    if (peep)
      for (int64_t j = 0; j < H; ++j)
        for (int64_t p = 0; p < S; ++p) og[j * S + p] += pi[2 * H + j] * cn[j * S + p];
    activate(inner_, og, HS);
    T *ac = actC_.data() + b * HS, *hn = hNext_.data() + b * HS;
    std::memcpy(ac, cn, sizeof(T) * HS);
    activate(act_, ac, HS);
    for (int64_t k = 0; k < HS; ++k) hn[k] = og[k] * ac[k];
  }
  this->output_ = Activity<T>::table(
      {Activity<T>(hNext_), Activity<T>::table({Activity<T>(hNext_), Activity<T>(cNext_)})});
  gatesReady_ = false;
  return this->output_;
}

template <typename T>
void ConvLSTMCell<T>::gateGradients(const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(batch_ > 0, "backward called before forward");
  const Shape& state = hNext_.shape();
  RINGDL_CHECK_LAYER(isTableOf(gradOutput, 2) && gradOutput[0].isTensor() && isTableOf(gradOutput[1], 2) &&
                         gradOutput[1][0].isTensor() && gradOutput[1][1].isTensor(),
                     "a step's gradOutput is a Table {gy ", toString(state), ", {gh, gc}}");
  // An empty state gradient is zero (the last step's states, when nothing reads them).
  Tensor<T> g[3] = {gradOutput[0].toTensor(), gradOutput[1][0].toTensor(), gradOutput[1][1].toTensor()};
  const char* names[3] = {"gy", "gh", "gc"};
  for (int k = 0; k < 3; ++k) {
    RINGDL_CHECK_LAYER(g[k].numel() == 0 || g[k].shape() == state, "the step's gradient ", names[k], " must be ",
                       toString(state), " as its output, got ", toString(g[k].shape()));
    g[k] = g[k].contiguous();
  }
  const int64_t n = batch_, H = spec_.outputSize, G = 4 * H, S = outSize_[0] * outSize_[1] * outSize_[2];
  const int64_t HS = H * S;
  dGates_.resize({n, G, S});
  gradC_.resize(state);
  const bool peep = spec_.withPeephole;
  const T* pi = peep ? peephole_.data() : nullptr;
  const T *gy = g[0].numel() ? g[0].data() : nullptr, *gh = g[1].numel() ? g[1].data() : nullptr,
          *gc = g[2].numel() ? g[2].data() : nullptr;
  for (int64_t b = 0; b < n; ++b) {
    const T* a = gates_.data() + b * G * S;
    const T *ig = a, *fg = a + HS, *gg = a + 2 * HS, *og = a + 3 * HS;
    const T *c = c_.data() + b * HS, *ac = actC_.data() + b * HS;
    T* d = dGates_.data() + b * G * S;
    T *di = d, *df = d + HS, *dg = d + 2 * HS, *dout = d + 3 * HS;
    T* dcPrev = gradC_.data() + b * HS;
    for (int64_t j = 0; j < H; ++j)
      for (int64_t p = 0; p < S; ++p) {
        const int64_t k = j * S + p, e = b * HS + k;
        // h' is both the output and the state h: their gradients add.
        const T dh = (gy ? gy[e] : T(0)) + (gh ? gh[e] : T(0));
        dout[k] = dh * ac[k] * derivative(inner_, og[k]);
        // c' reaches the loss as the state c, through h' and through the output gate's peephole.
        T dc = (gc ? gc[e] : T(0)) + dh * og[k] * derivative(act_, ac[k]);
        if (peep) dc += dout[k] * pi[2 * H + j];
        di[k] = dc * gg[k] * derivative(inner_, ig[k]);
        df[k] = dc * c[k] * derivative(inner_, fg[k]);
        dg[k] = dc * ig[k] * derivative(act_, gg[k]);
        dcPrev[k] = dc * fg[k];
        if (peep) dcPrev[k] += di[k] * pi[j] + df[k] * pi[H + j];
      }
  }
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
  const int64_t n = batch_, H = spec_.outputSize, G = 4 * H, S = outSize_[0] * outSize_[1] * outSize_[2];
  const int64_t HS = H * S;
  inputConv_->accGradParameters(inputGeometry(), G, 1, dGates_.data(), gradWeightIH_.data(), gradBiasIH_.data());
  hiddenConv_->accGradParameters(hiddenGeometry(), G, 1, dGates_.data(), gradWeightHH_.data(), nullptr);
  if (spec_.withPeephole) {
    T* gp = gradPeephole_.data();
    for (int64_t b = 0; b < n; ++b) {
      const T* d = dGates_.data() + b * G * S;
      const T *c = c_.data() + b * HS, *cn = cNext_.data() + b * HS;
      for (int64_t j = 0; j < H; ++j)
        for (int64_t p = 0; p < S; ++p) {
          const int64_t k = j * S + p;
          gp[j] += d[k] * c[k];
          gp[H + j] += d[HS + k] * c[k];
          gp[2 * H + j] += d[3 * HS + k] * cn[k];
        }
    }
  }
  gatesReady_ = false;
}

template class ConvLSTMCell<float>;
template class ConvLSTMCell<double>;

}  // namespace ringdl::detail
