// Learning-rate schedules (BigDL's SGD.LearningRateSchedule family, torch.optim.lr_scheduler's equivalents):
// Default, Step, MultiStep, EpochStep, EpochDecay, EpochSchedule, Poly, Exponential, NaturalExp, Plateau,
// Warmup, SequentialSchedule, EpochDecayWithWarmUp, CosineAnnealing and OneCycle. Every OptimMethod owns one
// (Default unless set), so every update rule gets every schedule without code of its own.
//
// A schedule is an immutable description: the learning rate of an update is a function of the method's
// learningRate (and learningRateDecay), the updates applied so far (BigDL's evalCounter), the 1-based epoch
// and the schedule's state in OptimState::schedule, which only Plateau writes (its best value and counters).
// Since the state lives in the optim method's state, checkpoints keep it and sharded training gathers it like
// the momentum buffers; one schedule object may serve several methods.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/attributes.h"
#include "ringdl/nn/options.h"
#include "ringdl/optim/training_state.h"

namespace ringdl {

/// What a schedule computes a learning rate from.
struct ScheduleContext {
  double learningRate = 0;       ///< the method's learningRate option (a stage's start rate in a sequence)
  double learningRateDecay = 0;  ///< the method's learningRateDecay option (Default's decay)
  int64_t iteration = 0;         ///< updates applied so far (BigDL's evalCounter)
  int64_t epoch = 1;             ///< the epoch in progress, 1-based, as the training engine last reported it
};

/// A schedule's state: named numbers (Plateau's "best", "wait", ...), kept in OptimState::schedule.
using ScheduleState = std::map<std::string, double>;

class LearningRateSchedule {
 public:
  explicit LearningRateSchedule(std::string typeName) : typeName_(std::move(typeName)) {}
  virtual ~LearningRateSchedule() = default;

  /// The learning rate of the update c.iteration; reads the state, never changes it.
  virtual double rate(const ScheduleContext& c, const ScheduleState& state) const = 0;
  /// Called by the training engine once before every update with where training stands (the epoch, the
  /// last loss, validation results); schedules that follow a history (Plateau) update their state here.
  virtual void observe(const ScheduleContext& /*c*/, const TrainingState& /*training*/,
                       ScheduleState& /*state*/) const {}
  /// Options, enough to rebuild the schedule with createLearningRateSchedule() (optim/registry.h).
  virtual Attributes config() const = 0;
  const std::string& typeName() const { return typeName_; }

  /// Where this schedule keeps its state keys (a SequentialSchedule gives each stage its own prefix).
  void setStatePrefix(std::string prefix) { statePrefix_ = std::move(prefix); }

 protected:
  std::string key(const char* name) const { return statePrefix_ + name; }

 private:
  std::string typeName_;
  std::string statePrefix_;
};

using LearningRateSchedulePtr = std::shared_ptr<const LearningRateSchedule>;

/// The family base: a schedule whose options struct (with fields()) is its whole config.
template <typename O>
class OptionsSchedule : public LearningRateSchedule {
 public:
  OptionsSchedule(const char* typeName, const O& options)
      : LearningRateSchedule(typeName), options_(options) {}
  Attributes config() const override { return attributesOf(options_); }
  const O& options() const { return options_; }

