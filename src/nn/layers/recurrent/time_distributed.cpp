// TimeDistributed<T>: time folded into the batch around one call of the layer.
#include "ringdl/nn/layers/recurrent/time_distributed.h"

namespace ringdl {

namespace {
Shape folded(const Shape& s) {
  Shape f(s.begin() + 1, s.end());
  f[0] *= s[0];
  return f;
}
Shape unfolded(const Shape& s, int64_t n, int64_t t) {
  Shape u = s;
  u[0] = t;
  u.insert(u.begin(), n);
  return u;
}
}  // namespace

template <typename T>
TimeDistributed<T>::TimeDistributed(ModulePtr<T> layer) : Container<T>("TimeDistributed") {
  if (layer) add(std::move(layer));
}

template <typename T>
TimeDistributed<T>::TimeDistributed(const Attributes& a) : TimeDistributed() {
  optionsFrom<NoOptions>(a, "TimeDistributed");  // takes no options: rejects any
}

template <typename T>
TimeDistributed<T>& TimeDistributed<T>::add(ModulePtr<T> layer) {
  RINGDL_CHECK(this->modules_.empty(), this->where(), " has a layer already; it takes one");
  Container<T>::add(std::move(layer));
  return *this;
}

template <typename T>
const Activity<T>& TimeDistributed<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK(!this->modules_.empty(), this->where(), " has no layer; give it one (add)");
  const Tensor<T>& x = input.toTensor();
  RINGDL_CHECK(x.dim() >= 3, this->where(), ": expected [N, T, ...] (batch first), got ", toString(x.shape()));
  inputShape_ = x.shape();
  folded_ = x.contiguous().view(folded(x.shape()));
  Tensor<T> y;
  try {
    y = this->modules_[0]->forward(folded_).toTensor();
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  RINGDL_CHECK(y.dim() >= 1 && y.size(0) == folded_.size(0), this->where(), ": the layer turned ",
               folded_.size(0), " steps into ", toString(y.shape()), "; it must keep one row per step");
  this->output_ = y.contiguous().view(unfolded(y.shape(), inputShape_[0], inputShape_[1]));
  return this->output_;
}

template <typename T>
const Activity<T>& TimeDistributed<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const Tensor<T>& g = gradOutput.toTensor();
  RINGDL_CHECK(g.shape() == this->output_.toTensor().shape(), this->where(), ": gradOutput has shape ",
               toString(g.shape()), ", the output ", toString(this->output_.toTensor().shape()));
  Tensor<T> gx;
  try {
    gx = this->modules_[0]->backward(folded_, g.contiguous().view(folded(g.shape()))).toTensor();
  } catch (const Error& e) {
    this->failInChild(0, e);
  }
  this->gradInput_ = gx.numel() == 0 ? Tensor<T>::zeros(inputShape_) : gx.contiguous().view(inputShape_);
  return this->gradInput_;
}

template class TimeDistributed<float>;
template class TimeDistributed<double>;

}  // namespace ringdl
