// ArrayDataSet<T>: seeded Fisher-Yates shuffles, row gathering into a reused batch buffer, and text state.
#include "ringdl/data/array_data_set.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <sstream>
#include <utility>

#include "ringdl/data/transformer.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {
constexpr const char* kStateTag = "ringdl.ArrayDataSet";
constexpr int kStateVersion = 1;
}  // namespace

template <typename T>
ArrayDataSet<T>::ArrayDataSet(Tensor<T> features, Tensor<T> labels, uint64_t seed) : random_(seed) {
  RINGDL_CHECK(features.dim() >= 1 && labels.dim() >= 1, "ArrayDataSet: features ",
               toString(features.shape()), " and labels ", toString(labels.shape()),
               " need a record dimension (dimension 0)");
  RINGDL_CHECK(features.size(0) == labels.size(0), "ArrayDataSet: features ", toString(features.shape()),
               " hold ", features.size(0), " records but labels ", toString(labels.shape()), " hold ",
               labels.size(0));
  RINGDL_CHECK(features.size(0) > 0, "ArrayDataSet: the data set has no records (features ",
               toString(features.shape()), ")");
  // Rows are copied with memcpy in the hot path, so both arrays must be contiguous (copied once here if not).
  features_ = features.contiguous();
  labels_ = labels.contiguous();
  size_ = features_.size(0);
  order_.resize(static_cast<size_t>(size_));
  std::iota(order_.begin(), order_.end(), int64_t(0));
}

template <typename T>
ArrayDataSet<T>::ArrayDataSet(const LabeledData<T>& data, uint64_t seed)
    : ArrayDataSet(data.features, data.labels, seed) {}

template <typename T>
void ArrayDataSet<T>::reset() {
  position_ = 0;
}

template <typename T>
void ArrayDataSet<T>::drawPermutation() {
  randomBeforeOrder_ = random_.state();
  // Always from the identity: the order then depends only on the generator state, which is all state() keeps.
  std::iota(order_.begin(), order_.end(), int64_t(0));
  for (int64_t i = size_ - 1; i > 0; --i) {
    const int64_t j = static_cast<int64_t>(random_.below(static_cast<uint64_t>(i + 1)));
    std::swap(order_[i], order_[j]);
  }
}

template <typename T>
void ArrayDataSet<T>::shuffle() {
  drawPermutation();
  position_ = 0;
}

template <typename T>
MiniBatch<T> ArrayDataSet<T>::nextBatch(int64_t batchSize) {
  RINGDL_CHECK(batchSize > 0, "ArrayDataSet::nextBatch: batch size must be positive, got ", batchSize);
  const int64_t b = std::min(batchSize, size_ - position_);
  if (b <= 0) return MiniBatch<T>();
  MiniBatch<T> batch = gather(position_, b);
  position_ += b;
  return batch;
}

template <typename T>
MiniBatch<T> ArrayDataSet<T>::nextBatchPart(int64_t batchSize, int rank, int world) {
  RINGDL_CHECK(batchSize > 0, "ArrayDataSet::nextBatchPart: batch size must be positive, got ", batchSize);
  const int64_t b = std::min(batchSize, size_ - position_);
  const BatchPart part = batchPart(b, rank, world);
  MiniBatch<T> batch = part.length > 0 ? gather(position_ + part.offset, part.length) : MiniBatch<T>();
  position_ += b;
  return batch;
}

template <typename T>
MiniBatch<T> gatherRows(const Tensor<T>& features, const Tensor<T>& labels, const int64_t* order,
                        int64_t count, Tensor<T>& inputBuffer, Tensor<T>& targetBuffer,
                        const Transformer<T>* transformer) {
  Shape inputShape = features.shape();
  Shape targetShape = labels.shape();
  int64_t featureStride = 1, labelStride = 1;
  for (size_t d = 1; d < inputShape.size(); ++d) featureStride *= inputShape[d];
  for (size_t d = 1; d < targetShape.size(); ++d) labelStride *= targetShape[d];
  inputShape[0] = count;
  targetShape[0] = count;
  // resize() keeps the storage whenever it is large enough, so after the first batch nothing is allocated.
  inputBuffer.resize(inputShape);
  targetBuffer.resize(targetShape);
  const T* x = features.data();
  const T* y = labels.data();
  T* input = inputBuffer.data();
  T* target = targetBuffer.data();
  const size_t featureBytes = sizeof(T) * static_cast<size_t>(featureStride);
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(input + i * featureStride, x + order[i] * featureStride, featureBytes);
  if (labelStride == 1) {
    for (int64_t i = 0; i < count; ++i) target[i] = y[order[i]];
  } else {
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(target + i * labelStride, y + order[i] * labelStride, sizeof(T) * labelStride);
  }
  MiniBatch<T> batch(inputBuffer, targetBuffer);
  if (transformer) transformer->apply(batch);
  return batch;
}

