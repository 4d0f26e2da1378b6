// Learning-rate schedules: torch.optim.lr_scheduler sequences where PyTorch has the schedule, BigDL's
// formulas written out otherwise, any optim method under a schedule, config round trips and errors.
#include "ringdl/optim/learning_rate_schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ringdl/optim/adam.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "support/fixture.h"

namespace ringdl {
namespace {

using namespace schedule;

// The rates of updates 0..n-1 of a method at epoch `epoch`, as the engine sees them (one update each).
std::vector<double> rates(LearningRateSchedulePtr s, double lr, int64_t n, double decay = 0) {
  SGD<double> sgd(SGDOptions().lr(lr).lrDecay(decay));
  sgd.setLearningRateSchedule(std::move(s));
  auto w = Tensor<double>::fromVector({1}, {0.0});
  auto g = Tensor<double>::fromVector({1}, {0.0});
  std::vector<double> out;
  for (int64_t i = 0; i < n; ++i) {
    out.push_back(sgd.currentLearningRate());
    sgd.update(w, g);
  }
  return out;
}

void expectSequence(const std::string& fixture, LearningRateSchedulePtr s, double lr) {
  const test::Fixture f("optim/schedule_" + fixture + ".txt");
  const std::vector<double> want = f.get("lr").toVector();
  const std::vector<double> got = rates(std::move(s), lr, static_cast<int64_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(got[i], want[i], 1e-12 * std::max(1.0, std::abs(want[i])))
        << fixture << ": learning rate of update " << i;
}

TEST(LearningRateSchedule, MatchesTorchSchedulers) {
  expectSequence("step", std::make_shared<Step>(StepOptions{7, 0.5}), 0.1);
  expectSequence("multistep", std::make_shared<MultiStep>(MultiStepOptions{{5, 12, 30}, 0.3}), 0.1);
  expectSequence("exponential", std::make_shared<Exponential>(ExponentialOptions{1, 0.95, false}), 0.2);
  expectSequence("poly", std::make_shared<Poly>(PolyOptions{2.0, 50}), 0.1);
  expectSequence("cosine", std::make_shared<CosineAnnealing>(CosineAnnealingOptions{10, 1, 0.001}), 0.1);
  expectSequence("cosine_mult", std::make_shared<CosineAnnealing>(CosineAnnealingOptions{4, 2, 0.0}), 0.1);
  OneCycleOptions one;
  one.maxLr = 0.5;
  one.totalIterations = 60;
  expectSequence("one_cycle", std::make_shared<OneCycle>(one), 0.1);
  OneCycleOptions linear = one;
  linear.pctStart = 0.25;
  linear.annealStrategy = "linear";
  linear.divFactor = 10;
  linear.finalDivFactor = 100;
  expectSequence("one_cycle_linear", std::make_shared<OneCycle>(linear), 0.1);
  OneCycleOptions three = one;
  three.threePhase = true;
  expectSequence("one_cycle_three", std::make_shared<OneCycle>(three), 0.1);
}

// A schedule's rate at (iteration, epoch), outside an engine.
double rateAt(const LearningRateSchedule& s, double lr, int64_t iteration, int64_t epoch,
              const ScheduleState& state = {}) {
  ScheduleContext c;
  c.learningRate = lr;
  c.iteration = iteration;
  c.epoch = epoch;
  return s.rate(c, state);
}

TEST(LearningRateSchedule, BigDLFormulas) {
  // Default: lr / (1 + n * decay), the method's learningRateDecay.
  const auto d = rates(nullptr, 0.1, 4, 0.5);
  for (int n = 0; n < 4; ++n) EXPECT_DOUBLE_EQ(d[n], 0.1 / (1 + n * 0.5));
  // EpochStep: lr * gamma^(epoch / stepSize), 1-based epochs.
  EpochStep epochStep({3, 0.5});
  for (int64_t e = 1; e <= 9; ++e) EXPECT_DOUBLE_EQ(rateAt(epochStep, 0.2, 0, e), 0.2 * std::pow(0.5, e / 3));
  // EpochDecay: lr * 0.1^decay(epoch), decay counting the decayEpochs reached.
  EpochDecay epochDecay({{3, 5}});
  const double wantDecay[] = {1, 1, 0.1, 0.1, 0.01, 0.01};
  for (int64_t e = 1; e <= 6; ++e) EXPECT_NEAR(rateAt(epochDecay, 1.0, 0, e), wantDecay[e - 1], 1e-15);
  // EpochSchedule: regimes set the rate (the later one where two overlap), which stays after a regime until
  // the next one; before the first, the method's rate.
  EpochSchedule regimes({{2, 3, 6}, {3, 4, 6}, {0.05, 0.02, 0.01}});
  const double wantRegime[] = {0.1, 0.05, 0.02, 0.02, 0.02, 0.01, 0.01};
  for (int64_t e = 1; e <= 7; ++e) EXPECT_DOUBLE_EQ(rateAt(regimes, 0.1, 0, e), wantRegime[e - 1]) << e;
  // NaturalExp: lr * exp(-gamma * floor(n / decayStep)).
  NaturalExp natural({4, 0.3});
  for (int64_t n = 0; n < 12; ++n)
    EXPECT_DOUBLE_EQ(rateAt(natural, 0.1, n, 1), 0.1 * std::exp(-0.3 * (n / 4)));
  // Exponential with stairCase: the exponent floored.
  Exponential stairs({3, 0.5, true});
  for (int64_t n = 0; n < 9; ++n) EXPECT_DOUBLE_EQ(rateAt(stairs, 0.1, n, 1), 0.1 * std::pow(0.5, n / 3));
  // Poly is 0 after maxIteration.
  EXPECT_EQ(rateAt(Poly({0.5, 10}), 0.1, 11, 1), 0.0);
  // Warmup: lr + delta * n.
  for (int64_t n = 0; n < 5; ++n) EXPECT_DOUBLE_EQ(rateAt(Warmup({0.01}), 0.1, n, 1), 0.1 + 0.01 * n);
  // EpochDecayWithWarmUp: warm-up by iteration, then the peak decayed by epoch.
  EpochDecayWithWarmUp warm({4, 0.1, {3}});
  EXPECT_DOUBLE_EQ(rateAt(warm, 0.1, 2, 1), 0.1 + 0.2);
  EXPECT_DOUBLE_EQ(rateAt(warm, 0.1, 4, 2), 0.5);
  EXPECT_NEAR(rateAt(warm, 0.1, 9, 3), 0.05, 1e-15);
}

TEST(LearningRateSchedule, SequentialScheduleFollowsBigDLsStages) {
  // BigDL's ResNet recipe: Warmup for 4 iterations, then Poly over the whole run (Poly counts every
  // iteration).
  auto seq = std::make_shared<SequentialSchedule>(5);
  seq->add(std::make_shared<Warmup>(WarmupOptions{0.1}), 4)
      .add(std::make_shared<Poly>(PolyOptions{0.5, 20}), 16);
  const auto r = rates(seq, 0.1, 22);
  for (int n = 0; n <= 4; ++n) EXPECT_DOUBLE_EQ(r[n], 0.1 + 0.1 * n) << n;  // stage 0 serves 0..4
  const double peak = 0.1 + 0.1 * 4;
  for (int n = 5; n <= 20; ++n) EXPECT_DOUBLE_EQ(r[n], peak * std::pow(1 - n / 20.0, 0.5)) << n;
  EXPECT_EQ(r[21], 0.0);
  // A later stage counts its own iterations (Step) and starts from the rate the previous one ended at.
  SequentialSchedule two(5);
  two.add(std::make_shared<Warmup>(WarmupOptions{0.1}), 2)
      .add(std::make_shared<Step>(StepOptions{2, 0.5}), 10);
  EXPECT_DOUBLE_EQ(rateAt(two, 0.1, 2, 1), 0.3);
  EXPECT_DOUBLE_EQ(rateAt(two, 0.1, 3, 1), 0.3);              // local iteration 1
  EXPECT_DOUBLE_EQ(rateAt(two, 0.1, 4, 1), 0.3 * 0.5);        // local iteration 2
  EXPECT_DOUBLE_EQ(rateAt(two, 0.1, 7, 1), 0.3 * 0.5 * 0.5);  // local iteration 5
  // Its config rebuilds it through the registry.
  const LearningRateSchedulePtr again = createLearningRateSchedule("SequentialSchedule", two.config());
  EXPECT_EQ(again->config(), two.config());
  for (int64_t n = 0; n < 12; ++n) EXPECT_EQ(rateAt(*again, 0.1, n, 1), rateAt(two, 0.1, n, 1));
}

// Runs Plateau's observe at the first update of each epoch with the given scores, as the engine does, and
// returns the rate of each epoch.
std::vector<double> plateauRates(const PlateauOptions& o, const std::vector<double>& scores, double lr) {
  Plateau p(o);
  ScheduleState state;
  std::vector<double> out;
  TrainingState t;
  for (size_t e = 1; e <= scores.size() + 1; ++e) {
    ScheduleContext c;
    c.learningRate = lr;
    c.epoch = static_cast<int64_t>(e);
    t.epoch = c.epoch;
    if (e >= 2) t.score = scores[e - 2];  // the validation after epoch e - 1
    p.observe(c, t, state);
    p.observe(c, t, state);  // more updates in the same epoch change nothing
    out.push_back(p.rate(c, state));
  }
  return out;
}

TEST(LearningRateSchedule, PlateauFollowsBigDL) {
  PlateauOptions o;
  o.factor = 0.5;
  o.patience = 1;
  o.mode = "max";
  o.epsilon = 0.01;
  // BigDL: a bad epoch with wait >= patience reduces; wait counts bad epochs after the check.
  // scores: improve, bad (wait 0 -> 1), bad (wait 1 >= 1: reduce, wait 0 -> 1), within epsilon (bad: reduce)
  const auto r = plateauRates(o, {0.5, 0.4, 0.45, 0.505, 0.7}, 1.0);
  EXPECT_EQ(r, (std::vector<double>{1.0, 1.0, 1.0, 0.5, 0.25, 0.25}));
  // cooldown: the epoch after a reduction only restarts the count (BigDL: wait = 0, then the bad epoch counts
  // 1), so the next reduction comes one epoch later; minLr bounds the rate, and then it stays.
  o.cooldown = 1;
  o.minLr = 0.4;
  const auto c = plateauRates(o, {0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4}, 1.0);
  EXPECT_EQ(c, (std::vector<double>{1.0, 1.0, 1.0, 0.5, 0.5, 0.4, 0.4, 0.4}));
  o.cooldown = 2;
  o.minLr = 0;
  const auto longer = plateauRates(o, {0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4}, 1.0);
  EXPECT_EQ(longer, (std::vector<double>{1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25}));
}

TEST(LearningRateSchedule, PlateauWithoutItsMetricIsAnError) {
  Plateau p(PlateauOptions{});
  ScheduleState state;
  ScheduleContext c;
  c.epoch = 2;
  TrainingState t;
  try {
    p.observe(c, t, state);
    ADD_FAILURE() << "Plateau ran without a score";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.message()).find("Plateau schedule monitors 'score', which epoch 1 did not give"),
              std::string::npos)
        << e.message();
  }
}

TEST(LearningRateSchedule, AppliesToEveryOptimMethod) {
  // Adam under Step: each update uses the scheduled rate, as Adam with that rate given by hand.
  Adam<double> scheduled(AdamOptions().lr(0.01));
  scheduled.setLearningRateSchedule(std::make_shared<Step>(StepOptions{2, 0.1}));
  auto w = Tensor<double>::fromVector({2}, {1.0, -1.0});
  auto g = Tensor<double>::fromVector({2}, {0.5, 0.25});
  auto ref = w.clone();
  OptimState<double> refState;
  for (int n = 0; n < 5; ++n) {
    EXPECT_DOUBLE_EQ(scheduled.currentLearningRate(), 0.01 * std::pow(0.1, n / 2));
    scheduled.update(w, g);
    Adam<double> byHand(AdamOptions().lr(0.01 * std::pow(0.1, n / 2)));
    byHand.setState(refState);
    byHand.update(ref, g);
    refState = byHand.state();
  }
  EXPECT_EQ(w.toVector(), ref.toVector());
}

TEST(LearningRateSchedule, EveryRegisteredScheduleRoundTripsItsConfig) {
  const std::map<std::string, Attributes> required = {
      {"CosineAnnealing", Attributes().set("t0", 5)},
      {"EpochDecay", Attributes().set("decayEpochs", AttrValue(std::vector<int64_t>{2, 4}))},
      {"EpochDecayWithWarmUp", Attributes().set("warmUpIteration", 3).set("warmUpDelta", 0.01)},
      {"EpochSchedule", Attributes()
                            .set("startEpochs", AttrValue(std::vector<int64_t>{1}))
                            .set("endEpochs", AttrValue(std::vector<int64_t>{3}))
                            .set("learningRates", AttrValue(std::vector<double>{0.2}))},
      {"EpochStep", Attributes().set("stepSize", 2)},
      {"Exponential", Attributes().set("decayStep", 2).set("decayRate", 0.9)},
      {"MultiStep", Attributes().set("stepSizes", AttrValue(std::vector<int64_t>{3, 6}))},
      {"NaturalExp", Attributes().set("decayStep", 2).set("gamma", 0.5)},
      {"OneCycle", Attributes().set("totalIterations", 20)},
      {"Poly", Attributes().set("power", 0.5).set("maxIteration", 10)},
      {"SequentialSchedule", Attributes()
                                 .set("stages", AttrValue(std::vector<std::string>{"Warmup", "Step"}))
                                 .set("maxIterations", AttrValue(std::vector<int64_t>{3, 10}))
                                 .set("0.delta", 0.1)
                                 .set("1.stepSize", 2)},
      {"Step", Attributes().set("stepSize", 3)},
      {"Warmup", Attributes().set("delta", 0.01)},
  };
  for (const std::string& type : registeredLearningRateScheduleTypes()) {
    const Attributes given = required.count(type) ? required.at(type) : Attributes();
    const LearningRateSchedulePtr s = createLearningRateSchedule(type, given);
    EXPECT_EQ(s->typeName(), type);
    EXPECT_EQ(createLearningRateSchedule(type, s->config())->config(), s->config()) << type;
  }
  EXPECT_EQ(registeredLearningRateScheduleTypes().size(), 15u);
}

TEST(LearningRateSchedule, ErrorsSayWhatToFix) {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.message());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([] { createLearningRateSchedule("Cosine"); })
                .find("unknown learning-rate schedule type "
                      "'Cosine' (known types: CosineAnnealing"),
            std::string::npos);
  EXPECT_NE(message([] { createLearningRateSchedule("Step"); }).find("Step: option 'stepSize' is required"),
            std::string::npos);
  EXPECT_NE(message([] {
              MultiStep({{5, 3}, 0.1});
            }).find("stepSizes must increase, but entry 1 (3) follows 5"),
            std::string::npos);
  EXPECT_NE(message([] {
              Plateau(PlateauOptions{"score", 0.1, 10, "biggest"});
            }).find("mode must be min or max, got 'biggest'"),
            std::string::npos);
  EXPECT_NE(message([] {
              createLearningRateSchedule("SequentialSchedule",
                                         Attributes()
                                             .set("stages", AttrValue(std::vector<std::string>{"Warmup"}))
                                             .set("maxIterations", AttrValue(std::vector<int64_t>{3}))
                                             .set("1.delta", 0.1));
            }).find("SequentialSchedule has no option '1.delta'"),
            std::string::npos);
}

}  // namespace
}  // namespace ringdl
