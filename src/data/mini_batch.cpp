// MiniBatch<T>: shape checks, zero-copy slicing, and stacking Samples into a batch.
#include "ringdl/data/mini_batch.h"

#include <algorithm>
#include <utility>

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
MiniBatch<T>::MiniBatch(Tensor<T> input, Tensor<T> target)
    : input_(std::move(input)), target_(std::move(target)) {
  RINGDL_CHECK(input_.dim() >= 1, "MiniBatch: input must have a batch dimension, got shape ",
               toString(input_.shape()));
  RINGDL_CHECK(target_.dim() >= 1, "MiniBatch: target must have a batch dimension, got shape ",
               toString(target_.shape()));
  RINGDL_CHECK(input_.size(0) == target_.size(0), "MiniBatch: input ", toString(input_.shape()), " holds ",
               input_.size(0), " records but target ", toString(target_.shape()), " holds ", target_.size(0));
  size_ = input_.size(0);
}

BatchPart batchPart(int64_t records, int rank, int world) {
  RINGDL_CHECK(world >= 1 && rank >= 0 && rank < world, "batchPart: rank ", rank, " is not in a world of ",
               world, " ranks");
  RINGDL_CHECK(records >= 0, "batchPart: a batch cannot have ", records, " records");
  const int64_t base = records / world, extra = records % world;
  return {rank * base + std::min<int64_t>(rank, extra), base + (rank < extra ? 1 : 0)};
}

namespace {

// The number of rank r2's records (n2 of them) that come before record j of a rank r of n records: those
// whose place (2j2 + 1) / (2 n2) is below (2j + 1) / (2 n), or equal when r2 < r. Counts the odd o = 2j2 + 1
// with o * n < (2j + 1) * n2 (or <=), capped at n2.
int64_t recordsBefore(int64_t j, int64_t n, int64_t n2, bool tieBefore) {
  const __int128 a = __int128(2 * j + 1) * n2;
  const __int128 m = tieBefore ? a / n : (a - 1) / n;  // the largest o allowed
  const __int128 odd = (m + 1) / 2;
  return static_cast<int64_t>(odd < n2 ? odd : __int128(n2));
}

}  // namespace

int64_t proportionalShare(int64_t p, const std::vector<int64_t>& rankSizes, int rank) {
  RINGDL_CHECK(rank >= 0 && static_cast<size_t>(rank) < rankSizes.size(), "proportionalShare: rank ", rank,
               " is not among the ", rankSizes.size(), " ranks");
  int64_t total = 0;
  for (int64_t n : rankSizes) {
    RINGDL_CHECK(n >= 0, "proportionalShare: a rank cannot hold ", n, " records");
    total += n;
  }
  RINGDL_CHECK(p >= 0 && p <= total, "proportionalShare: position ", p, " is outside the epoch's ", total,
               " records");
  const int64_t n = rankSizes[static_cast<size_t>(rank)];
  if (n == 0) return 0;
  // The position of the rank's record j among all records; increasing in j.
  auto place = [&](int64_t j) {
    int64_t before = j;
    for (size_t r2 = 0; r2 < rankSizes.size(); ++r2) {
      if (static_cast<int>(r2) == rank || rankSizes[r2] == 0) continue;
      before += recordsBefore(j, n, rankSizes[r2], static_cast<int>(r2) < rank);
    }
    return before;
  };
  // c = the number of the rank's records placed before p: the first j whose place is >= p.
  int64_t lo = 0, hi = n;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (place(mid) < p)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

template <typename T>
MiniBatch<T> MiniBatch<T>::slice(int64_t offset, int64_t length) const {
  RINGDL_CHECK(offset >= 0 && length >= 0 && offset + length <= size_, "MiniBatch::slice(", offset, ", ",
               length, ") is out of range for a batch of ", size_, " records (offsets are 0-based)");
  if (size_ == 0) return MiniBatch();
  MiniBatch part(input_.narrow(0, offset, length), target_.narrow(0, offset, length));
  if (hasLengths()) part.setLengths(lengths_.narrow(0, offset, length), lengthsInInput_);
  return part;
}

template <typename T>
void MiniBatch<T>::setLengths(Tensor<T> lengths, bool inInput) {
  RINGDL_CHECK(lengths.dim() == 1 && lengths.size(0) == size_, "MiniBatch: lengths must be [", size_,
               "] (one per record), got shape ", toString(lengths.shape()));
  lengths_ = std::move(lengths);
  hasLengths_ = true;
  lengthsInInput_ = inInput;
}

template <typename T>
MiniBatch<T> toMiniBatch(const std::vector<Sample<T>>& samples) {
  if (samples.empty()) return MiniBatch<T>();
  const Shape& featureShape = samples[0].feature().shape();
  const Shape& labelShape = samples[0].label().shape();
  const int64_t b = static_cast<int64_t>(samples.size());
  Shape inputShape{b}, targetShape{b};
  inputShape.insert(inputShape.end(), featureShape.begin(), featureShape.end());
  targetShape.insert(targetShape.end(), labelShape.begin(), labelShape.end());
  Tensor<T> input(inputShape), target(targetShape);
  const int64_t featureSize = numelOf(featureShape), labelSize = numelOf(labelShape);
  for (int64_t i = 0; i < b; ++i) {
    const Sample<T>& s = samples[i];
    RINGDL_CHECK(s.feature().shape() == featureShape, "toMiniBatch: sample ", i, " has feature shape ",
                 toString(s.feature().shape()), " but sample 0 has ", toString(featureShape),
                 " (no padding is applied)");
    RINGDL_CHECK(s.label().shape() == labelShape, "toMiniBatch: sample ", i, " has label shape ",
                 toString(s.label().shape()), " but sample 0 has ", toString(labelShape));
    input.narrow(0, i, 1).view({featureSize}).copyFrom(s.feature().reshape({featureSize}));
    target.narrow(0, i, 1).view({labelSize}).copyFrom(s.label().reshape({labelSize}));
  }
  return MiniBatch<T>(input, target);
}

template class MiniBatch<float>;
template class MiniBatch<double>;
template MiniBatch<float> toMiniBatch(const std::vector<Sample<float>>&);
template MiniBatch<double> toMiniBatch(const std::vector<Sample<double>>&);

}  // namespace ringdl