template <typename T>
MiniBatch<T> ArrayDataSet<T>::gather(int64_t first, int64_t b) {
  return gatherRows(features_, labels_, order_.data() + first, b, inputBuffer_, targetBuffer_,
                    transformer_.get());
}

template <typename T>
std::string ArrayDataSet<T>::state() const {
  std::ostringstream os;
  const bool shuffled = !randomBeforeOrder_.empty();
  os << kStateTag << " " << kStateVersion << "\n"
     << "records " << size_ << "\n"
     << "position " << position_ << "\n"
     << "order " << (shuffled ? "shuffled" : "identity")
     << "\n"
     // For a shuffled order, the generator state it was drawn from: redrawing restores both the order and the
     // generator's current state, and keeps the string small (no permutation stored).
     << "random " << (shuffled ? randomBeforeOrder_ : random_.state()) << "\n";
  return os.str();
}

template <typename T>
void ArrayDataSet<T>::setState(const std::string& state) {
  std::istringstream is(state);
  std::string tag, key, order, randomState;
  int version = 0;
  int64_t records = -1, position = -1;
  is >> tag >> version;
  RINGDL_CHECK(!is.fail() && tag == kStateTag,
               "ArrayDataSet::setState: not an ArrayDataSet state (it starts with \"", state.substr(0, 40),
               "\")");
  RINGDL_CHECK(version == kStateVersion, "ArrayDataSet::setState: state version ", version,
               " is not supported (this build reads version ", kStateVersion, ")");
  is >> key >> records;
  RINGDL_CHECK(!is.fail() && key == "records",
               "ArrayDataSet::setState: malformed state (expected 'records')");
  RINGDL_CHECK(records == size_, "ArrayDataSet::setState: the state was saved for a data set of ", records,
               " records but this one has ", size_, " (a different data set?)");
  is >> key >> position;
  RINGDL_CHECK(!is.fail() && key == "position" && position >= 0 && position <= size_,
               "ArrayDataSet::setState: malformed state (expected 'position' in [0, ", size_, "])");
  is >> key >> order;
  RINGDL_CHECK(!is.fail() && key == "order" && (order == "shuffled" || order == "identity"),
               "ArrayDataSet::setState: malformed state (expected 'order shuffled' or 'order identity')");
  is >> key;
  std::getline(is, randomState);
  RINGDL_CHECK(!is.fail() && key == "random" && !randomState.empty(),
               "ArrayDataSet::setState: malformed state (expected 'random')");
  // Parse into a temporary first so that a bad string leaves this data set unchanged.
  Random random;
  random.setState(randomState);
  random_ = random;
  if (order == "shuffled") {
    drawPermutation();
  } else {
    randomBeforeOrder_.clear();
    std::iota(order_.begin(), order_.end(), int64_t(0));
  }
  position_ = position;
}

template <typename T>
void ArrayDataSet<T>::setTransformer(std::shared_ptr<const Transformer<T>> transformer) {
  transformer_ = std::move(transformer);
}

template <typename T>
Sample<T> ArrayDataSet<T>::sample(int64_t i) const {
  RINGDL_CHECK(i >= 0 && i < size_, "ArrayDataSet::sample(", i, ") is out of range for ", size_, " records");
  return Sample<T>(features_.select(0, i), labels_.select(0, i));
}

template <typename T>
void checkClassLabels(const Tensor<T>& labels, int64_t numClasses, const std::string& what) {
  RINGDL_CHECK(numClasses > 0, what, ": the number of classes must be positive, got ", numClasses);
  const std::vector<T> values = labels.toVector();
  if (values.empty()) return;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const bool looksOneBased = *lo == T(1) && *hi == static_cast<T>(numClasses);
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = static_cast<double>(values[i]);
    if (std::floor(v) == v && v >= 0 && v < static_cast<double>(numClasses)) continue;
    RINGDL_FAIL(what, ": label ", v, " of record ", i, " is not a class index in [0, ", numClasses,
                "): labels are 0-based",
                looksOneBased ? " (these run from 1 to " + std::to_string(numClasses) +
                                    ": they look 1-based, as BigDL's were; subtract 1)"
                              : std::string());
  }
}

template class ArrayDataSet<float>;
template class ArrayDataSet<double>;
template void checkClassLabels(const Tensor<float>&, int64_t, const std::string&);
template void checkClassLabels(const Tensor<double>&, int64_t, const std::string&);
template MiniBatch<float> gatherRows(const Tensor<float>&, const Tensor<float>&, const int64_t*, int64_t,
                                     Tensor<float>&, Tensor<float>&, const Transformer<float>*);
template MiniBatch<double> gatherRows(const Tensor<double>&, const Tensor<double>&, const int64_t*, int64_t,
                                      Tensor<double>&, Tensor<double>&, const Transformer<double>*);

}  // namespace ringdl
