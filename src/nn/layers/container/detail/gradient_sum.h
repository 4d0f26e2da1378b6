// The sum of several children's gradInputs (ConcatTable, Concat): Tensors, or Tables entry by entry at any
// depth, into buffers the container owns and reuses. An empty Tensor is no gradient (a Graph gives one for an
// input it does not use) and counts as zeros.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/activity.h"
#include "ringdl/tensor/math.h"

namespace ringdl::detail {

/// "[2, 3]" or "a Table of 2 entries", for messages.
template <typename T>
std::string describeActivity(const Activity<T>& a) {
  if (a.isTensor()) return toString(a.toTensor().shape());
  return "a Table of " + std::to_string(a.toTable().size()) + " entries";
}

/// Makes `sum` a copy of g with g's structure, reusing sum's own tensors. sum must never hold a tensor that
/// another module owns (it is written into).
template <typename T>
void copyGradient(Activity<T>& sum, const Activity<T>& g) {
  if (g.isTensor()) {
    if (!sum.isTensor()) sum = Activity<T>(Tensor<T>());
    Tensor<T>& s = sum.toTensor();
    if (g.toTensor().empty()) {
      s = Tensor<T>();
      return;
    }
    s.resize(g.toTensor().shape());
    s.copyFrom(g.toTensor());
    return;
  }
  const std::vector<Activity<T>>& items = g.toTable();
  if (!sum.isTable() || sum.toTable().size() != items.size())
    sum = Activity<T>::table(std::vector<Activity<T>>(items.size()));
  for (size_t i = 0; i < items.size(); ++i) copyGradient(sum.toTable()[i], items[i]);
}

/// Adds g into sum (made by copyGradient): the same structure and shapes, else an Error that starts with
/// `where` and names the entry (`path`, e.g. " entry 1.0").
template <typename T>
void addGradient(Activity<T>& sum, const Activity<T>& g, const std::string& where,
                 const std::string& path = "") {
  const std::string at = path.empty() ? std::string() : " (at entry" + path + ")";
  if (g.isTensor() && g.toTensor().empty()) return;
  if (sum.isTensor() && sum.toTensor().empty()) {
    copyGradient(sum, g);
    return;
  }
  RINGDL_CHECK(sum.isTensor() == g.isTensor(), where, describeActivity(g), " where the others give ",
               describeActivity(sum), at);
  if (g.isTensor()) {
    RINGDL_CHECK(g.toTensor().shape() == sum.toTensor().shape(), where, toString(g.toTensor().shape()),
                 " where the others give ", toString(sum.toTensor().shape()), at);
    axpy(T(1), g.toTensor().contiguous(), sum.toTensor());
    return;
  }
  const std::vector<Activity<T>>& items = g.toTable();
  RINGDL_CHECK(items.size() == sum.toTable().size(), where, describeActivity(g), " where the others give ",
               describeActivity(sum), at);
  for (size_t i = 0; i < items.size(); ++i)
    addGradient(sum.toTable()[i], items[i], where, path + (path.empty() ? " " : ".") + std::to_string(i));
}

}  // namespace ringdl::detail
