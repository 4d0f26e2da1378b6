// Helpers for tests over Activities (a Tensor or a Table of Activities): walking their tensors in order,
// deep copies, conversion between scalar types, exact comparison, and shape descriptions for messages.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "ringdl/nn/activity.h"

namespace ringdl::test {

/// The tensors of an Activity, depth first, in table order (a Tensor is its own single leaf).
template <typename A, typename P>
void collectLeaves(A& a, std::vector<P>& out) {
  if (a.isTensor()) {
    out.push_back(&a.toTensor());
    return;
  }
  for (auto& item : a.toTable()) collectLeaves(item, out);
}
template <typename T>
std::vector<Tensor<T>*> leaves(Activity<T>& a) {
  std::vector<Tensor<T>*> out;
  collectLeaves(a, out);
  return out;
}
template <typename T>
std::vector<const Tensor<T>*> leaves(const Activity<T>& a) {
  std::vector<const Tensor<T>*> out;
  collectLeaves(a, out);
  return out;
}

/// A copy of the same structure holding contiguous copies of every tensor, converted to U.
template <typename U, typename T>
Activity<U> convertedCopy(const Activity<T>& a) {
  if (a.isTensor()) return Activity<U>(a.toTensor().contiguous().template to<U>().clone());
  std::vector<Activity<U>> items;
  for (const Activity<T>& item : a.toTable()) items.push_back(convertedCopy<U>(item));
  return Activity<U>::table(std::move(items));
}
/// A copy of the same structure holding contiguous copies of every tensor.
template <typename T>
Activity<T> deepCopy(const Activity<T>& a) {
  return convertedCopy<T>(a);
}

/// "[2, 3]" for a Tensor, "{[2, 3], [2, 3]}" for a Table.
template <typename T>
std::string describe(const Activity<T>& a) {
  if (a.isTensor()) return toString(a.toTensor().shape());
  std::string s = "{";
  for (const Activity<T>& item : a.toTable()) s += (s.size() > 1 ? ", " : "") + describe(item);
  return s + "}";
}

/// Same structure, same shapes and the very same bits in every element.
template <typename T>
::testing::AssertionResult identical(const Activity<T>& actual, const Activity<T>& expected) {
  if (describe(actual) != describe(expected))
    return ::testing::AssertionFailure()
           << describe(actual) << " differs in shape from " << describe(expected);
  const auto a = leaves(actual), e = leaves(expected);
  for (size_t k = 0; k < a.size(); ++k) {
    const std::vector<T> va = a[k]->toVector(), ve = e[k]->toVector();
    for (size_t i = 0; i < va.size(); ++i)
      if (std::memcmp(&va[i], &ve[i], sizeof(T)) != 0)
        return ::testing::AssertionFailure()
               << "tensor " << k << ", element " << i << ": " << va[i] << " differs from " << ve[i];
  }
  return ::testing::AssertionSuccess();
}

}  // namespace ringdl::test
