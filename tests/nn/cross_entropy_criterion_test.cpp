// CrossEntropyCriterion: target shapes, zero total weight, equality with LogSoftMax + ClassNLL, extreme
// scores, and the errors for bad labels (0-based), mismatched sizes and wrong weights (gradients and PyTorch
// values with and without class weights and averaging are in conformance_test.cpp).
#include "ringdl/nn/criterions/cross_entropy_criterion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "ringdl/nn/criterions/class_nll_criterion.h"
#include "ringdl/nn/layers/activation/log_soft_max.h"
#include "ringdl/tensor/math.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

template <typename T>
Tensor<T> labels(std::initializer_list<double> values, Shape shape = {}) {
  if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
  std::vector<T> v;
  for (double x : values) v.push_back(static_cast<T>(x));
  return Tensor<T>::fromVector(shape, v);
}

// Log-probabilities for ClassNLLCriterion, raw scores for CrossEntropyCriterion: either is a valid input.
Tensor<double> scores(const Shape& shape, uint64_t seed = 7) {
  return test::randomTensor(shape, seed, -3, 0);
}

TEST(CrossEntropyCriterion, TargetShapesAgree) {
  const Tensor<double> x = scores({3, 4});
  CrossEntropyCriterion<double> c;
  const double flat = c.forward(x, labels<double>({1, 0, 3}));
  EXPECT_EQ(c.forward(x, labels<double>({1, 0, 3}, {3, 1})), flat);
  const Tensor<double> row = x.select(0, 2);
  CrossEntropyCriterion<double> one;
  EXPECT_EQ(one.forward(row, Tensor<double>::full({}, 3)), one.forward(row, labels<double>({3})));
}

TEST(CrossEntropyCriterion, ZeroTotalWeightGivesZeroLossNotNaN) {
  CrossEntropyCriterion<double> c(Tensor<double>::fromVector({3}, {0, 1, 1}), true);
  const Tensor<double> x = scores({2, 3});
  const Tensor<double> t = labels<double>({0, 0});
  EXPECT_EQ(c.forward(x, t), 0.0);
  for (double g : c.backward(x, t).toTensor().toVector()) EXPECT_EQ(g, 0.0);
}

TEST(CrossEntropyCriterion, DefaultsAreNoWeightsAndAveraging) {
  CrossEntropyCriterion<float> defaults{Attributes()};
  EXPECT_EQ(defaults.weights().numel(), 0);
  EXPECT_TRUE(defaults.sizeAverage());
}