 protected:
  O options_;
};

// The schedules, in their own namespace as BigDL's live inside object SGD (SGD.Step): ringdl::schedule::Step.
namespace schedule {

struct NoScheduleOptions {
  template <typename V>
  void fields(V&) {}
};

/// BigDL's Default: learningRate / (1 + iteration * learningRateDecay), the decay being the method's option.
class Default : public OptionsSchedule<NoScheduleOptions> {
 public:
  Default() : OptionsSchedule("Default", {}) {}
  explicit Default(const Attributes& a) : Default() { optionsFrom<NoScheduleOptions>(a, "Default"); }
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's Step: lr * gamma^floor(iteration / stepSize) (torch's StepLR stepped every iteration).
struct StepOptions {
  int64_t stepSize = 1;
  double gamma = 0.1;
  template <typename V>
  void fields(V& v) {
    v("stepSize", stepSize, kRequired);
    v("gamma", gamma);
  }
};
class Step : public OptionsSchedule<StepOptions> {
 public:
  explicit Step(const StepOptions& o);
  explicit Step(const Attributes& a) : Step(optionsFrom<StepOptions>(a, "Step")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's MultiStep: lr * gamma^(number of stepSizes <= iteration), stepSizes increasing (torch's
/// MultiStepLR with milestones = stepSizes).
struct MultiStepOptions {
  std::vector<int64_t> stepSizes;
  double gamma = 0.1;
  template <typename V>
  void fields(V& v) {
    v("stepSizes", stepSizes, kRequired);
    v("gamma", gamma);
  }
};
class MultiStep : public OptionsSchedule<MultiStepOptions> {
 public:
  explicit MultiStep(const MultiStepOptions& o);
  explicit MultiStep(const Attributes& a) : MultiStep(optionsFrom<MultiStepOptions>(a, "MultiStep")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's EpochStep: lr * gamma^floor(epoch / stepSize), epochs counted from 1 as BigDL does (so the first
/// decay comes at the start of epoch stepSize).
struct EpochStepOptions {
  int64_t stepSize = 1;
  double gamma = 0.1;
  template <typename V>
  void fields(V& v) {
    v("stepSize", stepSize, kRequired);
    v("gamma", gamma);
  }
};
class EpochStep : public OptionsSchedule<EpochStepOptions> {
 public:
  explicit EpochStep(const EpochStepOptions& o);
  explicit EpochStep(const Attributes& a) : EpochStep(optionsFrom<EpochStepOptions>(a, "EpochStep")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's EpochDecay(decayType): lr * 0.1^decayType(epoch). BigDL takes a function; here it is the step
/// function that BigDL's examples write: decayType(epoch) = the number of decayEpochs <= epoch (decayEpochs
/// [10, 20]: lr for epochs 1-9, lr/10 for 10-19, lr/100 from 20).
struct EpochDecayOptions {
  std::vector<int64_t> decayEpochs;
  template <typename V>
  void fields(V& v) {
    v("decayEpochs", decayEpochs, kRequired);
  }
};
class EpochDecay : public OptionsSchedule<EpochDecayOptions> {
 public:
  explicit EpochDecay(const EpochDecayOptions& o);
  explicit EpochDecay(const Attributes& a) : EpochDecay(optionsFrom<EpochDecayOptions>(a, "EpochDecay")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's EpochSchedule(regimes): regime i sets the learning rate learningRates[i] for the epochs
/// startEpochs[i]..endEpochs[i] (inclusive); as in BigDL a regime's rate stays after its last epoch until
/// another regime starts, and before the first regime the method's learningRate applies. (BigDL's regimes
/// may also set weightDecay; here they set the learning rate only.)
struct EpochScheduleOptions {
  std::vector<int64_t> startEpochs;
  std::vector<int64_t> endEpochs;
  std::vector<double> learningRates;
  template <typename V>
  void fields(V& v) {
    v("startEpochs", startEpochs, kRequired);
    v("endEpochs", endEpochs, kRequired);
    v("learningRates", learningRates, kRequired);
  }
};
class EpochSchedule : public OptionsSchedule<EpochScheduleOptions> {
 public:
  explicit EpochSchedule(const EpochScheduleOptions& o);
  explicit EpochSchedule(const Attributes& a)
      : EpochSchedule(optionsFrom<EpochScheduleOptions>(a, "EpochSchedule")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's Poly: lr * (1 - iteration / maxIteration)^power, 0 after maxIteration (torch's PolynomialLR with
/// total_iters = maxIteration). As in BigDL it counts the iterations of the whole run, also as a later stage
/// of a SequentialSchedule.
struct PolyOptions {
  double power = 1;
  int64_t maxIteration = 1;
  template <typename V>
  void fields(V& v) {
    v("power", power, kRequired);
    v("maxIteration", maxIteration, kRequired);
  }
};
class Poly : public OptionsSchedule<PolyOptions> {
 public:
  explicit Poly(const PolyOptions& o);
  explicit Poly(const Attributes& a) : Poly(optionsFrom<PolyOptions>(a, "Poly")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's Exponential: lr * decayRate^(iteration / decayStep), the exponent floored with stairCase
/// (torch's ExponentialLR is decayStep 1).
struct ExponentialOptions {
  int64_t decayStep = 1;
  double decayRate = 0.96;
  bool stairCase = false;
  template <typename V>
  void fields(V& v) {
    v("decayStep", decayStep, kRequired);
    v("decayRate", decayRate, kRequired);
    v("stairCase", stairCase);
  }
};
class Exponential : public OptionsSchedule<ExponentialOptions> {
 public:
  explicit Exponential(const ExponentialOptions& o);
  explicit Exponential(const Attributes& a)
      : Exponential(optionsFrom<ExponentialOptions>(a, "Exponential")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's NaturalExp (TensorFlow's natural_exp_decay, staircase): lr * exp(-gamma * floor(iteration /
/// decayStep)).
struct NaturalExpOptions {
  int64_t decayStep = 1;
  double gamma = 0.96;
  template <typename V>
  void fields(V& v) {
    v("decayStep", decayStep, kRequired);
    v("gamma", gamma, kRequired);
  }
};
class NaturalExp : public OptionsSchedule<NaturalExpOptions> {
 public:
  explicit NaturalExp(const NaturalExpOptions& o);
  explicit NaturalExp(const Attributes& a) : NaturalExp(optionsFrom<NaturalExpOptions>(a, "NaturalExp")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's Plateau (Keras' ReduceLROnPlateau): at the first update of every epoch after the first, looks at
/// the monitored value: "score" (the first validation method's last result), "loss" (the last training
/// loss) or a validation method's name ("Loss", "Top1Accuracy"). An improvement (below best - epsilon in mode
/// min, above best + epsilon in mode max) becomes the best; after more than patience epochs without one the
/// rate is multiplied by factor (not below minLr) and cooldown epochs are waited before counting again.
/// BigDL's order of these steps is kept (torch's ReduceLROnPlateau counts patience one epoch apart).
struct PlateauOptions {
  std::string monitor = "score";
  double factor = 0.1;
  int64_t patience = 10;
  std::string mode = "min";
  double epsilon = 1e-4;
  int64_t cooldown = 0;
  double minLr = 0;
  template <typename V>
  void fields(V& v) {
    v("monitor", monitor);
    v("factor", factor);
    v("patience", patience);
    v("mode", mode);
    v("epsilon", epsilon);
    v("cooldown", cooldown);
    v("minLr", minLr);
  }
};
class Plateau : public OptionsSchedule<PlateauOptions> {
 public:
  explicit Plateau(const PlateauOptions& o);
  explicit Plateau(const Attributes& a) : Plateau(optionsFrom<PlateauOptions>(a, "Plateau")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
  void observe(const ScheduleContext& c, const TrainingState& training, ScheduleState& state) const override;
};

/// BigDL's Warmup: lr + delta * iteration (usually the first stage of a SequentialSchedule).
struct WarmupOptions {
  double delta = 0;
  template <typename V>
  void fields(V& v) {
    v("delta", delta, kRequired);
  }
};
class Warmup : public OptionsSchedule<WarmupOptions> {
 public:
  explicit Warmup(const WarmupOptions& o);
  explicit Warmup(const Attributes& a) : Warmup(optionsFrom<WarmupOptions>(a, "Warmup")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's EpochDecayWithWarmUp: lr + warmUpDelta * iteration for the first warmUpIteration updates, then
/// (lr + warmUpDelta * warmUpIteration) * 0.1^decayType(epoch), decayType as EpochDecay's decayEpochs.
struct EpochDecayWithWarmUpOptions {
  int64_t warmUpIteration = 0;
  double warmUpDelta = 0;
  std::vector<int64_t> decayEpochs;
  template <typename V>
  void fields(V& v) {
    v("warmUpIteration", warmUpIteration, kRequired);
    v("warmUpDelta", warmUpDelta, kRequired);
    v("decayEpochs", decayEpochs);
  }
};
class EpochDecayWithWarmUp : public OptionsSchedule<EpochDecayWithWarmUpOptions> {
 public:
  explicit EpochDecayWithWarmUp(const EpochDecayWithWarmUpOptions& o);
  explicit EpochDecayWithWarmUp(const Attributes& a)
      : EpochDecayWithWarmUp(optionsFrom<EpochDecayWithWarmUpOptions>(a, "EpochDecayWithWarmUp")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// Cosine annealing with warm restarts (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts stepped every
/// iteration): etaMin + (lr - etaMin) (1 + cos(pi t / T)) / 2, t counting the iterations since the last
/// restart, the first period t0 iterations long and each next one tMult times longer. Without restarts
/// (torch's CosineAnnealingLR over n iterations, to its minimum) is t0 = n with a run of n iterations.
struct CosineAnnealingOptions {
  int64_t t0 = 1;
  int64_t tMult = 1;
  double etaMin = 0;
  template <typename V>
  void fields(V& v) {
    v("t0", t0, kRequired);
    v("tMult", tMult);
    v("etaMin", etaMin);
  }
};
class CosineAnnealing : public OptionsSchedule<CosineAnnealingOptions> {
 public:
  explicit CosineAnnealing(const CosineAnnealingOptions& o);
  explicit CosineAnnealing(const Attributes& a)
      : CosineAnnealing(optionsFrom<CosineAnnealingOptions>(a, "CosineAnnealing")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// The one-cycle policy (torch.optim.lr_scheduler.OneCycleLR, learning rate only; momentum is not cycled):
/// from maxLr / divFactor up to maxLr over the first pctStart of totalIterations, then down to
/// maxLr / divFactor / finalDivFactor ("cos" or "linear" annealing); threePhase goes back to the initial rate
/// first, as torch's three_phase. maxLr 0 takes the method's learningRate. After totalIterations the rate
/// stays at its minimum (torch raises an error instead).
struct OneCycleOptions {
  double maxLr = 0;
  int64_t totalIterations = 1;
  double pctStart = 0.3;
  std::string annealStrategy = "cos";
  double divFactor = 25;
  double finalDivFactor = 1e4;
  bool threePhase = false;
  template <typename V>
  void fields(V& v) {
    v("maxLr", maxLr);
    v("totalIterations", totalIterations, kRequired);
    v("pctStart", pctStart);
    v("annealStrategy", annealStrategy);
    v("divFactor", divFactor);
    v("finalDivFactor", finalDivFactor);
    v("threePhase", threePhase);
  }
};
class OneCycle : public OptionsSchedule<OneCycleOptions> {
 public:
  explicit OneCycle(const OneCycleOptions& o);
  explicit OneCycle(const Attributes& a) : OneCycle(optionsFrom<OneCycleOptions>(a, "OneCycle")) {}
  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
};

/// BigDL's SequentialSchedule(iterationPerEpoch).add(schedule, maxIteration)...: the stages one after the
/// other, with BigDL's bookkeeping: the first stage serves iterations 0..m0 (inclusive), each next stage the
/// following m_k; a stage counts iterations from its start (Poly excepted, see there) and epochs from its
/// start epoch (its first iteration / iterationPerEpoch), and starts from the rate the previous stage ended
/// at. The last stage goes on after its maxIteration. Its config lists the stages' types and iterations and
/// each stage's options under "<stage>.<option>".
class SequentialSchedule : public LearningRateSchedule {
 public:
  explicit SequentialSchedule(int64_t iterationPerEpoch);
  explicit SequentialSchedule(const Attributes& a);
  /// Appends a stage that runs for maxIteration iterations.
  SequentialSchedule& add(std::shared_ptr<LearningRateSchedule> schedule, int64_t maxIteration);

  double rate(const ScheduleContext& c, const ScheduleState& state) const override;
  void observe(const ScheduleContext& c, const TrainingState& training, ScheduleState& state) const override;
  Attributes config() const override;
  int64_t iterationPerEpoch() const { return iterationPerEpoch_; }

 private:
  /// The stage serving c.iteration, and the context it sees.
  std::pair<size_t, ScheduleContext> stageOf(const ScheduleContext& c, const ScheduleState& state) const;

  int64_t iterationPerEpoch_;
  std::vector<std::shared_ptr<LearningRateSchedule>> stages_;
  std::vector<int64_t> maxIterations_;
};

}  // namespace schedule
}  // namespace ringdl
