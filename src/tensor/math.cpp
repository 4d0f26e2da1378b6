// Tensor math kernels: cblas for BLAS levels 1-3, Eigen arrays for vectorised transcendental maps.
#include "ringdl/tensor/math.h"

#include <cblas.h>

#include <Eigen/Core>
#ifdef RINGDL_HAVE_DNNL
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>
#endif
#include <cmath>

#include "ringdl/util/error.h"

namespace ringdl {

namespace {
void cblasGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
               const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
#ifdef RINGDL_HAVE_DNNL
  // oneDNN's JIT sgemm uses the widest vectors the CPU has (AVX-512 included), where the Debian OpenBLAS
  // build may be held to AVX2 (OPENBLAS_CORETYPE); docs/performance.md has the measurements.
  if (dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) == dnnl_success)
    return;
#endif
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
              lda, b, ldb, beta, c, ldc);
}
void cblasGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
               const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
              lda, b, ldb, beta, c, ldc);
}
template <typename T>
using ArrayMap = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <typename T>
using ConstArrayMap = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

template <typename T>
void requireContiguous(const Tensor<T>& t, const char* op) {
  RINGDL_CHECK(t.isContiguous(), op, " needs a contiguous tensor, got one with shape ", toString(t.shape()),
               " and strides ", toString(t.strides()));
}
}  // namespace

void setNumThreads(int n) {
  if (n <= 0) return;
  openblas_set_num_threads(n);
#ifdef RINGDL_HAVE_DNNL
  omp_set_num_threads(n);
#endif
}

int numThreads() { return openblas_get_num_threads(); }

template <typename T>
void gemmRaw(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
             const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
    return;
  }
  cblasGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <typename T>
void gemm(Trans transA, Trans transB, T alpha, const Tensor<T>& a, const Tensor<T>& b, T beta, Tensor<T>& c) {
  RINGDL_CHECK(a.dim() == 2 && b.dim() == 2 && c.dim() == 2, "gemm needs 2-d tensors, got ", toString(a.shape()),
               ", ", toString(b.shape()), ", ", toString(c.shape()));
  for (const Tensor<T>* t : {&a, &b, static_cast<const Tensor<T>*>(&c)})
    RINGDL_CHECK(t->stride(1) == 1 || t->size(1) <= 1, "gemm needs row-major tensors (unit last stride)");
  const bool ta = transA == Trans::kYes, tb = transB == Trans::kYes;
  const int64_t m = ta ? a.size(1) : a.size(0), k = ta ? a.size(0) : a.size(1);
  const int64_t kb = tb ? b.size(1) : b.size(0), n = tb ? b.size(0) : b.size(1);
  RINGDL_CHECK(k == kb && c.size(0) == m && c.size(1) == n, "gemm shape mismatch: op(A) is ", m, "x", k,
               ", op(B) is ", kb, "x", n, ", C is ", toString(c.shape()));
  gemmRaw(ta, tb, m, n, k, alpha, a.data(), std::max<int64_t>(a.stride(0), std::max<int64_t>(1, a.size(1))),
          b.data(), std::max<int64_t>(b.stride(0), std::max<int64_t>(1, b.size(1))), beta, c.data(),
          std::max<int64_t>(c.stride(0), std::max<int64_t>(1, c.size(1))));
}

template <typename T>
void axpy(T alpha, const Tensor<T>& x, Tensor<T>& y) {
  RINGDL_CHECK(x.numel() == y.numel(), "axpy: x has ", x.numel(), " elements, y has ", y.numel());
  requireContiguous(x, "axpy");
  requireContiguous(y, "axpy");
  ArrayMap<T>(y.data(), y.numel()) += alpha * ConstArrayMap<T>(x.data(), x.numel());
}

template <typename T>
void scale(T alpha, Tensor<T>& x) {
  requireContiguous(x, "scale");
  ArrayMap<T>(x.data(), x.numel()) *= alpha;
}

template <typename T>
T dot(const Tensor<T>& x, const Tensor<T>& y) {
  RINGDL_CHECK(x.numel() == y.numel(), "dot: x has ", x.numel(), " elements, y has ", y.numel());
  requireContiguous(x, "dot");
  requireContiguous(y, "dot");
  return (ConstArrayMap<T>(x.data(), x.numel()) * ConstArrayMap<T>(y.data(), y.numel())).sum();
}

template <typename T>
T sum(const Tensor<T>& x) {
  if (!x.isContiguous()) return sum(x.contiguous());
  return ConstArrayMap<T>(x.data(), x.numel()).sum();
}

template <typename T>
T maxValue(const Tensor<T>& x) {
  RINGDL_CHECK(x.numel() > 0, "maxValue of an empty tensor");
  if (!x.isContiguous()) return maxValue(x.contiguous());
  return ConstArrayMap<T>(x.data(), x.numel()).maxCoeff();
}

template <typename T>
T norm2(const Tensor<T>& x) {
  if (!x.isContiguous()) return norm2(x.contiguous());
  return std::sqrt(ConstArrayMap<T>(x.data(), x.numel()).square().sum());
}

template <typename T>
void tanhMap(const T* in, T* out, int64_t n) {
  ArrayMap<T>(out, n) = ConstArrayMap<T>(in, n).tanh();
}

template <typename T>
void sigmoidMap(const T* in, T* out, int64_t n) {
  // 1/(1+e^-x) = (1 + tanh(x/2)) / 2: uses the vectorised tanh and never overflows.
  ArrayMap<T>(out, n) = (T(0.5) * ConstArrayMap<T>(in, n)).tanh() * T(0.5) + T(0.5);
}

template <typename T>
void expMap(const T* in, T* out, int64_t n) {
  ArrayMap<T>(out, n) = ConstArrayMap<T>(in, n).exp();
}

template <typename T>
bool allClose(const Tensor<T>& a, const Tensor<T>& b, double rtol, double atol) {
  if (a.shape() != b.shape()) return false;
  const std::vector<T> va = a.toVector(), vb = b.toVector();
  for (size_t i = 0; i < va.size(); ++i) {
    const double d = std::abs(static_cast<double>(va[i]) - static_cast<double>(vb[i]));
    if (!(d <= atol + rtol * std::abs(static_cast<double>(vb[i])))) return false;
  }
  return true;
}

#define RINGDL_INSTANTIATE_MATH(T)                                                                            \
  template void gemm<T>(Trans, Trans, T, const Tensor<T>&, const Tensor<T>&, T, Tensor<T>&);                 \
  template void gemmRaw<T>(bool, bool, int64_t, int64_t, int64_t, T, const T*, int64_t, const T*, int64_t, T, \
                           T*, int64_t);                                                                      \
  template void axpy<T>(T, const Tensor<T>&, Tensor<T>&);                                                     \
  template void scale<T>(T, Tensor<T>&);                                                                      \
  template T dot<T>(const Tensor<T>&, const Tensor<T>&);                                                      \
  template T sum<T>(const Tensor<T>&);                                                                        \
  template T maxValue<T>(const Tensor<T>&);                                                                   \
  template T norm2<T>(const Tensor<T>&);                                                                      \
  template void tanhMap<T>(const T*, T*, int64_t);                                                            \
  template void sigmoidMap<T>(const T*, T*, int64_t);                                                         \
  template void expMap<T>(const T*, T*, int64_t);                                                             \
  template bool allClose<T>(const Tensor<T>&, const Tensor<T>&, double, double);

RINGDL_INSTANTIATE_MATH(float)
RINGDL_INSTANTIATE_MATH(double)

}  // namespace ringdl
