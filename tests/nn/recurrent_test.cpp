// Recurrent and its cells: the fused kernels equal the cells unrolled step by step; padded steps change
// nothing at real steps; the hidden state in and out (and its gradient); the weights shared over time have
// their gradients complete once, after the whole backward; errors (PyTorch values, gradient checks, saving
// and cloning of each configuration are rows of conformance_test.cpp).
#include "ringdl/nn/layers/recurrent/recurrent.h"

#include <gtest/gtest.h>

#include <memory>

#include "ringdl/nn.h"
#include "ringdl/tensor/math.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

/// A fused cell that says it cannot run sequences, so that Recurrent unrolls it through clones.
template <typename Base>
class Unrolled : public Base {
 public:
  using Base::Base;
  bool runsSequences() const override { return false; }
};

// The cell kinds, fused and unrolled over the same weights.
struct Kind {
  const char* name;
  ModulePtr<double> (*fused)();
  ModulePtr<double> (*unrolled)();
};
template <template <typename> class C>
ModulePtr<double> fusedOf() {
  return std::make_shared<C<double>>(3, 4);
}
template <template <typename> class C>
ModulePtr<double> unrolledOf() {
  return std::make_shared<Unrolled<C<double>>>(3, 4);
}
const Kind kKinds[] = {{"RnnCell", fusedOf<RnnCell>, unrolledOf<RnnCell>},
                       {"LSTM", fusedOf<LSTM>, unrolledOf<LSTM>},
                       {"LSTMPeephole", fusedOf<LSTMPeephole>, unrolledOf<LSTMPeephole>},
                       {"GRU", fusedOf<GRU>, unrolledOf<GRU>}};

Activity<double> withLengths(const Tensor<double>& x, std::vector<double> lengths) {
  const int64_t n = static_cast<int64_t>(lengths.size());
  return Activity<double>::table({Activity<double>(x), Activity<double>(Tensor<double>::fromVector({n}, lengths))});
}

void expectNear(const Tensor<double>& a, const Tensor<double>& b, double tol = 1e-12) {
  ASSERT_EQ(a.shape(), b.shape());
  EXPECT_TRUE(allClose(a, b, 0, tol)) << "differ beyond " << tol;
}

TEST(Recurrent, FusedKernelsEqualTheCellUnrolledStepByStep) {
  for (const Kind& k : kKinds) {
    SCOPED_TRACE(k.name);
    Recurrent<double> fused(k.fused()), unrolled(k.unrolled());
    auto [wf, gf] = fused.getParameters();
    unrolled.cell()->shareParameters(*fused.cell());  // the same weights and gradients
    const Tensor<double> x = test::randomTensor({3, 5, 3}, 11);
    const Activity<double> in = withLengths(x, {5, 2, 4});
    const Tensor<double> gy = test::randomTensor({3, 5, 4}, 12);
    gf.zero();
    const Tensor<double> yf = fused.forward(in).toTensor().clone();
    const Tensor<double> gxf = fused.backward(in, gy)[0].toTensor().clone();
    const Tensor<double> gradF = gf.clone();
    gf.zero();
    const Tensor<double> yu = unrolled.forward(in).toTensor().clone();
    const Tensor<double> gxu = unrolled.backward(in, gy)[0].toTensor().clone();
    expectNear(yf, yu);
    expectNear(gxf, gxu);
    expectNear(gradF, gf);
    for (size_t s = 0; s < fused.getHiddenState().size(); ++s) {
      expectNear(fused.getHiddenState()[s], unrolled.getHiddenState()[s]);
      expectNear(fused.gradHiddenState()[s], unrolled.gradHiddenState()[s]);
    }
  }
}

