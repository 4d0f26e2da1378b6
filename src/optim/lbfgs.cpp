// LBFGS<T>: torch.optim.LBFGS's step and strong-Wolfe line search over the flat buffers. Dot products and
// scalars are in double; vectors stay in T as PyTorch keeps them in the parameters' type.
#include "ringdl/optim/lbfgs.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace ringdl {

namespace {

template <typename T>
double dot(const T* a, const T* b, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

template <typename T>
double maxAbs(const T* a, int64_t n) {
  double m = 0;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, static_cast<double>(std::abs(a[i])));
  return m;
}

// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clipped to [lo, hi]
// (Nocedal & Wright, 3.59); the middle of the bounds when the cubic has no minimiser.
double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                        double hi) {
  const double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const double d2Square = d1 * d1 - g1 * g2;
  if (d2Square < 0) return (lo + hi) / 2;
  const double d2 = std::sqrt(d2Square);
  const double minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                                 : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return std::min(std::max(minPos, lo), hi);
}
double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
  return cubicInterpolate(x1, f1, g1, x2, f2, g2, std::min(x1, x2), std::max(x1, x2));
}

// Appends row (n elements) to a history of rows, dropping the oldest when it holds `capacity` rows.
template <typename T>
void pushRow(Tensor<T>& history, const Tensor<T>& row, int64_t n, int64_t capacity) {
  const int64_t rows = history.numel() / n;
  if (rows == capacity) {
    T* h = history.data();
    std::memmove(h, h + n, sizeof(T) * static_cast<size_t>(n * (rows - 1)));
    std::copy(row.data(), row.data() + n, h + n * (rows - 1));
    return;
  }
  Tensor<T> grown({(rows + 1) * n});
  if (rows > 0) std::copy(history.data(), history.data() + rows * n, grown.data());
  std::copy(row.data(), row.data() + n, grown.data() + rows * n);
  history = grown;
}

}  // namespace

template <typename T>
LBFGS<T>::LBFGS(const LBFGSOptions& options) : ConfiguredMethod<T, LBFGSOptions>("LBFGS", options) {
  const LBFGSOptions& o = this->options_;
  RINGDL_CHECK(o.learningRate > 0, "LBFGS learning_rate must be > 0, got ", o.learningRate);
  RINGDL_CHECK(o.maxIter >= 1, "LBFGS max_iter must be >= 1, got ", o.maxIter);
  RINGDL_CHECK(o.maxEval >= 0, "LBFGS max_eval must be >= 0 (0: no limit), got ", o.maxEval);
  RINGDL_CHECK(o.tolFun >= 0, "LBFGS tol_fun must be >= 0, got ", o.tolFun);
  RINGDL_CHECK(o.tolX >= 0, "LBFGS tol_x must be >= 0, got ", o.tolX);
  RINGDL_CHECK(o.nCorrection >= 1, "LBFGS n_correction must be >= 1, got ", o.nCorrection);
  RINGDL_CHECK(o.lineSearch == "none" || o.lineSearch == "strong_wolfe",
               "LBFGS line_search must be none or strong_wolfe, got '", o.lineSearch, "'");
}

template <typename T>
double LBFGS<T>::optimize(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads) {
  return run(feval, weights, grads, this->options_.maxIter);
}

template <typename T>
void LBFGS<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  RINGDL_CHECK(this->options_.lineSearch == "none",
               "LBFGS with line_search strong_wolfe evaluates the loss several times per step: train it with "
               "an Optimizer, or call optimize(feval, weights, grads) instead of update()");
  // One iteration from the gradient given; its loss is not needed when no second evaluation follows.
  run([] { return 0.0; }, weights, const_cast<Tensor<T>&>(grads), 1);
}

