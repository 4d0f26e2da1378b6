// Container<T>: a module made of child modules (Sequential, Graph, and the container layers of
// nn/layers/container/: Concat, ConcatTable, ParallelTable, MapTable, Bottle). The model loader rebuilds any
// container generically: create it from its config, then add() each child in order.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/module.h"
#include "ringdl/nn/registry.h"

namespace ringdl {

template <typename T>
class Container : public Module<T> {
 public:
  using Module<T>::Module;
  /// Appends a child; an unnamed child is named by its position ("0", "1", ...). Two children of one name
  /// are an Error (their parameters' names would clash).
  virtual Container& add(ModulePtr<T> module) {
    RINGDL_CHECK(module != nullptr, this->typeName(), "::add was given a null module");
    if (!module->hasName()) module->setName(std::to_string(modules_.size()));
    for (size_t i = 0; i < modules_.size(); ++i)
      RINGDL_CHECK(modules_[i]->name() != module->name(), this->where(), ": child ", modules_.size(),
                   " is named '", module->name(), "' as child ", i,
                   " is; their parameters would have the same names (", module->name(),
                   ".weight, ...): give each child its own name");
    modules_.push_back(std::move(module));
    return *this;
  }
  size_t size() const { return modules_.size(); }
  const ModulePtr<T>& at(size_t i) const {
    RINGDL_CHECK(i < modules_.size(), this->typeName(), " has ", modules_.size(), " children, index ", i,
                 " is out of range");
    return modules_[i];
  }
  /// Puts `module` in the place of the layer at `path` (a child's name, or a path into nested containers,
  /// "block1.conv1", as Module::namedModules() gives it), under that layer's name, so paths and parameter
  /// names stay; returns the layer it replaced. The new layer keeps its own initialisation and takes this
  /// container's training mode. A path that names no layer is an Error listing the layers.
  ModulePtr<T> replace(const std::string& path, ModulePtr<T> module) {
    RINGDL_CHECK(module != nullptr, this->where(), ": replace('", path, "') was given a null module");
    const size_t dot = path.rfind('.');
    Module<T>* parent = dot == std::string::npos ? this : this->findModule(path.substr(0, dot));
    auto* container = dynamic_cast<Container<T>*>(parent);
    const std::string name = dot == std::string::npos ? path : path.substr(dot + 1);
    if (container != nullptr)
      for (size_t i = 0; i < container->modules_.size(); ++i) {
        if (container->modules_[i]->name() != name) continue;
        ModulePtr<T> old = container->modules_[i];
        module->setName(old->name());
        if (old->isTraining()) {
          module->training();
        } else {
          module->evaluate();
        }
        container->replaceChild(i, module);
        return old;
      }
    std::string names;
    for (const auto& [p, m] : this->namedModules())
      if (!p.empty()) names += (names.empty() ? "" : ", ") + p;
    RINGDL_FAIL(this->where(), ": cannot replace '", path, "': there is no such layer",
                parent != nullptr && container == nullptr
                    ? " ('" + path.substr(0, dot) + "' is a " + parent->typeName() + ", not a container)"
                    : std::string(),
                "; the layers are ", names.empty() ? "(none)" : names,
                " (a nested layer's name follows its container's and a '.')");
  }
  std::vector<Module<T>*> children() override {
    std::vector<Module<T>*> out;
    for (auto& m : modules_) out.push_back(m.get());
    return out;
  }

  /// The container from the registry, then a structural clone of each child added in order.
  ModulePtr<T> cloneStructure() override {
    ModulePtr<T> m = createModule<T>(this->typeName(), this->config());
    auto* c = dynamic_cast<Container<T>*>(m.get());
    RINGDL_CHECK(c != nullptr && c->size() == 0, "cannot clone ", this->where(),
                 ": the registry does not rebuild it as an empty container");
    if (this->hasName()) m->setName(this->name());
    for (auto& child : modules_) c->add(child->cloneStructure());
    return m;
  }

  /// Every child receives the container's input or an entry of it (Concat, ConcatTable, ParallelTable, ...),
  /// so none needs its gradInput when the container's is not needed. The container's own flag stays on: its
  /// backward runs the children's (Sequential and Graph say otherwise).
  void setGradInputNeeded(bool needed) override {
    inputGradWanted_ = needed;
    for (auto& m : modules_) m->setGradInputNeeded(needed);
  }

  /// Evaluate-mode fusion of a convolution with the batch normalisation and ReLU after it (nn/fusion.h): on
  /// by default in Sequential and Graph, set here for this container and every container inside it. Off,
  /// every child runs its own forward, so that each child's output() is current in evaluate mode too.
  Container& setInferenceFusion(bool on) {
    inferenceFusion_ = on;
    for (auto& m : modules_)
      if (auto* c = dynamic_cast<Container*>(m.get())) c->setInferenceFusion(on);
    return *this;
  }
  bool inferenceFusion() const { return inferenceFusion_; }

 protected:
  /// Rethrows a child's Error prefixed with this container and the child's position, so that an error inside
  /// nested containers reads as a path.
  [[noreturn]] void failInChild(size_t i, const Error& e) const {
    RINGDL_FAIL(this->where(), ", at child ", i, ": ", e.message());
  }

  /// Puts module in child i's place (replace()); a container that keeps its children elsewhere too (Graph's
  /// nodes) updates them.
  virtual void replaceChild(size_t i, ModulePtr<T> module) { modules_[i] = std::move(module); }

  std::vector<ModulePtr<T>> modules_;
  bool inputGradWanted_ = true;  ///< setGradInputNeeded: does anyone use the container's gradInput?
  bool inferenceFusion_ = true;
  /// The last forward skipped children's forwards (fusion): a backward must first run it again unfused.
  bool fusedForward_ = false;
};

}  // namespace ringdl
