// Random: a seeded, portable generator (mt19937_64 with our own distributions, so results match across
// standard libraries) whose full state can be saved and restored for exact resume.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// SplitMix64's output function: a bijective mix of 64 bits, for deriving independent seeds from a run's seed
/// and the numbers of an epoch, a rank or a record.
inline uint64_t splitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

class Random {
 public:
  explicit Random(uint64_t seed = 1) : engine_(seed) {}
  void seed(uint64_t s) { engine_.seed(s); hasSpareNormal_ = false; }

  uint64_t nextU64() { return engine_(); }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double normal();
  double normal(double mean, double stddev) { return mean + stddev * normal(); }
  /// Uniform integer in [0, n).
  uint64_t below(uint64_t n);
  bool bernoulli(double p) { return uniform() < p; }

  template <typename T>
  void fillUniform(Tensor<T>& t, double lo, double hi);
  template <typename T>
  void fillNormal(Tensor<T>& t, double mean, double stddev);

  /// The complete state as text (engine state and the cached normal), and its inverse.
  std::string state() const;
  void setState(const std::string& state);

  /// The process-wide generator used by initializers and Dropout; its state is part of every checkpoint.
  static Random& global();

 private:
  std::mt19937_64 engine_;
  bool hasSpareNormal_ = false;
  double spareNormal_ = 0;
};

/// Restores Random::global() on scope exit. Rebuilding layers (loading a model, cloning one) runs their
/// initialisers, which must not move the global stream: a resumed run restores it from the checkpoint and
/// must see exactly that state, and a clone made mid-training must not change the dropout masks that follow.
class GlobalRandomGuard {
 public:
  GlobalRandomGuard() : saved_(Random::global().state()) {}
  ~GlobalRandomGuard() {
    try {
      Random::global().setState(saved_);
    } catch (...) {  // a state this process produced always parses; never let a destructor throw
    }
  }
  GlobalRandomGuard(const GlobalRandomGuard&) = delete;
  GlobalRandomGuard& operator=(const GlobalRandomGuard&) = delete;

 private:
  std::string saved_;
};

}  // namespace ringdl