template <typename T>
double LBFGS<T>::strongWolfe(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads,
                             const Tensor<T>& d, double t, double f, const Tensor<T>& g, double gtd,
                             double& fNew, Tensor<T>& gNew, int64_t& evals) {
  constexpr double c1 = 1e-4, c2 = 0.9;
  constexpr int maxLs = 25;
  const double tolX = this->options_.tolX;
  const int64_t n = weights.numel();
  const Tensor<T> x = weights.clone();
  const double dNorm = maxAbs(d.data(), n);
  // The loss and gradient at x + t d; the weights go back to x.
  auto evaluate = [&](double step, Tensor<T>& gradOut) {
    T* w = weights.data();
    const T s = static_cast<T>(step);
    for (int64_t i = 0; i < n; ++i) w[i] += s * d.data()[i];
    const double loss = feval();
    gradOut = grads.clone();
    std::copy(x.data(), x.data() + n, w);
    ++evals;
    return loss;
  };

  fNew = evaluate(t, gNew);
  double gtdNew = dot(gNew.data(), d.data(), n);
  double tPrev = 0, fPrev = f, gtdPrev = gtd;
  Tensor<T> gPrev = g.clone();
  bool done = false;
  int lsIter = 0;
  double bracket[2] = {0, 0}, bracketF[2] = {0, 0}, bracketGtd[2] = {0, 0};
  Tensor<T> bracketG[2];
  int brackets = 0;
  while (lsIter < maxLs) {
    // In this order: a step both past a minimum and flat enough ends the search (PyTorch's order).
    const bool sufficientDecrease = !(fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev));
    if (sufficientDecrease && std::abs(gtdNew) <= -c2 * gtd) {
      bracket[0] = t, bracketF[0] = fNew, bracketG[0] = gNew;
      brackets = 1;
      done = true;
      break;
    }
    if (!sufficientDecrease || gtdNew >= 0) {
      bracket[0] = tPrev, bracket[1] = t;
      bracketF[0] = fPrev, bracketF[1] = fNew;
      bracketG[0] = gPrev, bracketG[1] = gNew.clone();
      bracketGtd[0] = gtdPrev, bracketGtd[1] = gtdNew;
      brackets = 2;
      break;
    }
    const double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;
    const double tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
    tPrev = tmp, fPrev = fNew, gPrev = gNew.clone(), gtdPrev = gtdNew;
    fNew = evaluate(t, gNew);
    gtdNew = dot(gNew.data(), d.data(), n);
    ++lsIter;
  }
  if (lsIter == maxLs) {
    bracket[0] = 0, bracket[1] = t;
    bracketF[0] = f, bracketF[1] = fNew;
    bracketG[0] = g.clone(), bracketG[1] = gNew;
    brackets = 2;
  }

  // Zoom: shrink the bracket until a step satisfies the strong Wolfe conditions.
  bool insufficientProgress = false;
  int low = bracketF[0] <= bracketF[brackets - 1] ? 0 : 1, high = 1 - low;
  while (!done && lsIter < maxLs) {
    if (std::abs(bracket[1] - bracket[0]) * dNorm < tolX) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    const double hi = std::max(bracket[0], bracket[1]), lo = std::min(bracket[0], bracket[1]);
    const double eps = 0.1 * (hi - lo);
    if (std::min(hi - t, t - lo) < eps) {
      if (insufficientProgress || t >= hi || t <= lo) {
        t = std::abs(t - hi) < std::abs(t - lo) ? hi - eps : lo + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    fNew = evaluate(t, gNew);
    gtdNew = dot(gNew.data(), d.data(), n);
    ++lsIter;
    if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]) {
      bracket[high] = t, bracketF[high] = fNew, bracketG[high] = gNew.clone(), bracketGtd[high] = gtdNew;
      low = bracketF[0] <= bracketF[1] ? 0 : 1;
      high = 1 - low;
    } else {
      if (std::abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low], bracketF[high] = bracketF[low];
        bracketG[high] = bracketG[low], bracketGtd[high] = bracketGtd[low];
      }
      bracket[low] = t, bracketF[low] = fNew, bracketG[low] = gNew.clone(), bracketGtd[low] = gtdNew;
    }
  }
  fNew = bracketF[low];
  gNew = bracketG[low];
  return bracket[low];
}

