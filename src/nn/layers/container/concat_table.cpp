// ConcatTable<T>: each child on the same input; backward runs every child and sums their gradInputs.
#include "ringdl/nn/layers/container/concat_table.h"

#include <string>

#include "detail/gradient_sum.h"

namespace ringdl {

template <typename T>
const Activity<T>& ConcatTable<T>::updateOutput(const Activity<T>& input) {
  const size_t n = this->modules_.size();
  RINGDL_CHECK(n > 0, this->where(), " has no children to apply; add() some");
  if (!this->output_.isTable() || this->output_.toTable().size() != n)
    this->output_ = Activity<T>::table(std::vector<Activity<T>>(n));
  std::vector<Activity<T>>& out = this->output_.toTable();
  for (size_t i = 0; i < n; ++i) {
    try {
      out[i] = this->modules_[i]->forward(input);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  return this->output_;
}

template <typename T>
const Activity<T>& ConcatTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const size_t n = this->modules_.size();
  RINGDL_CHECK(n > 0, this->where(), " has no children to apply; add() some");
  RINGDL_CHECK(gradOutput.isTable() && gradOutput.toTable().size() == n, this->where(), " has ", n,
               " children and takes a Table of ", n, " gradients, got ",
               gradOutput.isTable() ? "a Table of " + std::to_string(gradOutput.toTable().size()) + " entries"
                                    : "a Tensor of shape " + ringdl::toString(gradOutput.toTensor().shape()));
  // Backward in reverse order of forward, as Sequential and Graph run theirs.
  for (size_t i = n; i-- > 0;) {
    try {
      this->modules_[i]->backward(input, gradOutput.toTable()[i]);
    } catch (const Error& e) {
      this->failInChild(i, e);
    }
  }
  if (!this->inputGradWanted_) return this->gradInput_;
  if (n == 1) {
    this->gradInput_ = this->modules_[0]->gradInput();  // borrowed: nothing to add
    return this->gradInput_;
  }
  detail::copyGradient(sum_, this->modules_[0]->gradInput());
  for (size_t i = 1; i < n; ++i)
    detail::addGradient(sum_, this->modules_[i]->gradInput(),
                        this->where() + ": child " + std::to_string(i) + "'s gradInput is ");
  this->gradInput_ = sum_;
  return this->gradInput_;
}

template class ConcatTable<float>;
template class ConcatTable<double>;

}  // namespace ringdl
