// BigDL image records: the key's name and 1-based label, the value's sizes and BGR pixels.
#include "ringdl/data/bigdl_image_record.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "detail/bigdl_pixels.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/util/error.h"

namespace ringdl {
namespace {

std::string where(const RecordView& record, const std::string& file) {
  return (file.empty() ? std::string() : "file " + file + ": ") + "record " + std::to_string(record.index) +
         " at byte " + std::to_string(record.offset) + ": BigDL image: ";
}

int32_t loadBE32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<int32_t>((uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) |
                              uint32_t(u[3]));
}

void appendBE32(std::string& out, int32_t value) {
  const auto v = static_cast<uint32_t>(value);
  const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out.append(bytes, 4);
}

std::string quoted(std::string_view s) {
  std::string q = "\"";
  for (char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      q += c;
    } else {
      static const char* digits = "0123456789abcdef";
      q += "\\x";
      q += digits[static_cast<unsigned char>(c) >> 4];
      q += digits[c & 15];
    }
  }
  return q + "\"";
}

}  // namespace

BigDLKey parseBigDLKey(std::string_view key, const std::string& where) {
  BigDLKey parsed;
  const size_t newline = key.rfind('\n');
  std::string labelText(key);
  if (newline != std::string_view::npos) {
    parsed.name = std::string(key.substr(0, newline));
    labelText = std::string(key.substr(newline + 1));
  }
  const size_t first = labelText.find_first_not_of(" \t\r");
  const size_t last = labelText.find_last_not_of(" \t\r");
  const std::string trimmed = first == std::string::npos ? "" : labelText.substr(first, last - first + 1);
  char* end = nullptr;
  errno = 0;
  const double label = trimmed.empty() ? std::nan("") : std::strtod(trimmed.c_str(), &end);
  const bool number = !trimmed.empty() && end == trimmed.c_str() + trimmed.size() && errno == 0;
  RINGDL_CHECK(number && std::isfinite(label), where, "the label ", quoted(labelText), " in the key ",
               quoted(key), " is not a number (the key is \"label\" or \"name\\nlabel\")");
  RINGDL_CHECK(
      label >= 1 && label == std::floor(label) && label <= double(std::numeric_limits<int32_t>::max()), where,
      "the label ", quoted(labelText), " is not a class number: BigDL labels are whole numbers from 1");
  parsed.label = static_cast<int32_t>(label) - 1;
  return parsed;
}

namespace detail {

std::string_view bigDLPixels(const RecordView& record, const std::string& file, int32_t& width,
                             int32_t& height) {
  // where() sits in the checks' messages, which are built only when a check fails.
  RINGDL_CHECK(
      record.valueType.empty() || record.valueType == kBytesWritableClass || record.valueType == kTextClass,
      where(record, file), "the value is a ", record.valueType, "; BigDL image files have ",
      kBytesWritableClass, " or ", kTextClass, " values");
  const std::string_view v = record.value;
  RINGDL_CHECK(v.size() >= 8, where(record, file), "the value is ", v.size(),
               " bytes; it starts with the width and height (two big-endian int32, 8 bytes)");
  width = loadBE32(v.data());
  height = loadBE32(v.data() + 4);
  RINGDL_CHECK(width > 0 && height > 0, where(record, file), "bad size ", width, "x", height,
               " (width x height from the first 8 bytes of the value)");
  // Unsigned: (2^31 - 1)^2 * 3 overflows int64 but not uint64.
  const uint64_t pixelBytes = uint64_t(width) * uint64_t(height) * 3;
  RINGDL_CHECK(pixelBytes == v.size() - 8, where(record, file), "a ", width, "x", height, " BGR image needs ",
               pixelBytes, " pixel bytes after the 8-byte size, but the value holds ", v.size() - 8);
  return v.substr(8);
}

}  // namespace detail

BigDLImageRecord decodeBigDLImage(const RecordView& record, const std::string& file) {
  RINGDL_CHECK(record.keyType.empty() || record.keyType == kTextClass, where(record, file), "the key is a ",
               record.keyType, "; BigDL image files have ", kTextClass, " keys");
  // The value's class before the key (bigDLPixels checks it again), so that a record of the wrong classes
  // says so rather than what its key holds.
  RINGDL_CHECK(
      record.valueType.empty() || record.valueType == kBytesWritableClass || record.valueType == kTextClass,
      where(record, file), "the value is a ", record.valueType, "; BigDL image files have ",
      kBytesWritableClass, " or ", kTextClass, " values");
  BigDLImageRecord image;
  BigDLKey key;
  try {
    key = parseBigDLKey(record.key, "");
  } catch (const Error& e) {
    RINGDL_FAIL(where(record, file), e.message());  // the place only when the key is bad
  }
  image.name = std::move(key.name);
  image.label = key.label;
  const std::string_view pixels = detail::bigDLPixels(record, file, image.width, image.height);
  image.pixels.assign(pixels.data(), pixels.size());
  return image;
}

std::string encodeBigDLKey(const std::string& name, int64_t label) {
  RINGDL_CHECK(label >= 0 && label <= kLargestBigDLLabel, "BigDL key of ",
               name.empty() ? "a record" : quoted(name), ": label ", label,
               " is not a 0-based class from 0 to ", kLargestBigDLLabel,
               " (BigDL writes it 1-based, as a 32-bit int)");
  const std::string oneBased = std::to_string(label + 1);
  return name.empty() ? oneBased : name + "\n" + oneBased;
}

void encodeBigDLImage(const BigDLImageRecord& image, std::string& key, std::string& value) {
  RINGDL_CHECK(image.width > 0 && image.height > 0, "encodeBigDLImage: bad size ", image.width, "x",
               image.height);
  const uint64_t pixelBytes = uint64_t(image.width) * uint64_t(image.height) * 3;
  RINGDL_CHECK(image.pixels.size() == pixelBytes, "encodeBigDLImage: a ", image.width, "x", image.height,
               " BGR image has ", pixelBytes, " pixel bytes, got ", image.pixels.size());
  key = encodeBigDLKey(image.name, image.label);
  value.clear();
  value.reserve(8 + image.pixels.size());
  appendBE32(value, image.width);
  appendBE32(value, image.height);
  value += image.pixels;
}

}  // namespace ringdl
