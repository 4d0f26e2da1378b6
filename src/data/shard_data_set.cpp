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
    // Sequence records: where each record's values end in `features`, and their per-step targets (when
    // hasTargets) at the same offsets in `targets`.
    std::vector<int64_t> ends;
    std::vector<T> targets;
    bool hasTargets = false;
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
  bool sequences = false;
  int64_t bucketWindow = 0, bucketRun = 0;
  uint64_t bucketSeed = 0;

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
    c.ends.clear();
    c.targets.clear();
    c.hasTargets = false;
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
    std::vector<std::vector<T>> slots, slotTargets;
    std::vector<T> slotLabels;
    int64_t filled = 0;
    Chunk chunk = fresh();
    bool open = true;  // false once a push failed (stopping)
    int targetKind = -1;  // sequences: -1 before the first record, then 1 if records carry per-step targets

    // Records in their final order go into chunks; the first `skip` of them (a resumed epoch's) are dropped.
    auto emitNow = [&](const T* features, int64_t n, T label, const T* targets) {
      if (skip > 0) {
        --skip;
        return;
      }
      if (chunk.count == 0) {
        chunk.shape = shape;
        if (!sequences) chunk.features.reserve(static_cast<size_t>(chunkRecords * featureSize));
      }
      chunk.features.insert(chunk.features.end(), features, features + n);
      if (sequences) {
        chunk.ends.push_back(static_cast<int64_t>(chunk.features.size()));
        chunk.hasTargets = targetKind == 1;
        if (targetKind == 1) chunk.targets.insert(chunk.targets.end(), targets, targets + n);
      }
      chunk.labels.push_back(label);
      if (++chunk.count == chunkRecords) {
        open = open && push(std::move(chunk));
        chunk = fresh();
      }
    };
    // Length buckets (SequenceBatching): a window of records sorted by length, emitted in runs in a random
    // order. The window copies its records; the sort is stable, so equal lengths keep the shuffled order.
    struct Held {
      std::vector<T> features, targets;
      T label;
    };
    std::vector<Held> window;
    Random bucketRandom(bucketSeed);
    auto flushWindow = [&] {
      std::stable_sort(window.begin(), window.end(),
                       [](const Held& a, const Held& b) { return a.features.size() < b.features.size(); });
      const size_t run = static_cast<size_t>(
          bucketRun > 0 ? bucketRun : std::max<int64_t>(1, static_cast<int64_t>(window.size()) / 16));
      std::vector<size_t> runs((window.size() + run - 1) / run);
      std::iota(runs.begin(), runs.end(), size_t(0));
      for (size_t i = runs.size(); i > 1; --i)
        std::swap(runs[i - 1], runs[static_cast<size_t>(bucketRandom.below(i))]);
      for (size_t r : runs)
        for (size_t i = r * run; i < std::min(window.size(), (r + 1) * run); ++i)
          emitNow(window[i].features.data(), static_cast<int64_t>(window[i].features.size()), window[i].label,
                  window[i].targets.data());
      window.clear();
    };
    auto emit = [&](const T* features, int64_t n, T label, const T* targets) {
      if (bucketWindow == 0) {
        emitNow(features, n, label, targets);
        return;
      }
      Held h;
      h.features.assign(features, features + n);
      if (targetKind == 1) h.targets.assign(targets, targets + n);
      h.label = label;
      window.push_back(std::move(h));
      if (static_cast<int64_t>(window.size()) == bucketWindow) flushWindow();
    };
    auto accept = [&](DecodedRecord<T>& d) {
      if (bufferSize == 0) {
        emit(d.features.data(), static_cast<int64_t>(d.features.size()), d.label, d.targets.data());
        return;
      }
      if (slots.empty()) {
        slots.resize(static_cast<size_t>(bufferSize));
        slotTargets.resize(static_cast<size_t>(bufferSize));
        slotLabels.resize(static_cast<size_t>(bufferSize));
      }
      int64_t slot = filled;
      if (filled < bufferSize) {
        ++filled;
      } else {
        slot = static_cast<int64_t>(random.below(static_cast<uint64_t>(bufferSize)));
        emit(slots[slot].data(), static_cast<int64_t>(slots[slot].size()), slotLabels[slot],
             slotTargets[slot].data());
      }
      slots[slot].swap(d.features);  // d keeps the emitted record's storage for the next decode
      slotTargets[slot].swap(d.targets);
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
          decoded.targets.clear();
          decoder->decode(record, path, decoded);
          const int64_t n = static_cast<int64_t>(decoded.features.size());
          if (sequences) {
            RINGDL_CHECK(decoded.shape.size() == 1 && decoded.shape[0] == n, recordPlace(record, path),
                         "features of shape ", toString(decoded.shape), ", but sequence records are 1-D");
            const int kind = decoded.targets.empty() && n > 0 ? 0 : decoded.targets.empty() ? targetKind : 1;
            if (targetKind < 0) targetKind = kind;
            RINGDL_CHECK(kind == targetKind || (n == 0 && targetKind == 1), recordPlace(record, path),
                         "the record's target is ", kind == 1 ? "a sequence" : "a class label",
                         " but the first record's was ", targetKind == 1 ? "a sequence" : "a class label");
            if (targetKind == 1) {
              RINGDL_CHECK(static_cast<int64_t>(decoded.targets.size()) == n, recordPlace(record, path),
                           decoded.targets.size(), " targets for ", n, " steps (a target per step)");
            }
          } else {
            if (featureSize < 0) {
              shape = decoded.shape;
              featureSize = n;
            }
            RINGDL_CHECK(decoded.shape == shape && n == featureSize, recordPlace(record, path),
                         "features of shape ", toString(decoded.shape),
                         ", but the data set's records have shape ", toString(shape),
                         " (every record of a shard set must have the same shape)");
          }
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
      emit(slots[slot].data(), static_cast<int64_t>(slots[slot].size()), slotLabels[slot],
           slotTargets[slot].data());
      --filled;
      slots[slot].swap(slots[filled]);
      slotTargets[slot].swap(slotTargets[filled]);
      slotLabels[slot] = slotLabels[filled];
    }
    if (!window.empty() && open) flushWindow();
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
  if (options_.sequences) options_.sequences->validate("ShardDataSet");
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
  s->sequences = options_.sequences.has_value();
  if (options_.sequences && shuffled_) {
    s->bucketWindow = options_.sequences->bucketWindow;
    s->bucketRun = options_.sequences->bucketRun;
  }
  // Stream 1 + rank is the rank's shuffle buffer; the buckets draw from streams after every rank's.
  s->bucketSeed = epochSeed(options_.seed, epoch_, 1 + static_cast<uint64_t>(options_.world + options_.rank));
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
  const bool sequences = options_.sequences.has_value();
  bool sequenceTargets = false;
  if (sequences) {
    seqValues_.clear();
    seqTargets_.clear();
    seqLabels_.clear();
    seqEnds_.clear();
  }
  while (got < want) {
    if (s.error) std::rethrow_exception(s.error);
    if (s.currentPos == s.current.count) {
      if (s.ended) break;
      s.advance();
      continue;
    }
    if (sequences) {
      // Staged, not padded yet: the width depends on the longest record of the whole batch.
      const int64_t n = std::min(want - got, s.current.count - s.currentPos);
      const auto& c = s.current;
      sequenceTargets = c.hasTargets;
      for (int64_t i = s.currentPos; i < s.currentPos + n; ++i) {
        const int64_t begin = i == 0 ? 0 : c.ends[static_cast<size_t>(i - 1)],
                      end = c.ends[static_cast<size_t>(i)];
        seqValues_.insert(seqValues_.end(), c.features.begin() + begin, c.features.begin() + end);
        if (c.hasTargets)
          seqTargets_.insert(seqTargets_.end(), c.targets.begin() + begin, c.targets.begin() + end);
        seqEnds_.push_back(static_cast<int64_t>(seqValues_.size()));
        seqLabels_.push_back(c.labels[static_cast<size_t>(i)]);
      }
      s.currentPos += n;
      got += n;
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
  if (sequences) return paddedBatch(got, sequenceTargets);
  MiniBatch<T> batch(got == want ? inputBuffer_ : inputBuffer_.narrow(0, 0, got),
                     got == want ? targetBuffer_ : targetBuffer_.narrow(0, 0, got));
  if (transformer_) transformer_->apply(batch);
  return batch;
}

template <typename T>
MiniBatch<T> ShardDataSet<T>::paddedBatch(int64_t records, bool sequenceTargets) {
  const SequencePadding& padding = options_.sequences->padding;
  int64_t longest = 0;
  for (int64_t i = 0; i < records; ++i)
    longest = std::max(
        longest, seqEnds_[static_cast<size_t>(i)] - (i == 0 ? 0 : seqEnds_[static_cast<size_t>(i - 1)]));
  const int64_t width = padding.width(longest);
  inputBuffer_.resize({records, width});
  targetBuffer_.resize(sequenceTargets ? Shape{records, width} : Shape{records});
  lengthsBuffer_.resize({records});
  for (int64_t i = 0; i < records; ++i) {
    const int64_t begin = i == 0 ? 0 : seqEnds_[static_cast<size_t>(i - 1)];
    const int64_t n = seqEnds_[static_cast<size_t>(i)] - begin;
    lengthsBuffer_.data()[i] =
        static_cast<T>(padRow(seqValues_.data() + begin, n, width, padding, static_cast<T>(padding.value),
                              inputBuffer_.data() + i * width));
    if (sequenceTargets)
      padRow(seqTargets_.data() + begin, n, width, padding, static_cast<T>(padding.targetValue),
             targetBuffer_.data() + i * width);
    else
      targetBuffer_.data()[i] = seqLabels_[static_cast<size_t>(i)];
  }
  MiniBatch<T> batch(inputBuffer_, targetBuffer_);
  batch.setLengths(lengthsBuffer_, padding.lengthsInInput);
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
