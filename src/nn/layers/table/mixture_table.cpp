// MixtureTable<T>: contiguous loops over [samples, perSample, E, inner] (a Tensor of experts) or, per expert,
// [samples, inner] (a Table of experts); each gater weight scales one contiguous run of inner elements.
#include "ringdl/nn/layers/table/mixture_table.h"

#include <vector>

#include "../../detail/activity_shapes.h"
#include "../../detail/table_dimensions.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
MixtureTable<T>::MixtureTable(MixtureTableOptions options) : Module<T>("MixtureTable"), options_(options) {
  RINGDL_CHECK(!options_.dim || *options_.dim >= 0, "MixtureTable: dim must be 0 or more (0-based), got ",
               options_.dim.value_or(0));
}

template <typename T>
typename MixtureTable<T>::Geometry MixtureTable<T>::geometry(const Activity<T>& input) const {
  RINGDL_CHECK_LAYER(input.isTable() && input.toTable().size() == 2, "takes a Table {gater, experts}, got ",
                     detail::whatIs(input));
  const Activity<T>& gater = input[0];
  const Activity<T>& experts = input[1];
  RINGDL_CHECK_LAYER(gater.isTensor() && (gater.toTensor().dim() == 1 || gater.toTensor().dim() == 2),
                     "the gater (entry 0) must be a Tensor [N, E] (or [E] for one sample), got ",
                     detail::whatIs(gater));
  const Tensor<T>& g = gater.toTensor();
  const bool batch = g.dim() == 2;
  Geometry geo;
  geo.samples = batch ? g.size(0) : 1;
  geo.experts = g.size(-1);
  RINGDL_CHECK_LAYER(geo.experts > 0, "the gater ", ringdl::toString(g.shape()), " weighs no experts");

  if (experts.isTable()) {
    const std::vector<Activity<T>>& items = experts.toTable();
    RINGDL_CHECK_LAYER(static_cast<int64_t>(items.size()) == geo.experts, "the gater ",
                       ringdl::toString(g.shape()), " weighs ", geo.experts,
                       " experts but the experts (entry 1) are a Table of ", detail::entries(items.size()));
    for (size_t e = 0; e < items.size(); ++e)
      RINGDL_CHECK_LAYER(items[e].isTensor(), "expert ", e, " is ", detail::whatIs(items[e]),
                         "; the experts must be Tensors");
    const Shape& shape = items[0].toTensor().shape();
    for (size_t e = 1; e < items.size(); ++e)
      RINGDL_CHECK_LAYER(items[e].toTensor().shape() == shape, "expert ", e, " has shape ",
                         ringdl::toString(items[e].toTensor().shape()), " but expert 0 has ",
                         ringdl::toString(shape), "; the experts must have one shape");
    RINGDL_CHECK_LAYER(!batch || (!shape.empty() && shape[0] == geo.samples), "the gater ",
                       ringdl::toString(g.shape()), " has ", geo.samples,
                       " samples but the experts have shape ", ringdl::toString(shape), " (expected [",
                       geo.samples, ", ...])");
    geo.tableOfExperts = true;
    geo.inner = geo.samples == 0 ? 0 : numelOf(shape) / geo.samples;
    geo.outputShape = shape;
    return geo;
  }

  const Tensor<T>& x = experts.toTensor();
  const int64_t d = options_.dim.value_or(batch ? 1 : 0);
  RINGDL_CHECK_LAYER(d < x.dim() && (!batch || d >= 1), "dim ", d, " of the experts ",
                     ringdl::toString(x.shape()), " is out of range: with the gater ",
                     ringdl::toString(g.shape()),
                     batch ? " it must be 1 .. rank - 1 (0 is the batch)" : " it must be 0 .. rank - 1");
  RINGDL_CHECK_LAYER(x.size(d) == geo.experts, "the gater ", ringdl::toString(g.shape()), " weighs ",
                     geo.experts, " experts but the experts ", ringdl::toString(x.shape()), " have ",
                     x.size(d), " in dimension ", d);
  RINGDL_CHECK_LAYER(!batch || x.size(0) == geo.samples, "the gater ", ringdl::toString(g.shape()), " has ",
                     geo.samples, " samples but the experts ", ringdl::toString(x.shape()), " have ",
                     x.size(0));
  const auto [outer, inner] = detail::outerInner(x.shape(), d);
  geo.perSample = geo.samples == 0 ? 0 : outer / geo.samples;
  geo.inner = inner;
  geo.outputShape = x.shape();
  geo.outputShape.erase(geo.outputShape.begin() + d);
  return geo;
}

