// ConvLSTMPeephole and ConvLSTMPeephole3D: "same" padding with odd and even kernels, the input stride, cells
// without peepholes, the other activations, regularisers, whole sequences under Recurrent against the step
// form (lengths, stacking), and error wording (values and gradients against PyTorch are in conformance_test).
#include "ringdl/nn/layers/recurrent/conv_lstm_peephole.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn/layers/recurrent/conv_lstm_peephole_3d.h"
#include "ringdl/nn/layers/recurrent/multi_rnn_cell.h"
#include "ringdl/nn/layers/recurrent/recurrent.h"
#include "ringdl/nn/registry.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

Activity<double> step(const Tensor<double>& x, const Tensor<double>& h, const Tensor<double>& c) {
  return Activity<double>::table(
      {Activity<double>(x), Activity<double>::table({Activity<double>(h), Activity<double>(c)})});
}

// A step from random x and states of the shapes the cell asks for.
Activity<double> randomStep(Cell<double>& cell, const Shape& x, uint64_t seed) {
  const std::vector<Shape> s = cell.stateShapes(x);
  return step(test::randomTensor(x, seed), test::randomTensor(s[0], seed + 1),
              test::randomTensor(s[1], seed + 2));
}

// The value at (n, channel, y, x) of a [N, C, H, W] tensor.
double at(const Tensor<double>& t, int64_t n, int64_t ch, int64_t y, int64_t x) {
  return t.at({n, ch, y, x});
}

// "same" keeps the spatial size with any kernel; with an even one TensorFlow's rule (BigDL's -1) puts the odd
// padding after. A 2 x 2 input kernel whose only non-zero tap is the top-left one then reads each position's
// own pixel: the extra row and column of padding are below and to the right.
TEST(ConvLSTMPeephole, SamePaddingOfAnEvenKernelPutsTheOddRowAfter) {
  for (int64_t k : {1, 2, 3, 4}) {
    ConvLSTMPeephole<double> cell(1, 1, k, k);
    EXPECT_EQ(cell.stateShapes({2, 1, 5, 6})[0], (Shape{2, 1, 5, 6})) << "kernel " << k;
  }
  ConvLSTMPeephole<double> cell(1, 1, 2, 3);
  cell.weightIH().zero();
  cell.biasIH().zero();
  cell.weightHH().zero();
  cell.peephole().zero();
  // The cell gate g (gate 2) reads x at tap (0, 0): g = tanh(x[y, x]) with "before" padding 0.
  cell.weightIH().at({2, 0, 0, 0}) = 1;
  const Tensor<double> x = test::randomTensor({1, 1, 3, 4}, 5);
  const Tensor<double> zeros({1, 1, 3, 4});
  const Tensor<double> c = cell.forward(step(x, zeros, zeros))[1][1].toTensor();
  // i = f = o = sigmoid(0) = 1/2, c' = i g.
  for (int64_t y = 0; y < 3; ++y)
    for (int64_t w = 0; w < 4; ++w) EXPECT_NEAR(at(c, 0, 0, y, w), 0.5 * std::tanh(at(x, 0, 0, y, w)), 1e-12);
}

// The hidden convolution pads "same" too, also with an even kernel: U's bottom-right tap reads h one row and
// column further, and the last row and column read padding.
TEST(ConvLSTMPeephole, SamePaddingOfTheHiddenConvolution) {
  ConvLSTMPeephole<double> cell(1, 1, 1, 2);
  cell.weightIH().zero();
  cell.biasIH().zero();
  cell.weightHH().zero();
  cell.peephole().zero();
  cell.weightHH().at({2, 0, 1, 1}) = 1;  // g reads h[y + 1, x + 1]
  const Tensor<double> h = test::randomTensor({1, 1, 3, 3}, 6);
  const Tensor<double> zeros({1, 1, 3, 3});
  const Tensor<double> c = cell.forward(step(Tensor<double>({1, 1, 3, 3}), h, zeros))[1][1].toTensor();
  for (int64_t y = 0; y < 3; ++y)
    for (int64_t w = 0; w < 3; ++w) {
      const double read = y < 2 && w < 2 ? at(h, 0, 0, y + 1, w + 1) : 0.0;
      EXPECT_NEAR(at(c, 0, 0, y, w), 0.5 * std::tanh(read), 1e-12) << y << ", " << w;
    }
}

