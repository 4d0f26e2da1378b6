// NarrowTable<T>: BigDL's NarrowTable(offset, length = 1): the Table of entries offset .. offset + length - 1
// of a Table (0-based), shared rather than copied. A negative length counts from the end, as in BigDL: -1
// keeps every entry from offset on, -2 all but the last. Their gradients go back to those entries; the others
// get zeros.
#pragma once

#include "ringdl/nn/module.h"
#include "ringdl/nn/options.h"

namespace ringdl {

struct NarrowTableOptions {
  int64_t offset = 0;
  int64_t length = 1;
  template <typename V>
  void fields(V& v) {
    v("offset", offset, kRequired);
    v("length", length);
  }
};

template <typename T>
class NarrowTable : public Module<T> {
 public:
  explicit NarrowTable(int64_t offset, int64_t length = 1)
      : NarrowTable(NarrowTableOptions{offset, length}) {}
  explicit NarrowTable(NarrowTableOptions options);
  explicit NarrowTable(const Attributes& a)
      : NarrowTable(optionsFrom<NarrowTableOptions>(a, "NarrowTable")) {}

  Attributes config() const override { return attributesOf(options_); }
  const NarrowTableOptions& options() const { return options_; }

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;

 private:
  /// The number of entries kept from this input, which must be a Table that has them all.
  size_t count(const Activity<T>& input) const;

  NarrowTableOptions options_;
  Activity<T> zeros_;  // the other entries' gradients: this layer's own buffers, reused
};

extern template class NarrowTable<float>;
extern template class NarrowTable<double>;

}  // namespace ringdl