// The message of the Error thrown by forward.
template <typename T>
std::string errorOf(CrossEntropyCriterion<T>& c, const Tensor<T>& input, const Tensor<T>& target) {
  try {
    c.forward(input, target);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

void expectMentions(const std::string& msg, std::initializer_list<const char*> parts) {
  for (const char* part : parts)
    EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
}

TEST(CrossEntropyCriterion, LabelOutOfRangeSaysLabelsAreZeroBased) {
  CrossEntropyCriterion<float> c;
  const Tensor<float> x({4, 10});
  expectMentions(errorOf(c, x, labels<float>({1, 2, 9, 10})),
                 {"CrossEntropyCriterion",
                  "target 10 at position 3 is out of range for 10 classes; labels are 0-based (0..9)"});
}

TEST(CrossEntropyCriterion, NegativeLabelIsAnError) {
  CrossEntropyCriterion<double> c;
  expectMentions(errorOf(c, Tensor<double>({3, 5}), labels<double>({0, -1, 2})),
                 {"CrossEntropyCriterion",
                  "target -1 at position 1 is out of range for 5 classes; labels are 0-based (0..4)"});
}

TEST(CrossEntropyCriterion, NonIntegerLabelIsAnError) {
  CrossEntropyCriterion<double> c;
  expectMentions(
      errorOf(c, Tensor<double>({2, 5}), labels<double>({2.5, 1})),
      {"CrossEntropyCriterion", "target 2.5 at position 0 is not an integer class index", "(0..4)"});
  expectMentions(errorOf(c, Tensor<double>({2, 5}), labels<double>({1, NAN})),
                 {"CrossEntropyCriterion", "position 1"});
}

TEST(CrossEntropyCriterion, InputTargetSizeMismatchNamesShapes) {
  CrossEntropyCriterion<float> c;
  expectMentions(errorOf(c, Tensor<float>({4, 10}), labels<float>({1, 2, 3})),
                 {"CrossEntropyCriterion", "target of shape [3]", "input of shape [4, 10]", "[4] or [4, 1]"});
  expectMentions(errorOf(c, Tensor<float>({4, 10}), Tensor<float>({4, 2})),
                 {"CrossEntropyCriterion", "[4, 2]"});
  expectMentions(errorOf(c, Tensor<float>({10}), labels<float>({1, 2})),
                 {"CrossEntropyCriterion", "[2]", "[10]", "a scalar or [1]"});
  expectMentions(errorOf(c, Tensor<float>({2, 3, 4}), labels<float>({1, 2})),
                 {"CrossEntropyCriterion", "[2, 3, 4]", "[N, C] or [C]"});
}

TEST(CrossEntropyCriterion, WrongNumberOfWeightsIsAnError) {
  CrossEntropyCriterion<float> c(Tensor<float>::full({3}, 1.f));
  expectMentions(errorOf(c, Tensor<float>({2, 4}), labels<float>({0, 1})),
                 {"CrossEntropyCriterion", "3 class weights", "4 classes"});
  EXPECT_THROW(CrossEntropyCriterion<float>(Tensor<float>::full({2, 2}, 1.f)), Error);
}

TEST(CrossEntropyCriterion, EqualsLogSoftMaxThenClassNLL) {
  const Tensor<double> x = test::randomTensor({6, 5}, 21, -4, 4);
  const Tensor<double> t = labels<double>({0, 4, 2, 2, 1, 3});
  const Tensor<double> w = Tensor<double>::fromVector({5}, {0.5, 2, 1, 0.25, 3});
  CrossEntropyCriterion<double> fused(w);
  LogSoftMax<double> lsm;
  ClassNLLCriterion<double> nll(w);
  const Tensor<double> lp = lsm.forward(x).toTensor();
  EXPECT_NEAR(fused.forward(x, t), nll.forward(lp, t), 1e-14);
  const Tensor<double> chained = lsm.backward(x, nll.backward(lp, t)).toTensor();
  EXPECT_TRUE(allClose(fused.backward(x, t).toTensor(), chained, 1e-12, 1e-14));
}

TEST(CrossEntropyCriterion, StableForLargeScores) {
  CrossEntropyCriterion<float> c;
  const Tensor<float> x = Tensor<float>::fromVector({2, 3}, {1e4f, 1e4f, -1e4f, 3e38f, 0.f, 3e38f});
  const Tensor<float> t = labels<float>({0, 2});
  EXPECT_NEAR(c.forward(x, t), std::log(2.0f), 1e-6);
  const std::vector<float> g = c.backward(x, t).toTensor().toVector();
  const std::vector<float> expected{-0.25f, 0.25f, 0.f, 0.25f, 0.f, -0.25f};
  for (size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], expected[i], 1e-7) << "element " << i;
}

TEST(CrossEntropyCriterion, PaddingRowsAreLeftOutAndAStrayMinusOneIsStillAnError) {
  const Tensor<double> x = test::randomTensor({4, 3}, 5, -2, 2);
  CrossEntropyCriterionOptions padded;
  padded.paddingValue = -1;
  CrossEntropyCriterion<double> c(padded), plain;
  // Rows 1 and 3 padded: the loss is the mean over rows 0 and 2 alone, and their gradient rows are zero.
  const double expected = plain.forward(x.narrow(0, 0, 1).contiguous(), labels<double>({2})) / 2 +
                          plain.forward(x.narrow(0, 2, 1).contiguous(), labels<double>({0})) / 2;
  EXPECT_NEAR(c.forward(x, labels<double>({2, -1, 0, -1})), expected, 1e-12);
  const std::vector<double> g = c.backward(x, labels<double>({2, -1, 0, -1})).toTensor().toVector();
  for (int i : {3, 4, 5, 9, 10, 11}) EXPECT_EQ(g[i], 0.0) << "element " << i;
  EXPECT_THROW(plain.forward(x, labels<double>({2, -1, 0, -1})), Error);
}

TEST(CrossEntropyCriterion, LabelSmoothingOutsideTheUnitIntervalIsAnError) {
  CrossEntropyCriterionOptions o;
  o.labelSmoothing = 1.5;
  try {
    CrossEntropyCriterion<float> c(o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("labelSmoothing must be in [0, 1], got 1.5"), std::string::npos)
        << e.what();
  }
}

TEST(CrossEntropyCriterion, BackwardNeedsAForwardOfTheSameShape) {
  CrossEntropyCriterion<float> c;
  c.forward(Tensor<float>({2, 3}), labels<float>({0, 1}));
  EXPECT_THROW(c.backward(Tensor<float>({3, 3}), labels<float>({0, 1, 2})), Error);
}

}  // namespace
}  // namespace ringdl