// BigDL's stride strides its hidden convolution too, which cannot keep the states' size; here it strides the
// input's convolution only, and the states take the strided size, ceil(size / stride) with "same" padding.
TEST(ConvLSTMPeephole, StrideShrinksTheStatesAndKeepsThemThroughSteps) {
  ConvLSTMPeephole<double> cell(2, 3, 3, 3, 2);
  EXPECT_EQ(cell.stateShapes({4, 2, 7, 6})[0], (Shape{4, 3, 4, 3}));
  ConvLSTMPeephole<double> padded(2, 3, 3, 1, 2, 0);  // explicit padding 0: (7 - 3) / 2 + 1, (6 - 3) / 2 + 1
  EXPECT_EQ(padded.stateShapes({4, 2, 7, 6})[0], (Shape{4, 3, 3, 2}));
  test::expectGradientsMatch(cell, randomStep(cell, {2, 2, 7, 6}, 11));
  test::expectGradientsMatch(padded, randomStep(padded, {2, 2, 7, 6}, 12));
}

// withPeephole = false: no weight_peephole, and c reaches the gates only through c' = f c + i g.
TEST(ConvLSTMPeephole, WithoutPeepholesHasNoPeepholeWeights) {
  ConvLSTMPeephole<double> cell(2, 2, 3, 3, 1, -1, "tanh", "sigmoid", false);
  for (const ParamRef<double>& p : cell.parameters()) EXPECT_NE(p.name, "weight_peephole");
  EXPECT_EQ(cell.parameters().size(), 3u);
  test::expectGradientsMatch(cell, randomStep(cell, {2, 2, 4, 3}, 13));
  // With peepholes zeroed, a peephole cell computes the same.
  ConvLSTMPeephole<double> peep(2, 2, 3, 3);
  peep.weightIH().copyFrom(cell.weightIH());
  peep.biasIH().copyFrom(cell.biasIH());
  peep.weightHH().copyFrom(cell.weightHH());
  peep.peephole().zero();
  const Activity<double> in = randomStep(cell, {2, 2, 4, 3}, 14);
  const Tensor<double> a = cell.forward(in)[1][1].toTensor().clone(), b = peep.forward(in)[1][1].toTensor();
  for (int64_t i = 0; i < a.numel(); ++i) EXPECT_DOUBLE_EQ(a.data()[i], b.data()[i]);
}

// The activations BigDL lets ConvLSTMPeephole change, each with its own derivative (inputs kept away from the
// kinks by the check's small steps: a kink within 1e-6 of a random value is unlikely).
TEST(ConvLSTMPeephole, OtherActivationsHaveMatchingGradients) {
  ConvLSTMPeephole<double> cell(2, 2, 3, 2, 1, -1, "relu", "hard_sigmoid");
  test::expectGradientsMatch(cell, randomStep(cell, {2, 2, 4, 4}, 15));
  EXPECT_CONTAINS(
      errorOf([] { ConvLSTMPeephole<double>(2, 2, 3, 3, 1, -1, "softsign"); }),
      "ConvLSTMPeephole: option 'activation' must be tanh, sigmoid, hard_sigmoid or relu, got 'softsign'");
}

TEST(ConvLSTMPeephole3D, StepGradientsWithEvenKernelsAndStride) {
  ConvLSTMPeephole3D<double> cell(2, 2, 2, 2, 2);
  EXPECT_EQ(cell.stateShapes({1, 2, 3, 4, 5})[0], (Shape{1, 2, 2, 2, 3}));
  test::expectGradientsMatch(cell, randomStep(cell, {2, 2, 3, 4, 5}, 16));
}

