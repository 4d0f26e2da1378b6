// PartitionedArrayDataSet<T>: per-rank row ranges, per-(seed, epoch, rank) shuffles, batch parts dealt
// round-robin and a rank-independent text state.
#include "ringdl/data/partitioned_data_set.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <sstream>
#include <utility>

#include "detail/epoch_seed.h"
#include "ringdl/data/transformer.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

constexpr const char* kStateTag = "ringdl.PartitionedArrayDataSet";
constexpr int kStateVersion = 1;

// The seed of one rank's order in one epoch.
uint64_t orderSeed(uint64_t seed, int64_t epoch, int rank) {
  return detail::epochSeed(seed, epoch, static_cast<uint64_t>(rank));
}

}  // namespace

BatchPart partitionRows(int64_t records, int rank, int world) {
  RINGDL_CHECK(world >= 1 && rank >= 0 && rank < world, "partitionRows: rank ", rank,
               " is not in a world of ", world, " ranks");
  RINGDL_CHECK(records >= 0, "partitionRows: the record count must be >= 0, got ", records);
  const __int128 n = records;
  const int64_t first = static_cast<int64_t>(n * rank / world);
  const int64_t end = static_cast<int64_t>(n * (rank + 1) / world);
  return BatchPart{first, end - first};
}

namespace {
// The rows every rank holds of `total` records shared by partitionRows.
std::vector<int64_t> partitionSizes(int64_t total, int world) {
  RINGDL_CHECK(world >= 1, "PartitionedArrayDataSet: the world must have at least one rank, got ", world);
  std::vector<int64_t> sizes;
  for (int r = 0; r < world; ++r) sizes.push_back(partitionRows(total, r, world).length);
  return sizes;
}
}  // namespace

template <typename T>
PartitionedArrayDataSet<T>::PartitionedArrayDataSet(LabeledData<T> local, int64_t total, int rank, int world,
                                                    uint64_t seed)
    : PartitionedArrayDataSet(std::move(local), partitionSizes(total, world), rank, seed) {}

template <typename T>
PartitionedArrayDataSet<T>::PartitionedArrayDataSet(LabeledData<T> local, std::vector<int64_t> rankSizes,
                                                    int rank, uint64_t seed)
    : rank_(rank), world_(static_cast<int>(rankSizes.size())), seed_(seed), rankSizes_(std::move(rankSizes)) {
  RINGDL_CHECK(world_ >= 1 && rank >= 0 && rank < world_, "PartitionedArrayDataSet: rank ", rank,
               " is not in a world of ", world_, " ranks");
  for (int r = 0; r < world_; ++r) {
    const int64_t n = rankSizes_[static_cast<size_t>(r)];
    RINGDL_CHECK(n >= 0, "PartitionedArrayDataSet: rank ", r, " holds ", n, " rows");
    if (r < rank) before_ += n;
    size_ += n;
  }
  upTo_ = before_ + rankSizes_[static_cast<size_t>(rank)];
  RINGDL_CHECK(size_ > 0, "PartitionedArrayDataSet: the data set has no records");
  RINGDL_CHECK(local.features.dim() >= 1 && local.labels.dim() >= 1, "PartitionedArrayDataSet: features ",
               toString(local.features.shape()), " and labels ", toString(local.labels.shape()),
               " need a record dimension (dimension 0)");
  const int64_t mine = upTo_ - before_;
  RINGDL_CHECK(local.features.size(0) == mine && local.labels.size(0) == mine,
               "PartitionedArrayDataSet: rank ", rank, " of ", world_, " holds rows [", before_, ", ", upTo_,
               ") of ", size_, " records, ", mine, " rows, but was given features ",
               toString(local.features.shape()), " and labels ", toString(local.labels.shape()));
  local_.features = local.features.contiguous();
  local_.labels = local.labels.contiguous();
  order_.resize(static_cast<size_t>(mine));
  std::iota(order_.begin(), order_.end(), int64_t(0));
}

template <typename T>
int64_t PartitionedArrayDataSet<T>::share(int64_t p) const {
  return proportionalShare(p, rankSizes_, rank_);
}

template <typename T>
void PartitionedArrayDataSet<T>::drawOrder() {
  std::iota(order_.begin(), order_.end(), int64_t(0));
  if (!shuffled_) return;
  Random random(orderSeed(seed_, epoch_, rank_));
  for (int64_t i = static_cast<int64_t>(order_.size()) - 1; i > 0; --i) {
    const int64_t j = static_cast<int64_t>(random.below(static_cast<uint64_t>(i + 1)));
    std::swap(order_[static_cast<size_t>(i)], order_[static_cast<size_t>(j)]);
  }
}

template <typename T>
void PartitionedArrayDataSet<T>::reset() {
  shuffled_ = false;
  drawOrder();
  position_ = 0;
}

template <typename T>
void PartitionedArrayDataSet<T>::shuffle() {
  ++epoch_;
  shuffled_ = true;
  drawOrder();
  position_ = 0;
}

template <typename T>
MiniBatch<T> PartitionedArrayDataSet<T>::nextBatch(int64_t batchSize) {
  RINGDL_CHECK(world_ == 1, "PartitionedArrayDataSet::nextBatch: the data set holds rank ", rank_,
               "'s rows of ", world_, " ranks; read it with nextBatchPart(records, ", rank_, ", ", world_,
               ")");
  RINGDL_CHECK(batchSize > 0, "PartitionedArrayDataSet::nextBatch: batch size must be positive, got ",
               batchSize);
  return take(batchSize);
}

