// HoldOut: the seeded hash that decides which records are held out, and the split of rows in memory.
#include "ringdl/data/hold_out.h"

#include <cmath>
#include <filesystem>
#include <vector>

#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {
// Mixed into the seed so that the hold-out hash is unrelated to the data sets' per-epoch streams, which
// are mixed from the same run seed (detail::epochSeed).
constexpr uint64_t kHoldOutSalt = 0x686f6c646f7574ull;  // "holdout"
}  // namespace

HoldOut::HoldOut(double fraction, uint64_t seed) : fraction_(fraction), seed_(seed) {
  RINGDL_CHECK(fraction >= 0 && fraction < 1, "HoldOut: the fraction held out must be in [0, 1), got ",
               fraction);
  key_ = splitMix64(splitMix64(seed) ^ kHoldOutSalt);
  // fraction < 1, so fraction x 2^64 fits (the largest double below 1 gives 2^64 - 2^11).
  threshold_ = static_cast<uint64_t>(std::ldexp(fraction, 64));
}

bool HoldOut::heldOut(uint64_t source, int64_t index) const {
  return threshold_ != 0 && splitMix64(splitMix64(key_ ^ source) ^ static_cast<uint64_t>(index)) < threshold_;
}

uint64_t HoldOut::shardSource(const std::string& path) {
  // FNV-1a of the file name: fixed across platforms and runs (std::hash is neither).
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : std::filesystem::path(path).filename().string()) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

template <typename T>
std::pair<LabeledData<T>, LabeledData<T>> splitRows(const LabeledData<T>& data, const HoldOut& holdOut,
                                                    int64_t firstRow) {
  std::vector<int64_t> rows[2];  // [0] not held out, [1] held out
  for (int64_t i = 0; i < data.size(); ++i) rows[holdOut.heldOut(0, firstRow + i)].push_back(i);
  const Tensor<T> features = data.features.contiguous(), labels = data.labels.contiguous();
  LabeledData<T> sides[2];
  for (int s = 0; s < 2; ++s)
    gatherRows(features, labels, rows[s].data(), static_cast<int64_t>(rows[s].size()), sides[s].features,
               sides[s].labels, static_cast<const Transformer<T>*>(nullptr));
  return {sides[0], sides[1]};
}

template std::pair<LabeledData<float>, LabeledData<float>> splitRows(const LabeledData<float>&,
                                                                     const HoldOut&, int64_t);
template std::pair<LabeledData<double>, LabeledData<double>> splitRows(const LabeledData<double>&,
                                                                       const HoldOut&, int64_t);

}  // namespace ringdl