template <typename T>
double LBFGS<T>::run(const LossFunction& feval, Tensor<T>& weights, Tensor<T>& grads, int64_t maxIter) {
  this->checkBuffers(weights, grads);
  const LBFGSOptions& o = this->options_;
  const double lr = this->currentLearningRate();  // the schedule's, constant within a training iteration
  const int64_t n = weights.numel();
  auto& scalars = this->state_.scalars;
  auto& tensors = this->state_.tensors;
  const double origLoss = feval();
  double loss = origLoss;
  int64_t currentEvals = 1;
  scalars["funcEvals"] += 1;
  ++this->state_.step;
  Tensor<T> flatGrad = grads.clone();
  if (maxAbs(flatGrad.data(), n) <= o.tolFun) return origLoss;

  Tensor<T>& d = this->buffer("direction", n);
  Tensor<T>& prevGrad = this->buffer("previousGradient", n);
  Tensor<T>& dirs = tensors["oldDirs"];    // y = g - g_prev, one row per kept pair
  Tensor<T>& steps = tensors["oldSteps"];  // s = t d
  RINGDL_CHECK(dirs.numel() % n == 0 && dirs.numel() == steps.numel(), "LBFGS's history has ", dirs.numel(),
               " and ", steps.numel(), " elements, not rows of the model's ", n,
               " parameters; the optimizer state belongs to another model");
  double& t = scalars["t"];
  double& hDiag = scalars["hDiag"];
  double& prevLoss = scalars["previousLoss"];
  double& iterations = scalars["iterations"];
  T* dp = d.data();
  int64_t nIter = 0;
  while (nIter < maxIter) {
    ++nIter;
    iterations += 1;
    const T* g = flatGrad.data();
    if (iterations == 1) {
      for (int64_t i = 0; i < n; ++i) dp[i] = -g[i];
      dirs = Tensor<T>();
      steps = Tensor<T>();
      hDiag = 1;
    } else {
      Tensor<T> y({n}), s({n});
      const T tT = static_cast<T>(t);
      for (int64_t i = 0; i < n; ++i) {
        y.data()[i] = g[i] - prevGrad.data()[i];
        s.data()[i] = dp[i] * tT;
      }
      // Curvature scalars in T, as PyTorch keeps them in tensors of the parameters' type.
      const T ys = static_cast<T>(dot(y.data(), s.data(), n));
      if (ys > T(1e-10)) {
        pushRow(dirs, y, n, o.nCorrection);
        pushRow(steps, s, n, o.nCorrection);
        hDiag = static_cast<double>(ys / static_cast<T>(dot(y.data(), y.data(), n)));
      }
      // Two-loop recursion: d = -H g with the kept pairs, H0 = hDiag I.
      const int64_t k = dirs.numel() / n;
      std::vector<T> ro(k), al(k);
      for (int64_t j = 0; j < k; ++j)
        ro[j] = T(1) / static_cast<T>(dot(dirs.data() + j * n, steps.data() + j * n, n));
      for (int64_t i = 0; i < n; ++i) dp[i] = -g[i];
      for (int64_t j = k - 1; j >= 0; --j) {
        al[j] = static_cast<T>(dot(steps.data() + j * n, dp, n)) * ro[j];
        const T a = -al[j];
        const T* yj = dirs.data() + j * n;
        for (int64_t i = 0; i < n; ++i) dp[i] += a * yj[i];
      }
      const T h = static_cast<T>(hDiag);
      for (int64_t i = 0; i < n; ++i) dp[i] *= h;
      for (int64_t j = 0; j < k; ++j) {
        const T be = static_cast<T>(dot(dirs.data() + j * n, dp, n)) * ro[j];
        const T a = al[j] - be;
        const T* sj = steps.data() + j * n;
        for (int64_t i = 0; i < n; ++i) dp[i] += a * sj[i];
      }
    }
    std::copy(g, g + n, prevGrad.data());
    prevLoss = loss;
    // The first iteration ever scales its step by the gradient's size; later ones step learningRate.
    double absSum = 0;
    for (int64_t i = 0; i < n; ++i) absSum += std::abs(static_cast<double>(g[i]));
    if (iterations == 1) {
      const T scale = T(1) / static_cast<T>(absSum);
      t = scale < T(1) ? static_cast<double>(scale * static_cast<T>(lr)) : lr;
    } else {
      t = lr;
    }
    const double gtd = dot(g, dp, n);
    if (gtd > -o.tolX) break;  // not a descent direction

    int64_t lsEvals = 0;
    bool optimal = false;
    if (o.lineSearch == "strong_wolfe") {
      double fNew = 0;
      Tensor<T> gNew;
      t = strongWolfe(feval, weights, grads, d, t, loss, flatGrad, gtd, fNew, gNew, lsEvals);
      loss = fNew;
      flatGrad = gNew;
      const T tT = static_cast<T>(t);
      T* w = weights.data();
      for (int64_t i = 0; i < n; ++i) w[i] += tT * dp[i];
      optimal = maxAbs(flatGrad.data(), n) <= o.tolFun;
    } else {
      const T tT = static_cast<T>(t);
      T* w = weights.data();
      for (int64_t i = 0; i < n; ++i) w[i] += tT * dp[i];
      if (nIter != maxIter) {
        loss = feval();
        std::copy(grads.data(), grads.data() + n, flatGrad.data());
        optimal = maxAbs(flatGrad.data(), n) <= o.tolFun;
        lsEvals = 1;
      }
    }
    currentEvals += lsEvals;
    scalars["funcEvals"] += static_cast<double>(lsEvals);
    if (nIter == maxIter) break;
    if (o.maxEval > 0 && currentEvals >= o.maxEval) break;
    if (optimal) break;
    if (maxAbs(dp, n) * std::abs(t) <= o.tolX) break;
    if (std::abs(loss - prevLoss) < o.tolX) break;
  }
  return origLoss;
}

template class LBFGS<float>;
template class LBFGS<double>;

}  // namespace ringdl
