// TableToTensor<T>: the base of the table layers that take a Table of Tensors and give one Tensor (BigDL's
// AbstractModule[Table, Tensor, T]: CAddTable, CSubTable, CMulTable, DotProduct, MM, ...). The Table is
// checked here, once for all of them, as Caffe's Layer checks its bottom count in SetUp: a Table and not a
// Tensor, the number of entries the layer takes, every entry a Tensor, and one shape for all where the layer
// needs it; a bad Table is an Error naming the layer, never a crash. A layer writes two hooks over the
// checked entries:
//
//   void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) override;
//   void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
//                        std::vector<Tensor<T>>& gradInput) override;
//
// Entries and gradOutput arrive contiguous. The output is the layer's own (resize it). gradInput[i], entry
// i's gradient with entry i's shape, is either gradBuffer(i, shape) filled by the layer or a Tensor the
// gradient equals unchanged (gradOutput itself, or another entry's gradient), shared rather than copied:
// modules and containers never write into a gradInput they are given, and gradBuffer keeps the layer from
// ever writing into one it shared.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/module.h"

namespace ringdl {

/// The entries a table layer takes: how many, what they are called in messages, and whether they must all
/// have one shape.
struct TableEntries {
  size_t min = 1;
  size_t max = 0;                  ///< 0: no upper bound
  std::vector<std::string> names;  ///< the entries as the layer calls them ({"A", "B"}), or none
  bool oneShape = false;           ///< every entry must have entry 0's shape (no broadcasting)

  /// Exactly names.size() entries, called so in messages.
  static TableEntries exactly(std::vector<std::string> names) {
    const size_t n = names.size();
    return {n, n, std::move(names), false};
  }
  /// Exactly n entries.
  static TableEntries exactly(size_t n) { return {n, n, {}, false}; }
  /// n or more entries.
  static TableEntries atLeast(size_t n) { return {n, 0, {}, false}; }
  TableEntries& ofOneShape() {
    oneShape = true;
    return *this;
  }
  /// "a Table of 2 Tensors {a, b}", "a Table of one or more Tensors", for messages.
  std::string describe() const;
  /// "entry 1 (b)", "entry 3", for messages.
  std::string entry(size_t i) const;
};

template <typename T>
class TableToTensor : public Module<T> {
 public:
  const Activity<T>& updateOutput(const Activity<T>& input) final;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) final;

  const Tensor<T>& outputTensor() const { return this->output_.toTensor(); }
  const TableEntries& entries() const { return entries_; }

 protected:
  TableToTensor(std::string typeName, TableEntries entries);

  /// The output from the checked entries (contiguous), into output (this layer's own: resize it).
  virtual void updateOutput(const std::vector<Tensor<T>>& inputs, Tensor<T>& output) = 0;
  /// Sets gradInput[i] (one per entry, empty on entry) to entry i's gradient, of entry i's shape: a
  /// gradBuffer(i, ...) the layer fills, or a Tensor it equals, shared (see the top of this file).
  virtual void updateGradInput(const std::vector<Tensor<T>>& inputs, const Tensor<T>& gradOutput,
                               std::vector<Tensor<T>>& gradInput) = 0;

  /// Storage this layer owns for entry i's gradient, resized to shape; values unspecified.
  Tensor<T>& gradBuffer(size_t i, const Shape& shape);

 private:
  /// The checked entries of input, contiguous.
  std::vector<Tensor<T>> entriesOf(const Activity<T>& input) const;

  TableEntries entries_;
  std::vector<Tensor<T>> gradBuffers_;
};

extern template class TableToTensor<float>;
extern template class TableToTensor<double>;

}  // namespace ringdl
