// Regularizer: BigDL's L1, L2 and L1L2 gradient terms by hand, and the wRegularizer / bRegularizer options of
// Linear and SpatialConvolution: set, saved in the layer's config (unset ones not at all), rebuilt by the
// registry and from a model definition, kept by clone(), and refused when malformed.
#include "ringdl/nn/regularizer.h"

#include <gtest/gtest.h>

#include "ringdl/nn.h"
#include "ringdl/nn/model_definition.h"
#include "ringdl/nn/registry.h"

namespace ringdl {
namespace {

using Pairs = std::vector<std::pair<std::string, Regularizer>>;

TEST(Regularizer, GradientTermsFollowBigDL) {
  const std::vector<double> w = {2.0, -0.5, 0.0, 1.0};
  std::vector<double> g = {0.1, 0.2, 0.3, 0.4};
  L1L2Regularizer(0.01, 0.1).accRegularization(w.data(), g.data(), 4);
  // g + l1 sign(w) + l2 w; sign(0) = 0
  EXPECT_DOUBLE_EQ(g[0], 0.1 + 0.01 + 0.2);
  EXPECT_DOUBLE_EQ(g[1], 0.2 - 0.01 - 0.05);
  EXPECT_DOUBLE_EQ(g[2], 0.3);
  EXPECT_DOUBLE_EQ(g[3], 0.4 + 0.01 + 0.1);
  std::vector<float> wf = {3.0f, -2.0f}, gf = {0.0f, 0.0f};
  L2Regularizer(0.5).accRegularization(wf.data(), gf.data(), 2);
  EXPECT_EQ(gf, (std::vector<float>{1.5f, -1.0f}));
  L1Regularizer(0.25).accRegularization(wf.data(), gf.data(), 2);
  EXPECT_EQ(gf, (std::vector<float>{1.75f, -1.25f}));
}

TEST(Regularizer, LinearsAreSavedRebuiltAndCloned) {
  Linear<double> fc(4, 3);
  EXPECT_TRUE(fc.regularizers().empty());
  EXPECT_FALSE(fc.config().has("wRegularizer")) << "an unset regulariser is not saved";
  fc.setRegularizers(L2Regularizer(1e-4), L1Regularizer(1e-3));
  EXPECT_EQ(fc.regularizers(), (Pairs{{"weight", L2Regularizer(1e-4)}, {"bias", L1Regularizer(1e-3)}}));
  const Attributes saved = fc.config();
  EXPECT_EQ(saved.get<std::vector<double>>("wRegularizer"), (std::vector<double>{0, 1e-4}));
  EXPECT_EQ(saved.get<std::vector<double>>("bRegularizer"), (std::vector<double>{1e-3, 0}));
  auto rebuilt = createModule<double>("Linear", saved);
  EXPECT_EQ(dynamic_cast<RegularizedLayer&>(*rebuilt).regularizers(), fc.regularizers());
  EXPECT_EQ(dynamic_cast<RegularizedLayer&>(*fc.clone()).regularizers(), fc.regularizers());
  fc.setRegularizers(L2Regularizer(1e-4));  // no bias regulariser any more
  EXPECT_EQ(fc.regularizers(), (Pairs{{"weight", L2Regularizer(1e-4)}}));
}

TEST(Regularizer, AModelDefinitionGivesThemAsLayerOptions) {
  ModulePtr<double> m = parseModelDefinition<double>(R"(
layers:
  - Linear: {inputSize: 4, outputSize: 3, wRegularizer: [0, 1e-4], bRegularizer: [1, 0]}
  - SpatialConvolution: {nInputPlane: 1, nOutputPlane: 2, kernelW: 3, kernelH: 3, wRegularizer: [0.5, 0.25]}
)",
                                                     "net.yaml", ".");
  EXPECT_EQ(dynamic_cast<RegularizedLayer&>(*m->children()[0]).regularizers(),
            (Pairs{{"weight", L2Regularizer(1e-4)}, {"bias", L1Regularizer(1)}}));
  EXPECT_EQ(dynamic_cast<RegularizedLayer&>(*m->children()[1]).regularizers(),
            (Pairs{{"weight", L1L2Regularizer(0.5, 0.25)}}));
}

TEST(Regularizer, MalformedOptionsNameTheLayer) {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.message());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([] {
              createModule<double>("Linear", Attributes()
                                                 .set("inputSize", 2)
                                                 .set("outputSize", 2)
                                                 .set("wRegularizer", AttrValue(std::vector<double>{1e-4})));
            }).find("Linear: option 'wRegularizer' is a regulariser, the list [l1, l2] of two numbers >= 0"),
            std::string::npos);
  Linear<double> fc(2, 2);
  EXPECT_NE(
      message([&] { fc.setRegularizers(L2Regularizer(-1)); }).find("option 'wRegularizer' is a regulariser"),
      std::string::npos);
}

}  // namespace
}  // namespace ringdl
