// Gradient checker: central differences in double precision against a module's or criterion's backward,
// on inputs and on parameters. A layer test is then two lines: build the layer, call expectGradientsMatch.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/module.h"
#include "ringdl/tensor/random.h"

namespace ringdl::test {

/// |analytic - numeric| / max(|analytic|, |numeric|, floor): relative, but absolute near zero.
inline double relativeError(double analytic, double numeric, double floor = 1e-3) {
  return std::abs(analytic - numeric) / std::max({std::abs(analytic), std::abs(numeric), floor});
}

struct GradCheckOptions {
  double eps = 1e-6;
  double tolerance = 1e-5;
  bool checkInput = true;
  bool checkParameters = true;
  uint64_t seed = 1234;
};

/// Checks gradients of L(x, w) = sum(R * module(x)) for a fixed random R. Random layers (Dropout) see the same
/// random stream on every forward because the global generator is restored before each one.
inline void expectGradientsMatch(Module<double>& module, const Tensor<double>& input,
                                 const GradCheckOptions& opt = {}) {
  Random& rng = Random::global();
  const std::string rngState = rng.state();
  auto run = [&](const Tensor<double>& x) -> const Tensor<double>& {
    rng.setState(rngState);
    return module.forward(x).toTensor();
  };
  Tensor<double> x = input.clone();
  Tensor<double> y = run(x).clone();
  Tensor<double> r(y.shape());
  Random local(opt.seed);
  local.fillUniform(r, -1.0, 1.0);
  auto loss = [&](const Tensor<double>& in) {
    const Tensor<double> out = run(in).contiguous();
    double s = 0;
    const double* o = out.data();
    const double* rr = r.data();
    for (int64_t i = 0; i < out.numel(); ++i) s += o[i] * rr[i];
    return s;
  };

  auto [weights, grads] = module.getParameters();
  module.zeroGradParameters();
  run(x);
  const Tensor<double> gradInput = module.backward(x, r).toTensor().clone();
  const Tensor<double> gradParams = grads.clone();

  if (opt.checkInput) {
    ASSERT_EQ(gradInput.shape(), x.shape()) << module.name() << ": gradInput shape differs from input shape";
    const Tensor<double> gi = gradInput.contiguous();
    double worst = 0;
    int64_t worstAt = -1;
    for (int64_t i = 0; i < x.numel(); ++i) {
      const double saved = x.data()[i];
      x.data()[i] = saved + opt.eps;
      const double lp = loss(x);
      x.data()[i] = saved - opt.eps;
      const double lm = loss(x);
      x.data()[i] = saved;
      const double err = relativeError(gi.data()[i], (lp - lm) / (2 * opt.eps));
      if (err > worst) worst = err, worstAt = i;
    }
    EXPECT_LE(worst, opt.tolerance) << module.typeName() << ": gradInput error " << worst << " at element "
                                    << worstAt;
  }
  if (opt.checkParameters && weights.numel() > 0) {
    double worst = 0;
    int64_t worstAt = -1;
    for (int64_t i = 0; i < weights.numel(); ++i) {
      const double saved = weights.data()[i];
      weights.data()[i] = saved + opt.eps;
      const double lp = loss(x);
      weights.data()[i] = saved - opt.eps;
      const double lm = loss(x);
      weights.data()[i] = saved;
      const double err = relativeError(gradParams.data()[i], (lp - lm) / (2 * opt.eps));
      if (err > worst) worst = err, worstAt = i;
    }
    EXPECT_LE(worst, opt.tolerance) << module.typeName() << ": parameter gradient error " << worst
                                    << " at flat index " << worstAt;
  }
  rng.setState(rngState);
}

/// Checks a criterion's gradient with respect to its input.
inline void expectCriterionGradientsMatch(Criterion<double>& criterion, const Tensor<double>& input,
                                          const Tensor<double>& target, const GradCheckOptions& opt = {}) {
  Tensor<double> x = input.clone();
  criterion.forward(x, target);
  const Tensor<double> gi = criterion.backward(x, target).toTensor().contiguous().clone();
  ASSERT_EQ(gi.shape(), x.shape()) << criterion.typeName() << ": gradInput shape differs from input shape";
  double worst = 0;
  int64_t worstAt = -1;
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double saved = x.data()[i];
    x.data()[i] = saved + opt.eps;
    const double lp = criterion.forward(x, target);
    x.data()[i] = saved - opt.eps;
    const double lm = criterion.forward(x, target);
    x.data()[i] = saved;
    const double err = relativeError(gi.data()[i], (lp - lm) / (2 * opt.eps));
    if (err > worst) worst = err, worstAt = i;
  }
  EXPECT_LE(worst, opt.tolerance) << criterion.typeName() << ": gradInput error " << worst << " at element "
                                  << worstAt;
}

/// A tensor filled from U(lo, hi) with a fixed seed.
inline Tensor<double> randomTensor(const Shape& shape, uint64_t seed = 7, double lo = -1, double hi = 1) {
  Tensor<double> t(shape);
  Random rng(seed);
  rng.fillUniform(t, lo, hi);
  return t;
}

}  // namespace ringdl::test
