// Tensor math: GEMM/GEMV through OpenBLAS (cblas), vectorised element-wise maps (Eigen) and reductions.
#pragma once

#include "ringdl/tensor/tensor.h"

namespace ringdl {

enum class Trans { kNo, kYes };

/// Threads used by the BLAS kernels (OpenBLAS); n <= 0 leaves the library default (OPENBLAS_NUM_THREADS or
/// the number of cores).
void setNumThreads(int n);
int numThreads();

/// C = alpha * op(A) * op(B) + beta * C for 2-d tensors whose last dimension is contiguous (row-major).
/// Shapes are checked: op(A) is MxK, op(B) is KxN, C is MxN.
template <typename T>
void gemm(Trans transA, Trans transB, T alpha, const Tensor<T>& a, const Tensor<T>& b, T beta, Tensor<T>& c);

/// Raw row-major GEMM on pointers with leading dimensions (the kernel behind gemm, for layer code).
template <typename T>
void gemmRaw(bool transA, bool transB, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
             const T* b, int64_t ldb, T beta, T* c, int64_t ldc);

/// y += alpha * x (same number of elements, both contiguous).
template <typename T>
void axpy(T alpha, const Tensor<T>& x, Tensor<T>& y);
/// x *= alpha.
template <typename T>
void scale(T alpha, Tensor<T>& x);
/// Dot product of two contiguous tensors with the same number of elements.
template <typename T>
T dot(const Tensor<T>& x, const Tensor<T>& y);
template <typename T>
T sum(const Tensor<T>& x);
template <typename T>
T maxValue(const Tensor<T>& x);
/// Euclidean norm.
template <typename T>
T norm2(const Tensor<T>& x);

// Element-wise maps on contiguous arrays of n elements: out may alias in.
template <typename T>
void tanhMap(const T* in, T* out, int64_t n);
template <typename T>
void sigmoidMap(const T* in, T* out, int64_t n);
template <typename T>
void expMap(const T* in, T* out, int64_t n);

/// a(i) == b(i) within |a-b| <= atol + rtol*|b| for all i, and equal shapes.
template <typename T>
bool allClose(const Tensor<T>& a, const Tensor<T>& b, double rtol = 1e-5, double atol = 1e-8);

}  // namespace ringdl
