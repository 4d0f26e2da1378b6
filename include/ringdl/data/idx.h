// IDX files (the MNIST / Fashion-MNIST format), raw or gzipped: reading into a Tensor, and writing one.
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/tensor/tensor.h"

namespace ringdl {

/// Where the Debian package dataset-fashion-mnist installs Fashion-MNIST (train-images-idx3-ubyte.gz,
/// train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

/// The element type code, byte 2 of an IDX file. Data is big-endian.
enum class IdxType : uint8_t {
  kUByte = 0x08,   ///< unsigned byte
  kSByte = 0x09,   ///< signed byte
  kShort = 0x0B,   ///< int16
  kInt = 0x0C,     ///< int32
  kFloat = 0x0D,   ///< IEEE float32
  kDouble = 0x0E,  ///< IEEE float64
};

/// "ubyte", "sbyte", "short", "int", "float", "double".
const char* idxTypeName(IdxType type);
/// Bytes per element of this type.
int idxTypeSize(IdxType type);

/// What an IDX header says.
struct IdxInfo {
  IdxType type = IdxType::kUByte;
  Shape shape;              ///< the sizes, dimension 0 first
  bool gzipped = false;     ///< the file is gzip-compressed (starts with 1f 8b)
  int64_t headerBytes = 0;  ///< 4 + 4 * rank
  int64_t dataBytes = 0;    ///< numel * element size
};

/// Reads only the header of an IDX file (raw or gzipped). Throws ringdl::Error naming the file, the byte
/// offset and what was expected on a missing file, bad magic, unknown type code, truncated header or
/// overflowing sizes.
IdxInfo readIdxInfo(const std::string& path);

/// Reads a whole IDX file (raw, or gzipped: detected from the gzip magic 1f 8b, not from the name) into a
/// contiguous tensor of the file's shape, converting every element to T (int32 values beyond 2^24 round in
/// float). Besides readIdxInfo's checks, a short data section and trailing bytes are errors. `contents` names
/// the data in error messages ("image data" gives "expected 47040000 bytes of image data after the 16-byte
/// header, found 1000"). Offsets in messages count decompressed bytes for gzipped files.
template <typename T>
Tensor<T> readIdx(const std::string& path, const std::string& contents = "data");

/// Writes t (any strides) as an IDX file with the given element type, gzipped when gzip is true. Values must
/// be representable: integer types need integral values in range (the error names the first bad element),
/// float rounds doubles to float. Each size must fit an int32. Throws ringdl::Error if the file cannot be
/// written.
template <typename T>
void writeIdx(const std::string& path, const Tensor<T>& t, IdxType type, bool gzip = false);

extern template Tensor<float> readIdx<float>(const std::string&, const std::string&);
extern template Tensor<double> readIdx<double>(const std::string&, const std::string&);
extern template void writeIdx<float>(const std::string&, const Tensor<float>&, IdxType, bool);
extern template void writeIdx<double>(const std::string&, const Tensor<double>&, IdxType, bool);

}  // namespace ringdl
