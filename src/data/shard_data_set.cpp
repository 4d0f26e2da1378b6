// ShardDataSet<T>: record counting (index or pass), proportional batch parts, and the reading thread with its
// shard order, shuffle buffer and queue of decoded chunks.
#include "ringdl/data/shard_data_set.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <thread>

#include "detail/epoch_seed.h"
#include "ringdl/data/shard_index.h"
#include "ringdl/data/transformer.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

constexpr const char* kStateTag = "ringdl.ShardDataSet";
constexpr int kStateVersion = 1;

// Seeds of an epoch's streams (detail::epochSeed): stream 0 the shard order, 1 + rank that rank's shuffle
// buffer.
using detail::epochSeed;

// Records j < count with j mod world == rank.
int64_t recordsOfRank(int64_t count, int rank, int world) {
  return count > rank ? (count - rank - 1) / world + 1 : 0;
}

}  // namespace

template <typename T>
struct ShardDataSet<T>::Stream {
  struct Chunk {
    std::vector<T> features;
    std::vector<T> labels;
    Shape shape;
    int64_t count = 0;
    bool end = false;
    std::exception_ptr error;
  };

  // What to read (set before the thread starts, then read by it only).
  const std::vector<std::string>* shards = nullptr;
  RecordReaderFactory readers;
  std::shared_ptr<RecordDecoder<T>> decoder;
  std::vector<size_t> order;
  const std::vector<uint64_t>* sources = nullptr;  // each shard's HoldOut source
  HoldOut holdOut;
  SplitPart part = SplitPart::kTraining;
  bool splitRecords = false;
  int rank = 0, world = 1;
  int64_t bufferSize = 0;
  uint64_t bufferSeed = 0;
  int64_t skip = 0;
  int64_t chunkRecords = 128;
  size_t depth = 4;
  bool skipCorrupt = false;

  // Shared between the thread and the consumer.
  std::mutex mutex;
  std::condition_variable notFull, notEmpty;
  std::deque<Chunk> ready;
  std::vector<Chunk> spare;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> corrupt{0};
  std::string firstCorrupt;  // guarded by mutex
  std::thread thread;

  // The consumer's side.
  Chunk current;
  int64_t currentPos = 0;
  bool ended = false;
  std::exception_ptr error;

  ~Stream() {
    stopping = true;
    { std::lock_guard<std::mutex> lock(mutex); }
    notFull.notify_all();
    if (thread.joinable()) thread.join();
  }

  void noteCorrupt(const std::string& message) {
    if (corrupt.fetch_add(1) == 0) {
      std::lock_guard<std::mutex> lock(mutex);
      firstCorrupt = message;
    }
  }

  Chunk fresh() {
    std::lock_guard<std::mutex> lock(mutex);
    Chunk c;
    if (!spare.empty()) {
      c = std::move(spare.back());
      spare.pop_back();
    }
    c.features.clear();
    c.labels.clear();
    c.count = 0;
    c.end = false;
    c.error = nullptr;
    return c;
  }

  // False if the data set is stopping the thread.
  bool push(Chunk&& c) {
    std::unique_lock<std::mutex> lock(mutex);
    notFull.wait(lock, [&] { return ready.size() < depth || stopping; });
    if (stopping) return false;
    ready.push_back(std::move(c));
    lock.unlock();
    notEmpty.notify_one();
    return true;
  }

  // The consumer: the next chunk (blocking); the previous current chunk goes back for reuse.
  void advance() {
    std::unique_lock<std::mutex> lock(mutex);
    notEmpty.wait(lock, [&] { return !ready.empty(); });
    spare.push_back(std::move(current));
    current = std::move(ready.front());
    ready.pop_front();
    lock.unlock();
    notFull.notify_one();
    currentPos = 0;
    if (current.error) error = current.error;
    if (current.end) ended = true;
  }

  void run() {
    try {
      produce();
    } catch (...) {
      Chunk c;
      c.error = std::current_exception();
      push(std::move(c));
    }
  }

