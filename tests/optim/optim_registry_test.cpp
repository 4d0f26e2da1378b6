// The optim registries (optim/registry.h): every registered optim and validation method builds from an empty
// config and round-trips its config, optim methods keep the keys checkpoints hold, unknown types list the
// known ones, bad options name the method and option, and Loss builds its criterion by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/criterions/cross_entropy_criterion.h"
#include "ringdl/nn/registry.h"
#include "ringdl/optim/adam.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

TEST(OptimRegistry, TypesAreTheBuiltInOnesSorted) {
  EXPECT_EQ(registeredOptimMethodTypes(),
            (std::vector<std::string>{"Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "LBFGS",
                                      "LarsSGD", "RMSprop", "SGD"}));
  EXPECT_EQ(
      registeredValidationMethodTypes(),
      (std::vector<std::string>{"BitsPerCharacter", "ConfusionMatrix", "F1", "HitRatio", "Loss", "MAE",
                                "MeanAveragePrecision", "NDCG", "Perplexity", "Precision", "PrecisionRecallAUC",
                                "Recall", "Top1Accuracy", "Top5Accuracy", "TopKAccuracy", "TreeNNAccuracy"}));
}

template <typename T>
void expectOptimConfigsRoundTrip() {
  for (const std::string& type : registeredOptimMethodTypes()) {
    SCOPED_TRACE(type);
    OptimMethodPtr<T> m = createOptimMethod<T>(type);
    EXPECT_EQ(m->typeName(), type);
    EXPECT_FALSE(m->config().values().empty());
    EXPECT_EQ(createOptimMethod<T>(type, m->config())->config(), m->config());
  }
}

TEST(OptimRegistry, EveryOptimMethodRoundTripsItsConfig) {
  expectOptimConfigsRoundTrip<float>();
  expectOptimConfigsRoundTrip<double>();
  // Non-default options too.
  SGD<float> sgd(SGDOptions().lr(0.3).withMomentum(0.9).withNesterov(true));
  EXPECT_EQ(createOptimMethod<float>("SGD", sgd.config())->config(), sgd.config());
  Adam<double> adam(AdamOptions().lr(0.002).betas(0.8, 0.9));
  EXPECT_EQ(createOptimMethod<double>("Adam", adam.config())->config(), adam.config());
}

// Checkpoints hold OptimProto{type, config}: the keys must stay these for saved checkpoints to resume.
TEST(OptimRegistry, ConfigKeysAreTheCheckpointFormat) {
  EXPECT_EQ(SGD<float>(SGDOptions().lr(0.1).withMomentum(0.5)).config(), Attributes()
                                                                             .set("learningRate", 0.1)
                                                                             .set("learningRateDecay", 0.0)
                                                                             .set("weightDecay", 0.0)
                                                                             .set("momentum", 0.5)
                                                                             .set("dampening", 0.0)
                                                                             .set("nesterov", false));
  EXPECT_EQ(Adam<float>().config(), Attributes()
                                        .set("learningRate", 1e-3)
                                        .set("learningRateDecay", 0.0)
                                        .set("beta1", 0.9)
                                        .set("beta2", 0.999)
                                        .set("epsilon", 1e-8)
                                        .set("weightDecay", 0.0));
  // A partial config (an older or hand-written one) keeps the defaults for the rest.
  auto sgd = std::dynamic_pointer_cast<SGD<float>>(
      createOptimMethod<float>("SGD", Attributes().set("momentum", 0.9)));
  ASSERT_TRUE(sgd);
  EXPECT_DOUBLE_EQ(sgd->options().momentum, 0.9);
  EXPECT_DOUBLE_EQ(sgd->options().learningRate, 1e-3);
}

TEST(OptimRegistry, UnknownTypesListTheKnownOnes) {
  const std::string optim = errorOf([] { createOptimMethod<float>("Nadam"); });
  EXPECT_CONTAINS(
      optim,
      "unknown optim method type 'Nadam' (known types: Adadelta, Adagrad, Adam, AdamW, Adamax, Ftrl, "
      "LBFGS, LarsSGD, RMSprop, SGD)");
  const std::string validation = errorOf([] { createValidationMethod<float>("Top3Accuracy"); });
  EXPECT_CONTAINS(
      validation,
      "unknown validation method type 'Top3Accuracy' (known types: BitsPerCharacter, ConfusionMatrix, F1, "
      "HitRatio, Loss, MAE, MeanAveragePrecision, NDCG, Perplexity, Precision, PrecisionRecallAUC, Recall, "
      "Top1Accuracy, Top5Accuracy, TopKAccuracy, TreeNNAccuracy)");
}

