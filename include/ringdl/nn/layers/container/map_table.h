// MapTable<T>: one module applied to every entry of a Table (BigDL's MapTable). Entry 0 goes through the
// module itself, entry i through the i-th clone(true) of it, made when a Table that long first arrives, so
// every entry keeps its own forward state and all share one set of parameters, whose gradients add up. The
// number of entries may change from call to call; the output has as many entries as the input.
//
// The module is the container's one child: parameters are listed once (under "0."), and saving, config() and
// cloning see the module alone (the clones are made again as needed). Backward runs from the last entry to
// the first, so the module's own backward, whose hook tells the data-parallel engine its parameters'
// gradients are complete (Module::setBackwardHook), comes after every clone's.
#pragma once

#include <memory>
#include <vector>

#include "ringdl/nn/container.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct MapTableOptions {
  template <typename V>
  void fields(V&) {}
};

template <typename T>
class MapTable : public Container<T> {
 public:
  MapTable() : Container<T>("MapTable") {}
  explicit MapTable(ModulePtr<T> module) : MapTable() { add(std::move(module)); }
  explicit MapTable(const Attributes& a) : MapTable() { optionsFrom<MapTableOptions>(a, "MapTable"); }

  /// Sets the module (once: a MapTable has one child).
  MapTable& add(ModulePtr<T> module) override;
  /// The module applied to every entry.
  const ModulePtr<T>& module() const { return this->at(0); }
  /// How many clones exist (entries beyond the first of the longest Table so far).
  size_t clones() const { return clones_.size(); }

  void setGradInputNeeded(bool needed) override;
  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 protected:
  void setTrainingMode(bool on) override;

 private:
  Module<T>& moduleFor(size_t entry) { return entry == 0 ? *this->modules_[0] : *clones_[entry - 1]; }
  /// Clones for entries 1..n-1, each sharing the module's parameters (again, if getParameters() or
  /// shareParameters() has moved them since).
  void prepare(size_t n);
  [[noreturn]] void failInEntry(size_t i, const Error& e) const;

  std::vector<ModulePtr<T>> clones_;
  std::vector<const T*> sharedAt_;  // the module's weights and gradients when the clones last shared them
};

extern template class MapTable<float>;
extern template class MapTable<double>;

}  // namespace ringdl