// Regularisers go to the parameters BigDL's options name: w the input weights, u the hidden ones, b the bias,
// c the peepholes; and survive config().
TEST(ConvLSTMPeephole, RegularizersNameTheirParameters) {
  ConvLSTMPeepholeOptions o;
  o.inputSize = 2, o.outputSize = 3, o.kernelI = 3, o.kernelC = 3;
  o.wRegularizer = std::vector<double>{0, 1e-4};
  o.uRegularizer = std::vector<double>{1e-5, 0};
  o.cRegularizer = std::vector<double>{0, 1e-3};
  ConvLSTMPeephole<double> cell(o);
  const auto r = cell.regularizers();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].first, "weight_ih");
  EXPECT_EQ(r[0].second.l2, 1e-4);
  EXPECT_EQ(r[1].first, "weight_hh");
  EXPECT_EQ(r[1].second.l1, 1e-5);
  EXPECT_EQ(r[2].first, "weight_peephole");
  auto again = createModule<double>("ConvLSTMPeephole", cell.config());
  EXPECT_EQ(dynamic_cast<RegularizedLayer&>(*again).regularizers().size(), 3u);
  o.wRegularizer = std::vector<double>{-1, 0};
  EXPECT_CONTAINS(errorOf([&] { ConvLSTMPeephole<double>{o}; }), "ConvLSTMPeephole");
}

// Under Recurrent: each step a clone sharing the weights, over [N, T, C, H, W]; the initial states set by
// setHiddenState get their gradients.
TEST(ConvLSTMPeephole, RecurrentGradientsFromGivenStates) {
  auto cell = std::make_shared<ConvLSTMPeephole<double>>(2, 2, 3, 2);
  Recurrent<double> rec(cell);
  rec.setHiddenState({test::randomTensor({2, 2, 3, 4}, 17), test::randomTensor({2, 2, 3, 4}, 18)});
  const Tensor<double> x = test::randomTensor({2, 3, 2, 3, 4}, 19);
  EXPECT_EQ(rec.forward(x).toTensor().shape(), (Shape{2, 3, 2, 3, 4}));
  test::expectGradientsMatch(rec, Activity<double>(x));
}

// Recurrent runs the cell over whole sequences (every step's input projected in one convolution); stepping
// the cell's own step form by hand gives the same outputs and final states, and padded steps (lengths) carry
// the states over and output zeros.
TEST(ConvLSTMPeephole, SequencesMatchTheStepForm) {
  auto cell = std::make_shared<ConvLSTMPeephole<double>>(2, 3, 3, 2, 2);
  ASSERT_TRUE(cell->runsSequences());
  Recurrent<double> rec(cell);
  const Tensor<double> x = test::randomTensor({3, 4, 2, 5, 4}, 21);
  const Tensor<double> lengths = Tensor<double>::fromVector({3}, {4, 2, 0});
  const Tensor<double> y =
      rec.forward(Activity<double>::table({Activity<double>(x), Activity<double>(lengths)}))
          .toTensor()
          .clone();
  ASSERT_EQ(y.shape(), (Shape{3, 4, 3, 3, 2}));
  ConvLSTMPeephole<double> stepper(2, 3, 3, 2, 2);
  stepper.shareParameters(*cell);
  for (int64_t n = 0; n < 3; ++n) {
    const int64_t len = static_cast<int64_t>(lengths.data()[n]);
    Tensor<double> h({1, 3, 3, 2}), c({1, 3, 3, 2});
    for (int64_t t = 0; t < 4; ++t) {
      const Tensor<double> yt = y.narrow(0, n, 1).select(1, t).contiguous();
      if (t >= len) {  // padding: zeros out
        for (int64_t i = 0; i < yt.numel(); ++i) EXPECT_EQ(yt.data()[i], 0.0);
        continue;
      }
      const Activity<double>& out = stepper.forward(step(x.narrow(0, n, 1).select(1, t).contiguous(), h, c));
      h = out[1][0].toTensor().clone();
      c = out[1][1].toTensor().clone();
      for (int64_t i = 0; i < yt.numel(); ++i)
        EXPECT_NEAR(yt.data()[i], h.data()[i], 1e-12) << n << ", " << t;
    }
    // The final states are each sample's after its last real step (the initial zeros for length 0).
    const Tensor<double> hT = rec.getHiddenState()[0].narrow(0, n, 1).contiguous();
    const Tensor<double> cT = rec.getHiddenState()[1].narrow(0, n, 1).contiguous();
    for (int64_t i = 0; i < h.numel(); ++i) {
      EXPECT_NEAR(hT.data()[i], h.data()[i], 1e-12);
      EXPECT_NEAR(cT.data()[i], c.data()[i], 1e-12);
    }
  }
  test::GradCheckOptions lengthsAreData;
  lengthsAreData.skipInputs = {1};
  test::expectGradientsMatch(rec, Activity<double>::table({Activity<double>(x), Activity<double>(lengths)}),
                             lengthsAreData);
}

