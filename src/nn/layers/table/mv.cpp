// MV<T>: y = op(M) v per batch item as an (m x k)(k x 1) GEMM; backward dM is the outer product of gradOutput
// and v (of v and gradOutput when M is transposed) and dv = op(M)^T gradOutput.
#include "ringdl/nn/layers/table/mv.h"

#include <algorithm>

#include "ringdl/tensor/math.h"

namespace ringdl {

template <typename T>
typename MV<T>::Dims MV<T>::dimsOf(const Tensor<T>& matrix, const Tensor<T>& vector) const {
  const std::string shapes =
      "M " + ringdl::toString(matrix.shape()) + " and v " + ringdl::toString(vector.shape());
  const bool single = matrix.dim() == 2 && vector.dim() == 1;
  const bool batched = matrix.dim() == 3 && vector.dim() == 2;
  RINGDL_CHECK(single || batched, this->where(),
               ": takes {M, v} of a matrix [m, n] and a vector [n], or a batch ",
               "of them, [N, m, n] and [N, n]; got ", shapes);
  RINGDL_CHECK(single || matrix.size(0) == vector.size(0), this->where(), ": ", shapes,
               " have different batch sizes");
  Dims s{};
  s.batch = single ? 1 : matrix.size(0);
  s.rows = matrix.size(-2), s.cols = matrix.size(-1);
  s.m = options_.trans ? s.cols : s.rows;
  s.k = options_.trans ? s.rows : s.cols;
  RINGDL_CHECK(vector.size(-1) == s.k, this->where(), ": op(M) is ", s.m, "x", s.k, " but v has ",
               vector.size(-1), " elements: they must match op(M)'s columns (", shapes,
               ", trans = ", options_.trans ? "true" : "false", ")");
  return s;
}

namespace {
int64_t ld(int64_t cols) { return std::max<int64_t>(1, cols); }
}  // namespace

template <typename T>
void MV<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  const Tensor<T>& mat = inputs[0];
  const Tensor<T>& vec = inputs[1];
  const Dims s = dimsOf(mat, vec);
  output.resize(mat.dim() == 2 ? Shape{s.m} : Shape{s.batch, s.m});
  for (int64_t i = 0; i < s.batch; ++i)
    gemmRaw(options_.trans, false, s.m, 1, s.k, T(1), mat.data() + i * s.rows * s.cols, ld(s.cols),
            vec.data() + i * s.k, 1, T(0), output.data() + i * s.m, 1);
}

template <typename T>
void MV<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                            std::vector<Tensor<T>>& gradInput) {
  const Tensor<T>& mat = inputs[0];
  const Tensor<T>& vec = inputs[1];
  const Dims s = dimsOf(mat, vec);
  Tensor<T>& gradM = this->gradBuffer(0, mat.shape());
  Tensor<T>& gradV = this->gradBuffer(1, vec.shape());
  for (int64_t i = 0; i < s.batch; ++i) {
    const T* M = mat.data() + i * s.rows * s.cols;
    const T* v = vec.data() + i * s.k;
    const T* g = gradOutput.data() + i * s.m;
    T* dM = gradM.data() + i * s.rows * s.cols;
    T* dv = gradV.data() + i * s.k;
    // dM (rows x cols): g v^T, or v g^T when y = M^T v.
    const T* left = options_.trans ? v : g;
    const T* right = options_.trans ? g : v;
    gemmRaw(false, false, s.rows, s.cols, 1, T(1), left, 1, right, ld(s.cols), T(0), dM, ld(s.cols));
    // dv (k) = op(M)^T g: M^T g, or M g when transposed.
    gemmRaw(!options_.trans, false, s.k, 1, s.m, T(1), M, ld(s.cols), g, 1, T(0), dv, 1);
  }
  gradInput[0] = gradM;
  gradInput[1] = gradV;
}

template class MV<float>;
template class MV<double>;

}  // namespace ringdl
