// Module<T>: the base of every layer and container (BigDL's AbstractModule): forward/backward around the
// updateOutput / updateGradInput / accGradParameters hooks, named parameters and one flat parameter buffer.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/activity.h"
#include "ringdl/nn/attributes.h"
#include "ringdl/nn/init_method.h"
#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// A named (weight, gradient) pair owned by a module.
template <typename T>
struct ParamRef {
  std::string name;
  Tensor<T>* weight;
  Tensor<T>* grad;
};

/// A named tensor of state that is not trained (running statistics, counters), owned by a module.
template <typename T>
struct BufferRef {
  std::string name;
  Tensor<T>* tensor;
};

template <typename T>
class Module;
template <typename T>
using ModulePtr = std::shared_ptr<Module<T>>;

template <typename T>
class Module {
 public:
  using Scalar = T;

  explicit Module(std::string typeName) : typeName_(std::move(typeName)) {}
  virtual ~Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  /// Computes and returns the output (kept in output()). In training mode each call is a use whose
  /// backward is expected (pendingBackwards()).
  const Activity<T>& forward(const Activity<T>& input) {
    if (training_) ++pendingBackwards_;
    return updateOutput(input);
  }
  /// Computes gradInput and accumulates parameter gradients; input must be the one given to forward.
  /// When gradInputNeeded() is false, only parameter gradients are accumulated and gradInput() is left as is.
  /// A frozen module (freeze()) accumulates no parameter gradient.
  const Activity<T>& backward(const Activity<T>& input, const Activity<T>& gradOutput) {
    if (gradInputNeeded_) updateGradInput(input, gradOutput);
    if (!frozen_) accGradParameters(input, gradOutput);
    if (pendingBackwards_ > 0) --pendingBackwards_;
    if (backwardHook_) backwardHook_(*this);
    return gradInput_;
  }

