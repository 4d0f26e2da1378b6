// The learning-rate schedules: BigDL's formulas, torch's for cosine annealing and one-cycle.
#include "ringdl/optim/learning_rate_schedule.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ringdl/optim/registry.h"
#include "ringdl/util/error.h"

namespace ringdl::schedule {

namespace {
constexpr double kPi = 3.14159265358979323846;

double valueOr(const ScheduleState& state, const std::string& key, double fallback) {
  auto it = state.find(key);
  return it == state.end() ? fallback : it->second;
}

// How many of the increasing values are <= x.
int64_t countUpTo(const std::vector<int64_t>& values, int64_t x) {
  return std::upper_bound(values.begin(), values.end(), x) - values.begin();
}

void checkIncreasing(const std::vector<int64_t>& values, const char* schedule, const char* option) {
  RINGDL_CHECK(!values.empty(), schedule, ": ", option, " must list at least one value");
  for (size_t i = 1; i < values.size(); ++i)
    RINGDL_CHECK(values[i] > values[i - 1], schedule, ": ", option, " must increase, but entry ", i, " (",
                 values[i], ") follows ", values[i - 1]);
}
}  // namespace

double Default::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate / (1.0 + static_cast<double>(c.iteration) * c.learningRateDecay);
}

Step::Step(const StepOptions& o) : OptionsSchedule("Step", o) {
  RINGDL_CHECK(o.stepSize >= 1, "Step schedule: stepSize must be >= 1 iteration, got ", o.stepSize);
  RINGDL_CHECK(o.gamma > 0, "Step schedule: gamma must be > 0, got ", o.gamma);
}
double Step::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate * std::pow(options_.gamma, static_cast<double>(c.iteration / options_.stepSize));
}

MultiStep::MultiStep(const MultiStepOptions& o) : OptionsSchedule("MultiStep", o) {
  checkIncreasing(o.stepSizes, "MultiStep schedule", "stepSizes");
  RINGDL_CHECK(o.gamma > 0, "MultiStep schedule: gamma must be > 0, got ", o.gamma);
}
double MultiStep::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate *
         std::pow(options_.gamma, static_cast<double>(countUpTo(options_.stepSizes, c.iteration)));
}

EpochStep::EpochStep(const EpochStepOptions& o) : OptionsSchedule("EpochStep", o) {
  RINGDL_CHECK(o.stepSize >= 1, "EpochStep schedule: stepSize must be >= 1 epoch, got ", o.stepSize);
  RINGDL_CHECK(o.gamma > 0, "EpochStep schedule: gamma must be > 0, got ", o.gamma);
}
double EpochStep::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate * std::pow(options_.gamma, static_cast<double>(c.epoch / options_.stepSize));
}

EpochDecay::EpochDecay(const EpochDecayOptions& o) : OptionsSchedule("EpochDecay", o) {
  checkIncreasing(o.decayEpochs, "EpochDecay schedule", "decayEpochs");
}
double EpochDecay::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate * std::pow(0.1, static_cast<double>(countUpTo(options_.decayEpochs, c.epoch)));
}

EpochSchedule::EpochSchedule(const EpochScheduleOptions& o) : OptionsSchedule("EpochSchedule", o) {
  RINGDL_CHECK(!o.startEpochs.empty() && o.startEpochs.size() == o.endEpochs.size() &&
                   o.startEpochs.size() == o.learningRates.size(),
               "EpochSchedule: startEpochs, endEpochs and learningRates give one regime each entry and must "
               "have the same, non-zero length; got ",
               o.startEpochs.size(), ", ", o.endEpochs.size(), " and ", o.learningRates.size());
  for (size_t i = 0; i < o.startEpochs.size(); ++i) {
    RINGDL_CHECK(o.startEpochs[i] >= 1 && o.endEpochs[i] >= o.startEpochs[i], "EpochSchedule: regime ", i,
                 " covers epochs ", o.startEpochs[i], " to ", o.endEpochs[i],
                 "; epochs count from 1 and a regime ends at or after its start");
    RINGDL_CHECK(o.learningRates[i] >= 0, "EpochSchedule: regime ", i, "'s learning rate must be >= 0, got ",
                 o.learningRates[i]);
  }
}
double EpochSchedule::rate(const ScheduleContext& c, const ScheduleState&) const {
  // BigDL sets the learning rate of every regime containing the epoch, in order, and keeps it afterwards: the
  // rate of an epoch is that of the last regime containing the latest epoch covered so far.
  for (int64_t e = c.epoch; e >= 1; --e) {
    for (size_t i = options_.startEpochs.size(); i-- > 0;)
      if (options_.startEpochs[i] <= e && e <= options_.endEpochs[i]) return options_.learningRates[i];
    if (e < *std::min_element(options_.startEpochs.begin(), options_.startEpochs.end())) break;
  }
  return c.learningRate;
}

