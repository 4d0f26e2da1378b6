// Microbenchmarks (Google Benchmark): GEMM, LeNet-5's convolutions pass by pass on each backend (gemm, dnnl,
// auto), and one whole LeNet-5 and MLP training iteration at batch 128. Nothing here asserts on time; see
// docs/performance.md.
#include <benchmark/benchmark.h>

#include <memory>

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
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * n * n * state.iterations(),
                                                 benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_Sgemm)->Arg(128)->Arg(512)->Arg(1024)->Unit(benchmark::kMicrosecond);

// The GEMMs of the im2col path at batch 128, args: m, n, k, transB (row-major, C = A op(B)). LeNet-5's first
// convolution: forward 6x73,728x25 and gradWeight 6x25 over a 73,728-long reduction; its second: forward
// 12x8,192x150 and gradWeight 12x150 over 8,192.
void BM_SgemmConvShapes(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const bool transB = state.range(3) != 0;
  Tensor<float> a = randn({m, k}, 1), b = randn(transB ? Shape{n, k} : Shape{k, n}, 2), c({m, n});
  for (auto _ : state) {
    gemmRaw<float>(false, transB, m, n, k, 1.0f, a.data(), k, b.data(), transB ? k : n, 0.0f, c.data(), n);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * m * n * k * state.iterations(),
                                                 benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_SgemmConvShapes)
    ->Args({6, 73728, 25, 0})
    ->Args({6, 25, 73728, 1})
    ->Args({12, 8192, 150, 0})
    ->Args({12, 150, 8192, 1})
    ->Unit(benchmark::kMicrosecond);

/// Sets every SpatialConvolution in model to backend; false (and the benchmark skipped) if unavailable.
bool useBackend(benchmark::State& state, Module<float>& model, ConvBackend backend) {
  if (!SpatialConvolution<float>::backendAvailable(backend)) {
    state.SkipWithError("this build has no oneDNN");
    return false;
  }
  if (auto* conv = dynamic_cast<SpatialConvolution<float>*>(&model)) conv->setBackend(backend);
  for (Module<float>* child : model.children())
    if (!useBackend(state, *child, backend)) return false;
  return true;
}

// Convolutions at batch 128, args: input channels, output channels, input size (square), kernel size
// (square), padding; stride 1. LeNet-5's two (5x5, no padding) and a ResNet-20 one (16 planes, 3x3, padding
// 1, 32x32) for a shape with more channels. BENCHMARK_CAPTURE's name is the backend.
struct ConvCase {
  std::unique_ptr<SpatialConvolution<float>> conv;
  Tensor<float> x, gy;
};

ConvCase convCase(benchmark::State& state, ConvBackend backend) {
  ConvCase c;
  const int64_t k = state.range(3), pad = state.range(4);
  c.conv = std::make_unique<SpatialConvolution<float>>(state.range(0), state.range(1), k, k, 1, 1, pad, pad);
  c.x = randn({128, state.range(0), state.range(2), state.range(2)});
  const Tensor<float> y = c.conv->forward(c.x).toTensor().clone();
  c.gy = randn(y.shape(), 3);
  return c;
}

void imagesPerSecond(benchmark::State& state) {
  state.counters["images/s"] = benchmark::Counter(128.0 * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_ConvForward(benchmark::State& state, ConvBackend backend) {
  ConvCase c = convCase(state, backend);
  if (!useBackend(state, *c.conv, backend)) return;
  for (auto _ : state) benchmark::DoNotOptimize(c.conv->forward(c.x).toTensor().data());
  imagesPerSecond(state);
}

/// The input gradient alone (updateGradInput).
void BM_ConvBackwardData(benchmark::State& state, ConvBackend backend) {
  ConvCase c = convCase(state, backend);
  if (!useBackend(state, *c.conv, backend)) return;
  c.conv->forward(c.x);
  Module<float>& m = *c.conv;  // the public Activity overload, which the layer's Tensor hook hides
  for (auto _ : state) benchmark::DoNotOptimize(m.updateGradInput(c.x, c.gy).toTensor().data());
  imagesPerSecond(state);
}

/// The weight and bias gradients alone: backward with the input gradient skipped, as for a first layer.
void BM_ConvBackwardWeights(benchmark::State& state, ConvBackend backend) {
  ConvCase c = convCase(state, backend);
  if (!useBackend(state, *c.conv, backend)) return;
  c.conv->setGradInputNeeded(false);
  c.conv->forward(c.x);
  for (auto _ : state) {
    c.conv->backward(c.x, c.gy);
    benchmark::DoNotOptimize(c.conv->parameters()[0].grad->data());
  }
  imagesPerSecond(state);
}

/// Both gradients, as for every layer but the first.
void BM_ConvBackward(benchmark::State& state, ConvBackend backend) {
  ConvCase c = convCase(state, backend);
  if (!useBackend(state, *c.conv, backend)) return;
  c.conv->forward(c.x);
  for (auto _ : state) benchmark::DoNotOptimize(c.conv->backward(c.x, c.gy).toTensor().data());
  imagesPerSecond(state);
}

/// One training step's share: forward, then backward, without the input gradient for a one-plane input (a
/// first layer). The honest figure when the passes run on different backends, since a GEMM weight pass after
/// a oneDNN forward has to build the im2col columns itself.
void BM_ConvStep(benchmark::State& state, ConvBackend backend) {
  ConvCase c = convCase(state, backend);
  if (!useBackend(state, *c.conv, backend)) return;
  c.conv->setGradInputNeeded(state.range(0) > 1);
  for (auto _ : state) {
    c.conv->forward(c.x);
    c.conv->backward(c.x, c.gy);
    benchmark::DoNotOptimize(c.conv->parameters()[0].grad->data());
  }
  imagesPerSecond(state);
}

void convShapes(benchmark::internal::Benchmark* b) {
  b->Args({1, 6, 28, 5, 0})->Args({6, 12, 12, 5, 0})->Args({16, 16, 32, 3, 1})->Unit(benchmark::kMicrosecond);
}
#define RINGDL_CONV_BENCH(fn)                                         \
  BENCHMARK_CAPTURE(fn, gemm, ConvBackend::kGemm)->Apply(convShapes); \
  BENCHMARK_CAPTURE(fn, dnnl, ConvBackend::kDnnl)->Apply(convShapes); \
  BENCHMARK_CAPTURE(fn, auto, ConvBackend::kAuto)->Apply(convShapes)
RINGDL_CONV_BENCH(BM_ConvForward);
RINGDL_CONV_BENCH(BM_ConvBackwardData);
RINGDL_CONV_BENCH(BM_ConvBackwardWeights);
RINGDL_CONV_BENCH(BM_ConvBackward);
RINGDL_CONV_BENCH(BM_ConvStep);

void trainIteration(benchmark::State& state, ModulePtr<float> model, ConvBackend backend) {
  if (!useBackend(state, *model, backend)) return;
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
  imagesPerSecond(state);
}
void BM_LeNet5Iteration(benchmark::State& state, ConvBackend backend) {
  trainIteration(state, lenet5<float>(), backend);
}
void BM_MlpIteration(benchmark::State& state) { trainIteration(state, mlp<float>(), ConvBackend::kAuto); }
BENCHMARK_CAPTURE(BM_LeNet5Iteration, gemm, ConvBackend::kGemm)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LeNet5Iteration, dnnl, ConvBackend::kDnnl)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LeNet5Iteration, auto, ConvBackend::kAuto) -> Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpIteration)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ringdl

BENCHMARK_MAIN();
