// Shape: the sizes of an N-d tensor, and helpers to print and count them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ringdl {

using Shape = std::vector<int64_t>;

/// Number of elements of a shape; 1 for the 0-d shape.
int64_t numelOf(const Shape& shape);

/// "[128, 1, 28, 28]".
std::string toString(const Shape& shape);

/// Row-major strides of a contiguous tensor of this shape.
Shape contiguousStrides(const Shape& shape);

}  // namespace ringdl