Poly::Poly(const PolyOptions& o) : OptionsSchedule("Poly", o) {
  RINGDL_CHECK(o.maxIteration >= 1, "Poly schedule: maxIteration must be >= 1, got ", o.maxIteration);
  RINGDL_CHECK(o.power >= 0, "Poly schedule: power must be >= 0, got ", o.power);
}
double Poly::rate(const ScheduleContext& c, const ScheduleState&) const {
  if (c.iteration > options_.maxIteration) return 0.0;
  return c.learningRate *
         std::pow(1.0 - static_cast<double>(c.iteration) / static_cast<double>(options_.maxIteration),
                  options_.power);
}

Exponential::Exponential(const ExponentialOptions& o) : OptionsSchedule("Exponential", o) {
  RINGDL_CHECK(o.decayStep >= 1, "Exponential schedule: decayStep must be >= 1, got ", o.decayStep);
  RINGDL_CHECK(o.decayRate > 0, "Exponential schedule: decayRate must be > 0, got ", o.decayRate);
}
double Exponential::rate(const ScheduleContext& c, const ScheduleState&) const {
  double p = static_cast<double>(c.iteration) / static_cast<double>(options_.decayStep);
  if (options_.stairCase) p = std::floor(p);
  return c.learningRate * std::pow(options_.decayRate, p);
}

NaturalExp::NaturalExp(const NaturalExpOptions& o) : OptionsSchedule("NaturalExp", o) {
  RINGDL_CHECK(o.decayStep >= 1, "NaturalExp schedule: decayStep must be >= 1, got ", o.decayStep);
}
double NaturalExp::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate * std::exp(-options_.gamma * static_cast<double>(c.iteration / options_.decayStep));
}

Plateau::Plateau(const PlateauOptions& o) : OptionsSchedule("Plateau", o) {
  RINGDL_CHECK(o.factor > 0 && o.factor < 1, "Plateau schedule: factor must be in (0, 1), got ", o.factor);
  RINGDL_CHECK(o.mode == "min" || o.mode == "max", "Plateau schedule: mode must be min or max, got '", o.mode,
               "'");
  RINGDL_CHECK(o.patience >= 0 && o.cooldown >= 0,
               "Plateau schedule: patience and cooldown must be >= 0, got ", o.patience, " and ", o.cooldown);
  RINGDL_CHECK(o.epsilon >= 0 && o.minLr >= 0, "Plateau schedule: epsilon and minLr must be >= 0, got ",
               o.epsilon, " and ", o.minLr);
  RINGDL_CHECK(!o.monitor.empty(), "Plateau schedule: monitor must be score, loss or a validation method");
}
double Plateau::rate(const ScheduleContext& c, const ScheduleState& state) const {
  return valueOr(state, key("rate"), c.learningRate);
}
void Plateau::observe(const ScheduleContext& c, const TrainingState& training, ScheduleState& state) const {
  const std::string epochKey = key("observedEpoch");
  if (c.epoch == 1) state.erase(key("rate"));  // BigDL restarts from the method's rate in epoch 1
  if (static_cast<double>(c.epoch) == valueOr(state, epochKey, 1)) return;
  state[epochKey] = static_cast<double>(c.epoch);
  double current = std::numeric_limits<double>::quiet_NaN();
  if (options_.monitor == "score") {
    current = training.score;
  } else if (options_.monitor == "loss") {
    current = training.loss;
  } else if (auto it = training.lastValidation.find(options_.monitor); it != training.lastValidation.end()) {
    current = it->second;
  }
  RINGDL_CHECK(!std::isnan(current), "Plateau schedule monitors '", options_.monitor, "', which epoch ",
               c.epoch - 1,
               " did not give: monitor 'score' or a validation method's name (Loss, Top1Accuracy) needs "
               "validation every epoch (validate_every: epoch); 'loss' is the training loss");
  const bool minMode = options_.mode == "min";
  const double inf = std::numeric_limits<double>::infinity();
  double best = valueOr(state, key("best"), minMode ? inf : -inf);
  double cooldown = valueOr(state, key("cooldown"), 0), wait = valueOr(state, key("wait"), 0);
  double lr = rate(c, state);
  if (cooldown > 0) {
    cooldown -= 1;
    wait = 0;
  }
  const bool better = minMode ? current < best - options_.epsilon : current > best + options_.epsilon;
  if (better) {
    best = current;
    wait = 0;
  } else if (cooldown <= 0) {
    if (wait >= static_cast<double>(options_.patience) && lr > options_.minLr + options_.minLr * 1e-4) {
      lr = std::max(lr * options_.factor, options_.minLr);
      state[key("rate")] = lr;
      cooldown = static_cast<double>(options_.cooldown);
      wait = 0;
    }
    wait += 1;
  }
  state[key("best")] = best;
  state[key("cooldown")] = cooldown;
  state[key("wait")] = wait;
}