TEST(OptimRegistry, BadOptionsNameTheMethodAndOption) {
  EXPECT_CONTAINS(
      errorOf([] { createOptimMethod<float>("SGD", Attributes().set("lr", 0.1)); }),
      "SGD has no option 'lr' (its options: dampening, learningRate, learningRateDecay, momentum, "
      "nesterov, weightDecay)");
  EXPECT_CONTAINS(errorOf([] { createOptimMethod<float>("Adam", Attributes().set("beta1", "high")); }),
                  "Adam: option 'beta1' must be a number");
  // The options are checked as the options constructor checks them.
  EXPECT_CONTAINS(errorOf([] { createOptimMethod<float>("SGD", Attributes().set("momentum", 1)); }),
                  "SGD momentum must be in [0, 1), got 1");
  EXPECT_CONTAINS(errorOf([] { createValidationMethod<float>("Top1Accuracy", Attributes().set("k", 3)); }),
                  "Top1Accuracy has no option 'k' (it takes none)");
}

template <typename T>
void expectValidationConfigsRoundTrip() {
  for (const std::string& type : registeredValidationMethodTypes()) {
    SCOPED_TRACE(type);
    ValidationMethodPtr<T> m = createValidationMethod<T>(type);
    EXPECT_EQ(m->name(), type);
    EXPECT_EQ(createValidationMethod<T>(type, m->config())->config(), m->config());
  }
}

TEST(ValidationRegistry, EveryMethodRoundTripsItsConfig) {
  expectValidationConfigsRoundTrip<float>();
  expectValidationConfigsRoundTrip<double>();
}

TEST(ValidationRegistry, ResultsCarryTheMethodsName) {
  // Scores of 3 classes for 2 records, except for the methods that score other things (with their defaults).
  const std::map<std::string, std::pair<Tensor<float>, Tensor<float>>> inputs = {
      {"HitRatio", {Tensor<float>({1, 101}), Tensor<float>::fromVector({1}, {0})}},
      {"NDCG", {Tensor<float>({1, 101}), Tensor<float>::fromVector({1}, {0})}},
      {"PrecisionRecallAUC",
       {Tensor<float>::fromVector({2}, {0.2f, 0.9f}), Tensor<float>::fromVector({2}, {0, 1})}},
      {"TreeNNAccuracy", {Tensor<float>({2, 1, 3}), Tensor<float>::fromVector({2}, {0, 2})}},
  };
  auto out = Tensor<float>::fromVector({2, 3}, {-0.1f, -3, -3, -3, -0.1f, -3});
  auto target = Tensor<float>::fromVector({2}, {0, 2});
  for (const std::string& type : registeredValidationMethodTypes()) {
    auto it = inputs.find(type);
    const auto& [o, t] = it != inputs.end() ? it->second : std::make_pair(out, target);
    EXPECT_EQ(createValidationMethod<float>(type)->apply(o, t).method, type);
  }
}

TEST(ValidationRegistry, LossBuildsItsCriterionByName) {
  // BigDL's default: ClassNLLCriterion.
  EXPECT_EQ(createValidationMethod<float>("Loss")->config(),
            Attributes().set("criterion", "ClassNLLCriterion"));
  for (const std::string& criterion : registeredCriterionTypes()) {
    // A criterion with required options (the composites, SmoothL1CriterionWithWeights) cannot be named by its
    // type alone; Loss then fails as building it does.
    try {
      createCriterion<double>(criterion);
    } catch (const Error&) {
      EXPECT_THROW(createValidationMethod<double>("Loss", Attributes().set("criterion", criterion)), Error);
      continue;
    }
    const Attributes config = Attributes().set("criterion", criterion);
    EXPECT_EQ(createValidationMethod<double>("Loss", config)->config(), config);
  }
  // The criterion is really the one named: the NLL of log-probabilities, then their squared error.
  auto out = Tensor<double>::fromVector({1, 2}, {-0.5, -1.5});
  EXPECT_DOUBLE_EQ(
      createValidationMethod<double>("Loss")->apply(out, Tensor<double>::fromVector({1}, {1})).result(), 1.5);
  auto mse = createValidationMethod<double>("Loss", Attributes().set("criterion", "MSECriterion"));
  EXPECT_DOUBLE_EQ(mse->apply(out, Tensor<double>::fromVector({1, 2}, {0, 0})).result(), 1.25);
  // Built around a criterion object, Loss names its type.
  EXPECT_EQ(Loss<float>(std::make_shared<CrossEntropyCriterion<float>>()).config(),
            Attributes().set("criterion", "CrossEntropyCriterion"));

  const std::string unknown =
      errorOf([] { createValidationMethod<float>("Loss", Attributes().set("criterion", "NLLLoss")); });
  EXPECT_CONTAINS(unknown, "unknown criterion type 'NLLLoss' (known types: ");
  for (const std::string& criterion : registeredCriterionTypes()) EXPECT_CONTAINS(unknown, criterion);
}

}  // namespace
}  // namespace ringdl
