// Activity<T>: what flows between modules, either a Tensor or a Table (an ordered list) of Activities, as in
// BigDL. Single-tensor layers see only Tensors (see TensorModule); table layers and graphs use both.
#pragma once

#include <utility>
#include <vector>

#include "ringdl/tensor/tensor.h"
#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
class Activity {
 public:
  Activity() = default;
  Activity(Tensor<T> tensor) : tensor_(std::move(tensor)) {}  // NOLINT: implicit by design, as in BigDL
  static Activity table(std::vector<Activity> items) {
    Activity a;
    a.isTable_ = true;
    a.table_ = std::move(items);
    return a;
  }

  bool isTensor() const { return !isTable_; }
  bool isTable() const { return isTable_; }

  const Tensor<T>& toTensor() const {
    RINGDL_CHECK(!isTable_, "expected a Tensor but got a Table of ", table_.size(), " entries");
    return tensor_;
  }
  Tensor<T>& toTensor() {
    RINGDL_CHECK(!isTable_, "expected a Tensor but got a Table of ", table_.size(), " entries");
    return tensor_;
  }
  const std::vector<Activity>& toTable() const {
    RINGDL_CHECK(isTable_, "expected a Table but got a Tensor of shape ", toString(tensor_.shape()));
    return table_;
  }
  std::vector<Activity>& toTable() {
    RINGDL_CHECK(isTable_, "expected a Table but got a Tensor of shape ", toString(tensor_.shape()));
    return table_;
  }
  /// Entry i of a Table (0-based).
  const Activity& operator[](size_t i) const {
    const auto& t = toTable();
    RINGDL_CHECK(i < t.size(), "table index ", i, " is out of range for a table of ", t.size(), " entries");
    return t[i];
  }

 private:
  bool isTable_ = false;
  Tensor<T> tensor_;
  std::vector<Activity> table_;
};

}  // namespace ringdl
