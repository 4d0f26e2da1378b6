// MSECriterion: gradients, PyTorch reference values in double and float, element pairing, size-mismatch
// error.
#include "ringdl/nn/criterions/mse_criterion.h"

#include <gtest/gtest.h>

#include "support/fixture.h"
#include "support/fixture_compare.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TEST(MSECriterion, Gradients) {
  for (bool sizeAverage : {true, false}) {
    MSECriterion<double> c(sizeAverage);
    test::expectCriterionGradientsMatch(c, test::randomTensor({4, 3}), test::randomTensor({4, 3}, 8));
    test::expectCriterionGradientsMatch(c, test::randomTensor({2, 3, 2}), test::randomTensor({2, 3, 2}, 9));
  }
}

template <typename T>
void expectMatchesFixture() {
  const test::Fixture fixture("activations_criterions/mse_criterion.txt");
  const Tensor<T> x = fixture.get("input").to<T>(), t = fixture.get("target").to<T>();
  for (const char* reduction : {"mean", "sum"}) {
    SCOPED_TRACE(std::string(reduction) + (sizeof(T) == 4 ? " in float" : " in double"));
    MSECriterion<T> c(std::string(reduction) == "mean");
    EXPECT_TRUE(test::matchesReference(c.forward(x, t), fixture.scalar(std::string(reduction) + ".loss")));
    EXPECT_TRUE(test::matchesReference(c.backward(x, t).toTensor(),
                                       fixture.get(std::string(reduction) + ".gradInput")));
  }
}

TEST(MSECriterion, MatchesPyTorch) {
  expectMatchesFixture<double>();
  expectMatchesFixture<float>();
}

TEST(MSECriterion, PairsElementsInRowMajorOrder) {
  // BigDL pairs by position when shapes differ but sizes agree: [N, 1] output against [N] targets.
  MSECriterion<double> c;
  const Tensor<double> x = Tensor<double>::fromVector({3, 1}, {1, 2, 3});
  const Tensor<double> t = Tensor<double>::fromVector({3}, {1, 0, 0});
  EXPECT_DOUBLE_EQ(c.forward(x, t), (0 + 4 + 9) / 3.0);
  EXPECT_EQ(c.backward(x, t).toTensor().shape(), (Shape{3, 1}));
  EXPECT_EQ(c.gradInput().toTensor().toVector(), (std::vector<double>{0, 4.0 / 3, 2}));
}

TEST(MSECriterion, ConfigRoundTrips) {
  MSECriterion<float> c(false);
  MSECriterion<float> rebuilt(c.config());
  EXPECT_TRUE(rebuilt.config() == c.config());
  EXPECT_FALSE(rebuilt.sizeAverage());
  EXPECT_TRUE(MSECriterion<float>(Attributes()).sizeAverage());
}

TEST(MSECriterion, SizeMismatchNamesCriterionAndShapes) {
  MSECriterion<float> c;
  try {
    c.forward(Tensor<float>({4, 3}), Tensor<float>({4, 2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* part : {"MSECriterion", "[4, 3]", "12 elements", "[4, 2]", "8 elements"})
      EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
}

}  // namespace
}  // namespace ringdl
