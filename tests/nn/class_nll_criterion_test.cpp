// ClassNLLCriterion: target shapes, zero total weight, and the errors for bad labels (0-based), mismatched
// sizes and wrong weights (gradients and PyTorch values with and without class weights and averaging are in
// conformance_test.cpp).
#include "ringdl/nn/criterions/class_nll_criterion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

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

TEST(ClassNLLCriterion, TargetShapesAgree) {
  const Tensor<double> x = scores({3, 4});
  ClassNLLCriterion<double> c;
  const double flat = c.forward(x, labels<double>({1, 0, 3}));
  EXPECT_EQ(c.forward(x, labels<double>({1, 0, 3}, {3, 1})), flat);
  const Tensor<double> row = x.select(0, 2);
  ClassNLLCriterion<double> one;
  EXPECT_EQ(one.forward(row, Tensor<double>::full({}, 3)), one.forward(row, labels<double>({3})));
}

TEST(ClassNLLCriterion, ZeroTotalWeightGivesZeroLossNotNaN) {
  ClassNLLCriterion<double> c(Tensor<double>::fromVector({3}, {0, 1, 1}), true);
  const Tensor<double> x = scores({2, 3});
  const Tensor<double> t = labels<double>({0, 0});
  EXPECT_EQ(c.forward(x, t), 0.0);
  for (double g : c.backward(x, t).toTensor().toVector()) EXPECT_EQ(g, 0.0);
}

TEST(ClassNLLCriterion, DefaultsAreNoWeightsAndAveraging) {
  ClassNLLCriterion<float> defaults{Attributes()};
  EXPECT_EQ(defaults.weights().numel(), 0);
  EXPECT_TRUE(defaults.sizeAverage());
}

// The message of the Error thrown by forward.
template <typename T>
std::string errorOf(ClassNLLCriterion<T>& c, const Tensor<T>& input, const Tensor<T>& target) {
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

TEST(ClassNLLCriterion, LabelOutOfRangeSaysLabelsAreZeroBased) {
  ClassNLLCriterion<float> c;
  const Tensor<float> x({4, 10});
  expectMentions(errorOf(c, x, labels<float>({1, 2, 9, 10})),
                 {"ClassNLLCriterion",
                  "target 10 at position 3 is out of range for 10 classes; labels are 0-based (0..9)"});
}

TEST(ClassNLLCriterion, NegativeLabelIsAnError) {
  ClassNLLCriterion<double> c;
  expectMentions(errorOf(c, Tensor<double>({3, 5}), labels<double>({0, -1, 2})),
                 {"ClassNLLCriterion",
                  "target -1 at position 1 is out of range for 5 classes; labels are 0-based (0..4)"});
}

TEST(ClassNLLCriterion, NonIntegerLabelIsAnError) {
  ClassNLLCriterion<double> c;
  expectMentions(errorOf(c, Tensor<double>({2, 5}), labels<double>({2.5, 1})),
                 {"ClassNLLCriterion", "target 2.5 at position 0 is not an integer class index", "(0..4)"});
  expectMentions(errorOf(c, Tensor<double>({2, 5}), labels<double>({1, NAN})),
                 {"ClassNLLCriterion", "position 1"});
}

TEST(ClassNLLCriterion, InputTargetSizeMismatchNamesShapes) {
  ClassNLLCriterion<float> c;
  expectMentions(errorOf(c, Tensor<float>({4, 10}), labels<float>({1, 2, 3})),
                 {"ClassNLLCriterion", "target of shape [3]", "input of shape [4, 10]", "[4] or [4, 1]"});
  expectMentions(errorOf(c, Tensor<float>({4, 10}), Tensor<float>({4, 2})), {"ClassNLLCriterion", "[4, 2]"});
  expectMentions(errorOf(c, Tensor<float>({10}), labels<float>({1, 2})),
                 {"ClassNLLCriterion", "[2]", "[10]", "a scalar or [1]"});
  expectMentions(errorOf(c, Tensor<float>({2, 3, 4}), labels<float>({1, 2})),
                 {"ClassNLLCriterion", "[2, 3, 4]", "[N, C] or [C]"});
}

TEST(ClassNLLCriterion, WrongNumberOfWeightsIsAnError) {
  ClassNLLCriterion<float> c(Tensor<float>::full({3}, 1.f));
  expectMentions(errorOf(c, Tensor<float>({2, 4}), labels<float>({0, 1})),
                 {"ClassNLLCriterion", "3 class weights", "4 classes"});
  EXPECT_THROW(ClassNLLCriterion<float>(Tensor<float>::full({2, 2}, 1.f)), Error);
}

}  // namespace
}  // namespace ringdl
