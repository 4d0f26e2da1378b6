// Trigger factories.
#include "ringdl/optim/trigger.h"

#include <cmath>

#include "ringdl/util/error.h"

namespace ringdl {

Trigger Trigger::everyEpoch() {
  return Trigger([](const TrainingState& s) { return s.epochEnded; }, "everyEpoch");
}

Trigger Trigger::severalIteration(int64_t n) {
  RINGDL_CHECK(n >= 1, "severalIteration needs n >= 1, got ", n);
  return Trigger([n](const TrainingState& s) { return s.iteration > 0 && s.iteration % n == 0; },
                 "severalIteration(" + std::to_string(n) + ")");
}

Trigger Trigger::maxEpoch(int64_t n) {
  RINGDL_CHECK(n >= 1, "maxEpoch needs n >= 1, got ", n);
  return Trigger([n](const TrainingState& s) { return s.epoch > n; }, "maxEpoch(" + std::to_string(n) + ")");
}

Trigger Trigger::maxIteration(int64_t n) {
  RINGDL_CHECK(n >= 1, "maxIteration needs n >= 1, got ", n);
  return Trigger([n](const TrainingState& s) { return s.iteration >= n; },
                 "maxIteration(" + std::to_string(n) + ")");
}

Trigger Trigger::minLoss(double threshold) {
  return Trigger([threshold](const TrainingState& s) { return !std::isnan(s.loss) && s.loss < threshold; },
                 "minLoss(" + std::to_string(threshold) + ")");
}

Trigger Trigger::maxScore(double threshold) {
  return Trigger([threshold](const TrainingState& s) { return !std::isnan(s.score) && s.score > threshold; },
                 "maxScore(" + std::to_string(threshold) + ")");
}

Trigger Trigger::noImprovement(int64_t patience) {
  RINGDL_CHECK(patience >= 1, "noImprovement needs patience >= 1 (validations without improvement), got ",
               patience);
  return Trigger([patience](const TrainingState& s) { return s.staleValidations >= patience; },
                 "noImprovement(" + std::to_string(patience) + ")");
}

Trigger Trigger::and_(const Trigger& a, const Trigger& b) {
  return Trigger([a, b](const TrainingState& s) { return a(s) && b(s); },
                 "and(" + a.description() + ", " + b.description() + ")");
}

Trigger Trigger::or_(const Trigger& a, const Trigger& b) {
  return Trigger([a, b](const TrainingState& s) { return a(s) || b(s); },
                 "or(" + a.description() + ", " + b.description() + ")");
}

}  // namespace ringdl
