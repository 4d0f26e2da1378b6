// MapTable<T>: the module and its sharing clones over the entries of a Table.
#include "ringdl/nn/layers/container/map_table.h"

#include <string>

namespace ringdl {

template <typename T>
MapTable<T>& MapTable<T>::add(ModulePtr<T> module) {
  RINGDL_CHECK(this->modules_.empty(), this->where(),
               " applies one module to every entry and has one already ('",
               this->modules_.empty() ? std::string() : this->modules_[0]->name(),
               "'); put several in a Sequential or a ParallelTable");
  Container<T>::add(std::move(module));
  clones_.clear();
  sharedAt_.clear();
  return *this;
}

template <typename T>
void MapTable<T>::setGradInputNeeded(bool needed) {
  Container<T>::setGradInputNeeded(needed);
  for (auto& c : clones_) c->setGradInputNeeded(needed);
}

template <typename T>
void MapTable<T>::setTrainingMode(bool on) {
  Container<T>::setTrainingMode(on);
  for (auto& c : clones_) on ? c->training() : c->evaluate();
}

template <typename T>
void MapTable<T>::prepare(size_t n) {
  Module<T>& m = *this->modules_[0];
  std::vector<const T*> now;
  for (const ParamRef<T>& p : m.parameters()) {
    now.push_back(p.weight->data());
    now.push_back(p.grad->data());
  }
  if (now != sharedAt_) {  // moved (getParameters, shareParameters): share them again
    for (auto& c : clones_) c->shareParameters(m);
    sharedAt_ = now;
  }
  while (clones_.size() + 1 < n) {
    ModulePtr<T> c = m.clone(/*shareWeights=*/true);
    c->setGradInputNeeded(
        this->inputGradWanted_);  // clone() copies a container's own flag, not its children's
    clones_.push_back(std::move(c));
  }
}

template <typename T>
void MapTable<T>::failInEntry(size_t i, const Error& e) const {
  RINGDL_FAIL(this->where(), ", at entry ", i, ": ", e.message());
}

template <typename T>
const Activity<T>& MapTable<T>::updateOutput(const Activity<T>& input) {
  RINGDL_CHECK(!this->modules_.empty(), this->where(), " has no module to apply; give it one (add)");
  RINGDL_CHECK(input.isTable(), this->where(),
               " applies its module to every entry of a Table, got a Tensor of shape ",
               ringdl::toString(input.toTensor().shape()));
  const std::vector<Activity<T>>& in = input.toTable();
  const size_t n = in.size();
  prepare(n);
  if (!this->output_.isTable() || this->output_.toTable().size() != n)
    this->output_ = Activity<T>::table(std::vector<Activity<T>>(n));
  std::vector<Activity<T>>& out = this->output_.toTable();
  for (size_t i = 0; i < n; ++i) {
    try {
      out[i] = moduleFor(i).forward(in[i]);
    } catch (const Error& e) {
      failInEntry(i, e);
    }
  }
  return this->output_;
}

template <typename T>
const Activity<T>& MapTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  RINGDL_CHECK(!this->modules_.empty() && input.isTable(), this->where(),
               ": backward takes the Table that forward was given");
  const std::vector<Activity<T>>& in = input.toTable();
  const size_t n = in.size();
  RINGDL_CHECK(n <= clones_.size() + 1, this->where(), ": backward of a Table of ", n,
               " entries, but forward has seen ", clones_.size() + 1, " at most");
  RINGDL_CHECK(gradOutput.isTable() && gradOutput.toTable().size() == n, this->where(),
               " was given a Table of ", n, " entries and takes a Table of ", n, " gradients, got ",
               gradOutput.isTable() ? "a Table of " + std::to_string(gradOutput.toTable().size()) + " entries"
                                    : "a Tensor of shape " + ringdl::toString(gradOutput.toTensor().shape()));
  // The last entry first: the module itself (entry 0) finishes last, after every clone has added its part
  // to the shared gradients (see the header).
  for (size_t i = n; i-- > 0;) {
    try {
      moduleFor(i).backward(in[i], gradOutput.toTable()[i]);
    } catch (const Error& e) {
      failInEntry(i, e);
    }
  }
  if (!this->inputGradWanted_) return this->gradInput_;
  if (!this->gradInput_.isTable() || this->gradInput_.toTable().size() != n)
    this->gradInput_ = Activity<T>::table(std::vector<Activity<T>>(n));
  for (size_t i = 0; i < n; ++i) this->gradInput_.toTable()[i] = moduleFor(i).gradInput();
  return this->gradInput_;
}

template class MapTable<float>;
template class MapTable<double>;

}  // namespace ringdl
