// NarrowTable<T>: the kept entries and their gradients are shared, not copied (consumers never write into
// them); the zeros of the other entries live in a buffer of the layer's own.
#include "ringdl/nn/layers/table/narrow_table.h"

#include <vector>

#include "../../detail/activity_shapes.h"
#include "ringdl/nn/tensor_module.h"

namespace ringdl {

template <typename T>
NarrowTable<T>::NarrowTable(NarrowTableOptions options) : Module<T>("NarrowTable"), options_(options) {
  RINGDL_CHECK(options_.offset >= 0, "NarrowTable: offset must be 0 or more (0-based), got ",
               options_.offset);
  RINGDL_CHECK(options_.length != 0,
               "NarrowTable: length must be positive, or negative to count from the end "
               "(-1: to the last entry), got 0");
}

template <typename T>
size_t NarrowTable<T>::count(const Activity<T>& input) const {
  const int64_t offset = options_.offset, length = options_.length;
  RINGDL_CHECK_LAYER(input.isTable(), "takes a Table to narrow, got ", detail::whatIs(input));
  const int64_t n = static_cast<int64_t>(input.toTable().size());
  const int64_t kept = length > 0 ? length : n - offset + 1 + length;
  RINGDL_CHECK_LAYER(kept > 0, "offset ", offset, " and length ", length, " keep no entry of a Table of ",
                     detail::entries(n), " (a negative length keeps entries offset .. n + length, here ",
                     offset, "..", n + length, ")");
  RINGDL_CHECK_LAYER(offset + kept <= n, "entries ", offset, "..", offset + kept - 1, " (offset ", offset,
                     ", length ", length, ") are out of range for a Table of ", detail::entries(n));
  return static_cast<size_t>(kept);
}

template <typename T>
const Activity<T>& NarrowTable<T>::updateOutput(const Activity<T>& input) {
  const size_t kept = count(input);
  const std::vector<Activity<T>>& items = input.toTable();
  this->output_ = Activity<T>::table(
      std::vector<Activity<T>>(items.begin() + options_.offset, items.begin() + options_.offset + kept));
  return this->output_;
}

template <typename T>
const Activity<T>& NarrowTable<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  const size_t kept = count(input), offset = static_cast<size_t>(options_.offset);
  const std::vector<Activity<T>>& items = input.toTable();
  RINGDL_CHECK_LAYER(gradOutput.isTable() && gradOutput.toTable().size() == kept,
                     "gradOutput must be a Table of ", detail::entries(kept), " (the kept ones), got ",
                     detail::whatIs(gradOutput));
  for (size_t k = 0; k < kept; ++k)
    RINGDL_CHECK_LAYER(detail::sameShapes(gradOutput[k], items[offset + k]), "gradOutput entry ", k, " ",
                       detail::shapesOf(gradOutput[k]), " must have the shape of input entry ", offset + k,
                       ", ", detail::shapesOf(items[offset + k]));
  if (!zeros_.isTable()) zeros_ = Activity<T>::table({});
  std::vector<Activity<T>>& zeros = zeros_.toTable();
  zeros.resize(items.size());
  std::vector<Activity<T>> grads(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (i >= offset && i < offset + kept) {
      grads[i] = gradOutput[i - offset];
      continue;
    }
    detail::zerosLike(items[i], zeros[i]);
    grads[i] = zeros[i];
  }
  this->gradInput_ = Activity<T>::table(std::move(grads));
  return this->gradInput_;
}

template class NarrowTable<float>;
template class NarrowTable<double>;

}  // namespace ringdl
