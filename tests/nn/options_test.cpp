// Layer and criterion options (nn/options.h): the keys each type saves are the ones model files and
// checkpoints already hold, the options constructors agree with the positional ones, and bad options are
// errors that name the type and the option (listing the type's options for a key it does not have).
#include "ringdl/nn/options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ringdl/nn.h"
#include "ringdl/nn/registry.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

// The configs as the layers wrote them before options structs (key for key, type for type): files saved then
// must load now and files saved now must load in older builds.
TEST(Options, SavedKeysAreUnchanged) {
  EXPECT_EQ(Linear<float>(4, 3).config(),
            Attributes().set("inputSize", 4).set("outputSize", 3).set("withBias", true));
  EXPECT_EQ(SpatialConvolution<float>(2, 4, 3, 2, 1, 2, 1, 0, 2, false).config(),
            Attributes()
                .set("nInputPlane", 2)
                .set("nOutputPlane", 4)
                .set("kernelW", 3)
                .set("kernelH", 2)
                .set("strideW", 1)
                .set("strideH", 2)
                .set("padW", 1)
                .set("padH", 0)
                .set("nGroup", 2)
                .set("withBias", false));
  EXPECT_EQ(SpatialMaxPooling<float>(2, 2, 2, 2, 1, 1, true).config(), Attributes()
                                                                           .set("kW", 2)
                                                                           .set("kH", 2)
                                                                           .set("dW", 2)
                                                                           .set("dH", 2)
                                                                           .set("padW", 1)
                                                                           .set("padH", 1)
                                                                           .set("ceilMode", true)
                                                                           .set("globalPooling", false));
  EXPECT_EQ(SpatialAveragePooling<float>(3, 3).config(), Attributes()
                                                             .set("kW", 3)
                                                             .set("kH", 3)
                                                             .set("dW", 1)
                                                             .set("dH", 1)
                                                             .set("padW", 0)
                                                             .set("padH", 0)
                                                             .set("ceilMode", false)
                                                             .set("countIncludePad", true)
                                                             .set("globalPooling", false));
  EXPECT_EQ(Reshape<float>({3, 4}).config(), Attributes().set("size", Shape{3, 4}));
  EXPECT_EQ(Reshape<float>({3, 4}, false).config(),
            Attributes().set("size", Shape{3, 4}).set("batchMode", false));
  EXPECT_EQ(View<float>({-1, 4}).config(), Attributes().set("sizes", Shape{-1, 4}).set("numInputDims", 0));
  EXPECT_EQ(Dropout<float>(0.25).config(),
            Attributes().set("p", 0.25).set("inplace", false).set("scale", true));
  EXPECT_EQ(SoftMax<float>().config(), Attributes());
  EXPECT_EQ(LogSoftMax<float>().config(), Attributes());
  EXPECT_EQ(ClassNLLCriterion<float>().config(),
            Attributes().set("weights", std::vector<double>{}).set("sizeAverage", true));
  EXPECT_EQ(CrossEntropyCriterion<double>(Tensor<double>::fromVector({2}, {0.5, 2}), false).config(),
            Attributes().set("weights", std::vector<double>{0.5, 2}).set("sizeAverage", false));
  EXPECT_EQ(MSECriterion<float>(false).config(), Attributes().set("sizeAverage", false));
}

TEST(Options, OptionsConstructorsAgreeWithPositionalOnes) {
  LinearOptions linear;
  linear.inputSize = 5;
  linear.outputSize = 2;
  linear.withBias = false;
  EXPECT_EQ(Linear<float>(linear).config(), Linear<float>(5, 2, false).config());
  EXPECT_EQ(Linear<float>(linear).ownParameters().size(), 1u);  // withBias=false: no bias parameter

  SpatialConvolutionOptions conv;
  conv.nInputPlane = 3;
  conv.nOutputPlane = 6;
  conv.kernelW = conv.kernelH = 5;
  conv.padW = 2;
  EXPECT_EQ(SpatialConvolution<double>(conv).config(),
            SpatialConvolution<double>(3, 6, 5, 5, 1, 1, 2).config());

  ReshapeOptions reshape;
  reshape.size = {2, 2};
  reshape.batchMode = true;
  EXPECT_EQ(Reshape<float>(reshape).config(), Reshape<float>({2, 2}, true).config());

  ViewOptions view;
  view.sizes = {-1};
  view.numInputDims = 3;
  EXPECT_EQ(View<float>(view).config(), View<float>({-1}).setNumInputDims(3).config());

  // The options' checks hold whichever constructor is used.
  view.numInputDims = -1;
  EXPECT_CONTAINS(errorOf([&] { View<float> v(view); }), "numInputDims must be >= 0");
  DropoutOptions dropout;
  dropout.p = 1;
  EXPECT_CONTAINS(errorOf([&] { Dropout<float> d(dropout); }), "Dropout probability must be in [0, 1)");
  SpatialMaxPoolingOptions pool;
  pool.kW = pool.kH = pool.dW = pool.dH = 2;
  pool.padW = 2;
  EXPECT_CONTAINS(errorOf([&] { SpatialMaxPooling<float> p(pool); }),
                  "SpatialMaxPooling: padding must be between 0 and half the window, got padW=2");
}

