// SelectTable<T>: BigDL's SelectTable(index): entry `index` of a Table (0-based; negative counts from the
// end, -1 the last), a Tensor or itself a Table, passed on without a copy. Its gradient goes back to that
// entry; the other entries get zeros of their own structure and shapes.
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct SelectTableOptions {
  int64_t index = 0;
  template <typename V>
  void fields(V& v) {
    v("index", index, kRequired);
  }
};

template <typename T>
class SelectTable : public Module<T> {
 public:
  explicit SelectTable(int64_t index) : SelectTable(SelectTableOptions{index}) {}
  explicit SelectTable(SelectTableOptions options) : Module<T>("SelectTable"), options_(options) {}
  explicit SelectTable(const Attributes& a)
      : SelectTable(optionsFrom<SelectTableOptions>(a, "SelectTable")) {}

  Attributes config() const override { return attributesOf(options_); }
  const SelectTableOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// The 0-based position of the selected entry in this input, which must be a Table that has it.
  size_t position(const Activity<T>& input) const;

  SelectTableOptions options_;
  Activity<T> zeros_;  // the other entries' gradients: this layer's own buffers, reused
};

extern template class SelectTable<float>;
extern template class SelectTable<double>;

}  // namespace ringdl