Warmup::Warmup(const WarmupOptions& o) : OptionsSchedule("Warmup", o) {}
double Warmup::rate(const ScheduleContext& c, const ScheduleState&) const {
  return c.learningRate + options_.delta * static_cast<double>(c.iteration);
}

EpochDecayWithWarmUp::EpochDecayWithWarmUp(const EpochDecayWithWarmUpOptions& o)
    : OptionsSchedule("EpochDecayWithWarmUp", o) {
  RINGDL_CHECK(o.warmUpIteration >= 0, "EpochDecayWithWarmUp schedule: warmUpIteration must be >= 0, got ",
               o.warmUpIteration);
  if (!o.decayEpochs.empty()) checkIncreasing(o.decayEpochs, "EpochDecayWithWarmUp schedule", "decayEpochs");
}
double EpochDecayWithWarmUp::rate(const ScheduleContext& c, const ScheduleState&) const {
  if (c.iteration < options_.warmUpIteration)
    return c.learningRate + options_.warmUpDelta * static_cast<double>(c.iteration);
  const double maxLr = c.learningRate + options_.warmUpDelta * static_cast<double>(options_.warmUpIteration);
  return maxLr * std::pow(0.1, static_cast<double>(countUpTo(options_.decayEpochs, c.epoch)));
}

CosineAnnealing::CosineAnnealing(const CosineAnnealingOptions& o) : OptionsSchedule("CosineAnnealing", o) {
  RINGDL_CHECK(o.t0 >= 1, "CosineAnnealing schedule: t0 must be >= 1 iteration, got ", o.t0);
  RINGDL_CHECK(o.tMult >= 1, "CosineAnnealing schedule: tMult must be >= 1, got ", o.tMult);
}
double CosineAnnealing::rate(const ScheduleContext& c, const ScheduleState&) const {
  int64_t t = c.iteration, period = options_.t0;
  if (options_.tMult == 1) {
    t %= period;
  } else {
    while (t >= period) {  // at most log(iteration) periods
      t -= period;
      period *= options_.tMult;
    }
  }
  return options_.etaMin + (c.learningRate - options_.etaMin) *
                               (1 + std::cos(kPi * static_cast<double>(t) / static_cast<double>(period))) / 2;
}

OneCycle::OneCycle(const OneCycleOptions& o) : OptionsSchedule("OneCycle", o) {
  RINGDL_CHECK(o.totalIterations >= 2, "OneCycle schedule: totalIterations must be >= 2, got ",
               o.totalIterations);
  RINGDL_CHECK(o.pctStart > 0 && o.pctStart < 1, "OneCycle schedule: pctStart must be in (0, 1), got ",
               o.pctStart);
  RINGDL_CHECK(o.annealStrategy == "cos" || o.annealStrategy == "linear",
               "OneCycle schedule: annealStrategy must be cos or linear, got '", o.annealStrategy, "'");
  RINGDL_CHECK(o.divFactor > 0 && o.finalDivFactor > 0 && o.maxLr >= 0,
               "OneCycle schedule: divFactor and finalDivFactor must be > 0 and maxLr >= 0");
}
double OneCycle::rate(const ScheduleContext& c, const ScheduleState&) const {
  const OneCycleOptions& o = options_;
  const double maxLr = o.maxLr > 0 ? o.maxLr : c.learningRate;
  const double initial = maxLr / o.divFactor, minimum = initial / o.finalDivFactor;
  const double total = static_cast<double>(o.totalIterations);
  struct Phase {
    double end, from, to;
  };
  std::vector<Phase> phases;
  if (o.threePhase) {
    phases = {{o.pctStart * total - 1, initial, maxLr},
              {2 * o.pctStart * total - 2, maxLr, initial},
              {total - 1, initial, minimum}};
  } else {
    phases = {{o.pctStart * total - 1, initial, maxLr}, {total - 1, maxLr, minimum}};
  }
  const double step = std::min(static_cast<double>(c.iteration), total - 1);
  double start = 0;
  for (size_t i = 0; i < phases.size(); ++i) {
    const Phase& p = phases[i];
    if (step <= p.end || i + 1 == phases.size()) {
      const double pct = (step - start) / (p.end - start);
      if (o.annealStrategy == "cos") return p.to + (p.from - p.to) / 2 * (std::cos(kPi * pct) + 1);
      return (p.to - p.from) * pct + p.from;
    }
    start = p.end;
  }
  return minimum;
}

