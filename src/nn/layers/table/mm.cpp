// MM<T>: C = op(A) op(B) per batch item; backward dA = dC op(B)^T (or op(B) dC^T when A is transposed) and
// dB = op(A)^T dC (or dC^T op(A) when B is transposed), each one GEMM per item on the stored layouts.
#include "ringdl/nn/layers/table/mm.h"

#include <algorithm>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
typename MM<T>::Dims MM<T>::dimsOf(const Tensor<T>& a, const Tensor<T>& b) const {
  const std::string shapes = "A " + ringdl::toString(a.shape()) + " and B " + ringdl::toString(b.shape());
  RINGDL_CHECK(
      a.dim() >= 2 && a.dim() == b.dim(), this->where(),
      ": takes {A, B} of two 2-D matrices, or two batches of them of one rank ([N, m, k] and [N, k, n]), "
      "got ",
      shapes);
  const int64_t rank = a.dim();
  int64_t batch = 1;
  for (int64_t d = 0; d < rank - 2; ++d) {
    RINGDL_CHECK(a.size(d) == b.size(d), this->where(), ": ", shapes,
                 " have different batch dimensions (all but the last two must agree)");
    batch *= a.size(d);
  }
  Dims s{};
  s.batch = batch;
  s.aRows = a.size(rank - 2), s.aCols = a.size(rank - 1);
  s.bRows = b.size(rank - 2), s.bCols = b.size(rank - 1);
  s.m = options_.transA ? s.aCols : s.aRows;
  s.k = options_.transA ? s.aRows : s.aCols;
  const int64_t kb = options_.transB ? s.bCols : s.bRows;
  s.n = options_.transB ? s.bRows : s.bCols;
  RINGDL_CHECK(s.k == kb, this->where(), ": op(A) is ", s.m, "x", s.k, " but op(B) is ", kb, "x", s.n,
               ": op(A)'s columns must match op(B)'s rows (", shapes,
               ", transA = ", options_.transA ? "true" : "false",
               ", transB = ", options_.transB ? "true" : "false", ")");
  return s;
}

namespace {
int64_t ld(int64_t cols) { return std::max<int64_t>(1, cols); }
}  // namespace

template <typename T>
void MM<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const Tensor<T>& a = inputs[0];
  const Tensor<T>& b = inputs[1];
  const Dims s = dimsOf(a, b);
  Shape shape(a.shape().begin(), a.shape().end() - 2);
  shape.push_back(s.m);
  shape.push_back(s.n);
  output.resize(shape);
  for (int64_t i = 0; i < s.batch; ++i)
    gemmRaw(options_.transA, options_.transB, s.m, s.n, s.k, T(1), a.data() + i * s.aRows * s.aCols,
            ld(s.aCols), b.data() + i * s.bRows * s.bCols, ld(s.bCols), T(0), output.data() + i * s.m * s.n,
            ld(s.n));
}

template <typename T>
void MM<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                            std::vector<Tensor<T>>& gradInput) {
  const Tensor<T>& a = inputs[0];
  const Tensor<T>& b = inputs[1];
  const Dims s = dimsOf(a, b);
  Tensor<T>& gradA = this->gradBuffer(0, a.shape());
  Tensor<T>& gradB = this->gradBuffer(1, b.shape());
  const bool ta = options_.transA, tb = options_.transB;
  for (int64_t i = 0; i < s.batch; ++i) {
    const T* A = a.data() + i * s.aRows * s.aCols;
    const T* B = b.data() + i * s.bRows * s.bCols;
    const T* dC = gradOutput.data() + i * s.m * s.n;
    T* dA = gradA.data() + i * s.aRows * s.aCols;
    T* dB = gradB.data() + i * s.bRows * s.bCols;
    if (!ta)  // dA (m x k) = dC (m x n) op(B)^T (n x k)
      gemmRaw(false, !tb, s.m, s.k, s.n, T(1), dC, ld(s.n), B, ld(s.bCols), T(0), dA, ld(s.aCols));
    else  // dA (k x m) = op(B) (k x n) dC^T (n x m)
      gemmRaw(tb, true, s.k, s.m, s.n, T(1), B, ld(s.bCols), dC, ld(s.n), T(0), dA, ld(s.aCols));
    if (!tb)  // dB (k x n) = op(A)^T (k x m) dC (m x n)
      gemmRaw(!ta, false, s.k, s.n, s.m, T(1), A, ld(s.aCols), dC, ld(s.n), T(0), dB, ld(s.bCols));
    else  // dB (n x k) = dC^T (n x m) op(A) (m x k)
      gemmRaw(true, ta, s.n, s.k, s.m, T(1), dC, ld(s.n), A, ld(s.aCols), T(0), dB, ld(s.bCols));
  }
  gradInput[0] = gradA;
  gradInput[1] = gradB;
}

template class MM<float>;
template class MM<double>;

}  // namespace ringdl