TEST(Recurrent, PaddedStepsChangeNothingAtRealSteps) {
  for (const Kind& k : kKinds) {
    for (bool fusedPath : {true, false}) {
      SCOPED_TRACE(std::string(k.name) + (fusedPath ? " fused" : " unrolled"));
      Recurrent<double> r(fusedPath ? k.fused() : k.unrolled());
      auto [w, g] = r.getParameters();
      const std::vector<double> lengths = {2, 5, 3};
      Tensor<double> x = test::randomTensor({3, 5, 3}, 21);
      const Tensor<double> gy = test::randomTensor({3, 5, 4}, 22);
      g.zero();
      const Tensor<double> y1 = r.forward(withLengths(x, lengths)).toTensor().clone();
      const Tensor<double> gx1 = r.backward(withLengths(x, lengths), gy)[0].toTensor().clone();
      const Tensor<double> grad1 = g.clone();
      const std::vector<Tensor<double>> h1 = r.getHiddenState();
      // Other values in the padding: nothing real may change.
      for (int64_t i = 0; i < 3; ++i)
        for (int64_t t = static_cast<int64_t>(lengths[i]); t < 5; ++t)
          for (int64_t j = 0; j < 3; ++j) x.at({i, t, j}) = 100.0 + t + j;
      g.zero();
      const Tensor<double> y2 = r.forward(withLengths(x, lengths)).toTensor().clone();
      const Tensor<double> gx2 = r.backward(withLengths(x, lengths), gy)[0].toTensor().clone();
      expectNear(y1, y2, 0);
      expectNear(gx1, gx2, 0);
      expectNear(grad1, g, 0);
      for (size_t s = 0; s < h1.size(); ++s) expectNear(h1[s], r.getHiddenState()[s], 0);
      for (int64_t i = 0; i < 3; ++i)
        for (int64_t t = static_cast<int64_t>(lengths[i]); t < 5; ++t)
          for (int64_t j = 0; j < 4; ++j) {
            EXPECT_EQ(y1.at({i, t, j}), 0.0) << "padded output";
            if (j < 3) EXPECT_EQ(gx1.at({i, t, j}), 0.0) << "padded input's gradient";
          }
    }
  }
}

TEST(Recurrent, EachSampleEqualsItsOwnSequenceCutToItsLength) {
  Recurrent<double> batched(std::make_shared<LSTM<double>>(3, 4), /*returnSequences=*/false);
  const Tensor<double> x = test::randomTensor({2, 6, 3}, 31);
  const Tensor<double> y = batched.forward(withLengths(x, {6, 3})).toTensor().clone();
  const std::vector<Tensor<double>> hT = batched.getHiddenState();
  Recurrent<double> alone(batched.cell()->clone(), false);
  const Tensor<double> x1 = x.narrow(0, 1, 1).narrow(1, 0, 3).contiguous();
  const Tensor<double> y1 = alone.forward(x1).toTensor();
  expectNear(y.narrow(0, 1, 1).contiguous(), y1);
  expectNear(hT[1].narrow(0, 1, 1).contiguous(), alone.getHiddenState()[1]);  // c
}

TEST(Recurrent, StartsFromTheHiddenStateSetAndGivesItsGradient) {
  auto lstm = std::make_shared<LSTM<double>>(3, 4);
  Recurrent<double> r(lstm);
  const Tensor<double> x = test::randomTensor({2, 3, 3}, 41);
  const std::vector<Tensor<double>> h0 = {test::randomTensor({2, 4}, 42), test::randomTensor({2, 4}, 43)};
  r.setHiddenState(h0);
  const Tensor<double> gy = test::randomTensor({2, 3, 4}, 44);
  r.forward(x);
  r.backward(x, gy);
  // The cell by hand from h0, step by step.
  std::vector<Activity<double>> s = {Activity<double>(h0[0]), Activity<double>(h0[1])};
  auto step = lstm->clone(true);
  for (int64_t t = 0; t < 3; ++t) {
    const Activity<double>& out =
        step->forward(Activity<double>::table({x.select(1, t).contiguous(), Activity<double>::table(s)}));
    expectNear(r.output().toTensor().select(1, t).contiguous(), out[0].toTensor());
    s = out[1].toTable();
  }
  // d(sum(y * gy)) / dh0[0][0, 1] by central differences.
  auto loss = [&](double delta) {
    std::vector<Tensor<double>> h = {h0[0].clone(), h0[1].clone()};
    h[0].at({0, 1}) += delta;
    Recurrent<double> probe(lstm->clone(true));
    probe.setHiddenState(h);
    return dot(probe.forward(x).toTensor().contiguous(), gy);
  };
  const double numeric = (loss(1e-6) - loss(-1e-6)) / 2e-6;
  EXPECT_NEAR(r.gradHiddenState()[0].at({0, 1}), numeric, 1e-7);
  EXPECT_CONTAINS(test::errorOf([&] { r.setHiddenState({h0[0]}).forward(x); }), "setHiddenState gave 1 states");
}

