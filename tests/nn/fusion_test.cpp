// Evaluate-mode fusion (nn/fusion.h): a convolution absorbing the SpatialBatchNormalization and ReLU after it
// in Sequential and Graph gives the unfused outputs and gradients, on both convolution backends, and fuses
// only where it may (evaluate mode, sole consumers, not a graph output).
#include "ringdl/nn/fusion.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "ringdl/nn/graph.h"
#include "ringdl/nn/layers/activation/activations.h"
#include "ringdl/nn/layers/convolution/spatial_convolution.h"
#include "ringdl/nn/layers/normalization/batch_normalization.h"
#include "ringdl/nn/layers/table/c_add_table.h"
#include "ringdl/nn/sequential.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

template <typename M, typename... Args>
std::shared_ptr<M> make(Args&&... args) {
  return std::make_shared<M>(std::forward<Args>(args)...);
}

/// A batch normalisation whose evaluate mode is far from the identity: running statistics from a few
/// training batches, and a learnt scale and shift set by hand.
template <typename T>
std::shared_ptr<SpatialBatchNormalization<T>> trainedBatchNorm(int64_t channels, uint64_t seed,
                                                               bool affine = true) {
  auto bn = make<SpatialBatchNormalization<T>>(channels, 1e-5, 0.5, affine);
  for (uint64_t s = 0; s < 3; ++s)
    bn->forward(test::randomTensor({4, channels, 5, 5}, seed + s, -1, 3).template to<T>());
  if (affine) {
    bn->weight().copyFrom(test::randomTensor({channels}, seed + 10, 0.5, 2).template to<T>());
    bn->bias().copyFrom(test::randomTensor({channels}, seed + 11, -1, 1).template to<T>());
  }
  return bn;
}

template <typename T>
void expectNear(const Tensor<T>& a, const Tensor<T>& b, double tol) {
  ASSERT_EQ(a.shape(), b.shape());
  for (int64_t i = 0; i < a.numel(); ++i) ASSERT_NEAR(a.data()[i], b.data()[i], tol) << "at " << i;
}

/// Forward in evaluate mode fused and unfused, and backward after each: the same outputs and gradients.
template <typename T>
void expectFusionExact(Container<T>& model, const Tensor<T>& x, double tol) {
  model.evaluate();
  model.setInferenceFusion(false);
  const Tensor<T> plain = model.forward(x).toTensor().clone();
  const Tensor<T> gradOut = test::randomTensor(plain.shape(), 99).template to<T>();
  const Tensor<T> plainGrad = model.backward(x, gradOut).toTensor().clone();
  model.setInferenceFusion(true);
  const Tensor<T> fused = model.forward(x).toTensor().clone();
  expectNear(fused, plain, tol);
  // A backward after a fused forward re-runs the forward unfused first: the gradient is the unfused one.
  expectNear(model.backward(x, gradOut).toTensor(), plainGrad, tol);
}

TEST(Fusion, ConvolutionBatchNormReluInSequentialOnBothBackends) {
  for (ConvBackend backend : {ConvBackend::kGemm, ConvBackend::kDnnl}) {
    if (!SpatialConvolution<float>::backendAvailable(backend)) continue;
    for (bool withBias : {false, true}) {
      Random::global().seed(5);
      auto conv = make<SpatialConvolution<float>>(3, 6, 3, 3, 1, 1, 1, 1, 1, withBias);
      conv->setBackend(backend);
      auto bn = trainedBatchNorm<float>(6, 20, /*affine=*/withBias);
      Sequential<float> seq;
      seq.add(conv).add(bn).add(make<ReLU<float>>());
      expectFusionExact<float>(seq, test::randomTensor({4, 3, 7, 7}, 1).to<float>(), 1e-5);
      // The forward just run was fused: the batch normalisation never saw this input.
      seq.forward(test::randomTensor({2, 3, 7, 7}, 2).to<float>());
      EXPECT_EQ(bn->output().toTensor().size(0), 4) << "the batch normalisation ran: nothing was fused";
    }
  }
}

TEST(Fusion, DoubleStridedAndUnbatchedInput) {
  Random::global().seed(6);
  Sequential<double> seq;
  seq.add(make<SpatialConvolution<double>>(2, 4, 3, 3, 2, 2, 1, 1));
  seq.add(trainedBatchNorm<double>(4, 30));
  seq.add(make<ReLU<double>>());
  expectFusionExact<double>(seq, test::randomTensor({3, 2, 9, 9}, 3), 1e-12);
  // SpatialBatchNormalization takes batches only: an unbatched input fails fused as it does unfused.
  seq.evaluate();
  EXPECT_THROW(seq.forward(test::randomTensor({2, 9, 9}, 4)), Error);
  Sequential<double> relu;
  relu.add(make<SpatialConvolution<double>>(2, 4, 3, 3)).add(make<ReLU<double>>());
  relu.evaluate();
  const Tensor<double> unbatched = relu.forward(test::randomTensor({2, 9, 9}, 5)).toTensor().clone();
  relu.setInferenceFusion(false);
  expectNear(relu.forward(test::randomTensor({2, 9, 9}, 5)).toTensor(), unbatched, 0);
}

