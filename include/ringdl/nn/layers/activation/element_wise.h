// ElementWise<T, Fn>: the base of every element-wise activation (mlpack's BaseLayer, Caffe's NeuronLayer).
// A layer is a functor Fn; the base does the shapes, the checks, the loops and the options:
//
//   struct LeakyReLUFn {
//     static constexpr const char* kName = "LeakyReLU";
//     double negval = 0.01;                                            // the layer's options,
//     template <typename V> void fields(V& v) { v("negval", negval); }  // listed once (nn/options.h)
//     template <typename T> T f(T x) const { return x > 0 ? x : T(negval) * x; }     // y = f(x)
//     template <typename T> T df(T x, T y) const { return x > 0 ? T(1) : T(negval); } // dy/dx, from x and y
//   };
//   template <typename T> using LeakyReLU = ElementWise<T, LeakyReLUFn>;
//
// A functor may also give a vectorised forward over a whole array, `template <typename T> void map(const T*
// x, T* y, int64_t n) const`, which the base then uses instead of f (Tanh and Sigmoid use Eigen's kernels).
// Fn may declare `void check() const` to validate its options (called on construction).
#pragma once

#include <type_traits>
#include <utility>

#include "ringdl/nn/options.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

namespace detail {
template <typename Fn, typename T, typename = void>
struct HasMap : std::false_type {};
template <typename Fn, typename T>
struct HasMap<Fn, T,
              std::void_t<decltype(std::declval<const Fn&>().map(std::declval<const T*>(), std::declval<T*>(),
                                                                 int64_t{0}))>> : std::true_type {};
template <typename Fn, typename = void>
struct HasCheck : std::false_type {};
template <typename Fn>
struct HasCheck<Fn, std::void_t<decltype(std::declval<const Fn&>().check())>> : std::true_type {};
}  // namespace detail

template <typename T, typename Fn>
class ElementWise : public TensorModule<T> {
 public:
  using Options = Fn;

  explicit ElementWise(Fn fn = Fn{}) : TensorModule<T>(Fn::kName), fn_(std::move(fn)) {
    if constexpr (detail::HasCheck<Fn>::value) fn_.check();
  }
  /// Rebuilds from config() (the layer registry's constructor).
  explicit ElementWise(const Attributes& a) : ElementWise(optionsFrom<Fn>(a, Fn::kName)) {}

  Attributes config() const override { return attributesOf(fn_); }
  const Fn& options() const { return fn_; }

 protected:
  void updateOutput(const Tensor<T>& input, Tensor<T>& output) override {
    const Tensor<T> x = input.contiguous();
    output.resize(x.shape());
    const T* in = x.data();
    T* out = output.data();
    const int64_t n = x.numel();
    if constexpr (detail::HasMap<Fn, T>::value) {
      fn_.map(in, out, n);
    } else {
      for (int64_t i = 0; i < n; ++i) out[i] = fn_.template f<T>(in[i]);
    }
  }

  void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) override {
    const Tensor<T>& y = this->outputTensor();
    RINGDL_CHECK_LAYER(gradOutput.shape() == input.shape() && y.shape() == input.shape(), "gradOutput shape ",
                       toString(gradOutput.shape()), " and output shape ", toString(y.shape()),
                       " must equal the input shape ", toString(input.shape()));
    const Tensor<T> x = input.contiguous();
    const Tensor<T> go = gradOutput.contiguous();
    gradInput.resize(input.shape());
    const T* in = x.data();
    const T* out = y.data();
    const T* g = go.data();
    T* gi = gradInput.data();
    const int64_t n = input.numel();
    for (int64_t i = 0; i < n; ++i) gi[i] = g[i] * fn_.template df<T>(in[i], out[i]);
  }

 private:
  Fn fn_;
};

/// The explicit instantiations of a family's functors: its header lists them in an X-macro and declares
/// FAMILY(RINGDL_EXTERN_ELEMENT_WISE); its source file FAMILY(RINGDL_INSTANTIATE_ELEMENT_WISE).
#define RINGDL_EXTERN_ELEMENT_WISE(Fn)          \
  extern template class ElementWise<float, Fn>; \
  extern template class ElementWise<double, Fn>;
#define RINGDL_INSTANTIATE_ELEMENT_WISE(Fn) \
  template class ElementWise<float, Fn>;    \
  template class ElementWise<double, Fn>;

}  // namespace ringdl