template <typename T>
const Activity<T>& MixtureTable<T>::updateOutput(const Activity<T>& input) {
  const Geometry geo = geometry(input);
  const int64_t E = geo.experts, inner = geo.inner;
  const Tensor<T> g = input[0].toTensor().contiguous();
  if (!this->output_.isTensor()) this->output_ = Activity<T>(Tensor<T>());
  Tensor<T>& out = this->output_.toTensor();
  out.resize(geo.outputShape).zero();
  T* y = out.data();
  if (geo.tableOfExperts) {
    // y[n, b] = sum_e g[n, e] x_e[n, b]
    for (int64_t e = 0; e < E; ++e) {
      const Tensor<T> xe = input[1][e].toTensor().contiguous();
      const T* x = xe.data();
      for (int64_t n = 0; n < geo.samples; ++n) {
        const T w = g.data()[n * E + e];
        for (int64_t b = 0; b < inner; ++b) y[n * inner + b] += w * x[n * inner + b];
      }
    }
    return this->output_;
  }
  // y[o, b] = sum_e g[n(o), e] x[o, e, b], o = n * perSample + p
  const Tensor<T> xs = input[1].toTensor().contiguous();
  const T* x = xs.data();
  for (int64_t n = 0; n < geo.samples; ++n)
    for (int64_t p = 0; p < geo.perSample; ++p) {
      const int64_t o = n * geo.perSample + p;
      for (int64_t e = 0; e < E; ++e) {
        const T w = g.data()[n * E + e];
        const T* xr = x + (o * E + e) * inner;
        for (int64_t b = 0; b < inner; ++b) y[o * inner + b] += w * xr[b];
      }
    }
  return this->output_;
}

template <typename T>
const Activity<T>& MixtureTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const Geometry geo = geometry(input);
  const int64_t E = geo.experts, inner = geo.inner;
  RINGDL_CHECK_LAYER(gradOutput.isTensor() && gradOutput.toTensor().shape() == geo.outputShape,
                     "gradOutput must have the output's shape ", ringdl::toString(geo.outputShape), ", got ",
                     detail::whatIs(gradOutput));
  const Tensor<T> gy = gradOutput.toTensor().contiguous();
  const Tensor<T> g = input[0].toTensor().contiguous();
  gradGater_.resize(g.shape()).zero();
  T* gg = gradGater_.data();
  const T* dy = gy.data();

  if (geo.tableOfExperts) {
    const Shape& shape = geo.outputShape;
    if (!gradExperts_.isTable()) gradExperts_ = Activity<T>::table({});
    std::vector<Activity<T>>& grads = gradExperts_.toTable();
    grads.resize(E);
    for (int64_t e = 0; e < E; ++e) {
      if (!grads[e].isTensor()) grads[e] = Activity<T>(Tensor<T>());
      T* gx = grads[e].toTensor().resize(shape).data();
      const Tensor<T> xe = input[1][e].toTensor().contiguous();
      const T* x = xe.data();
      for (int64_t n = 0; n < geo.samples; ++n) {
        const T w = g.data()[n * E + e];
        T dw = 0;
        for (int64_t b = 0; b < inner; ++b) {
          gx[n * inner + b] = w * dy[n * inner + b];
          dw += dy[n * inner + b] * x[n * inner + b];
        }
        gg[n * E + e] = dw;
      }
    }
  } else {
    const Tensor<T> xs = input[1].toTensor().contiguous();
    const T* x = xs.data();
    if (!gradExperts_.isTensor()) gradExperts_ = Activity<T>(Tensor<T>());
    T* gx = gradExperts_.toTensor().resize(xs.shape()).data();
    for (int64_t n = 0; n < geo.samples; ++n)
      for (int64_t p = 0; p < geo.perSample; ++p) {
        const int64_t o = n * geo.perSample + p;
        const T* dyr = dy + o * inner;
        for (int64_t e = 0; e < E; ++e) {
          const T w = g.data()[n * E + e];
          const T* xr = x + (o * E + e) * inner;
          T* gxr = gx + (o * E + e) * inner;
          T dw = 0;
          for (int64_t b = 0; b < inner; ++b) {
            gxr[b] = w * dyr[b];
            dw += dyr[b] * xr[b];
          }
          gg[n * E + e] += dw;
        }
      }
  }
  this->gradInput_ = Activity<T>::table({Activity<T>(gradGater_), gradExperts_});
  return this->gradInput_;
}

template class MixtureTable<float>;
template class MixtureTable<double>;

}  // namespace ringdl