TEST(Fusion, ConvolutionAloneWithReluOrBatchNorm) {
  Random::global().seed(7);
  Sequential<double> relu;
  relu.add(make<SpatialConvolution<double>>(2, 3, 3, 3)).add(make<ReLU<double>>());
  expectFusionExact<double>(relu, test::randomTensor({2, 2, 6, 6}, 5), 1e-12);
  Sequential<double> bn;
  bn.add(make<SpatialConvolution<double>>(2, 3, 3, 3)).add(trainedBatchNorm<double>(3, 40));
  expectFusionExact<double>(bn, test::randomTensor({2, 2, 6, 6}, 6), 1e-12);
}

TEST(Fusion, TrainingModeNeverFuses) {
  Random::global().seed(8);
  auto bn = make<SpatialBatchNormalization<float>>(4);
  Sequential<float> seq;
  seq.add(make<SpatialConvolution<float>>(2, 4, 3, 3)).add(bn).add(make<ReLU<float>>());
  seq.training();
  seq.forward(test::randomTensor({3, 2, 6, 6}, 7).to<float>());
  EXPECT_EQ(bn->output().toTensor().size(0), 3);
}

/// relu(bn2(conv2(relu(bn1(conv1(x))))) + x): conv1 fuses with bn1 and relu1; conv2 with bn2 only (the sum
/// follows).
struct Block {
  std::shared_ptr<SpatialConvolution<double>> c1 = make<SpatialConvolution<double>>(3, 3, 3, 3, 1, 1, 1, 1);
  std::shared_ptr<SpatialConvolution<double>> c2 = make<SpatialConvolution<double>>(3, 3, 3, 3, 1, 1, 1, 1);
  std::shared_ptr<SpatialBatchNormalization<double>> b1 = trainedBatchNorm<double>(3, 50);
  std::shared_ptr<SpatialBatchNormalization<double>> b2 = trainedBatchNorm<double>(3, 60);

  std::shared_ptr<Graph<double>> graph(bool tapFirstConvolution = false) {
    auto x = Input<double>("x");
    auto h1 = node(c1, x);
    auto h = node(b1, h1);
    h = node(make<ReLU<double>>(), h);
    h = node(c2, h);
    h = node(b2, h);
    auto y = node(make<ReLU<double>>(), node(make<CAddTable<double>>(), {h, x}));
    std::vector<NodePtr<double>> outputs{y};
    if (tapFirstConvolution) outputs.push_back(h1);
    return make<Graph<double>>(std::vector<NodePtr<double>>{x}, outputs);
  }
};

TEST(Fusion, GraphFusesSoleConsumersOnly) {
  Random::global().seed(9);
  Block block;
  auto g = block.graph();
  expectFusionExact<double>(*g, test::randomTensor({2, 3, 6, 6}, 8), 1e-12);
  g->forward(test::randomTensor({1, 3, 6, 6}, 9));
  EXPECT_EQ(block.b1->output().toTensor().size(0), 2) << "bn1 ran: conv1 did not absorb it";
  EXPECT_EQ(block.b2->output().toTensor().size(0), 2) << "bn2 ran: conv2 did not absorb it";

  // conv1's output is also a graph output: it must stay the convolution's, so nothing after it fuses.
  Block tapped;
  auto t = tapped.graph(/*tapFirstConvolution=*/true);
  t->evaluate();
  const Tensor<double> x = test::randomTensor({2, 3, 6, 6}, 10);
  const Activity<double> fused = t->forward(x);
  t->setInferenceFusion(false);
  const Activity<double> plain = t->forward(x);
  expectNear(fused[1].toTensor(), plain[1].toTensor(), 0);
  expectNear(fused[0].toTensor(), plain[0].toTensor(), 1e-12);
}

TEST(Fusion, NestedContainersFollowTheSwitch) {
  Random::global().seed(10);
  Block block;
  auto inner = block.graph();
  Sequential<double> outer;
  outer.add(make<SpatialConvolution<double>>(2, 3, 1, 1)).add(inner);
  outer.evaluate();
  outer.setInferenceFusion(false);
  EXPECT_FALSE(inner->inferenceFusion());
  outer.forward(test::randomTensor({1, 2, 4, 4}, 11));
  EXPECT_EQ(block.b1->output().toTensor().size(0), 1) << "fusion was switched off, yet bn1 did not run";
  outer.setInferenceFusion(true);
  EXPECT_TRUE(inner->inferenceFusion());
}

}  // namespace
}  // namespace ringdl
