// WireFormat and the float32 <-> bf16 / IEEE fp16 conversions the 16-bit all-reduce wire uses.
#pragma once

#include <cstdint>
#include <string>

namespace ringdl {

/// How a sum travels between ranks. kNative sends the tensor's own type. kBf16 and kFp16 send 16 bits per
/// element (half the traffic of float32) while every addition is still done in float32: only the partial sums
/// on the wire are rounded. They apply to float tensors only.
enum class WireFormat { kNative, kBf16, kFp16 };

/// "native", "bf16", "fp16".
std::string toString(WireFormat format);
/// Parses the names toString returns; anything else is a ringdl::Error listing them.
WireFormat wireFormatFromString(const std::string& name);
/// The bytes one element of a T tensor takes on the wire in this format.
int64_t wireBytesPerElement(WireFormat format, int64_t nativeBytes);

// Scalar conversions. Rounding is to nearest, ties to even; NaN stays a (quiet) NaN with its sign.

/// bfloat16: the top 16 bits of a float32, rounded. Overflow past the largest bf16 becomes infinity.
uint16_t floatToBf16(float value);
float bf16ToFloat(uint16_t bits);
/// IEEE 754 binary16: subnormals kept, values from 65520 up (in magnitude) become infinity.
uint16_t floatToFp16(float value);
float fp16ToFloat(uint16_t bits);

// Bulk conversions (vectorised: AVX2, and the F16C instructions for fp16, when the CPU has them; the results
// are bit-identical to the scalar functions).
void floatToBf16(const float* src, uint16_t* dst, int64_t n);
void bf16ToFloat(const uint16_t* src, float* dst, int64_t n);
void floatToFp16(const float* src, uint16_t* dst, int64_t n);
void fp16ToFloat(const uint16_t* src, float* dst, int64_t n);

}  // namespace ringdl
