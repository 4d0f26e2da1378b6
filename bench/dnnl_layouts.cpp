// oneDNN's convolution passes on RingDL's shapes with each memory layout, timed with the reorders from and to
// RingDL's plain NCHW tensors: the measurements behind the layouts src/nn/detail/dnnl_convolution.cpp asks
// for. Usage: OMP_NUM_THREADS=1 dnnl_layouts   (docs/performance.md)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;

struct Shape {
  const char* name;
  int64_t batch, in, size, out, kernel, pad;
};

/// A layout choice for one pass: activations (src, dst and their gradients) and weights.
struct Layout {
  const char* name;
  Tag activations, weights;
};

/// Microseconds per call, the best of 5 rounds after a warm-up.
double time(const std::function<void()>& f) {
  for (int i = 0; i < 5; ++i) f();
  double best = 1e30;
  for (int round = 0; round < 5; ++round) {
    const int calls = 20;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) f();
    best =
        std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / calls);
  }
  return best * 1e6;
}

/// One pass's arguments: a user (plain) buffer per argument and, where the primitive wants another layout,
/// a reorder before (inputs) or after (outputs) it.
class Pass {
 public:
  Pass(const dnnl::engine& engine, dnnl::stream& stream) : engine_(engine), stream_(stream) {}
  void input(int arg, const memory::desc& plain, const memory::desc& wanted) {
    bind(arg, plain, wanted, true);
  }
  void output(int arg, const memory::desc& plain, const memory::desc& wanted) {
    bind(arg, plain, wanted, false);
  }
  double run(const dnnl::primitive& p) {
    return time([&] {
      for (auto& r : before_) r();
      p.execute(stream_, args_);
      for (auto& r : after_) r();
      stream_.wait();
    });
  }

 private:
  void bind(int arg, const memory::desc& plain, const memory::desc& wanted, bool in) {
    memory user(plain, engine_);
    std::fill_n(static_cast<float*>(user.get_data_handle()), plain.get_size() / sizeof(float), 0.5f);
    if (plain == wanted) {
      args_.emplace(arg, user);
      return;
    }
    memory inner(wanted, engine_);
    args_.emplace(arg, inner);
    if (in) {
      dnnl::reorder r(user, inner);
      before_.push_back([this, r, user, inner]() mutable { r.execute(stream_, user, inner); });
    } else {
      dnnl::reorder r(inner, user);
      after_.push_back([this, r, user, inner]() mutable { r.execute(stream_, inner, user); });
    }
  }
  const dnnl::engine& engine_;
  dnnl::stream& stream_;
  std::unordered_map<int, memory> args_;
  std::vector<std::function<void()>> before_, after_;
};

}  // namespace

int main() try {
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const Shape shapes[] = {{"LeNet-5 conv1 1->6 5x5 28x28", 128, 1, 28, 6, 5, 0},
                          {"LeNet-5 conv2 6->12 5x5 12x12", 128, 6, 12, 12, 5, 0},
                          {"ResNet-20 16->16 3x3 pad 1 32x32", 128, 16, 32, 16, 3, 1}};
  const Layout layouts[] = {{"nchw, plain weights", Tag::nchw, Tag::oihw},
                            {"any, plain weights", Tag::any, Tag::oihw},
                            {"any, any weights", Tag::any, Tag::any},
                            {"nhwc, any weights", Tag::nhwc, Tag::any}};
  std::printf("%-34s %-5s %-20s %10s  %s\n", "shape (batch 128)", "pass", "layout", "us/call",
              "oneDNN kernel");
  for (const Shape& s : shapes) {
    const int64_t outSize = s.size + 2 * s.pad - s.kernel + 1;
    const memory::dims src{s.batch, s.in, s.size, s.size}, dst{s.batch, s.out, outSize, outSize},
        weights{s.out, s.in, s.kernel, s.kernel}, bias{s.out}, strides{1, 1}, pad{s.pad, s.pad};
    const memory::desc plainSrc(src, kF32, Tag::nchw), plainDst(dst, kF32, Tag::nchw),
        plainWeights(weights, kF32, Tag::oihw), plainBias(bias, kF32, Tag::x);
    // The backward primitives need a forward one as a hint; its layouts do not constrain theirs.
    const dnnl::convolution_forward::primitive_desc hint({dnnl::prop_kind::forward_training,
                                                          dnnl::algorithm::convolution_direct,
                                                          {src, kF32, Tag::any},
                                                          {weights, kF32, Tag::any},
                                                          plainBias,
                                                          {dst, kF32, Tag::any},
                                                          strides,
                                                          pad,
                                                          pad},
                                                         engine);
    for (const Layout& l : layouts) {
      const memory::desc srcD(src, kF32, l.activations), dstD(dst, kF32, l.activations),
          weightsD(weights, kF32, l.weights);
      auto report = [&](const char* pass, const std::string& impl, double us) {
        std::printf("%-34s %-5s %-20s %10.0f  %s\n", s.name, pass, l.name, us, impl.c_str());
      };
      {
        const dnnl::convolution_forward::primitive_desc pd(
            {dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, srcD, weightsD,
             plainBias, dstD, strides, pad, pad},
            engine);
        Pass p(engine, stream);
        p.input(DNNL_ARG_SRC, plainSrc, pd.src_desc());
        p.input(DNNL_ARG_WEIGHTS, plainWeights, pd.weights_desc());
        p.input(DNNL_ARG_BIAS, plainBias, plainBias);
        p.output(DNNL_ARG_DST, plainDst, pd.dst_desc());
        report("fwd", pd.impl_info_str(), p.run(dnnl::convolution_forward(pd)));
      }
      {
        const dnnl::convolution_backward_data::primitive_desc pd(
            {dnnl::algorithm::convolution_direct, srcD, weightsD, dstD, strides, pad, pad}, engine, hint);
        Pass p(engine, stream);
        p.input(DNNL_ARG_DIFF_DST, plainDst, pd.diff_dst_desc());
        p.input(DNNL_ARG_WEIGHTS, plainWeights, pd.weights_desc());
        p.output(DNNL_ARG_DIFF_SRC, plainSrc, pd.diff_src_desc());
        report("data", pd.impl_info_str(), p.run(dnnl::convolution_backward_data(pd)));
      }
      {
        const dnnl::convolution_backward_weights::primitive_desc pd(
            {dnnl::algorithm::convolution_direct, srcD, weightsD, plainBias, dstD, strides, pad, pad}, engine,
            hint);
        Pass p(engine, stream);
        p.input(DNNL_ARG_SRC, plainSrc, pd.src_desc());
        p.input(DNNL_ARG_DIFF_DST, plainDst, pd.diff_dst_desc());
        p.output(DNNL_ARG_DIFF_WEIGHTS, plainWeights, pd.diff_weights_desc());
        p.output(DNNL_ARG_DIFF_BIAS, plainBias, pd.diff_bias_desc());
        report("wgt", pd.impl_info_str(), p.run(dnnl::convolution_backward_weights(pd)));
      }
    }
  }
  return 0;
} catch (const dnnl::error& e) {
  std::fprintf(stderr, "dnnl_layouts: %s\n", e.what());
  return 1;
}
