// Triggers over TrainingState and the validation methods' arithmetic and wording.
#include <gtest/gtest.h>

#include "ringdl/nn/criterions/class_nll_criterion.h"
#include "ringdl/optim/trigger.h"
#include "ringdl/optim/validation_method.h"

namespace ringdl {
namespace {

TrainingState at(int64_t epoch, int64_t iteration, bool epochEnded = false) {
  TrainingState s;
  s.epoch = epoch;
  s.iteration = iteration;
  s.epochEnded = epochEnded;
  return s;
}

TEST(Trigger, Basics) {
  EXPECT_TRUE(Trigger::everyEpoch()(at(2, 10, true)));
  EXPECT_FALSE(Trigger::everyEpoch()(at(2, 10, false)));
  EXPECT_TRUE(Trigger::severalIteration(5)(at(1, 10)));
  EXPECT_FALSE(Trigger::severalIteration(5)(at(1, 11)));
  EXPECT_FALSE(Trigger::severalIteration(5)(at(1, 0)));
  EXPECT_FALSE(Trigger::maxEpoch(3)(at(3, 100)));  // epoch 3 still in progress
  EXPECT_TRUE(Trigger::maxEpoch(3)(at(4, 100)));
  EXPECT_TRUE(Trigger::maxIteration(100)(at(1, 100)));
  EXPECT_FALSE(Trigger::maxIteration(100)(at(1, 99)));
  TrainingState s = at(1, 1);
  EXPECT_FALSE(Trigger::minLoss(0.1)(s));  // no loss yet
  s.loss = 0.05;
  EXPECT_TRUE(Trigger::minLoss(0.1)(s));
  EXPECT_FALSE(Trigger::maxScore(0.9)(s));
  s.score = 0.95;
  EXPECT_TRUE(Trigger::maxScore(0.9)(s));
  EXPECT_THROW(Trigger::severalIteration(0), Error);
  EXPECT_THROW(Trigger::maxEpoch(0), Error);
}

TEST(Trigger, AndOr) {
  const Trigger both = Trigger::maxIteration(10) && Trigger::everyEpoch();
  EXPECT_FALSE(both(at(1, 10, false)));
  EXPECT_TRUE(both(at(1, 10, true)));
  const Trigger either = Trigger::maxEpoch(2) || Trigger::maxIteration(50);
  EXPECT_TRUE(either(at(1, 50)));
  EXPECT_TRUE(either(at(3, 5)));
  EXPECT_FALSE(either(at(2, 5)));
  EXPECT_EQ(either.description(), "or(maxEpoch(2), maxIteration(50))");
}

TEST(ValidationMethod, TopKCountsAndWording) {
  // 3 records, 6 classes.
  auto out = Tensor<float>::fromVector({3, 6}, {0.9f, 0.1f, 0, 0, 0, 0,   // argmax 0
                                                0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f,  // label 0 ranks 6th
                                                0, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f});  // label 2 ranks 2nd
  auto target = Tensor<float>::fromVector({3}, {0, 0, 2});
  Top1Accuracy<float> top1;
  Top5Accuracy<float> top5;
  ValidationResult r1 = top1.apply(out, target);
  EXPECT_EQ(r1.total, 1);
  EXPECT_EQ(r1.count, 3);
  EXPECT_EQ(top5.apply(out, target).total, 2);
  r1 += top1.apply(out, target);
  EXPECT_EQ(r1.toString(), "Accuracy(correct: 2, count: 6, accuracy: 0.333333)");
  ValidationResult wrong{"Loss", 1, 1, true};
  EXPECT_THROW(r1 += wrong, Error);
  EXPECT_THROW(top1.apply(out, Tensor<float>::fromVector({3}, {0, 6, 1})), Error);
  EXPECT_THROW(top1.apply(out, Tensor<float>::fromVector({2}, {0, 1})), Error);
}

TEST(ValidationMethod, LossIsTheMeanOverRecords) {
  auto crit = std::make_shared<ClassNLLCriterion<double>>();
  Loss<double> loss(crit);
  auto out = Tensor<double>::fromVector({2, 2}, {-0.1, -2.0, -1.0, -0.5});
  auto target = Tensor<double>::fromVector({2}, {0, 1});
  ValidationResult r = loss.apply(out, target);
  EXPECT_DOUBLE_EQ(r.total, 0.6);
  EXPECT_EQ(r.count, 2);
  r += loss.apply(out.narrow(0, 0, 1), target.narrow(0, 0, 1));
  EXPECT_DOUBLE_EQ(r.result(), 0.7 / 3);
  EXPECT_EQ(r.toString().rfind("(Loss: 0.7, count: 3, Average Loss: ", 0), 0u) << r.toString();
}

}  // namespace
}  // namespace ringdl
