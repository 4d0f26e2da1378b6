// ParallelTable<T>: entry i through child i, forward and backward.
#include "ringdl/nn/layers/container/parallel_table.h"

#include <string>

namespace ringdl {

template <typename T>
const std::vector<Activity<T>>& ParallelTable<T>::entries(const Activity<T>& a, const char* what) const {
  const size_t n = this->modules_.size();
  RINGDL_CHECK(n > 0, this->where(), " has no children to apply; add() some");
  RINGDL_CHECK(a.isTable() && a.toTable().size() == n, this->where(), " has ", n,
               " children and takes a Table of ", n, " entries (entry i for child i) as its ", what, ", got ",
               a.isTable() ? "a Table of " + std::to_string(a.toTable().size()) + " entries"
                           : "a Tensor of shape " + ringdl::toString(a.toTensor().shape()));
  return a.toTable();
}

template <typename T>
const Activity<T>& ParallelTable<T>::updateOutput(const Activity<T>& input) {
  const std::vector<Activity<T>>& in = entries(input, "input");
  const size_t n = in.size();
  if (!this->output_.isTable() || this->output_.toTable().size() != n)
    this->output_ = Activity<T>::table(std::vector<Activity<T>>(n));
  std::vector<Activity<T>>& out = this->output_.toTable();
  for (size_t i = 0; i < n; ++i) {
    try {
      out[i] = this->modules_[i]->forward(in[i]);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  return this->output_;
}

template <typename T>
const Activity<T>& ParallelTable<T>::updateGradInput(const Activity<T>& input,
                                                     const Activity<T>& gradOutput) {
  const std::vector<Activity<T>>& in = entries(input, "input");
  const std::vector<Activity<T>>& g = entries(gradOutput, "gradOutput");
  const size_t n = in.size();
  for (size_t i = n; i-- > 0;) {
    try {
      this->modules_[i]->backward(in[i], g[i]);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  if (!this->inputGradWanted_) return this->gradInput_;
  if (!this->gradInput_.isTable() || this->gradInput_.toTable().size() != n)
    this->gradInput_ = Activity<T>::table(std::vector<Activity<T>>(n));
  for (size_t i = 0; i < n; ++i) this->gradInput_.toTable()[i] = this->modules_[i]->gradInput();
  return this->gradInput_;
}

template class ParallelTable<float>;
template class ParallelTable<double>;

}  // namespace ringdl