template <typename T>
MiniBatch<T> PartitionedArrayDataSet<T>::nextBatchPart(int64_t batchSize, int rank, int world) {
  RINGDL_CHECK(rank == rank_ && world == world_, "PartitionedArrayDataSet::nextBatchPart: asked for rank ",
               rank, " of ", world, " but the data set holds the rows of rank ", rank_, " of ", world_);
  RINGDL_CHECK(batchSize > 0, "PartitionedArrayDataSet::nextBatchPart: batch size must be positive, got ",
               batchSize);
  return take(batchSize);
}

template <typename T>
MiniBatch<T> PartitionedArrayDataSet<T>::take(int64_t records) {
  const int64_t b = std::min(records, size_ - position_);
  if (b <= 0) return MiniBatch<T>();
  const int64_t from = share(position_), to = share(position_ + b);
  position_ += b;
  const int64_t count = to - from;
  if (count <= 0) return MiniBatch<T>();
  return gatherRows(local_.features, local_.labels, order_.data() + from, count, inputBuffer_, targetBuffer_,
                    transformer_.get());
}

template <typename T>
std::string PartitionedArrayDataSet<T>::state() const {
  std::ostringstream os;
  os << kStateTag << " " << kStateVersion << "\n"
     << "records " << size_ << "\n"
     << "world " << world_ << "\n"
     << "seed " << seed_ << "\n"
     << "epoch " << epoch_ << "\n"
     << "order " << (shuffled_ ? "shuffled" : "identity") << "\n"
     << "position " << position_ << "\n";
  return os.str();
}

template <typename T>
void PartitionedArrayDataSet<T>::setState(const std::string& state) {
  const std::string where = "PartitionedArrayDataSet::setState: ";
  std::istringstream is(state);
  std::string tag;
  int version = 0;
  is >> tag >> version;
  RINGDL_CHECK(!is.fail() && tag == kStateTag, where,
               "not a PartitionedArrayDataSet state (it starts with \"", state.substr(0, 40), "\")");
  RINGDL_CHECK(version == kStateVersion, where, "state version ", version,
               " is not supported (this build reads version ", kStateVersion, ")");
  // Each line is "key value"; read all before changing anything, so a bad string leaves the set unchanged.
  auto field = [&](const char* expected) {
    std::string key, value;
    is >> key >> value;
    RINGDL_CHECK(!is.fail() && key == expected, where, "malformed state (expected '", expected, "')");
    return value;
  };
  auto number = [&](const char* expected) {
    const std::string text = field(expected);
    size_t used = 0;
    long long v = -1;
    try {
      v = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    RINGDL_CHECK(used == text.size() && v >= 0, where, "malformed state ('", expected, "' is '", text, "')");
    return static_cast<int64_t>(v);
  };
  const int64_t records = number("records");
  RINGDL_CHECK(records == size_, where, "the state was saved for a data set of ", records,
               " records but this one has ", size_, " (a different data set?)");
  number("world");  // another world size continues at the same global position (see the header)
  const std::string seedText = field("seed");
  uint64_t seed = 0;
  try {
    size_t used = 0;
    seed = std::stoull(seedText, &used);
    RINGDL_CHECK(used == seedText.size(), where, "malformed state ('seed' is '", seedText, "')");
  } catch (const std::logic_error&) {
    RINGDL_FAIL(where, "malformed state ('seed' is '", seedText, "')");
  }
  const int64_t epoch = number("epoch");
  const std::string order = field("order");
  RINGDL_CHECK(order == "shuffled" || order == "identity", where,
               "malformed state (expected 'order shuffled' or 'order identity')");
  const int64_t position = number("position");
  RINGDL_CHECK(position <= size_, where, "malformed state (position ", position, " is beyond the ", size_,
               " records)");
  seed_ = seed;
  epoch_ = epoch;
  shuffled_ = order == "shuffled";
  drawOrder();
  position_ = position;
}

template <typename T>
void PartitionedArrayDataSet<T>::setTransformer(std::shared_ptr<const Transformer<T>> transformer) {
  transformer_ = std::move(transformer);
}

template <typename T>
std::pair<std::shared_ptr<PartitionedArrayDataSet<T>>, std::shared_ptr<PartitionedArrayDataSet<T>>>
splitHeldOut(const PartitionedArrayDataSet<T>& set, const HoldOut& holdOut,
             const AllGatherCounts& allGatherCounts) {
  auto [kept, held] = splitRows(set.local(), holdOut, set.firstRow());
  const int world = set.world();
  RINGDL_CHECK(world == 1 || allGatherCounts != nullptr, "splitHeldOut: rank ", set.rank(), " of ", world,
               " needs allGatherCounts to learn the other ranks' rows");
  auto counts = [&](const LabeledData<T>& side) {
    return world == 1 ? std::vector<int64_t>{side.size()} : allGatherCounts(side.size());
  };
  std::vector<int64_t> keptSizes = counts(kept), heldSizes = counts(held);
  return {std::make_shared<PartitionedArrayDataSet<T>>(std::move(kept), std::move(keptSizes), set.rank(),
                                                       set.seed()),
          std::make_shared<PartitionedArrayDataSet<T>>(std::move(held), std::move(heldSizes), set.rank(),
                                                       set.seed())};
}

template class PartitionedArrayDataSet<float>;
template class PartitionedArrayDataSet<double>;
template std::pair<std::shared_ptr<PartitionedArrayDataSet<float>>,
                   std::shared_ptr<PartitionedArrayDataSet<float>>>
splitHeldOut(const PartitionedArrayDataSet<float>&, const HoldOut&, const AllGatherCounts&);
template std::pair<std::shared_ptr<PartitionedArrayDataSet<double>>,
                   std::shared_ptr<PartitionedArrayDataSet<double>>>
splitHeldOut(const PartitionedArrayDataSet<double>&, const HoldOut&, const AllGatherCounts&);

}  // namespace ringdl
