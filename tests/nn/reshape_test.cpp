// Reshape: BigDL's batch detection, copy-free views, strided inputs, and the wrong-element-count message
// (gradients, PyTorch values for each batch rule, configuration and naming are in conformance_test.cpp).
#include "ringdl/nn/layers/shape/reshape.h"

#include <gtest/gtest.h>

#include "ringdl/tensor/math.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

Shape outputShape(Reshape<float>& layer, const Shape& input) {
  return layer.forward(Tensor<float>(input)).toTensor().shape();
}

TEST(Reshape, KeepsTheBatchDimensionAsBigDLDoes) {
  Reshape<float> toImage({1, 28, 28});
  EXPECT_EQ(outputShape(toImage, {5, 28, 28}), (Shape{5, 1, 28, 28}));
  EXPECT_EQ(outputShape(toImage, {5, 784}), (Shape{5, 1, 28, 28}));
  EXPECT_EQ(outputShape(toImage, {784}), (Shape{1, 28, 28}));
  // A leading 1 is read as a batch of one, as in BigDL and Torch.
  EXPECT_EQ(outputShape(toImage, {1, 28, 28}), (Shape{1, 1, 28, 28}));

  Reshape<float> flatten({12 * 4 * 4});  // LeNet-5's flatten before the classifier
  EXPECT_EQ(outputShape(flatten, {8, 12, 4, 4}), (Shape{8, 192}));
  EXPECT_EQ(outputShape(flatten, {1, 12, 4, 4}), (Shape{1, 192}));
  EXPECT_EQ(outputShape(flatten, {12, 4, 4}), (Shape{192}));
}

TEST(Reshape, ExplicitBatchMode) {
  Reshape<float> never({784}, /*batchMode=*/false);
  EXPECT_EQ(outputShape(never, {1, 784}), (Shape{784}));
  Reshape<float> always({4}, /*batchMode=*/true);
  EXPECT_EQ(outputShape(always, {1, 4}), (Shape{1, 4}));
  EXPECT_EQ(outputShape(always, {1, 2, 2}), (Shape{1, 4}));
  EXPECT_THROW(outputShape(always, {4}), Error);  // 4 elements is not a batch of four 4-element samples
}

TEST(Reshape, ContiguousInputGivesAViewAndGradientsAViewToo) {
  Reshape<float> layer({3, 4});
  const Tensor<float> x({2, 12});
  const Tensor<float>& y = layer.forward(x).toTensor();
  EXPECT_EQ(y.shape(), (Shape{2, 3, 4}));
  EXPECT_TRUE(y.sharesStorageWith(x));
  EXPECT_EQ(y.data(), x.data());
  const Tensor<float> g({2, 3, 4});
  const Tensor<float>& gi = layer.backward(x, g).toTensor();
  EXPECT_EQ(gi.shape(), (Shape{2, 12}));
  EXPECT_EQ(gi.data(), g.data());
}

TEST(Reshape, StridedInputIsCopiedInRowMajorOrder) {
  const Tensor<double> x = test::randomTensor({4, 3}).transpose(0, 1);  // [3, 4], not contiguous
  Reshape<double> layer({12}, /*batchMode=*/false);
  const Tensor<double> y = layer.forward(x).toTensor();
  EXPECT_EQ(y.toVector(), x.toVector());
  EXPECT_FALSE(y.sharesStorageWith(x));
}

TEST(Reshape, WrongElementCountNamesTheSizes) {
  Reshape<float> layer({784});
  try {
    layer.forward(Tensor<float>({8, 100}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* part : {"[8, 100]", "800 elements", "[784]", "[8, 784]"})
      EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
  Reshape<float> never({5}, /*batchMode=*/false);
  try {
    never.forward(Tensor<float>({6}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* part : {"[6]", "6 elements", "[5]", "5 elements"})
      EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
  }
}

TEST(Reshape, InvalidSizeIsAnError) {
  EXPECT_THROW(Reshape<float>(Shape{0, 3}), Error);
  EXPECT_THROW(Reshape<float>(Shape{-1}), Error);
  EXPECT_THROW(Reshape<float>(Shape{}), Error);
  EXPECT_THROW(Reshape<float>{Attributes()}, Error);  // size is required
}

}  // namespace
}  // namespace ringdl
