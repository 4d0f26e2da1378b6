// Helpers shared by the record decoders: error places, shape text and pixel scaling.
#include "ringdl/data/record_decoder.h"

#include <cstdlib>

#include "ringdl/util/error.h"

namespace ringdl {

std::string recordPlace(const RecordView& record, const std::string& file) {
  return (file.empty() ? std::string() : "file " + file + ": ") + "record " + std::to_string(record.index) +
         " at byte " + std::to_string(record.offset) + ": ";
}

Shape parseShapeText(const std::string& text, const std::string& what) {
  Shape shape;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    const std::string part = text.substr(pos, comma - pos);
    char* end = nullptr;
    const long long v = std::strtoll(part.c_str(), &end, 10);
    const bool spacesOnly = end && std::string(end).find_first_not_of(" \t") == std::string::npos;
    RINGDL_CHECK(!part.empty() && end != part.c_str() && spacesOnly && v > 0, what, ": shape \"", text,
                 "\" must be positive sizes separated by commas (e.g. 1,28,28)");
    shape.push_back(v);
    pos = comma + 1;
  }
  return shape;
}

std::string shapeText(const Shape& shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s;
}

template <typename T>
void scalePixels(const unsigned char* pixels, size_t n, T* out) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<T>(pixels[i]) / T(255);
}

template void scalePixels(const unsigned char*, size_t, float*);
template void scalePixels(const unsigned char*, size_t, double*);

}  // namespace ringdl
