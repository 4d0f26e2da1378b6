// View: Torch/BigDL's batch-size rule with -1 inference and setNumInputDims, copy-free views, errors
// (gradients, PyTorch values, configuration and naming are in conformance_test.cpp).
#include "ringdl/nn/layers/shape/view.h"

#include <gtest/gtest.h>

#include "support/grad_check.h"

namespace ringdl {
namespace {

Shape outputShape(View<float>& layer, const Shape& input) {
  return layer.forward(Tensor<float>(input)).toTensor().shape();
}

TEST(View, BatchSizeRule) {
  View<float> matrix({2, 3});
  EXPECT_EQ(outputShape(matrix, {6}), (Shape{2, 3}));
  EXPECT_EQ(outputShape(matrix, {4, 6}), (Shape{4, 2, 3}));  // what the sizes leave over is the batch
  EXPECT_EQ(outputShape(matrix, {1, 6}), (Shape{2, 3}));     // a batch of one is dropped without numInputDims
  EXPECT_EQ(outputShape(matrix, {2, 2, 3, 3}), (Shape{6, 2, 3}));

  View<float> inferred({3, -1});
  EXPECT_EQ(outputShape(inferred, {12}), (Shape{3, 4}));
  EXPECT_EQ(outputShape(inferred, {2, 6}), (Shape{3, 4}));  // a -1 absorbs the remainder, no batch

  View<float> flat({-1});
  EXPECT_EQ(outputShape(flat, {2, 3, 4}), (Shape{24}));
}

TEST(View, NumInputDimsKeepsTheBatch) {
  View<float> flatten({-1});
  flatten.setNumInputDims(3);
  EXPECT_EQ(outputShape(flatten, {5, 3, 4, 4}), (Shape{5, 48}));
  EXPECT_EQ(outputShape(flatten, {1, 3, 4, 4}), (Shape{1, 48}));
  EXPECT_EQ(outputShape(flatten, {3, 4, 4}), (Shape{48}));

  View<float> matrix({4, 12});
  matrix.setNumInputDims(3);
  EXPECT_EQ(outputShape(matrix, {1, 3, 4, 4}), (Shape{1, 4, 12}));
  EXPECT_EQ(outputShape(matrix, {2, 5, 3, 4, 4}), (Shape{10, 4, 12}));
}

TEST(View, ContiguousInputGivesAView) {
  View<float> layer({-1});
  layer.setNumInputDims(2);
  const Tensor<float> x({3, 2, 5});
  const Tensor<float>& y = layer.forward(x).toTensor();
  EXPECT_EQ(y.shape(), (Shape{3, 10}));
  EXPECT_EQ(y.data(), x.data());
  const Tensor<float> g({3, 10});
  EXPECT_EQ(layer.backward(x, g).toTensor().data(), g.data());
  EXPECT_EQ(layer.gradInput().toTensor().shape(), x.shape());
}

TEST(View, StridedInputIsCopiedInRowMajorOrder) {
  const Tensor<double> x = test::randomTensor({4, 3}).transpose(0, 1);
  View<double> layer({-1});
  EXPECT_EQ(layer.forward(x).toTensor().toVector(), x.toVector());
}

TEST(View, MismatchNamesTheShapes) {
  View<float> layer({5});
  try {
    layer.forward(Tensor<float>({2, 3}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* part : {"[2, 3]", "[5]"})
      EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
  View<float> deep({-1});
  deep.setNumInputDims(3);
  EXPECT_THROW(deep.forward(Tensor<float>({4, 4})), Error);
}

TEST(View, InvalidSizesAreErrors) {
  EXPECT_THROW(View<float>(Shape{-1, -1}), Error);
  EXPECT_THROW(View<float>(Shape{0}), Error);
  EXPECT_THROW(View<float>(Shape{-2}), Error);
  EXPECT_THROW(View<float>(Shape{}), Error);
  View<float> ok({2});
  EXPECT_THROW(ok.setNumInputDims(-1), Error);
}

}  // namespace
}  // namespace ringdl