  void produce() {
    Random random(bufferSeed);
    Shape shape;
    int64_t featureSize = -1;
    // The shuffle buffer: records move in and out by swapping vectors, so a record's values are copied once,
    // into its chunk.
    std::vector<std::vector<T>> slots;
    std::vector<T> slotLabels;
    int64_t filled = 0;
    Chunk chunk = fresh();
    bool open = true;  // false once a push failed (stopping)

    auto emit = [&](const T* features, T label) {
      if (skip > 0) {
        --skip;
        return;
      }
      if (chunk.count == 0) {
        chunk.shape = shape;
        chunk.features.reserve(static_cast<size_t>(chunkRecords * featureSize));
      }
      chunk.features.insert(chunk.features.end(), features, features + featureSize);
      chunk.labels.push_back(label);
      if (++chunk.count == chunkRecords) {
        open = open && push(std::move(chunk));
        chunk = fresh();
      }
    };
    auto accept = [&](DecodedRecord<T>& d) {
      if (bufferSize == 0) {
        emit(d.features.data(), d.label);
        return;
      }
      if (slots.empty()) {
        slots.resize(static_cast<size_t>(bufferSize));
        slotLabels.resize(static_cast<size_t>(bufferSize));
      }
      int64_t slot = filled;
      if (filled < bufferSize) {
        ++filled;
      } else {
        slot = static_cast<int64_t>(random.below(static_cast<uint64_t>(bufferSize)));
        emit(slots[slot].data(), slotLabels[slot]);
      }
      slots[slot].swap(d.features);  // d keeps the emitted record's storage for the next decode
      slotLabels[slot] = d.label;
    };

    DecodedRecord<T> decoded;
    RecordView record;  // the reader's bytes, decoded where they were read
    for (size_t s : order) {
      const std::string& path = (*shards)[s];
      RecordReaderPtr reader = readers(path);
      decoder->beginShard(*reader);
      int64_t j = 0;
      while (open && !stopping) {
        bool more = false;
        try {
          more = reader->nextView(record);
        } catch (const Error& e) {
          if (!skipCorrupt) throw;
          noteCorrupt(e.message());
          if (!reader->recover()) break;
          continue;
        }
        if (!more) break;
        const bool mine = (!splitRecords || j % world == rank) && holdOut.reads(part, (*sources)[s], j);
        ++j;
        if (!mine) continue;
        try {
          decoder->decode(record, path, decoded);
          const int64_t n = static_cast<int64_t>(decoded.features.size());
          if (featureSize < 0) {
            shape = decoded.shape;
            featureSize = n;
          }
          RINGDL_CHECK(decoded.shape == shape && n == featureSize, recordPlace(record, path),
                       "features of shape ", toString(decoded.shape),
                       ", but the data set's records have shape ", toString(shape),
                       " (every record of a shard set must have the same shape)");
        } catch (const Error& e) {
          if (!skipCorrupt) throw;
          noteCorrupt(e.message());
          continue;
        }
        accept(decoded);
      }
      if (!open || stopping) return;
    }
    // The rest of the shuffle buffer, in random order.
    while (filled > 0 && open) {
      const int64_t slot = static_cast<int64_t>(random.below(static_cast<uint64_t>(filled)));
      emit(slots[slot].data(), slotLabels[slot]);
      --filled;
      slots[slot].swap(slots[filled]);
      slotLabels[slot] = slotLabels[filled];
    }
    if (!open) return;
    if (chunk.count > 0 && !push(std::move(chunk))) return;
    Chunk last = fresh();
    last.end = true;
    push(std::move(last));
  }
};

