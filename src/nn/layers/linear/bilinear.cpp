// Bilinear<T>: per output k one GEMM x1 W_k and a row-wise dot with x2 forward; backward scales the rows of
// x1 and x2 by gradOutput[:, k] once and needs one GEMM per gradient (x1's, x2's, W_k's).
#include "ringdl/nn/layers/linear/bilinear.h"

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
Bilinear<T>::Bilinear(const BilinearOptions& options)
    : TableToTensor<T>("Bilinear", TableEntries::exactly({"x1", "x2"})), options_(options) {
  const int64_t in1 = options.inputSize1, in2 = options.inputSize2, out = options.outputSize;
  RINGDL_CHECK(in1 > 0 && in2 > 0 && out > 0, "Bilinear needs positive sizes, got inputSize1=", in1,
               " inputSize2=", in2, " outputSize=", out);
  weight_ = Tensor<T>({out, in1, in2});
  gradWeight_ = Tensor<T>({out, in1, in2});
  this->registerParameter("weight", &weight_, &gradWeight_);
  if (options.biasRes) {
    bias_ = Tensor<T>({out});
    gradBias_ = Tensor<T>({out});
    this->registerParameter("bias", &bias_, &gradBias_);
  }
  reset();
}

template <typename T>
Bilinear<T>& Bilinear<T>::setInitMethod(InitMethod weightInit, InitMethod biasInit) {
  weightInit_ = weightInit;
  biasInit_ = biasInit;
  reset();
  return *this;
}

template <typename T>
void Bilinear<T>::reset() {
  // BigDL: stdv = 1/sqrt(weight.size(2)) = 1/sqrt(inputSize1) for both.
  const int64_t fanIn = options_.inputSize1, fanOut = options_.outputSize;
  weightInit_.apply(weight_, fanIn, fanOut);
  gradWeight_.zero();
  if (options_.biasRes) {
    biasInit_.apply(bias_, fanIn, fanOut);
    gradBias_.zero();
  }
}

template <typename T>
int64_t Bilinear<T>::rowsOf(const Tensor<T>& x1, const Tensor<T>& x2) const {
  const int64_t in1 = options_.inputSize1, in2 = options_.inputSize2;
  const bool batch = x1.dim() == 2 && x2.dim() == 2 && x1.size(0) == x2.size(0);
  const bool one = x1.dim() == 1 && x2.dim() == 1;
  RINGDL_CHECK((batch || one) && x1.size(-1) == in1 && x2.size(-1) == in2, this->where(),
               ": expected {x1, x2} of shapes [N, ", in1, "] and [N, ", in2, "] (or [", in1, "] and [", in2,
               "]), got ", toString(x1.shape()), " and ", toString(x2.shape()));
  return one ? 1 : x1.size(0);
}

template <typename T>
void Bilinear<T>::scaleRows(const Tensor<T>& x, const T* g, int64_t k, int64_t n, Tensor<T>& out) const {
  const int64_t width = x.numel() / n, outSize = options_.outputSize;
  out.resize({n, width});
  const T* a = x.data();
  T* s = out.data();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t i = 0; i < width; ++i) s[r * width + i] = g[r * outSize + k] * a[r * width + i];
}

template <typename T>
void Bilinear<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const Tensor<T>&x1 = inputs[0], &x2 = inputs[1];
  const int64_t n = rowsOf(x1, x2), in1 = options_.inputSize1, in2 = options_.inputSize2;
  const int64_t out = options_.outputSize;
  output.resize({n, out});
  buffer_.resize({n, in2});
  T* y = output.data();
  const T* b = x2.data();
  for (int64_t k = 0; k < out; ++k) {
    gemmRaw<T>(false, false, n, in2, in1, T(1), x1.data(), in1, weight_.data() + k * in1 * in2, in2, T(0),
               buffer_.data(), in2);
    const T* t = buffer_.data();
    for (int64_t r = 0; r < n; ++r) {
      T s = options_.biasRes ? bias_.data()[k] : T(0);
      for (int64_t j = 0; j < in2; ++j) s += t[r * in2 + j] * b[r * in2 + j];
      y[r * out + k] = s;
    }
  }
  if (x1.dim() == 1) output = output.view({out});
}

template <typename T>
void Bilinear<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                  std::vector<Tensor<T>>& gradInput) {
  const Tensor<T>&x1 = inputs[0], &x2 = inputs[1];
  const int64_t n = rowsOf(x1, x2), in1 = options_.inputSize1, in2 = options_.inputSize2;
  Tensor<T>& g1 = this->gradBuffer(0, x1.shape());
  Tensor<T>& g2 = this->gradBuffer(1, x2.shape());
  g1.zero();
  g2.zero();
  for (int64_t k = 0; k < options_.outputSize; ++k) {
    const T* w = weight_.data() + k * in1 * in2;
    scaleRows(x2, gradOutput.data(), k, n, scaled2_);
    scaleRows(x1, gradOutput.data(), k, n, scaled1_);
    // g1 += (g_k x2) W_k^T, g2 += (g_k x1) W_k.
    gemmRaw<T>(false, true, n, in1, in2, T(1), scaled2_.data(), in2, w, in2, T(1), g1.data(), in1);
    gemmRaw<T>(false, false, n, in2, in1, T(1), scaled1_.data(), in1, w, in2, T(1), g2.data(), in2);
  }
  gradInput[0] = g1;
  gradInput[1] = g2;
}

template <typename T>
void Bilinear<T>::accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) {
  // The Table was checked by forward; a backward without it (or with another input) is still an Error here.
  RINGDL_CHECK(input.isTable() && input.toTable().size() == 2 && input.toTable()[0].isTensor() &&
                   input.toTable()[1].isTensor() && gradOutput.isTensor(),
               this->where(), ": takes a Table {x1, x2} of Tensors and a Tensor gradOutput");
  const Tensor<T> x1 = input.toTable()[0].toTensor().contiguous(),
                  x2 = input.toTable()[1].toTensor().contiguous();
  const int64_t n = rowsOf(x1, x2), in1 = options_.inputSize1, in2 = options_.inputSize2;
  const int64_t out = options_.outputSize;
  const Tensor<T> go = gradOutput.toTensor().contiguous();
  RINGDL_CHECK(go.numel() == n * out, this->where(), ": gradOutput has shape ", toString(go.shape()),
               ", expected [", n, ", ", out, "]");
  const T* g = go.data();
  for (int64_t k = 0; k < out; ++k) {
    scaleRows(x1, g, k, n, scaled1_);
    // gradWeight_k += (g_k x1)^T x2.
    gemmRaw<T>(true, false, in1, in2, n, T(1), scaled1_.data(), in1, x2.data(), in2, T(1),
               gradWeight_.data() + k * in1 * in2, in2);
    if (options_.biasRes)
      for (int64_t r = 0; r < n; ++r) gradBias_.data()[k] += g[r * out + k];
  }
}

template class Bilinear<float>;
template class Bilinear<double>;

}  // namespace ringdl
