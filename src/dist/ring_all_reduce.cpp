// The segmented, pipelined ring behind MpiCommunicator's allReduce, reduceScatter and allGather.
#include "ring_all_reduce.h"

#include <algorithm>
#include <climits>
#include <string>
#include <type_traits>
#include <vector>

#include "ringdl/dist/communicator.h"
#include "ringdl/util/error.h"
#include "wire_kernels.h"

namespace ringdl::detail {
namespace {

// One tag for the whole ring: MPI delivers messages between two ranks on one communicator and tag in the
// order they were sent, and both ends walk the same schedule, so the k-th send meets the k-th receive.
constexpr int kRingTag = 7301;

// A segment moving in one direction at one step. `after` (sends only) is the receive that must have been
// processed first: the same segment of the chunk this rank received one step earlier; -1 if none.
struct Unit {
  int64_t offset;
  int count;
  int step;
  int64_t after;
};

inline int mod(int a, int p) { return ((a % p) + p) % p; }

// Appends the segments of chunk `chunk` for step t.
void addSegments(std::vector<Unit>& units, int64_t n, int chunk, int p, int t, int64_t segment,
                 int64_t after0) {
  const Slice s = sliceOf(n, chunk, p);
  int64_t k = 0;
  for (int64_t offset = s.begin; offset < s.end; offset += segment, ++k) {
    const int count = static_cast<int>(std::min(segment, s.end - offset));
    units.push_back({offset, count, t, after0 < 0 ? -1 : after0 + k});
  }
}

template <typename T>
class Ring {
 public:
  Ring(MpiContext& ctx, T* data, int64_t n, RingPart part, WireFormat wire, const char* operation)
      : ctx_(ctx), data_(data), part_(part), wire_(wire), operation_(operation) {
    const int p = ctx.size, r = ctx.rank;
    left_ = mod(r - 1, p);
    right_ = mod(r + 1, p);
    window_ = std::max(1, ctx.segmentsInFlight);
    segment_ = std::clamp<int64_t>(ctx.segmentBytes / static_cast<int64_t>(sizeof(T)), 1, INT_MAX / 8);
    native_ = wire == WireFormat::kNative;
    wireType_ = native_ ? mpiTypeOf<T>() : MPI_UINT16_T;
    wireBytes_ = native_ ? static_cast<int64_t>(sizeof(T)) : 2;
    firstStep_ = part == RingPart::kAllGather ? p - 1 : 0;
    const int endStep = part == RingPart::kReduceScatter ? p - 1 : 2 * p - 2;
    for (int t = firstStep_; t < endStep; ++t) {
      recvStart_.push_back(static_cast<int64_t>(recvs_.size()));
      sendStart_.push_back(static_cast<int64_t>(sends_.size()));
      addSegments(recvs_, n, mod(r - t - 2, p), p, t, segment_, -1);
      // The chunk sent at step t is the one received at step t - 1 (same segments, same order).
      addSegments(sends_, n, mod(r - t - 1, p), p, t, segment_,
                  t == firstStep_ ? -1 : recvStart_[t - firstStep_ - 1]);
    }
    sendDone_.assign(sends_.size(), false);
    slotUnit_.assign(window_, -1);
    slotBytes_ = (segment_ * wireBytes_ + 63) / 64 * 64;
    auto* base = static_cast<unsigned char*>(ctx.scratch(slotBytes_ * window_ * (native_ ? 1 : 2)));
    recvSlots_ = base;
    sendSlots_ = base + slotBytes_ * window_;
    requests_.assign(2 * window_, MPI_REQUEST_NULL);
    peers_.assign(2 * window_, right_);
    std::fill(peers_.begin(), peers_.begin() + window_, left_);
    isReceive_.assign(2 * window_, false);
    std::fill(isReceive_.begin(), isReceive_.begin() + window_, true);
    received_.assign(window_, false);
    waitingFor_ = "rank " + std::to_string(left_) + " (its send to this rank) or rank " +
                  std::to_string(right_) + " (its receive from this rank)";
  }

