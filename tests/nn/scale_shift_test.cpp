// ScaleShift, the base of CAdd, CMul, Scale, Add and Mul: BigDL's initialisation, setInitMethod reaching the
// parameter each layer has, and the wording of the broadcasting errors (values, gradients and the rules
// themselves are in conformance_test.cpp).
#include "ringdl/nn/layers/linear/detail/scale_shift.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn.h"

namespace ringdl {
namespace {

template <typename T>
void expectWithin(const Tensor<T>& t, double bound) {
  double largest = 0;
  for (T v : t.toVector()) largest = std::max(largest, std::abs(static_cast<double>(v)));
  EXPECT_LE(largest, bound);
  EXPECT_GT(largest, bound / 4) << "not spread over U(-bound, bound)";
}

std::string errorOf(Module<float>& m, const Tensor<float>& x) {
  try {
    m.forward(x);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ScaleShift, InitialisesAsBigDL) {
  Random::global().seed(7);
  CAdd<float> cadd(std::vector<int64_t>{4, 25});  // 100 elements: U(+-0.1)
  expectWithin(cadd.bias(), 0.1);
  CMul<float> cmul(std::vector<int64_t>{16});
  expectWithin(cmul.weight(), 0.25);
  ScaleLayer<float> scale(std::vector<int64_t>{1, 64});
  expectWithin(scale.weight(), 0.125);
  expectWithin(scale.bias(), 0.125);
  Add<float> add(9);
  expectWithin(add.bias(), 1.0 / 3);
  Mul<float> mul;
  EXPECT_LE(std::abs(mul.weight().item()), 1.0f);
}

TEST(ScaleShift, SetInitMethodReachesEachParameter) {
  ScaleLayer<float> scale(std::vector<int64_t>{3});
  scale.setInitMethod(InitMethod::constant(2), InitMethod::constant(-1));
  EXPECT_EQ(scale.weight().toVector(), std::vector<float>(3, 2.0f));
  EXPECT_EQ(scale.bias().toVector(), std::vector<float>(3, -1.0f));
  CAdd<float> cadd(std::vector<int64_t>{2});
  cadd.setInitMethod(InitMethod::zeros(), InitMethod::ones());  // CAdd has a bias only
  EXPECT_EQ(cadd.bias().toVector(), std::vector<float>(2, 1.0f));
  CMul<float> cmul(std::vector<int64_t>{2});
  cmul.setInitMethod(InitMethod::constant(3), InitMethod::zeros());  // CMul has a weight only
  EXPECT_EQ(cmul.weight().toVector(), std::vector<float>(2, 3.0f));
}

TEST(ScaleShift, SizeRuleErrorsNameTheLayerTheShapesAndTheRule) {
  CMul<float> cmul(std::vector<int64_t>{3, 1, 1});
  cmul.setName("gain");
  const std::string msg = errorOf(cmul, Tensor<float>({2, 4, 5, 5}));
  EXPECT_NE(msg.find("layer 'gain' (CMul)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("size [3, 1, 1] does not fit input [2, 4, 5, 5]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("every dimension 1 or the input's"), std::string::npos) << msg;
  // Two more dimensions than the size is neither a sample nor a batch of them.
  CAdd<float> cadd(std::vector<int64_t>{3});
  EXPECT_NE(errorOf(cadd, Tensor<float>({2, 2, 3})).find("does not fit"), std::string::npos);
}

TEST(ScaleShift, AddErrorSaysWhatItTakes) {
  Add<float> add(5);
  const std::string msg = errorOf(add, Tensor<float>({4, 6}));
  EXPECT_NE(
      msg.find("(Add): expected input of shape [5] or a batch [N, ...] of 5 elements per sample, got [4, 6]"),
      std::string::npos)
      << msg;
}

TEST(ScaleShift, GradOutputOfAnotherShapeIsAnError) {
  CAdd<float> cadd(std::vector<int64_t>{1, 3});
  const Tensor<float> x({4, 3});
  cadd.forward(x);
  try {
    cadd.backward(x, Tensor<float>({3, 4}));
    FAIL() << "accepted gradOutput [3, 4] for input [4, 3]";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("gradOutput has shape [3, 4], expected the input's [4, 3]"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ringdl