  virtual const Activity<T>& updateOutput(const Activity<T>& input) = 0;
  virtual const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) = 0;
  virtual void accGradParameters(const Activity<T>& /*input*/, const Activity<T>& /*gradOutput*/) {}

  const Activity<T>& output() const { return output_; }
  const Activity<T>& gradInput() const { return gradInput_; }

  // ---- parameters and buffers ----
  /// All parameters of this module and its children, in a fixed order, with dotted names ("3.weight"). A
  /// parameter shared by several modules (shareParameters, clone(true), a module used twice in a Graph) is
  /// listed once, under the name of its first place.
  std::vector<ParamRef<T>> parameters();
  /// The parameters this module registered itself (not its children's), shared ones included.
  const std::vector<ParamRef<T>>& ownParameters() const { return ownParameters_; }
  /// parameters() without those of frozen layers (freeze()): the ones getParameters() flattens.
  std::vector<ParamRef<T>> trainableParameters();
  /// Whether this module or one inside it has a parameter that is not frozen.
  bool hasTrainableParameters() { return !trainableParameters().empty(); }
  /// Flattens every trainable weight into one contiguous buffer and every gradient into another, re-pointing
  /// each layer's tensors into them (BigDL's getParameters); a shared parameter has one place, which all its
  /// users point at. Buffers are not included, nor are frozen layers' parameters (freeze()): they keep
  /// tensors of their own, so the optimizer, its state and the gradient sums across ranks never see them
  /// (BigDL keeps them in the buffer with a zero gradient, which weight decay and momentum still move). A
  /// parameter shared by a frozen and a trainable layer is an Error. Idempotent: a second call returns the
  /// same buffers; call it again after freeze() or unFreeze().
  std::pair<Tensor<T>, Tensor<T>> getParameters();
  /// All buffers of this module and its children (dotted names, each tensor once): state that is saved with
  /// the model and broadcast from rank 0 at the start of data-parallel training, but never trained.
  std::vector<BufferRef<T>> buffers();
  const std::vector<BufferRef<T>>& ownBuffers() const { return ownBuffers_; }

  /// Makes this module's parameters the very tensors of `other`'s (weights and gradients alike), which must
  /// have the same parameters (names and shapes, children included): gradients from both accumulate in one
  /// place. Both modules keep sharing after getParameters() (it re-points every user).
  void shareParameters(Module& other);
  /// A new module of the same type and config, with copies of this one's parameters and buffers, or with
  /// the same parameters (shareWeights; buffers are still copied), as recurrent layers need for their cell
  /// over T steps. Parameters shared inside this module are shared inside the clone too.
  ModulePtr<T> clone(bool shareWeights = false);
  /// A module of the same type and config with the same children structure, parameters freshly initialised
  /// (clone() then copies or shares them). The default rebuilds it through the layer registry from config();
  /// containers add clones of their children; a container with structure of its own (Graph) overrides it.
  virtual ModulePtr<T> cloneStructure();
  /// Sets all parameter gradients to zero.
  void zeroGradParameters();
  /// Sets the initialisers of this layer's weight and bias and re-initialises them (layers with a weight and a
  /// bias: Linear, the convolutions); an Error for the others.
  virtual Module& setInitMethod(InitMethod /*weightInit*/, InitMethod /*biasInit*/) {
    RINGDL_FAIL(where(), " has no weight and bias initialisers to set");
  }
  /// Re-initialises parameters with the layer's init methods and the global Random.
  virtual void reset() {
    for (Module* c : children()) c->reset();
  }

  /// Says whether anyone uses this module's gradInput. The training engine clears it on the model, whose input
  /// is data, which saves the first layer's input-gradient GEMM (as PyTorch does for inputs without grad).
  /// Containers pass it on to the children that receive the container's input.
  virtual void setGradInputNeeded(bool needed) { gradInputNeeded_ = needed; }
  bool gradInputNeeded() const { return gradInputNeeded_; }

  /// Called at the end of every backward() of this module, once the gradients of its parameters (and its
  /// children's) for that backward are complete. The distributed engine uses it to start summing gradients
  /// across ranks while backward goes on through earlier layers (as PyTorch DDP's autograd hooks do). One
  /// hook per module; an empty function removes it. A module used twice in one backward calls it twice;
  /// pendingBackwards() then says how many uses are still to come (0: its gradients are final, unless
  /// another module shares its parameters).
  void setBackwardHook(std::function<void(Module&)> hook) { backwardHook_ = std::move(hook); }
  /// Training-mode forwards of this module not yet matched by a backward.
  int64_t pendingBackwards() const { return pendingBackwards_; }
  /// For a container that runs a child through an interface of its own rather than forward/backward (Recurrent
  /// runs its cell over whole sequences with Cell::sequenceForward): counts a use as forward() does...
  void beginUse() {
    if (training_) ++pendingBackwards_;
  }
  /// ...and ends it as backward() does, once the child's parameter gradients for that use are complete (the
  /// backward hook runs).
  void endUse() {
    if (pendingBackwards_ > 0) --pendingBackwards_;
    if (backwardHook_) backwardHook_(*this);
  }
  /// Forgets unmatched forwards in this module and its children (a forward whose backward never came).
  void clearPendingBackwards() {
    pendingBackwards_ = 0;
    for (Module* c : children()) c->clearPendingBackwards();
  }

  // ---- freezing (fine-tuning) ----
  /// BigDL's freeze(names*): with no patterns, this module and every module inside it; otherwise the layers
  /// whose paths (namedModules(): "conv1", "block1.conv1") match a pattern, with everything inside them. A
  /// pattern is a name or a glob (`conv*`, `features.*`, `?`, `[12]`; `*` also crosses the '.' between
  /// levels). A frozen layer accumulates no parameter gradient and is left out of getParameters(), so
  /// training never changes its weights (its buffers, such as batch-normalisation running statistics, still
  /// follow the data in training mode, as in BigDL and PyTorch). A pattern that matches no layer is an Error
  /// listing the layers. Freeze before training starts (Optimizer::optimize() flattens the trainable
  /// parameters).
  Module& freeze(const std::vector<std::string>& patterns = {});
  /// BigDL's unFreeze(names*): the reverse of freeze(), with the same patterns.
  Module& unFreeze(const std::vector<std::string>& patterns = {});
  /// Whether this module's own parameters are frozen.
  bool isFrozen() const { return frozen_; }

  /// Every module of the tree with its path: this module "", a child its name, deeper ones the names joined
  /// by '.' ("block1.conv1"), as parameter names ("block1.conv1.weight") and ringdl model summary give them;
  /// parents before their children. A module that appears twice in the tree is listed at each place.
  std::vector<std::pair<std::string, Module*>> namedModules();
  /// The module at that path (namedModules()), or nullptr.
  Module* findModule(const std::string& path);

  // ---- mode ----
  Module& training() {
    setTrainingMode(true);
    return *this;
  }
  Module& evaluate() {
    setTrainingMode(false);
    return *this;
  }
  bool isTraining() const { return training_; }

  // ---- identity and structure ----
  const std::string& typeName() const { return typeName_; }
  /// The name given by setName, or the type name.
  const std::string& name() const { return name_.empty() ? typeName_ : name_; }
  bool hasName() const { return !name_.empty(); }
  Module& setName(std::string name) {
    name_ = std::move(name);
    return *this;
  }
  /// Constructor arguments, enough to rebuild this module through the layer registry.
  virtual Attributes config() const { return {}; }
  /// Direct children (containers only).
  virtual std::vector<Module*> children() { return {}; }
  /// One line per module, indented by depth.
  virtual std::string toString(int indent = 0) const;

 protected:
  /// Layers call this in their constructor for each (weight, grad) pair they own.
  void registerParameter(const std::string& name, Tensor<T>* weight, Tensor<T>* grad) {
    ownParameters_.push_back({name, weight, grad});
  }
  /// Layers call this in their constructor for each tensor of untrained state (PyTorch's register_buffer).
  void registerBuffer(const std::string& name, Tensor<T>* tensor) { ownBuffers_.push_back({name, tensor}); }
  virtual void setTrainingMode(bool on) {
    training_ = on;
    for (Module* c : children()) c->setTrainingMode(on);
  }
  /// "layer 'conv1' (SpatialConvolution)", for error messages.
  std::string where() const { return "layer '" + name() + "' (" + typeName_ + ")"; }

  Activity<T> output_;
  Activity<T> gradInput_;
  bool training_ = true;
  bool gradInputNeeded_ = true;

 private:
  void collectParameters(const std::string& prefix, std::vector<ParamRef<T>>& out,
                         std::vector<char>* frozen = nullptr);
  void collectModules(const std::string& path, std::vector<std::pair<std::string, Module*>>& out);
  void setFrozen(const std::vector<std::string>& patterns, bool on, const char* call);
  void setFrozenTree(bool on);
  void collectBuffers(const std::string& prefix, std::vector<BufferRef<T>>& out);

  std::string typeName_;
  std::string name_;
  std::vector<ParamRef<T>> ownParameters_;
  std::vector<BufferRef<T>> ownBuffers_;
  int64_t pendingBackwards_ = 0;
  bool frozen_ = false;
  Tensor<T> flatWeights_, flatGrads_;  // set by getParameters
  std::function<void(Module&)> backwardHook_;
};

extern template class Module<float>;
extern template class Module<double>;

}  // namespace ringdl