  void run() {
    try {
      loop();
    } catch (const Error& e) {
      // Receives still pending would write into scratch memory after we return; cancel and release them.
      std::unique_ptr<bool[]> receive(new bool[requests_.size()]);
      for (size_t i = 0; i < requests_.size(); ++i) receive[i] = isReceive_[i];
      ctx_.abandon(static_cast<int>(requests_.size()), requests_.data(), receive.get());
      ctx_.fail(e.message());
      throw;
    }
  }

 private:
  unsigned char* recvSlot(int64_t unit) { return recvSlots_ + (unit % window_) * slotBytes_; }
  unsigned char* sendSlot(int64_t unit) { return sendSlots_ + (unit % window_) * slotBytes_; }

  void loop() {
    const int64_t nRecv = static_cast<int64_t>(recvs_.size());
    const int64_t nSend = static_cast<int64_t>(sends_.size());
    for (;;) {
      while (nextPost_ < nRecv && nextPost_ - nextProcess_ < window_ && mayPost(nextPost_))
        postReceive(nextPost_++);
      while (nextSend_ < nSend && sendReady(nextSend_)) postSend(nextSend_++);
      // Add or copy the oldest received segment first: the send it unblocks is what the next rank waits for.
      if (nextProcess_ < nextPost_ && received_[nextProcess_ % window_]) {
        received_[nextProcess_ % window_] = false;
        process(nextProcess_++);
        continue;
      }
      if (nextProcess_ == nRecv && nextSend_ == nSend && pendingSends_ == 0) return;
      MPI_Status status;
      const int index = ctx_.waitAny(static_cast<int>(requests_.size()), requests_.data(), peers_.data(),
                                     &status, operation_, waitingFor_);
      RINGDL_CHECK(index != MPI_UNDEFINED, operation_, ": ring schedule stalled with no request pending");
      if (index < window_) {
        checkCount(status, index);
        received_[index] = true;
      } else {
        sendDone_[slotUnit_[index - window_]] = true;
        --pendingSends_;
      }
    }
  }

  // All-gather steps of a native ring receive straight into the buffer (nothing to add, so no staging copy).
  bool direct(int64_t i) const { return native_ && recvs_[i].step >= ctx_.size - 1; }

  // In an all-reduce, all-gather step t writes the chunk segment this rank sent from the buffer itself at
  // step t - (p - 1). MPI forbids receiving into a send buffer before the send has completed, so that receive
  // is posted only afterwards. (The send is always completed by then in practice: the data arriving at step t
  // passed through its receiver first.)
  bool mayPost(int64_t i) const {
    if (!direct(i) || part_ != RingPart::kAllReduce) return true;
    const Unit& u = recvs_[i];
    const int64_t k = i - recvStart_[u.step - firstStep_];
    return sendDone_[sendStart_[u.step - (ctx_.size - 1) - firstStep_] + k];
  }

  bool sendReady(int64_t j) const {
    const Unit& u = sends_[j];
    if (u.after >= nextProcess_) return false;                    // its data has not arrived yet
    return requests_[window_ + j % window_] == MPI_REQUEST_NULL;  // the slot's previous send has completed
  }

  void postReceive(int64_t i) {
    const Unit& u = recvs_[i];
    void* buffer = direct(i) ? static_cast<void*>(data_ + u.offset) : recvSlot(i);
    ctx_.check(MPI_Irecv(buffer, u.count, wireType_, left_, kRingTag, ctx_.comm, &requests_[i % window_]),
               "MPI_Irecv", left_);
  }

  void postSend(int64_t j) {
    const Unit& u = sends_[j];
    T* segment = data_ + u.offset;
    const void* buffer = segment;
    if (!native_) {
      auto* wire = reinterpret_cast<uint16_t*>(sendSlot(j));
      encode(segment, wire, u.count);
      // The owner's finished chunk leaves at step p - 1 of an all-reduce; keeping the rounded value (what
      // every other rank will decode) makes all ranks agree bit for bit.
      if (part_ == RingPart::kAllReduce && u.step == ctx_.size - 1) decode(wire, segment, u.count);
      buffer = wire;
    }
    ctx_.check(
        MPI_Isend(buffer, u.count, wireType_, right_, kRingTag, ctx_.comm, &requests_[window_ + j % window_]),
        "MPI_Isend", right_);
    slotUnit_[j % window_] = j;
    ++pendingSends_;
  }