// Stacked in a MultiRNNCell under Recurrent, each cell runs its sequence layer after layer, the first's
// output [N, T, 3, H, W] the second's input.
TEST(ConvLSTMPeephole, StackedInMultiRNNCell) {
  auto stack = std::make_shared<MultiRNNCell<double>>(
      std::vector<ModulePtr<double>>{std::make_shared<ConvLSTMPeephole<double>>(2, 3, 3, 3),
                                     std::make_shared<ConvLSTMPeephole<double>>(3, 2, 2, 3)});
  ASSERT_TRUE(stack->runsSequences());
  Recurrent<double> rec(stack);
  const Tensor<double> x = test::randomTensor({2, 3, 2, 3, 4}, 23);
  EXPECT_EQ(rec.forward(x).toTensor().shape(), (Shape{2, 3, 2, 3, 4}));
  test::expectGradientsMatch(rec, Activity<double>(x));
}

TEST(ConvLSTMPeephole, ErrorsNameTheLayerAndTheShapes) {
  ConvLSTMPeephole<double> cell(2, 3, 3, 3);
  cell.setName("clstm");
  const Tensor<double> s({2, 3, 5, 4});
  // A wrong channel count.
  EXPECT_CONTAINS(errorOf([&] {
                    cell.forward(step(Tensor<double>({2, 4, 5, 4}), s, s));
                  }),
                  "layer 'clstm' (ConvLSTMPeephole): a step's x must be [N, 2, H, W], got [2, 4, 5, 4]");
  // States of another size than the step's output.
  EXPECT_CONTAINS(
      errorOf([&] {
        cell.forward(step(Tensor<double>({2, 2, 5, 4}), s, Tensor<double>({2, 3, 4, 4})));
      }),
      "layer 'clstm' (ConvLSTMPeephole): state c must be [2, 3, 5, 4] for x [2, 2, 5, 4], got [2, 3, 4, 4]");
  // A Tensor where the step's Table goes.
  EXPECT_CONTAINS(errorOf([&] {
                    cell.forward(Activity<double>(Tensor<double>({2, 2, 5, 4})));
                  }),
                  "layer 'clstm' (ConvLSTMPeephole): a step's input is a Table {x [N, 2, H, W], {h, c}}");
  // Under Recurrent, the cell's error comes through, naming it.
  Recurrent<double> rec(std::make_shared<ConvLSTMPeephole3D<double>>(2, 2, 3, 3));
  EXPECT_CONTAINS(errorOf([&] {
                    rec.forward(Activity<double>(Tensor<double>({2, 3, 4, 3, 3, 3})));
                  }),
                  "(ConvLSTMPeephole3D): a step's x must be [N, 2, D, H, W], got [2, 4, 3, 3, 3]");
  // Options that cannot run.
  EXPECT_CONTAINS(
      errorOf([] { ConvLSTMPeephole<double>(2, 3, 3, 5, 1, 1); }),
      "ConvLSTMPeephole: with padding=1 the hidden state's convolution keeps the states' size only "
      "with kernelC=3, got kernelC=5");
  EXPECT_CONTAINS(errorOf([] { ConvLSTMPeephole3D<double>(2, 3, 0, 3); }),
                  "ConvLSTMPeephole3D needs positive sizes and kernels");
  EXPECT_CONTAINS(errorOf([] { ConvLSTMPeephole<double>(2, 3, 3, 3, 0); }),
                  "ConvLSTMPeephole needs a positive stride, got stride=0");
  ConvLSTMPeephole<double> big(2, 3, 5, 1, 1, 0);
  EXPECT_CONTAINS(errorOf([&] { big.stateShapes({1, 2, 3, 8}); }), "is smaller than the kernel");
}

}  // namespace
}  // namespace ringdl