TEST(Recurrent, SharedWeightsAreCompleteOnceAfterTheWholeBackward) {
  for (bool fusedPath : {true, false}) {
    SCOPED_TRACE(fusedPath ? "fused" : "unrolled");
    Recurrent<double> r(fusedPath ? kKinds[3].fused() : kKinds[3].unrolled());
    Module<double>& cell = *r.cell();
    int hooks = 0;
    int64_t pendingAtHook = -1;
    cell.setBackwardHook([&](Module<double>& m) {
      ++hooks;
      pendingAtHook = m.pendingBackwards();
    });
    r.training();
    const Tensor<double> x = test::randomTensor({2, 4, 3}, 51);
    r.forward(x);
    EXPECT_GE(cell.pendingBackwards(), 1);
    r.backward(x, test::randomTensor({2, 4, 4}, 52));
    EXPECT_EQ(hooks, 1) << "one hook per sequence, after its first step's backward";
    EXPECT_EQ(pendingAtHook, 0);
  }
}

TEST(Recurrent, AFrozenCellGetsNoGradient) {
  Recurrent<double> r(std::make_shared<GRU<double>>(3, 4));
  r.freeze();
  const Tensor<double> x = test::randomTensor({2, 3, 3}, 61);
  r.forward(x);
  const Tensor<double> gx = r.backward(x, test::randomTensor({2, 3, 4}, 62)).toTensor();
  for (const ParamRef<double>& p : r.parameters()) EXPECT_EQ(norm2(*p.grad), 0.0) << p.name;
  EXPECT_GT(norm2(gx), 0.0);
}

TEST(Recurrent, ErrorsSayWhatIsWrong) {
  EXPECT_CONTAINS(test::errorOf([] { Recurrent<double> r(std::make_shared<Linear<double>>(3, 4)); }),
                  "is not a recurrent cell");
  Recurrent<double> r(std::make_shared<LSTM<double>>(3, 4));
  const Tensor<double> x = test::randomTensor({2, 3, 3}, 71);
  EXPECT_CONTAINS(test::errorOf([&] { r.forward(withLengths(x, {3, 4})); }), "sample 1 has length 4");
  EXPECT_CONTAINS(test::errorOf([&] { r.forward(withLengths(x, {3, 1.5})); }), "whole numbers");
  const Tensor<double> gapMask = Tensor<double>::fromVector({2, 3}, {1, 0, 1, 1, 1, 1});
  EXPECT_CONTAINS(test::errorOf([&] { r.forward(Activity<double>::table({x, gapMask})); }),
                  "the mask of sample 0 has a real step 2 after padding at step 1");
  EXPECT_CONTAINS(test::errorOf([&] { r.forward(test::randomTensor({2, 3}, 72)); }), "[N, T, ...]");
  EXPECT_CONTAINS(test::errorOf([&] { r.add(std::make_shared<GRU<double>>(3, 4)); }), "has a cell already");
  EXPECT_CONTAINS(test::errorOf([] { BiRecurrent<double> b(std::make_shared<GRU<double>>(3, 4), "max"); }),
                  "merge must be concat, sum, ave or mul");
  EXPECT_CONTAINS(test::errorOf([] { RnnCell<double> c(3, 4, "sigmoid"); }), "activation must be");
}

}  // namespace
}  // namespace ringdl
