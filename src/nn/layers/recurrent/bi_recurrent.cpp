// BiRecurrent<T>: two directions and their merge.
#include "ringdl/nn/layers/recurrent/bi_recurrent.h"

#include <memory>

namespace ringdl {

template <typename T>
BiRecurrent<T>::BiRecurrent(ModulePtr<T> cell, const std::string& merge, bool returnSequences)
    : BiRecurrent(BiRecurrentOptions{merge, returnSequences}) {
  if (cell) add(std::move(cell));
}

template <typename T>
BiRecurrent<T>::BiRecurrent(const BiRecurrentOptions& options) : Container<T>("BiRecurrent"), options_(options) {
  const std::string& m = options.merge;
  RINGDL_CHECK(m == "concat" || m == "sum" || m == "ave" || m == "mul",
               "BiRecurrent: merge must be concat, sum, ave or mul, got \"", m, "\"");
  merge_ = m == "concat" ? Merge::kConcat : m == "sum" ? Merge::kSum : m == "ave" ? Merge::kAve : Merge::kMul;
}

template <typename T>
BiRecurrent<T>& BiRecurrent<T>::add(ModulePtr<T> module) {
  RINGDL_CHECK(module != nullptr, this->where(), ": add was given a null module");
  if (dynamic_cast<Recurrent<T>*>(module.get()) != nullptr) {
    RINGDL_CHECK(this->modules_.size() < 2, this->where(), " has both directions already");
    module->setName(this->modules_.empty() ? "forward" : "backward");
    Container<T>::add(std::move(module));
    return *this;
  }
  RINGDL_CHECK(this->modules_.empty(), this->where(), " has its cells already; a BiRecurrent takes one cell");
  cellOf(*module, this->where());
  ModulePtr<T> reverse = module->cloneStructure();
  add(std::make_shared<Recurrent<T>>(std::move(module), options_.returnSequences));
  add(std::make_shared<Recurrent<T>>(std::move(reverse), options_.returnSequences));
  return *this;
}

template <typename T>
Activity<T> BiRecurrent<T>::reversedInput() const {
  Tensor<T> xr = detail::reverseWithin(in_.x, in_.lengths);
  if (!in_.table) return xr;
  return Activity<T>::table({Activity<T>(xr), in_.rest});
}

template <typename T>
const Activity<T>& BiRecurrent<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK(this->modules_.size() == 2, this->where(), " has no cell; give it one (add)");
  in_ = detail::SequenceInput<T>::parse(input, this->where());
  try {
    forwardOut_ = this->modules_[0]->forward(input).toTensor();
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  try {
    backwardOut_ = this->modules_[1]->forward(reversedInput()).toTensor();
  } catch (const Error& e) {
    this->failInChild(1, e);
  }
  if (options_.returnSequences) backwardOut_ = detail::reverseWithin(backwardOut_, in_.lengths);
  const Tensor<T> a = forwardOut_.contiguous(), b = backwardOut_.contiguous();
  if (merge_ == Merge::kConcat) {
    const int64_t dim = options_.returnSequences ? 2 : 1;
    Shape shape = a.shape();
    shape[dim] += b.size(dim);
    Tensor<T> out(shape);
    out.narrow(dim, 0, a.size(dim)).copyFrom(a);
    out.narrow(dim, a.size(dim), b.size(dim)).copyFrom(b);
    this->output_ = out;
    return this->output_;
  }
  Tensor<T> out(a.shape());
  T* o = out.data();
  const T *pa = a.data(), *pb = b.data();
  for (int64_t i = 0; i < out.numel(); ++i)
    o[i] = merge_ == Merge::kSum ? pa[i] + pb[i] : merge_ == Merge::kAve ? (pa[i] + pb[i]) / T(2) : pa[i] * pb[i];
  this->output_ = out;
  return this->output_;
}

template <typename T>
const Activity<T>& BiRecurrent<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const Tensor<T> g = gradOutput.toTensor().contiguous();
  RINGDL_CHECK(g.shape() == this->output_.toTensor().shape(), this->where(), ": gradOutput has shape ",
               toString(g.shape()), ", the output ", toString(this->output_.toTensor().shape()));
  Tensor<T> ga, gb;
  if (merge_ == Merge::kConcat) {
    const int64_t dim = options_.returnSequences ? 2 : 1, na = forwardOut_.size(dim);
    ga = g.narrow(dim, 0, na).contiguous();
    gb = g.narrow(dim, na, g.size(dim) - na).contiguous();
  } else {
    ga = Tensor<T>(g.shape());
    gb = Tensor<T>(g.shape());
    const Tensor<T> a = forwardOut_.contiguous(), b = backwardOut_.contiguous();
    for (int64_t i = 0; i < g.numel(); ++i) {
      const T gi = g.data()[i];
      ga.data()[i] = merge_ == Merge::kMul ? gi * b.data()[i] : merge_ == Merge::kAve ? gi / T(2) : gi;
      gb.data()[i] = merge_ == Merge::kMul ? gi * a.data()[i] : merge_ == Merge::kAve ? gi / T(2) : gi;
    }
  }
  if (options_.returnSequences) gb = detail::reverseWithin(gb, in_.lengths);
  const Activity<T>& gfa = this->modules_[0]->backward(input, ga);
  Tensor<T> gx = (gfa.isTable() ? gfa[0].toTensor() : gfa.toTensor()).clone();
  const Activity<T>& gba = this->modules_[1]->backward(reversedInput(), gb);
  const Tensor<T> gxr = detail::reverseWithin(gba.isTable() ? gba[0].toTensor() : gba.toTensor(), in_.lengths);
  T* d = gx.data();
  for (int64_t i = 0; i < gx.numel(); ++i) d[i] += gxr.data()[i];
  this->gradInput_ = in_.gradient(gx);
  return this->gradInput_;
}

template class BiRecurrent<float>;
template class BiRecurrent<double>;

}  // namespace ringdl