SequentialSchedule::SequentialSchedule(int64_t iterationPerEpoch)
    : LearningRateSchedule("SequentialSchedule"), iterationPerEpoch_(iterationPerEpoch) {
  RINGDL_CHECK(iterationPerEpoch_ >= 1, "SequentialSchedule: iterationPerEpoch must be >= 1, got ",
               iterationPerEpoch_);
}

SequentialSchedule::SequentialSchedule(const Attributes& a)
    : SequentialSchedule(a.has("iterationPerEpoch") ? a.get<int64_t>("iterationPerEpoch") : 1) {
  RINGDL_CHECK(a.has("stages") && a.has("maxIterations"),
               "SequentialSchedule: its config needs 'stages' (the schedule types) and 'maxIterations'");
  const auto& types = a.get<std::vector<std::string>>("stages");
  const auto& iterations = a.get<std::vector<int64_t>>("maxIterations");
  RINGDL_CHECK(types.size() == iterations.size(), "SequentialSchedule: ", types.size(), " stages but ",
               iterations.size(), " maxIterations");
  std::vector<Attributes> configs(types.size());
  for (const auto& [k, v] : a.values()) {
    if (k == "stages" || k == "maxIterations" || k == "iterationPerEpoch") continue;
    const size_t dot = k.find('.');
    size_t stage = types.size();
    if (dot != std::string::npos && dot > 0 && k.find_first_not_of("0123456789") == dot)
      stage = static_cast<size_t>(std::stoul(k.substr(0, dot)));
    RINGDL_CHECK(
        stage < types.size(), "SequentialSchedule has no option '", k,
        "' (its options: stages, maxIterations, iterationPerEpoch and <stage>.<option> for stages 0 to ",
        types.size() - 1, ")");
    configs[stage].set(k.substr(dot + 1), v);
  }
  for (size_t i = 0; i < types.size(); ++i) {
    RINGDL_CHECK(types[i] != "SequentialSchedule", "SequentialSchedule: stage ", i,
                 " is a SequentialSchedule; list its stages in this one instead");
    LearningRateSchedulePtr built = createLearningRateSchedule(types[i], configs[i]);
    add(std::const_pointer_cast<LearningRateSchedule>(built), iterations[i]);
  }
}

SequentialSchedule& SequentialSchedule::add(std::shared_ptr<LearningRateSchedule> s, int64_t maxIteration) {
  RINGDL_CHECK(s != nullptr, "SequentialSchedule::add was given no schedule");
  RINGDL_CHECK(maxIteration >= 1, "SequentialSchedule: stage ", stages_.size(), " (", s->typeName(),
               ") must run for >= 1 iteration, got ", maxIteration);
  s->setStatePrefix(std::to_string(stages_.size()) + ".");
  stages_.push_back(std::move(s));
  maxIterations_.push_back(maxIteration);
  return *this;
}

std::pair<size_t, ScheduleContext> SequentialSchedule::stageOf(const ScheduleContext& c,
                                                               const ScheduleState& state) const {
  RINGDL_CHECK(!stages_.empty(), "SequentialSchedule has no stages; add() them before training");
  ScheduleContext local = c;
  int64_t exclude = 0;
  for (size_t k = 0;; ++k) {
    const int64_t end = exclude + maxIterations_[k];
    local.iteration = stages_[k]->typeName() == "Poly" ? c.iteration : c.iteration - exclude;
    local.epoch = c.epoch - exclude / iterationPerEpoch_;
    if (c.iteration <= end || k + 1 == stages_.size()) return {k, local};
    // The next stage starts from the rate this one ends at (its last iteration, `end`).
    ScheduleContext last = local;
    last.iteration = stages_[k]->typeName() == "Poly" ? end : end - exclude;
    local.learningRate = stages_[k]->rate(last, state);
    exclude = end;
  }
}

double SequentialSchedule::rate(const ScheduleContext& c, const ScheduleState& state) const {
  const auto [k, local] = stageOf(c, state);
  return stages_[k]->rate(local, state);
}

void SequentialSchedule::observe(const ScheduleContext& c, const TrainingState& training,
                                 ScheduleState& state) const {
  const auto [k, local] = stageOf(c, state);
  stages_[k]->observe(local, training, state);
}

Attributes SequentialSchedule::config() const {
  Attributes a;
  a.set("iterationPerEpoch", iterationPerEpoch_);
  std::vector<std::string> types;
  for (size_t i = 0; i < stages_.size(); ++i) {
    types.push_back(stages_[i]->typeName());
    const Attributes stage = stages_[i]->config();
    for (const auto& [k, v] : stage.values()) a.set(std::to_string(i) + "." + k, v);
  }
  a.set("stages", AttrValue(types));
  a.set("maxIterations", AttrValue(maxIterations_));
  return a;
}

}  // namespace ringdl::schedule
