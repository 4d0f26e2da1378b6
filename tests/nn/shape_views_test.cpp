// The copy-free shape layers: Transpose, Narrow, Select, Squeeze and Unsqueeze give views of their input
// (and of gradOutput where the gradient is one), and their errors name the layer and the shape (gradients,
// PyTorch values, configuration and saving are in conformance_test.cpp).
#include <gtest/gtest.h>

#include "ringdl/nn/layers/shape/narrow.h"
#include "ringdl/nn/layers/shape/select.h"
#include "ringdl/nn/layers/shape/squeeze.h"
#include "ringdl/nn/layers/shape/transpose.h"
#include "ringdl/nn/layers/shape/unsqueeze.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;
using Pairs = std::vector<std::pair<int64_t, int64_t>>;

TEST(Transpose, OutputAndGradientAreViews) {
  Transpose<float> layer(Pairs{{0, 2}, {1, 2}});
  const Tensor<float> x = test::randomTensor({2, 3, 4}).to<float>();
  const Tensor<float>& y = layer.forward(x).toTensor();
  EXPECT_EQ(y.shape(), (Shape{4, 2, 3}));
  EXPECT_TRUE(y.sharesStorageWith(x));
  EXPECT_EQ(y.at({3, 1, 2}), x.at({1, 2, 3}));
  const Tensor<float> g = test::randomTensor({4, 2, 3}, 3).to<float>();
  const Tensor<float>& gx = layer.backward(x, g).toTensor();
  EXPECT_EQ(gx.shape(), x.shape());
  EXPECT_TRUE(gx.sharesStorageWith(g));
  EXPECT_EQ(gx.at({1, 2, 3}), g.at({3, 1, 2}));
}

TEST(Transpose, BadPairNamesTheLayer) {
  Transpose<float> layer(Pairs{{0, 3}});
  layer.setName("t");
  const std::string msg = errorOf([&] { layer.forward(Tensor<float>({2, 3})); });
  EXPECT_CONTAINS(msg, "layer 't' (Transpose): cannot swap dimensions 0 and 3 of an input of shape [2, 3]");
  EXPECT_CONTAINS(errorOf([] { Transpose<float>(TransposeOptions{{0, 1, 2}}); }), "pairs of dimensions");
}

TEST(Narrow, OutputIsAViewAndTheGradientZeroOutside) {
  Narrow<double> layer(1, 1, 2);
  const Tensor<double> x = test::randomTensor({2, 4});
  const Tensor<double>& y = layer.forward(x).toTensor();
  EXPECT_TRUE(y.sharesStorageWith(x));
  EXPECT_EQ(y.at({1, 0}), x.at({1, 1}));
  const Tensor<double> g = Tensor<double>::fromVector({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(layer.backward(x, g).toTensor().toVector(), (std::vector<double>{0, 1, 2, 0, 0, 3, 4, 0}));
}

TEST(Narrow, OutOfRangeSaysWhatTheDimensionHolds) {
  Narrow<float> layer(0, 2, 3);
  const std::string msg = errorOf([&] { layer.forward(Tensor<float>({4, 2})); });
  EXPECT_CONTAINS(msg, "(Narrow): cannot take 3 entries from offset 2");
  EXPECT_CONTAINS(msg, "of dimension 0, which has 4 in an input of shape [4, 2]");
}

TEST(Select, OutputIsAViewAndOutOfRangeIsAnError) {
  Select<float> layer(0, -1);
  const Tensor<float> x = test::randomTensor({3, 2}).to<float>();
  const Tensor<float>& y = layer.forward(x).toTensor();
  EXPECT_TRUE(y.sharesStorageWith(x));
  EXPECT_EQ(y.toVector(), x.select(0, 2).toVector());
  Select<float> far(1, 5);
  EXPECT_CONTAINS(errorOf([&] { far.forward(x); }),
                  "index 5 is out of range for dimension 1 of an input of shape [3, 2] (0 to 1, or -1 to -2");
}

TEST(Squeeze, ViewsEvenAStridedInput) {
  Squeeze<float> layer;
  const Tensor<float> base = test::randomTensor({3, 1, 4}).to<float>();
  const Tensor<float> strided = base.transpose(0, 2);  // [4, 1, 3], not contiguous
  const Tensor<float>& y = layer.forward(strided).toTensor();
  EXPECT_EQ(y.shape(), (Shape{4, 3}));
  EXPECT_TRUE(y.sharesStorageWith(base));
  EXPECT_EQ(y.at({2, 1}), base.at({1, 0, 2}));
}

TEST(Squeeze, ListedDimensionNotOfSizeOneStaysAsInBigDL) {
  Squeeze<float> layer({0});
  EXPECT_EQ(layer.forward(Tensor<float>({2, 1})).toTensor().shape(), (Shape{2, 1}));
}

TEST(Unsqueeze, ViewWithTheBatchRule) {
  Unsqueeze<float> layer(0, 2);
  const Tensor<float> batch({5, 2, 3}), sample({2, 3});
  EXPECT_EQ(layer.forward(batch).toTensor().shape(), (Shape{5, 1, 2, 3}));
  EXPECT_TRUE(layer.output().toTensor().sharesStorageWith(batch));
  EXPECT_EQ(layer.forward(sample).toTensor().shape(), (Shape{1, 2, 3}));
  Unsqueeze<float> far(4);
  EXPECT_CONTAINS(errorOf([&] { far.forward(sample); }),
                  "pos 4 is out of range for an input of 2 dimensions");
}

}  // namespace
}  // namespace ringdl
