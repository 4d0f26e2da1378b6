// Gradient checker: central differences in double precision against a module's or criterion's backward,
// on inputs and on parameters. Inputs, outputs and targets are Activities, so table layers (CAddTable) and
// graphs with several inputs or outputs are checked like any layer. A layer test is then two lines: build the
// layer, call expectGradientsMatch.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "ringdl/nn/criterion.h"
#include "ringdl/nn/module.h"
#include "ringdl/tensor/random.h"
#include "support/activities.h"

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
  /// Input Tensors (leaves, depth first) left out of the input check: data that selects rather than weighs,
  /// such as RoiPooling's boxes, whose gradient is by design zero.
  std::set<size_t> skipInputs;
};

namespace detail {
/// The worst relative error of analytic against central differences of loss() over the elements of `values`
/// (perturbed in place and restored), and where it is.
struct Worst {
  double error = 0;
  int64_t at = -1;
};
template <typename Loss>
Worst worstError(Tensor<double>& values, const Tensor<double>& analytic, double eps, const Loss& loss) {
  Worst w;
  const Tensor<double> a = analytic.contiguous();
  for (int64_t i = 0; i < values.numel(); ++i) {
    const double saved = values.data()[i];
    values.data()[i] = saved + eps;
    const double lp = loss();
    values.data()[i] = saved - eps;
    const double lm = loss();
    values.data()[i] = saved;
    const double err = relativeError(a.data()[i], (lp - lm) / (2 * eps));
    if (err > w.error) w = {err, i};
  }
  return w;
}

/// " entry k" for the k-th tensor of a Table, "" for a Tensor.
inline std::string entry(size_t k, size_t n) { return n > 1 ? " of entry " + std::to_string(k) : ""; }
}  // namespace detail

/// Checks gradients of L(x, w) = sum(R * module(x)) for a fixed random R (over every tensor of the output).
/// Random layers (Dropout) see the same random stream on every forward because the global generator is
/// restored before each one.
inline void expectGradientsMatch(Module<double>& module, const Activity<double>& input,
                                 const GradCheckOptions& opt = {}) {
  Random& rng = Random::global();
  const std::string rngState = rng.state();
  auto run = [&](const Activity<double>& x) -> const Activity<double>& {
    rng.setState(rngState);
    return module.forward(x);
  };
  Activity<double> x = deepCopy(input);
  const std::vector<Tensor<double>*> xs = leaves(x);
  Activity<double> r = deepCopy(run(x));
  Random local(opt.seed);
  for (Tensor<double>* t : leaves(r)) local.fillUniform(*t, -1.0, 1.0);
  const std::vector<Tensor<double>*> rs = leaves(r);
  auto loss = [&]() {
    const std::vector<const Tensor<double>*> outs = leaves(run(x));
    double s = 0;
    for (size_t k = 0; k < outs.size(); ++k) {
      const Tensor<double> out = outs[k]->contiguous();
      const double* o = out.data();
      const double* rr = rs[k]->data();
      for (int64_t i = 0; i < out.numel(); ++i) s += o[i] * rr[i];
    }
    return s;
  };

  auto [weights, grads] = module.getParameters();
  module.zeroGradParameters();
  run(x);
  const Activity<double> gradInput = deepCopy(module.backward(x, r));
  const Tensor<double> gradParams = grads.clone();

  if (opt.checkInput) {
    ASSERT_EQ(describe(gradInput), describe(x))
        << module.name() << ": gradInput shape differs from input shape";
    const std::vector<const Tensor<double>*> gs = leaves(gradInput);
    for (size_t k = 0; k < xs.size(); ++k) {
      if (opt.skipInputs.count(k)) continue;
      const detail::Worst w = detail::worstError(*xs[k], *gs[k], opt.eps, loss);
      EXPECT_LE(w.error, opt.tolerance) << module.typeName() << ": gradInput error " << w.error
                                        << " at element " << w.at << detail::entry(k, xs.size());
    }
  }
  if (opt.checkParameters && weights.numel() > 0) {
    const detail::Worst w = detail::worstError(weights, gradParams, opt.eps, loss);
    EXPECT_LE(w.error, opt.tolerance)
        << module.typeName() << ": parameter gradient error " << w.error << " at flat index " << w.at;
  }
  rng.setState(rngState);
}

/// Checks a criterion's gradient with respect to its input.
inline void expectCriterionGradientsMatch(Criterion<double>& criterion, const Activity<double>& input,
                                          const Activity<double>& target, const GradCheckOptions& opt = {}) {
  Activity<double> x = deepCopy(input);
  const std::vector<Tensor<double>*> xs = leaves(x);
  criterion.forward(x, target);
  const Activity<double> gi = deepCopy(criterion.backward(x, target));
  ASSERT_EQ(describe(gi), describe(x))
      << criterion.typeName() << ": gradInput shape differs from input shape";
  const std::vector<const Tensor<double>*> gs = leaves(gi);
  auto loss = [&]() { return static_cast<double>(criterion.forward(x, target)); };
  for (size_t k = 0; k < xs.size(); ++k) {
    const detail::Worst w = detail::worstError(*xs[k], *gs[k], opt.eps, loss);
    EXPECT_LE(w.error, opt.tolerance) << criterion.typeName() << ": gradInput error " << w.error
                                      << " at element " << w.at << detail::entry(k, xs.size());
  }
}

/// A tensor filled from U(lo, hi) with a fixed seed.
inline Tensor<double> randomTensor(const Shape& shape, uint64_t seed = 7, double lo = -1, double hi = 1) {
  Tensor<double> t(shape);
  Random rng(seed);
  rng.fillUniform(t, lo, hi);
  return t;
}

}  // namespace ringdl::test