template <typename T>
ShardDataSet<T>::ShardDataSet(std::vector<std::string> shards, RecordReaderFactory readers,
                              std::shared_ptr<RecordDecoder<T>> decoder, ShardDataSetOptions options)
    : shards_(std::move(shards)),
      readers_(std::move(readers)),
      decoder_(std::move(decoder)),
      options_(std::move(options)) {
  const int rank = options_.rank, world = options_.world;
  RINGDL_CHECK(!shards_.empty(), "ShardDataSet: no shard files were given");
  RINGDL_CHECK(readers_ != nullptr && decoder_ != nullptr,
               "ShardDataSet needs a reader factory and a decoder");
  RINGDL_CHECK(options_.shuffleBuffer >= 0, "shuffle_buffer must be >= 0 records, got ",
               options_.shuffleBuffer);
  RINGDL_CHECK(options_.prefetchBatches >= 1, "prefetch_batches must be >= 1, got ",
               options_.prefetchBatches);
  RINGDL_CHECK(options_.chunkRecords >= 1, "ShardDataSet: chunks must hold at least one record, got ",
               options_.chunkRecords);
  assignment_ = assignShards(shards_.size(), rank, world);
  const bool exchange = world > 1 && options_.allGatherCounts != nullptr;

  // Record counts: this rank's shards (all of them without an exchange), from the index or by reading.
  std::vector<size_t> needed = assignment_.shards;
  if (world > 1 && !exchange) {
    needed.resize(shards_.size());
    std::iota(needed.begin(), needed.end(), size_t(0));
  }
  shardSizes_.assign(shards_.size(), -1);
  std::map<std::string, std::optional<ShardIndex>> indexes;
  for (size_t s : needed) {
    const std::string& path = shards_[s];
    const std::string dir = std::filesystem::path(path).parent_path().string();
    auto it = indexes.find(dir);
    if (it == indexes.end()) it = indexes.emplace(dir, ShardIndex::read(dir)).first;
    if (it->second) {
      if (const std::optional<int64_t> n = it->second->records(path)) {
        shardSizes_[s] = *n;
        continue;
      }
    }
    RecordReaderPtr reader = readers_(path);
    RecordView record;
    int64_t n = 0;
    while (true) {
      try {
        if (!reader->nextView(record)) break;
        ++n;
      } catch (const Error&) {
        if (!options_.skipCorrupt) throw;
        if (!reader->recover()) break;
      }
    }
    shardSizes_[s] = n;
  }
  for (const std::string& path : shards_) shardSources_.push_back(HoldOut::shardSource(path));
  // The records of shard s that rank r reads: all, or those with j mod world == r when records are split,
  // and of those the ones on this data set's side of the hold-out (decided by a hash of each record's
  // place, so counted without reading the shard again).
  auto recordsOf = [&](size_t s, int r) {
    const int64_t n = shardSizes_[s];
    const int64_t first = assignment_.splitRecords ? r : 0, step = assignment_.splitRecords ? world : 1;
    if (options_.holdOut.none() && options_.part == SplitPart::kTraining)
      return assignment_.splitRecords ? recordsOfRank(n, r, world) : n;
    int64_t kept = 0;
    for (int64_t j = first; j < n; j += step)
      kept += options_.holdOut.reads(options_.part, shardSources_[s], j);
    return kept;
  };
  auto sizeOfRank = [&](int r) {
    int64_t n = 0;
    if (assignment_.splitRecords) {
      for (size_t s = 0; s < shards_.size(); ++s) n += recordsOf(s, r);
    } else {
      for (size_t s = static_cast<size_t>(r); s < shards_.size(); s += static_cast<size_t>(world))
        n += recordsOf(s, r);
    }
    return n;
  };
  if (exchange) {
    rankSizes_ = options_.allGatherCounts(sizeOfRank(rank));
    RINGDL_CHECK(static_cast<int>(rankSizes_.size()) == world, "ShardDataSet: the count exchange returned ",
                 rankSizes_.size(), " counts for a world of ", world, " ranks");
  } else {
    for (int r = 0; r < world; ++r) rankSizes_.push_back(sizeOfRank(r));
  }
  for (int r = 0; r < world; ++r) {
    size_ += rankSizes_[static_cast<size_t>(r)];
  }
  RINGDL_CHECK(size_ > 0 || !options_.holdOut.none(), "the shard set (", shards_.size(), " file",
               shards_.size() == 1 ? "" : "s", ", first ", shards_[0], ") holds no records");
  RINGDL_CHECK(size_ > 0, "the shard set (", shards_.size(), " file", shards_.size() == 1 ? "" : "s",
               ", first ", shards_[0], ") has no records ",
               options_.part == SplitPart::kHeldOut ? "held out" : "left for training",
               " when a fraction of ", options_.holdOut.fraction(), " is held out (seed ",
               options_.holdOut.seed(), "): ", options_.part == SplitPart::kHeldOut ? "raise" : "lower",
               " the fraction");
}

template <typename T>
ShardDataSet<T>::~ShardDataSet() {
  stop();
}

