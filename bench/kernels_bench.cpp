// Microbenchmarks (Google Benchmark): GEMM, LeNet-5's convolutions forward and backward, and one whole LeNet-5
// and MLP training iteration at batch 128. Nothing here asserts on time; see docs/performance.md.
#include <benchmark/benchmark.h>

#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor.h"

namespace ringdl {
namespace {

Tensor<float> randn(const Shape& s, uint64_t seed = 1) {
  Tensor<float> t(s);
  Random(seed).fillNormal(t, 0, 1);
  return t;
}

void BM_Sgemm(benchmark::State& state) {
  const int64_t n = state.range(0);
  Tensor<float> a = randn({n, n}, 1), b = randn({n, n}, 2), c({n, n});
  for (auto _ : state) {
    gemm<float>(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * n * n * n * state.iterations(), benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_Sgemm)->Arg(128)->Arg(512)->Arg(1024)->Unit(benchmark::kMicrosecond);

// args: input channels, output channels, input size (square), kernel 5, batch 128: LeNet-5's two convolutions.
void BM_ConvForward(benchmark::State& state) {
  SpatialConvolution<float> conv(state.range(0), state.range(1), 5, 5);
  Tensor<float> x = randn({128, state.range(0), state.range(2), state.range(2)});
  for (auto _ : state) benchmark::DoNotOptimize(conv.forward(x).toTensor().data());
  state.counters["images/s"] = benchmark::Counter(128.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ConvForward)->Args({1, 6, 28})->Args({6, 12, 12})->Unit(benchmark::kMicrosecond);

void BM_ConvBackward(benchmark::State& state) {
  SpatialConvolution<float> conv(state.range(0), state.range(1), 5, 5);
  Tensor<float> x = randn({128, state.range(0), state.range(2), state.range(2)});
  const Tensor<float> y = conv.forward(x).toTensor().clone();
  Tensor<float> gy = randn(y.shape(), 3);
  for (auto _ : state) benchmark::DoNotOptimize(conv.backward(x, gy).toTensor().data());
  state.counters["images/s"] = benchmark::Counter(128.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ConvBackward)->Args({1, 6, 28})->Args({6, 12, 12})->Unit(benchmark::kMicrosecond);

void trainIteration(benchmark::State& state, ModulePtr<float> model) {
  Tensor<float> x = randn({128, 1, 28, 28});
  Tensor<float> y({128});
  for (int64_t i = 0; i < 128; ++i) y.data()[i] = static_cast<float>(i % 10);
  ClassNLLCriterion<float> nll;
  SGD<float> sgd(SGDOptions().lr(0.01).withMomentum(0.9));
  auto [w, g] = model->getParameters();
  model->setGradInputNeeded(false);
  for (auto _ : state) {
    g.zero();
    const auto& out = model->forward(x);
    nll.forward(out, y);
    model->backward(x, nll.backward(out, y));
    sgd.update(w, g);
  }
  state.counters["images/s"] = benchmark::Counter(128.0 * state.iterations(), benchmark::Counter::kIsRate);
}
void BM_LeNet5Iteration(benchmark::State& state) { trainIteration(state, lenet5<float>()); }
void BM_MlpIteration(benchmark::State& state) { trainIteration(state, mlp<float>()); }
BENCHMARK(BM_LeNet5Iteration)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpIteration)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ringdl

BENCHMARK_MAIN();
