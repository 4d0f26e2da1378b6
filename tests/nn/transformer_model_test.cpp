// TransformerModel, the registry's "Transformer" (BigDL's language model): the logits share the embedding's
// weight (one parameter, saved once, gradients from both uses), a step's logits do not depend on its own id
// or later ones (the shift and the causal attention; without the shift, on later ones only); in translation,
// a step sees the source (not its padding) and earlier target ids, and encode() then decode() is forward
// (values against PyTorch are in conformance_test.cpp).
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

TransformerOptions translation() {
  TransformerOptions o = small();
  o.transformerType = "translation";
  o.paddingValue = 0;
  return o;
}

TEST(TransformerModel, TranslationStepsSeeEarlierTargetIdsAndTheSourceButNotItsPadding) {
  TransformerOptions o = translation();
  o.withShareWeightsLinear = false;  // the hidden states: the logits would read the padding's row of E
  TransformerModel<double> t(o);
  Tensor<double> source = Tensor<double>::fromVector({1, 4}, {3, 5, 0, 0});  // two steps of padding
  Tensor<double> target = Tensor<double>::fromVector({1, 3}, {2, 4, 6});
  auto run = [&] { return t.forward(Activity<double>::table({source, target})).toTensor().clone(); };
  const Tensor<double> before = run();
  EXPECT_EQ(before.shape(), (Shape{1, 3, 4}));
  target.data()[1] = 5;  // step 1's id: seen by step 2 only
  Tensor<double> after = run();
  for (int64_t v = 0; v < 4; ++v) {
    EXPECT_EQ(after.at({0, 0, v}), before.at({0, 0, v}));
    EXPECT_EQ(after.at({0, 1, v}), before.at({0, 1, v}));
  }
  EXPECT_NE(after.at({0, 2, 0}), before.at({0, 2, 0}));
  target.data()[1] = 4;
  t.embedding().weight().select(0, 0).fill(0.75);  // what padding holds is not read ...
  EXPECT_TRUE(test::identical(Activity<double>(run()), Activity<double>(before)));
  source.data()[3] = 2;  // ... but a real id there is
  EXPECT_NE(run().at({0, 0, 0}), before.at({0, 0, 0}));
}

TEST(TransformerModel, EncodeThenDecodeIsForward) {
  TransformerModel<float> t(translation());
  t.evaluate();
  const Tensor<float> source = Tensor<float>::fromVector({2, 3}, {1, 2, 0, 4, 5, 6});
  const Tensor<float> target = Tensor<float>::fromVector({2, 2}, {3, 1, 6, 2});
  const Tensor<float> y = t.forward(Activity<float>::table({source, target})).toTensor().clone();
  const EncodedSource<float> encoded = t.encode(source);
  EXPECT_EQ(encoded.memory.shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(encoded.mask.toVector(), (std::vector<float>{0, 0, 1, 0, 0, 0}));
  EXPECT_TRUE(test::identical(Activity<float>(t.decode(target, encoded)), Activity<float>(y)));
}

TEST(TransformerModel, BadTypesAndInputsSayWhatIsExpected) {
  TransformerOptions o = small();
  o.transformerType = "seq2seq";
  try {
    TransformerModel<float> t(o);
    ADD_FAILURE() << "seq2seq";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("\"language_model\" (input ids [N, T]) or \"translation\""),
              std::string::npos)
        << e.what();
  }
  TransformerModel<float> t(translation());
  const auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] {
              t.forward(Tensor<float>({2, 3}));
            }).find("{source ids [N, S], target ids [N, T]}"),
            std::string::npos);
  EXPECT_NE(message([&] {
              t.forward(Activity<float>::table({Tensor<float>({2, 3}), Tensor<float>({3, 3})}));
            }).find("of one batch"),
            std::string::npos);
  TransformerModel<float> lm(small());
  EXPECT_NE(message([&] {
              lm.encode(Tensor<float>({1, 2}));
            }).find("encode() is for transformerType"),
            std::string::npos);
}

}  // namespace
}  // namespace ringdl
