// CompositeLayer<T>: the base of layers made of a fixed set of inner layers (FeedForwardNetwork, the
// Transformer encoder and decoder layers), each one layer to the outside as Highway is: the inner layers are
// not children (the model format rebuilds a layer from its options, which fix its inner layers), their
// parameters are this layer's under "<inner name>.<parameter>" (PyTorch's state-dict names:
// "self_attn.in_proj_weight", "linear1.weight"), they follow this layer's mode, and freeze() freezes them
// with it.
//
// A layer writes its forward over the inner layers (their updateOutput: they are not used from outside, so
// they count no pending backwards) and its backward as a chain of backThrough() calls in
// reverse; the base runs the chain once per backward and then gives every inner layer its parameter gradients
// from what the chain recorded, so backward without gradInput (the first layer of a model) and frozen layers
// work as for any layer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ringdl/nn/module.h"
#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
class CompositeLayer : public Module<T> {
 public:
  using Module<T>::Module;

  const Activity<T>& updateOutput(const Activity<T>& input) final {
    try {
      return forwardInner(input);
    } catch (const Error& e) {
      rethrowFromInside(e);
    }
  }
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) final {
    runChain(input, gradOutput);
    chainFresh_ = true;
    return this->gradInput_;
  }
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) final {
    if (!chainFresh_)
      runChain(input, gradOutput);  // gradInput was not asked for: the inner gradients are needed
    chainFresh_ = false;
    try {
      for (Step& s : steps_) s.module->accGradParameters(s.input, s.gradOutput);
    } catch (const Error& e) {
      rethrowFromInside(e);
    }
  }
  /// Re-initialises every inner layer.
  void reset() override {
    for (const ModulePtr<T>& m : inner_) m->reset();
  }

 protected:
  /// Keeps `module` as the inner layer `name`, its parameters registered as this layer's "name.<parameter>".
  template <typename M>
  std::shared_ptr<M> own(const std::string& name, std::shared_ptr<M> module) {
    module->setName(name);
    for (const ParamRef<T>& p : module->parameters())
      this->registerParameter(name + "." + p.name, p.weight, p.grad);
    inner_.push_back(module);
    return module;
  }
  /// The forward of this layer over its inner layers; returns this->output_.
  virtual const Activity<T>& forwardInner(const Activity<T>& input) = 0;
  /// An inner layer's forward (its updateOutput, through Module's interface).
  const Activity<T>& run(Module<T>& module, const Activity<T>& input) { return module.updateOutput(input); }
  /// The backward of this layer: sets this->gradInput_ from gradOutput, through backThrough() of each inner
  /// layer in reverse order of the forward.
  virtual void backwardChain(const Activity<T>& input, const Activity<T>& gradOutput) = 0;
  /// module's gradInput for (input, gradOutput), which must be what its last forward saw; recorded for its
  /// parameter gradients.
  const Activity<T>& backThrough(Module<T>& module, const Activity<T>& input, const Activity<T>& gradOutput) {
    steps_.push_back({&module, input, gradOutput});
    return module.updateGradInput(input, gradOutput);
  }
  void setTrainingMode(bool on) override {
    Module<T>::setTrainingMode(on);
    for (const ModulePtr<T>& m : inner_) {
      if (on) {
        m->training();
      } else {
        m->evaluate();
      }
    }
  }

 private:
  void runChain(const Activity<T>& input, const Activity<T>& gradOutput) {
    steps_.clear();
    try {
      backwardChain(input, gradOutput);
    } catch (const Error& e) {
      rethrowFromInside(e);
    }
  }
  /// An inner layer's error with this layer in front ("layer 'enc1' (TransformerEncoderLayer), inside: layer
  /// 'self_attn' (MultiHeadAttention): ..."), as containers put themselves in front of a child's; this
  /// layer's own errors pass as they are.
  [[noreturn]] void rethrowFromInside(const Error& e) const {
    if (e.message().rfind(this->where(), 0) == 0) throw;
    RINGDL_FAIL(this->where(), ", inside: ", e.message());
  }

  struct Step {
    Module<T>* module;
    Activity<T> input, gradOutput;
  };
  std::vector<ModulePtr<T>> inner_;
  std::vector<Step> steps_;
  bool chainFresh_ = false;
};

}  // namespace ringdl
