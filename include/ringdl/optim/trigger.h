// Trigger: a predicate over TrainingState that says when to stop, validate or checkpoint (BigDL's Trigger):
// everyEpoch, severalIteration, maxEpoch, maxIteration, minLoss, maxScore, noImprovement, and their and/or
// combinations.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "ringdl/optim/training_state.h"

namespace ringdl {

class Trigger {
 public:
  using Predicate = std::function<bool(const TrainingState&)>;

  Trigger(Predicate predicate, std::string description)
      : predicate_(std::move(predicate)), description_(std::move(description)) {}

  /// True right after the iteration that finished an epoch.
  static Trigger everyEpoch();
  /// True every n iterations (n >= 1).
  static Trigger severalIteration(int64_t n);
  /// True once epoch n has finished (the epoch counter has passed n).
  static Trigger maxEpoch(int64_t n);
  /// True once n iterations have run.
  static Trigger maxIteration(int64_t n);
  /// True once the last training loss is below the threshold.
  static Trigger minLoss(double threshold);
  /// True once the last validation score is above the threshold.
  static Trigger maxScore(double threshold);
  /// True once `patience` validations in a row have not improved the monitored figure (early stopping; the
  /// Optimizer keeps the count, TrainingState::staleValidations, see Optimizer::setEarlyStopping).
  static Trigger noImprovement(int64_t patience);
  /// True if every (and) / any (or) of the triggers is true.
  static Trigger and_(const Trigger& a, const Trigger& b);
  static Trigger or_(const Trigger& a, const Trigger& b);

  bool operator()(const TrainingState& state) const { return predicate_(state); }
  const std::string& description() const { return description_; }

 private:
  Predicate predicate_;
  std::string description_;
};

inline Trigger operator&&(const Trigger& a, const Trigger& b) { return Trigger::and_(a, b); }
inline Trigger operator||(const Trigger& a, const Trigger& b) { return Trigger::or_(a, b); }

}  // namespace ringdl
