// Tensor<T> geometry, views and copies; explicit instantiation for float and double.
#include "ringdl/tensor/tensor.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>

#include "ringdl/util/error.h"

namespace ringdl {

int64_t numelOf(const Shape& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

std::string toString(const Shape& shape) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << "]";
  return os.str();
}

Shape contiguousStrides(const Shape& shape) {
  Shape strides(shape.size());
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

namespace {
// Calls fn(offset) for every element of a strided view, in row-major order.
template <typename Fn>
void forEachOffset(const Shape& shape, const Shape& strides, int64_t base, Fn&& fn) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  if (rank == 0) {
    fn(base);
    return;
  }
  if (numelOf(shape) == 0) return;
  std::vector<int64_t> idx(rank, 0);
  const int64_t inner = shape[rank - 1], innerStride = strides[rank - 1];
  int64_t off = base;
  while (true) {
    for (int64_t i = 0; i < inner; ++i) fn(off + i * innerStride);
    int64_t d = rank - 2;
    for (; d >= 0; --d) {
      if (++idx[d] < shape[d]) {
        off += strides[d];
        break;
      }
      off -= strides[d] * (shape[d] - 1);
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
}  // namespace

template <typename T>
Storage<T>::Storage(int64_t size) : size_(size) {
  RINGDL_CHECK(size >= 0, "cannot allocate a tensor of negative size ", size);
  size_t bytes = static_cast<size_t>(size > 0 ? size : 1) * sizeof(T);
  bytes = (bytes + 63) / 64 * 64;
  data_ = static_cast<T*>(std::aligned_alloc(64, bytes));
  if (!data_) throw std::bad_alloc();
}

template <typename T>
Storage<T>::~Storage() {
  std::free(data_);
}

template <typename T>
Tensor<T>::Tensor() : shape_{0}, strides_{1}, numel_(0) {}

template <typename T>
Tensor<T>::Tensor(const Shape& shape) {
  for (int64_t s : shape) RINGDL_CHECK(s >= 0, "tensor sizes must be non-negative, got ", toString(shape));
  shape_ = shape;
  strides_ = contiguousStrides(shape);
  numel_ = numelOf(shape);
  storage_ = std::make_shared<Storage<T>>(numel_);
  if (numel_ > 0) std::memset(storage_->data(), 0, sizeof(T) * numel_);
}

template <typename T>
Tensor<T> Tensor<T>::full(const Shape& shape, T value) {
  Tensor t(shape);
  t.fill(value);
  return t;
}

template <typename T>
Tensor<T> Tensor<T>::fromVector(const Shape& shape, const std::vector<T>& values) {
  RINGDL_CHECK(numelOf(shape) == static_cast<int64_t>(values.size()), "fromVector: shape ", toString(shape),
               " holds ", numelOf(shape), " elements but ", values.size(), " values were given");
  Tensor t(shape);
  if (!values.empty()) std::memcpy(t.data(), values.data(), sizeof(T) * values.size());
  return t;
}

template <typename T>
int64_t Tensor<T>::normDim(int64_t d, int64_t rank) const {
  const int64_t nd = d < 0 ? d + rank : d;
  RINGDL_CHECK(nd >= 0 && nd < rank, "dimension ", d, " is out of range for a tensor of shape ", toString(shape_));
  return nd;
}

template <typename T>
int64_t Tensor<T>::size(int64_t d) const {
  return shape_[normDim(d, dim())];
}

template <typename T>
int64_t Tensor<T>::stride(int64_t d) const {
  return strides_[normDim(d, dim())];
}

template <typename T>
bool Tensor<T>::isContiguous() const {
  int64_t expected = 1;
  for (int64_t d = dim() - 1; d >= 0; --d) {
    if (shape_[d] != 1 && strides_[d] != expected) return false;
    expected *= shape_[d];
  }
  return true;
}

template <typename T>
T* Tensor<T>::data() {
  return storage_ ? storage_->data() + offset_ : nullptr;
}

template <typename T>
const T* Tensor<T>::data() const {
  return storage_ ? storage_->data() + offset_ : nullptr;
}

template <typename T>
int64_t Tensor<T>::linearOffset(std::initializer_list<int64_t> index) const {
  RINGDL_CHECK(static_cast<int64_t>(index.size()) == dim(), "index has ", index.size(),
               " coordinates but the tensor has shape ", toString(shape_));
  int64_t off = 0, d = 0;
  for (int64_t i : index) {
    RINGDL_CHECK(i >= 0 && i < shape_[d], "index ", i, " is out of range for dimension ", d, " of shape ",
                 toString(shape_));
    off += i * strides_[d++];
  }
  return off;
}

template <typename T>
T& Tensor<T>::at(std::initializer_list<int64_t> index) {
  return data()[linearOffset(index)];
}

template <typename T>
const T& Tensor<T>::at(std::initializer_list<int64_t> index) const {
  return data()[linearOffset(index)];
}

template <typename T>
T Tensor<T>::item() const {
  RINGDL_CHECK(numel_ == 1, "item() needs a one-element tensor, got shape ", toString(shape_));
  return *data();
}

template <typename T>
std::vector<T> Tensor<T>::toVector() const {
  std::vector<T> out;
  out.reserve(numel_);
  const T* base = storage_ ? storage_->data() : nullptr;
  forEachOffset(shape_, strides_, offset_, [&](int64_t o) { out.push_back(base[o]); });
  return out;
}

template <typename T>
Tensor<T> Tensor<T>::narrow(int64_t d, int64_t start, int64_t length) const {
  d = normDim(d, dim());
  RINGDL_CHECK(start >= 0 && length >= 0 && start + length <= shape_[d], "narrow(", d, ", ", start, ", ", length,
               ") is out of range for shape ", toString(shape_));
  Tensor t = *this;
  t.offset_ += start * strides_[d];
  t.shape_[d] = length;
  t.numel_ = numelOf(t.shape_);
  return t;
}

template <typename T>
Tensor<T> Tensor<T>::select(int64_t d, int64_t index) const {
  d = normDim(d, dim());
  RINGDL_CHECK(index >= 0 && index < shape_[d], "select(", d, ", ", index, ") is out of range for shape ",
               toString(shape_));
  Tensor t = *this;
  t.offset_ += index * strides_[d];
  t.shape_.erase(t.shape_.begin() + d);
  t.strides_.erase(t.strides_.begin() + d);
  t.numel_ = numelOf(t.shape_);
  return t;
}

template <typename T>
Tensor<T> Tensor<T>::transpose(int64_t d0, int64_t d1) const {
  d0 = normDim(d0, dim());
  d1 = normDim(d1, dim());
  Tensor t = *this;
  std::swap(t.shape_[d0], t.shape_[d1]);
  std::swap(t.strides_[d0], t.strides_[d1]);
  return t;
}

namespace {
Shape inferShape(const Shape& requested, int64_t numel, const Shape& from) {
  Shape shape = requested;
  int64_t known = 1, inferAt = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      RINGDL_CHECK(inferAt < 0, "only one size may be -1 in ", toString(requested));
      inferAt = static_cast<int64_t>(i);
    } else {
      RINGDL_CHECK(shape[i] >= 0, "invalid size in ", toString(requested));
      known *= shape[i];
    }
  }
  if (inferAt >= 0) {
    RINGDL_CHECK(known > 0 && numel % known == 0, "cannot view shape ", toString(from), " as ",
                 toString(requested));
    shape[inferAt] = numel / known;
  }
  RINGDL_CHECK(numelOf(shape) == numel, "cannot view shape ", toString(from), " (", numel, " elements) as ",
               toString(requested), " (", numelOf(shape), " elements)");
  return shape;
}
}  // namespace

template <typename T>
Tensor<T> Tensor<T>::view(const Shape& shape) const {
  RINGDL_CHECK(isContiguous(), "view() needs a contiguous tensor; call contiguous() or reshape() instead (shape ",
               toString(shape_), ")");
  Tensor t = *this;
  t.shape_ = inferShape(shape, numel_, shape_);
  t.strides_ = contiguousStrides(t.shape_);
  return t;
}

template <typename T>
Tensor<T> Tensor<T>::reshape(const Shape& shape) const {
  return isContiguous() ? view(shape) : contiguous().view(shape);
}

template <typename T>
Tensor<T> Tensor<T>::unsqueeze(int64_t d) const {
  const int64_t rank = dim() + 1;
  d = normDim(d, rank);
  Tensor t = *this;
  const int64_t stride = d < dim() ? shape_[d] * strides_[d] : 1;
  t.shape_.insert(t.shape_.begin() + d, 1);
  t.strides_.insert(t.strides_.begin() + d, stride);
  return t;
}

template <typename T>
Tensor<T> Tensor<T>::contiguous() const {
  return isContiguous() ? *this : clone();
}

template <typename T>
Tensor<T> Tensor<T>::clone() const {
  Tensor t(shape_);
  t.copyFrom(*this);
  return t;
}

template <typename T>
Tensor<T>& Tensor<T>::copyFrom(const Tensor& src) {
  RINGDL_CHECK(src.numel_ == numel_, "copyFrom: source has ", src.numel_, " elements (shape ",
               toString(src.shape_), ") but destination has ", numel_, " (shape ", toString(shape_), ")");
  if (numel_ == 0) return *this;
  if (isContiguous() && src.isContiguous()) {
    if (data() != src.data()) std::memmove(data(), src.data(), sizeof(T) * numel_);
    return *this;
  }
  std::vector<T> values = src.toVector();
  T* base = storage_->data();
  size_t i = 0;
  forEachOffset(shape_, strides_, offset_, [&](int64_t o) { base[o] = values[i++]; });
  return *this;
}

template <typename T>
template <typename U>
Tensor<U> Tensor<T>::to() const {
  Tensor<U> out(shape_);
  const Tensor<T> src = contiguous();
  const T* s = src.data();
  U* d = out.data();
  for (int64_t i = 0; i < numel_; ++i) d[i] = static_cast<U>(s[i]);
  return out;
}

template <typename T>
Tensor<T>& Tensor<T>::resize(const Shape& shape) {
  if (shape == shape_ && isContiguous() && storage_) return *this;
  const int64_t n = numelOf(shape);
  for (int64_t s : shape) RINGDL_CHECK(s >= 0, "tensor sizes must be non-negative, got ", toString(shape));
  if (!storage_ || offset_ != 0 || storage_->size() < n)
    storage_ = std::make_shared<Storage<T>>(n);
  offset_ = 0;
  shape_ = shape;
  strides_ = contiguousStrides(shape);
  numel_ = n;
  return *this;
}

template <typename T>
Tensor<T>& Tensor<T>::fill(T value) {
  if (numel_ == 0) return *this;
  if (isContiguous()) {
    T* p = data();
    for (int64_t i = 0; i < numel_; ++i) p[i] = value;
  } else {
    T* base = storage_->data();
    forEachOffset(shape_, strides_, offset_, [&](int64_t o) { base[o] = value; });
  }
  return *this;
}

template <typename T>
Tensor<T>& Tensor<T>::set(const Tensor& other) {
  *this = other;
  return *this;
}

template class Storage<float>;
template class Storage<double>;
template class Tensor<float>;
template class Tensor<double>;
template Tensor<double> Tensor<float>::to<double>() const;
template Tensor<float> Tensor<double>::to<float>() const;
template Tensor<float> Tensor<float>::to<float>() const;
template Tensor<double> Tensor<double>::to<double>() const;

}  // namespace ringdl
