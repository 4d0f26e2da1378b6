// TensorModule<T>: the base for layers whose input and output are single Tensors; it unwraps Activities and
// leaves three Tensor hooks to write.
#pragma once

#include "ringdl/nn/module.h"

namespace ringdl {

template <typename T>
class TensorModule : public Module<T> {
 public:
  using Module<T>::Module;

  const Activity<T>& updateOutput(const Activity<T>& input) final {
    updateOutput(tensorOf(input, "input"), this->output_.toTensor());
    return this->output_;
  }
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) final {
    updateGradInput(tensorOf(input, "input"), tensorOf(gradOutput, "gradOutput"),
                    this->gradInput_.toTensor());
    return this->gradInput_;
  }
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) final {
    accGradParameters(tensorOf(input, "input"), tensorOf(gradOutput, "gradOutput"));
  }

  const Tensor<T>& outputTensor() const { return this->output_.toTensor(); }
  const Tensor<T>& gradInputTensor() const { return this->gradInput_.toTensor(); }

 protected:
  virtual void updateOutput(const Tensor<T>& input, Tensor<T>& output) = 0;
  virtual void updateGradInput(const Tensor<T>& input, const Tensor<T>& gradOutput, Tensor<T>& gradInput) = 0;
  virtual void accGradParameters(const Tensor<T>& /*input*/, const Tensor<T>& /*gradOutput*/) {}

 private:
  /// The Tensor a single-tensor layer takes; a Table (two graph nodes feeding this layer, say) is an error
  /// naming the layer.
  const Tensor<T>& tensorOf(const Activity<T>& a, const char* what) const {
    RINGDL_CHECK(a.isTensor(), this->where(), ": takes a Tensor ", what, ", got a Table of ",
                 a.toTable().size(), " entries");
    return a.toTensor();
  }
};

}  // namespace ringdl

/// Inside a module: throws ringdl::Error prefixed with the layer's name and type unless cond holds.
#define RINGDL_CHECK_LAYER(cond, ...) RINGDL_CHECK(cond, this->where(), ": ", __VA_ARGS__)