template <typename T>
int64_t ShardDataSet<T>::share(int64_t p) const {
  return proportionalShare(p, rankSizes_, options_.rank);
}

template <typename T>
int64_t ShardDataSet<T>::corruptRecords() const {
  return stream_ ? stream_->corrupt.load() : 0;
}

template <typename T>
std::string ShardDataSet<T>::firstCorruptError() const {
  if (!stream_) return "";
  std::lock_guard<std::mutex> lock(stream_->mutex);
  return stream_->firstCorrupt;
}

template <typename T>
void ShardDataSet<T>::stop() {
  stream_.reset();  // ~Stream stops and joins the thread
}

template <typename T>
void ShardDataSet<T>::restart(int64_t skip) {
  stop();
  decoder_->beginEpoch(options_.seed, shuffled_ ? epoch_ : 0);  // the reading thread is stopped
  auto s = std::make_unique<Stream>();
  s->shards = &shards_;
  s->readers = readers_;
  s->decoder = decoder_;
  s->order = assignment_.shards;
  if (shuffled_) {
    Random random(epochSeed(options_.seed, epoch_, 0));
    for (size_t i = s->order.size(); i > 1; --i)
      std::swap(s->order[i - 1], s->order[static_cast<size_t>(random.below(i))]);
  }
  s->sources = &shardSources_;
  s->holdOut = options_.holdOut;
  s->part = options_.part;
  s->splitRecords = assignment_.splitRecords;
  s->rank = options_.rank;
  s->world = options_.world;
  s->bufferSize = shuffled_ ? options_.shuffleBuffer : 0;
  s->bufferSeed = epochSeed(options_.seed, epoch_, 1 + static_cast<uint64_t>(options_.rank));
  s->skip = skip;
  s->chunkRecords = options_.chunkRecords;
  s->depth = static_cast<size_t>(options_.prefetchBatches);
  s->skipCorrupt = options_.skipCorrupt;
  Stream* raw = s.get();
  s->thread = std::thread([raw] { raw->run(); });
  stream_ = std::move(s);
  endReported_ = false;
}

template <typename T>
void ShardDataSet<T>::reset() {
  shuffled_ = false;
  position_ = 0;
  restart(0);
}

template <typename T>
void ShardDataSet<T>::shuffle() {
  shuffled_ = true;
  ++epoch_;
  position_ = 0;
  restart(0);
}

template <typename T>
MiniBatch<T> ShardDataSet<T>::nextBatch(int64_t batchSize) {
  RINGDL_CHECK(options_.world == 1, "ShardDataSet::nextBatch: this data set holds rank ", options_.rank,
               "'s records of a world of ", options_.world, " ranks; use nextBatchPart(batch, ",
               options_.rank, ", ", options_.world, ")");
  return take(batchSize, true);
}

template <typename T>
MiniBatch<T> ShardDataSet<T>::nextBatchPart(int64_t batchSize, int rank, int world) {
  RINGDL_CHECK(rank == options_.rank && world == options_.world,
               "ShardDataSet::nextBatchPart: asked for rank ", rank, " of ", world,
               " but the data set was built for rank ", options_.rank, " of ", options_.world);
  return take(batchSize, world == 1);
}

