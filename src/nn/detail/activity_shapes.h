// Shapes of Activities for the table layers: describing them in messages, comparing them, and zeros of the
// same structure (the gradient of Table entries a layer does not pass on).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/activity.h"

namespace ringdl::detail {

/// "[2, 3]" for a Tensor, "{[2, 3], {[4], [5]}}" for a Table.
template <typename T>
std::string shapesOf(const Activity<T>& a) {
  if (a.isTensor()) return toString(a.toTensor().shape());
  std::string s = "{";
  for (const Activity<T>& item : a.toTable()) s += (s.size() > 1 ? ", " : "") + shapesOf(item);
  return s + "}";
}

/// "1 entry", "3 entries".
inline std::string entries(size_t n) { return std::to_string(n) + (n == 1 ? " entry" : " entries"); }

/// "a Tensor of shape [2, 3]" or "a Table of 3 entries", for saying what a layer was given.
template <typename T>
std::string whatIs(const Activity<T>& a) {
  if (a.isTensor()) return "a Tensor of shape " + toString(a.toTensor().shape());
  return "a Table of " + entries(a.toTable().size());
}

/// Same structure and the same shape in every Tensor.
template <typename T>
bool sameShapes(const Activity<T>& a, const Activity<T>& b) {
  if (a.isTensor() != b.isTensor()) return false;
  if (a.isTensor()) return a.toTensor().shape() == b.toTensor().shape();
  const auto &x = a.toTable(), &y = b.toTable();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i)
    if (!sameShapes(x[i], y[i])) return false;
  return true;
}

/// Makes `zeros` an Activity of like's structure and shapes holding zeros, reusing its tensors' storage. Only
/// a layer's own buffer may be passed as `zeros`: a tensor borrowed from elsewhere would be written into.
template <typename T>
void zerosLike(const Activity<T>& like, Activity<T>& zeros) {
  if (like.isTensor()) {
    if (!zeros.isTensor()) zeros = Activity<T>(Tensor<T>());
    zeros.toTensor().resize(like.toTensor().shape()).zero();
    return;
  }
  if (!zeros.isTable()) zeros = Activity<T>::table({});
  const std::vector<Activity<T>>& items = like.toTable();
  std::vector<Activity<T>>& out = zeros.toTable();
  out.resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) zerosLike(items[i], out[i]);
}

}  // namespace ringdl::detail
