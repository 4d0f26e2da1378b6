// TransformerModel, the registry's "Transformer" (BigDL's language model): the logits share the embedding's
// weight (one parameter, saved once, gradients from both uses), a step's logits do not depend on its own id
// or later ones (the shift and the causal attention; without the shift, on later ones only), and translation
// is refused (values against PyTorch are in conformance_test.cpp).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "ringdl/io/model_io.h"
#include "ringdl/nn.h"
#include "ringdl/nn/layers/attention/transformer.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

TransformerOptions small() {
  TransformerOptions o;
  o.vocabSize = 7, o.hiddenSize = 4, o.numHeads = 2, o.filterSize = 6, o.numHiddenlayers = 2;
  return o;
}

TEST(TransformerModel, TheOutputProjectionIsTheEmbedding) {
  TransformerModel<double> lm(small());
  int embeddingPlaces = 0;
  for (const ParamRef<double>& p : lm.parameters())
    if (p.weight->sharesStorageWith(lm.embedding().weight())) ++embeddingPlaces;
  EXPECT_EQ(embeddingPlaces, 1) << "listed once";
  auto [weights, grads] = lm.getParameters();
  const Tensor<double> ids = Tensor<double>::fromVector({1, 3}, {1, 2, 3});
  lm.embedding().weight().fill(0.5);  // the projection sees the same numbers
  const Tensor<double>& y = lm.forward(ids).toTensor();
  EXPECT_EQ(y.shape(), (Shape{1, 3, 7}));
  const std::string path = testing::TempDir() + "ringdl_transformer_lm.ringdl";
  saveModel(path, lm);
  ModulePtr<double> back = loadModel<double>(path);
  std::remove(path.c_str());
  const auto params = back->parameters();
  EXPECT_EQ(params.size(), lm.parameters().size());
  EXPECT_TRUE(test::identical(back->forward(ids), Activity<double>(y.clone())));
}

TEST(TransformerModel, AStepsLogitsDependOnEarlierIdsOnly) {
  TransformerModel<double> lm(small());
  Tensor<double> ids = Tensor<double>::fromVector({1, 4}, {1, 2, 3, 4});
  const Tensor<double> before = lm.forward(ids).toTensor().clone();
  ids.data()[2] = 6;  // step 2's id: it predicts step 2, so steps 0 .. 2 must not see it
  const Tensor<double>& after = lm.forward(ids).toTensor();
  for (int64_t t = 0; t <= 2; ++t)
    for (int64_t v = 0; v < 7; ++v) EXPECT_EQ(after.at({0, t, v}), before.at({0, t, v})) << "step " << t;
  EXPECT_NE(after.at({0, 3, 0}), before.at({0, 3, 0}));
}

TEST(TransformerModel, WithoutTheShiftAStepSeesItsOwnIdAndScoresTheNext) {
  TransformerOptions o = small();
  o.shiftRight = false;
  TransformerModel<double> lm(o);
  Tensor<double> ids = Tensor<double>::fromVector({1, 4}, {1, 2, 3, 4});
  const Tensor<double> before = lm.forward(ids).toTensor().clone();
  ids.data()[2] = 6;  // steps 0 and 1 must not see it, step 2 (which scores id 3) must
  const Tensor<double>& after = lm.forward(ids).toTensor();
  for (int64_t t = 0; t <= 1; ++t)
    for (int64_t v = 0; v < 7; ++v) EXPECT_EQ(after.at({0, t, v}), before.at({0, t, v})) << "step " << t;
  EXPECT_NE(after.at({0, 2, 0}), before.at({0, 2, 0}));
}

TEST(TransformerModel, TranslationIsRefusedWithWhatToUseInstead) {
  TransformerOptions o = small();
  o.transformerType = "translation";
  try {
    TransformerModel<float> t(o);
    ADD_FAILURE() << "translation";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("only \"language_model\" is"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ringdl