  void process(int64_t i) {
    const Unit& u = recvs_[i];
    T* segment = data_ + u.offset;
    if (direct(i)) return;  // already in place
    const unsigned char* in = recvSlot(i);
    const bool add = u.step < ctx_.size - 1;  // reduce-scatter steps add, all-gather steps copy
    if (native_) {
      addInto(segment, reinterpret_cast<const T*>(in), u.count);
      return;
    }
    const auto* wire = reinterpret_cast<const uint16_t*>(in);
    if (add)
      addDecoded(wire, segment, u.count);
    else
      decode(wire, segment, u.count);
  }

  void checkCount(const MPI_Status& status, int slot) {
    int got = 0;
    ctx_.check(MPI_Get_count(&status, wireType_, &got), "MPI_Get_count", left_);
    const int64_t expected =
        recvs_[nextProcess_ + ((slot - nextProcess_ % window_) + window_) % window_].count;
    RINGDL_CHECK(got == expected, operation_, ": rank ", left_, " sent a segment of ", got,
                 " elements where ", expected,
                 " were expected: did every rank pass a tensor of the same size?");
  }

  // The 16-bit codecs (T is float whenever the wire is not native).
  void encode(const T* src, uint16_t* dst, int count) {
    if constexpr (std::is_same_v<T, float>) {
      if (wire_ == WireFormat::kBf16)
        floatToBf16(src, dst, count);
      else
        floatToFp16(src, dst, count);
    }
  }
  void decode(const uint16_t* src, T* dst, int count) {
    if constexpr (std::is_same_v<T, float>) {
      if (wire_ == WireFormat::kBf16)
        bf16ToFloat(src, dst, count);
      else
        fp16ToFloat(src, dst, count);
    }
  }
  void addDecoded(const uint16_t* src, T* dst, int count) {
    if constexpr (std::is_same_v<T, float>) {
      if (wire_ == WireFormat::kBf16)
        addBf16Into(dst, src, count);
      else
        addFp16Into(dst, src, count);
    }
  }

  MpiContext& ctx_;
  T* data_;
  RingPart part_;
  WireFormat wire_;
  const char* operation_;
  int left_ = 0, right_ = 0, window_ = 1, firstStep_ = 0;
  int64_t segment_ = 1, wireBytes_ = sizeof(T), slotBytes_ = 64;
  bool native_ = true;
  MPI_Datatype wireType_;
  std::vector<Unit> recvs_, sends_;
  std::vector<int64_t> recvStart_, sendStart_;  // first unit of each step (from firstStep_)
  std::vector<bool> sendDone_;
  std::vector<int64_t> slotUnit_;  // the send unit each send slot last carried
  unsigned char* recvSlots_ = nullptr;
  unsigned char* sendSlots_ = nullptr;
  std::vector<MPI_Request> requests_;  // [0, window) receive slots, [window, 2 window) send slots
  std::vector<int> peers_;
  std::vector<bool> isReceive_;
  std::vector<bool> received_;
  int64_t nextPost_ = 0, nextProcess_ = 0, nextSend_ = 0;
  int pendingSends_ = 0;
  std::string waitingFor_;
};

}  // namespace

template <typename T>
void ringCollective(MpiContext& ctx, T* data, int64_t n, RingPart part, WireFormat wire,
                    const char* operation) {
  RINGDL_CHECK((std::is_same_v<T, float> || wire == WireFormat::kNative), operation,
               ": 16-bit wire formats apply to float tensors only");
  if (ctx.size == 1 || n == 0) return;
  Ring<T>(ctx, data, n, part, wire, operation).run();
}

template void ringCollective<float>(MpiContext&, float*, int64_t, RingPart, WireFormat, const char*);
template void ringCollective<double>(MpiContext&, double*, int64_t, RingPart, WireFormat, const char*);

}  // namespace ringdl::detail
