// LookupTableSparse<T>: per row, a weighted sum of embedding rows divided by the combiner's divisor; backward
// scatter-adds into the rows looked up.
#include "ringdl/nn/layers/embedding/lookup_table_sparse.h"

#include <cmath>

#include "ringdl/nn/layers/embedding/lookup_table.h"
#include "ringdl/tensor/random.h"

namespace ringdl {

template <typename T>
LookupTableSparse<T>::LookupTableSparse(const LookupTableSparseOptions& options)
    : TableToTensor<T>("LookupTableSparse", TableEntries{1, 2, {"ids", "weights"}, true}), options_(options) {
  RINGDL_CHECK(options_.nIndex > 0 && options_.nOutput > 0,
               "LookupTableSparse needs positive sizes, got nIndex=", options_.nIndex,
               " nOutput=", options_.nOutput);
  RINGDL_CHECK(options_.maxNorm > 0, "LookupTableSparse: maxNorm must be positive (inf for none), got ",
               options_.maxNorm);
  if (options_.combiner == "sum") {
    combiner_ = Combiner::kSum;
  } else if (options_.combiner == "mean") {
    combiner_ = Combiner::kMean;
  } else if (options_.combiner == "sqrtn") {
    combiner_ = Combiner::kSqrtn;
  } else {
    RINGDL_FAIL("LookupTableSparse: combiner must be \"sum\", \"mean\" or \"sqrtn\", got \"",
                options_.combiner, "\"");
  }
  weight_ = Tensor<T>({options_.nIndex, options_.nOutput});
  gradWeight_ = Tensor<T>({options_.nIndex, options_.nOutput});
  this->registerParameter("weight", &weight_, &gradWeight_);
  reset();
}

template <typename T>
void LookupTableSparse<T>::reset() {
  Random::global().fillNormal(weight_, 0.0, 1.0);
  gradWeight_.zero();
}

template <typename T>
void LookupTableSparse<T>::readRows(const std::vector<Tensor<T>>& inputs) {
  const Tensor<T>& ids = inputs[0];
  RINGDL_CHECK_LAYER(ids.dim() == 2, "expected ids of shape [N, K] (with {ids, weights} of one shape), got ",
                     toString(ids.shape()));
  detail::readIndices(ids.data(), ids.numel(), ids.shape(), options_.nIndex, this->where(), ids_,
                      /*allowNegative=*/true);
  const int64_t n = ids.size(0), k = ids.size(1);
  divisor_.assign(static_cast<size_t>(n), 0.0);
  for (int64_t r = 0; r < n; ++r) {
    double s = 0, s2 = 0;
    bool any = false;
    for (int64_t j = r * k; j < (r + 1) * k; ++j) {
      if (ids_[static_cast<size_t>(j)] < 0) continue;
      const double w = weightAt(inputs, j);
      s += w, s2 += w * w, any = true;
    }
    if (!any) continue;
    divisor_[static_cast<size_t>(r)] = combiner_ == Combiner::kSum    ? 1.0
                                       : combiner_ == Combiner::kMean ? s
                                                                      : std::sqrt(s2);
  }
}

template <typename T>
void LookupTableSparse<T>::updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) {
  readRows(inputs);
  detail::renormRows(weight_, ids_, options_.maxNorm, 2.0);
  const int64_t n = inputs[0].size(0), k = inputs[0].size(1), h = options_.nOutput;
  output.resize({n, h});
  output.zero();
  for (int64_t r = 0; r < n; ++r) {
    const double d = divisor_[static_cast<size_t>(r)];
    if (d == 0) continue;
    T* y = output.data() + r * h;
    for (int64_t j = r * k; j < (r + 1) * k; ++j) {
      const int64_t id = ids_[static_cast<size_t>(j)];
      if (id < 0) continue;
      const T c = static_cast<T>(weightAt(inputs, j) / d);
      const T* e = weight_.data() + id * h;
      for (int64_t c2 = 0; c2 < h; ++c2) y[c2] += c * e[c2];
    }
  }
}

template <typename T>
void LookupTableSparse<T>::updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                                           std::vector<Tensor<T>>& gradInput) {
  const int64_t n = inputs[0].size(0), k = inputs[0].size(1), h = options_.nOutput;
  RINGDL_CHECK_LAYER(gradOutput.shape() == Shape({n, h}), "gradOutput has shape ",
                     toString(gradOutput.shape()), ", expected [", n, ", ", h, "]");
  Tensor<T>& gIds = this->gradBuffer(0, inputs[0].shape());
  gIds.zero();  // ids select rather than weigh
  gradInput[0] = gIds;
  if (inputs.size() < 2) return;
  Tensor<T>& gw = this->gradBuffer(1, inputs[1].shape());
  gw.zero();
  const Tensor<T>& y = this->outputTensor();
  for (int64_t r = 0; r < n; ++r) {
    const double d = divisor_[static_cast<size_t>(r)];
    if (d == 0) continue;
    const T* g = gradOutput.data() + r * h;
    double gy = 0;  // g . y, for the divisors that depend on the weights
    for (int64_t c = 0; c < h; ++c) gy += static_cast<double>(g[c]) * y.data()[r * h + c];
    for (int64_t j = r * k; j < (r + 1) * k; ++j) {
      const int64_t id = ids_[static_cast<size_t>(j)];
      if (id < 0) continue;
      const T* e = weight_.data() + id * h;
      double ge = 0;
      for (int64_t c = 0; c < h; ++c) ge += static_cast<double>(g[c]) * e[c];
      // d y / d w_j: E_j (sum); (E_j - y) / S (mean); E_j / Q - y w_j / Q^2 (sqrtn).
      double v = ge / d;
      if (combiner_ == Combiner::kMean) v -= gy / d;
      if (combiner_ == Combiner::kSqrtn) v -= gy * weightAt(inputs, j) / (d * d);
      gw.data()[j] = static_cast<T>(v);
    }
  }
  gradInput[1] = gw;
}

template <typename T>
void LookupTableSparse<T>::accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) {
  RINGDL_CHECK_LAYER(
      input.isTable() && !input.toTable().empty() && input.toTable()[0].isTensor() && gradOutput.isTensor(),
      "backward takes the forward's {ids, weights} and a gradOutput Tensor");
  std::vector<Tensor<T>> inputs;
  for (const Activity<T>& a : input.toTable()) inputs.push_back(a.toTensor().contiguous());
  readRows(inputs);
  const int64_t n = inputs[0].size(0), k = inputs[0].size(1), h = options_.nOutput;
  const Tensor<T> go = gradOutput.toTensor().contiguous();
  RINGDL_CHECK_LAYER(go.shape() == Shape({n, h}), "gradOutput has shape ", toString(go.shape()),
                     ", expected [", n, ", ", h, "]");
  for (int64_t r = 0; r < n; ++r) {
    const double d = divisor_[static_cast<size_t>(r)];
    if (d == 0) continue;
    const T* g = go.data() + r * h;
    for (int64_t j = r * k; j < (r + 1) * k; ++j) {
      const int64_t id = ids_[static_cast<size_t>(j)];
      if (id < 0) continue;
      const T c = static_cast<T>(weightAt(inputs, j) / d);
      T* gw = gradWeight_.data() + id * h;
      for (int64_t c2 = 0; c2 < h; ++c2) gw[c2] += c * g[c2];
    }
  }
}

template class LookupTableSparse<float>;
template class LookupTableSparse<double>;

}  // namespace ringdl
