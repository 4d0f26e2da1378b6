// Tensor<T>: an N-d, row-major, strided view onto shared storage (float and double).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

#include "ringdl/tensor/shape.h"

namespace ringdl {

/// Reference-counted, 64-byte-aligned buffer shared by every view of a tensor.
template <typename T>
class Storage {
 public:
  explicit Storage(int64_t size);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  T* data() { return data_; }
  const T* data() const { return data_; }
  int64_t size() const { return size_; }

 private:
  T* data_;
  int64_t size_;
};

/// A view: storage + offset + sizes + strides. Copying a Tensor copies the view, not the data (as in Torch);
/// use clone() for a deep copy. narrow/select/view/transpose never copy; reshape copies only when it must.
template <typename T>
class Tensor {
 public:
  using Scalar = T;

  /// An empty tensor: no storage, shape {0}.
  Tensor();
  /// A zero-filled contiguous tensor.
  explicit Tensor(const Shape& shape);
  Tensor(std::initializer_list<int64_t> shape) : Tensor(Shape(shape)) {}

  static Tensor zeros(const Shape& shape) { return Tensor(shape); }
  static Tensor full(const Shape& shape, T value);
  static Tensor fromVector(const Shape& shape, const std::vector<T>& values);

  // ---- geometry ----
  const Shape& shape() const { return shape_; }
  const Shape& strides() const { return strides_; }
  int64_t dim() const { return static_cast<int64_t>(shape_.size()); }
  /// Size of dimension d; negative d counts from the end.
  int64_t size(int64_t d) const;
  int64_t stride(int64_t d) const;
  int64_t numel() const { return numel_; }
  int64_t storageOffset() const { return offset_; }
  bool isContiguous() const;
  bool empty() const { return numel_ == 0; }
  /// True if both tensors view the same storage.
  bool sharesStorageWith(const Tensor& other) const { return storage_ && storage_ == other.storage_; }

  // ---- element access ----
  /// Pointer to the first element of this view (storage + offset).
  T* data();
  const T* data() const;
  T& at(std::initializer_list<int64_t> index);
  const T& at(std::initializer_list<int64_t> index) const;
  /// The single value of a one-element tensor.
  T item() const;
  std::vector<T> toVector() const;

  // ---- views (no copy) ----
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  /// A view with a new shape; requires a contiguous tensor. One size may be -1 (inferred).
  Tensor view(const Shape& shape) const;
  /// view() when contiguous, otherwise a contiguous copy with the new shape.
  Tensor reshape(const Shape& shape) const;
  /// Adds a dimension of size 1 at position d.
  Tensor unsqueeze(int64_t d) const;

  // ---- copies ----
  Tensor contiguous() const;
  Tensor clone() const;
  /// Copies values from src (same number of elements, any strides) into this view.
  Tensor& copyFrom(const Tensor& src);
  /// Converts to another scalar type (a copy).
  template <typename U>
  Tensor<U> to() const;

  // ---- in-place ----
  /// Makes this a contiguous tensor of the given shape, reusing the storage when it is large enough and this
  /// view owns it from offset 0; values are unspecified afterwards.
  Tensor& resize(const Shape& shape);
  Tensor& fill(T value);
  Tensor& zero() { return fill(T(0)); }
  /// Points this tensor at another tensor's view (shares its storage).
  Tensor& set(const Tensor& other);

 private:
  template <typename U>
  friend class Tensor;
  int64_t linearOffset(std::initializer_list<int64_t> index) const;
  int64_t normDim(int64_t d, int64_t rank) const;

  std::shared_ptr<Storage<T>> storage_;
  int64_t offset_ = 0;
  Shape shape_;
  Shape strides_;
  int64_t numel_ = 0;
};

extern template class Storage<float>;
extern template class Storage<double>;
extern template class Tensor<float>;
extern template class Tensor<double>;
extern template Tensor<double> Tensor<float>::to<double>() const;
extern template Tensor<float> Tensor<double>::to<float>() const;
extern template Tensor<float> Tensor<float>::to<float>() const;
extern template Tensor<double> Tensor<double>::to<double>() const;

using FloatTensor = Tensor<float>;
using DoubleTensor = Tensor<double>;

}  // namespace ringdl