template <typename T>
MiniBatch<T> ShardDataSet<T>::take(int64_t batchSize, bool oneRank) {
  RINGDL_CHECK(batchSize > 0, "ShardDataSet: batch size must be positive, got ", batchSize);
  const int64_t b = std::min(batchSize, size_ - position_);
  if (b <= 0) return MiniBatch<T>();
  if (!stream_) restart(0);
  Stream& s = *stream_;
  const int64_t want = share(position_ + b) - share(position_);
  int64_t got = 0;
  T* input = nullptr;
  T* target = nullptr;
  int64_t featureSize = 0;
  while (got < want) {
    if (s.error) std::rethrow_exception(s.error);
    if (s.currentPos == s.current.count) {
      if (s.ended) break;
      s.advance();
      continue;
    }
    if (!input) {
      Shape shape = s.current.shape;
      featureSize =
          s.current.count > 0 ? static_cast<int64_t>(s.current.features.size()) / s.current.count : 0;
      shape.insert(shape.begin(), want);
      inputBuffer_.resize(shape);
      targetBuffer_.resize({want});
      input = inputBuffer_.data();
      target = targetBuffer_.data();
    }
    const int64_t n = std::min(want - got, s.current.count - s.currentPos);
    std::memcpy(input + got * featureSize, s.current.features.data() + s.currentPos * featureSize,
                sizeof(T) * static_cast<size_t>(n * featureSize));
    std::memcpy(target + got, s.current.labels.data() + s.currentPos, sizeof(T) * static_cast<size_t>(n));
    s.currentPos += n;
    got += n;
  }
  position_ += b;
  if (got < want) {
    RINGDL_CHECK(s.corrupt.load() > 0, "the shard set ended after ", share(position_ - b) + got,
                 " of this rank's ", localSize(),
                 " records (counted when the data set was built), though no record "
                 "was skipped: did the shard files change during training? (first shard ",
                 shards_[0], ")");
    if (oneRank) position_ = size_;  // the stream is exhausted: so is the epoch
  } else if (oneRank && position_ < size_ && s.corrupt.load() > 0 && s.currentPos == s.current.count &&
             !s.ended) {
    // Skipped records may have shortened the stream: look ahead so the epoch never ends on an empty batch.
    s.advance();
    if (s.error) std::rethrow_exception(s.error);
    if (s.ended && s.current.count == 0) position_ = size_;
  }
  if (position_ >= size_ && !endReported_) {
    endReported_ = true;
    if (options_.onEpochEnd)
      options_.onEpochEnd(shuffled_ ? epoch_ : 0, s.corrupt.load(), firstCorruptError());
  }
  if (got == 0) return MiniBatch<T>();
  MiniBatch<T> batch(got == want ? inputBuffer_ : inputBuffer_.narrow(0, 0, got),
                     got == want ? targetBuffer_ : targetBuffer_.narrow(0, 0, got));
  if (transformer_) transformer_->apply(batch);
  return batch;
}

template <typename T>
std::string ShardDataSet<T>::state() const {
  std::ostringstream os;
  os << kStateTag << " " << kStateVersion << "\n"
     << "records " << size_ << "\n"
     << "world " << options_.world << "\n"
     << "seed " << options_.seed << "\n"
     << "epoch " << epoch_ << "\n"
     << "order " << (shuffled_ ? "shuffled" : "sequential") << "\n"
     << "position " << position_ << "\n";
  return os.str();
}

template <typename T>
void ShardDataSet<T>::setState(const std::string& state) {
  std::istringstream is(state);
  std::string tag, key, order;
  int version = 0, world = 0;
  int64_t records = -1, epoch = -1, position = -1;
  uint64_t seed = 0;
  const bool ok = static_cast<bool>(is >> tag >> version) && tag == kStateTag && version == kStateVersion &&
                  (is >> key >> records) && key == "records" && (is >> key >> world) && key == "world" &&
                  (is >> key >> seed) && key == "seed" && (is >> key >> epoch) && key == "epoch" &&
                  (is >> key >> order) && key == "order" && (order == "shuffled" || order == "sequential") &&
                  (is >> key >> position) && key == "position";
  RINGDL_CHECK(ok, "ShardDataSet::setState: not a ", kStateTag, " ", kStateVersion,
               " state (it starts with \"", state.substr(0, std::min<size_t>(state.size(), 40)),
               "\"); was it saved by another kind of data set?");
  RINGDL_CHECK(records == size_, "ShardDataSet::setState: the state was saved for a data set of ", records,
               " records but this one has ", size_, " (a different shard set?)");
  RINGDL_CHECK(position >= 0 && position <= size_ && epoch >= 0 && world >= 1,
               "ShardDataSet::setState: position ", position, " or epoch ", epoch, " is out of range");
  options_.seed = seed;
  epoch_ = epoch;
  shuffled_ = order == "shuffled";
  position_ = position;
  restart(share(position));
}

template <typename T>
void ShardDataSet<T>::setTransformer(std::shared_ptr<const Transformer<T>> transformer) {
  transformer_ = std::move(transformer);
}

template class ShardDataSet<float>;
template class ShardDataSet<double>;

}  // namespace ringdl