TEST(Options, ReshapeKeepsAllThreeBatchModes) {
  for (std::optional<bool> mode :
       {std::optional<bool>(), std::optional<bool>(true), std::optional<bool>(false)}) {
    Reshape<float> r({6}, mode);
    EXPECT_EQ(r.config().has("batchMode"), mode.has_value());
    auto rebuilt = std::dynamic_pointer_cast<Reshape<float>>(createModule<float>("Reshape", r.config()));
    ASSERT_TRUE(rebuilt);
    EXPECT_EQ(rebuilt->batchMode(), mode);
  }
}

TEST(Options, MissingRequiredOptionNamesTypeAndOption) {
  EXPECT_CONTAINS(errorOf([] { createModule<float>("Linear", Attributes().set("inputSize", 4)); }),
                  "Linear: option 'outputSize' is required (an integer)");
  EXPECT_CONTAINS(
      errorOf([] { createModule<float>("SpatialMaxPooling", Attributes().set("kW", 2).set("kH", 2)); }),
      "SpatialMaxPooling: option 'dW' is required (an integer)");
  EXPECT_CONTAINS(errorOf([] { createModule<float>("View"); }),
                  "View: option 'sizes' is required (a list of integers)");
  EXPECT_CONTAINS(errorOf([] { createModule<float>("Reshape"); }), "Reshape: option 'size' is required");
}

TEST(Options, WrongTypeNamesTypeOptionAndWhatItMustBe) {
  EXPECT_CONTAINS(
      errorOf([] { createModule<float>("Linear", Attributes().set("inputSize", "4").set("outputSize", 3)); }),
      "Linear: option 'inputSize' must be an integer");
  EXPECT_CONTAINS(errorOf([] { createModule<float>("Dropout", Attributes().set("inplace", 1)); }),
                  "Dropout: option 'inplace' must be true or false");
  EXPECT_CONTAINS(
      errorOf([] { createCriterion<float>("MSECriterion", Attributes().set("sizeAverage", "yes")); }),
      "MSECriterion: option 'sizeAverage' must be true or false");
  // A whole number where a number is wanted is fine (YAML's "p: 0" arrives as an integer).
  EXPECT_EQ(createModule<float>("Dropout", Attributes().set("p", 0))->config(),
            Attributes().set("p", 0.0).set("inplace", false).set("scale", true));
  EXPECT_EQ(
      createCriterion<float>("ClassNLLCriterion", Attributes().set("weights", std::vector<int64_t>{1, 2}))
          ->config()
          .values()
          .at("weights"),
      AttrValue(std::vector<double>{1, 2}));
}

TEST(Options, UnknownKeyNamesTheTypeAndListsItsOptions) {
  const std::string conv = errorOf([] {
    createModule<float>("SpatialConvolution", Attributes()
                                                  .set("nInputPlane", 1)
                                                  .set("nOutputPlane", 1)
                                                  .set("kernelW", 1)
                                                  .set("kernelH", 1)
                                                  .set("stride", 2));
  });
  EXPECT_CONTAINS(conv, "SpatialConvolution has no option 'stride' (its options: ");
  for (const std::string& name : optionNames<SpatialConvolutionOptions>()) EXPECT_CONTAINS(conv, name);
  EXPECT_CONTAINS(
      errorOf([] { createCriterion<float>("CrossEntropyCriterion", Attributes().set("weight", 1.0)); }),
      "CrossEntropyCriterion has no option 'weight' (its options: labelSmoothing, paddingValue, sizeAverage, "
      "weights)");
  EXPECT_CONTAINS(errorOf([] { createModule<float>("SoftMax", Attributes().set("dim", 1)); }),
                  "SoftMax has no option 'dim' (it takes none)");
  EXPECT_CONTAINS(errorOf([] { createModule<double>("LogSoftMax", Attributes().set("dim", 1)); }),
                  "LogSoftMax has no option 'dim' (it takes none)");
}

}  // namespace
}  // namespace ringdl
