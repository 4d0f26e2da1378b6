// Image decoding through OpenCV's imgcodecs, with format sniffing and a JPEG completeness check so that a
// damaged or truncated image is an error naming its place rather than a half-grey picture.
#include "ringdl/data/image.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "detail/image_mat.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

bool startsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && bytes.compare(0, prefix.size(), prefix) == 0;
}

enum class JpegEnd { kComplete, kTruncated, kUnknown };

// Walks a JPEG's marker segments (skipping each by its length, so thumbnails inside APP1 segments are
// passed over) and the entropy-coded data after each SOS, looking for the EOI marker. kTruncated when the
// data ends before it; kUnknown when the structure is not what the walk expects (libjpeg then judges).
JpegEnd jpegEnd(std::string_view b) {
  const size_t n = b.size();
  auto at = [&](size_t i) { return static_cast<uint8_t>(b[i]); };
  size_t pos = 2;  // after SOI
  while (true) {
    if (pos >= n) return JpegEnd::kTruncated;
    if (at(pos) != 0xFF) return JpegEnd::kUnknown;
    while (pos + 1 < n && at(pos + 1) == 0xFF) ++pos;  // fill bytes
    if (pos + 1 >= n) return JpegEnd::kTruncated;
    const uint8_t marker = at(pos + 1);
    if (marker == 0xD9) return JpegEnd::kComplete;
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      pos += 2;
      continue;
    }
    if (pos + 4 > n) return JpegEnd::kTruncated;
    const size_t length = (static_cast<size_t>(at(pos + 2)) << 8) | at(pos + 3);
    if (length < 2) return JpegEnd::kUnknown;
    pos += 2 + length;
    if (pos > n) return JpegEnd::kTruncated;
    if (marker != 0xDA) continue;
    // Entropy-coded data: the next marker is an 0xFF followed by neither a stuffed 0x00 nor a restart marker.
    while (true) {
      const void* ff = pos < n ? std::memchr(b.data() + pos, 0xFF, n - pos) : nullptr;
      if (!ff) return JpegEnd::kTruncated;
      pos = static_cast<size_t>(static_cast<const char*>(ff) - b.data());
      if (pos + 1 >= n) return JpegEnd::kTruncated;
      const uint8_t next = at(pos + 1);
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
        pos += next == 0xFF ? 1 : 2;
        continue;
      }
      break;
    }
  }
}

// "its 5120 bytes start 89 50 4e 47 0d 0a 1a 0a (a PNG)" and what they look like when not an image.
std::string describeBytes(std::string_view bytes) {
  std::string s = "its " + std::to_string(bytes.size()) + " byte" + (bytes.size() == 1 ? "" : "s") + " start";
  const size_t shown = std::min<size_t>(bytes.size(), 8);
  char hex[4];
  for (size_t i = 0; i < shown; ++i) {
    std::snprintf(hex, sizeof hex, " %02x", static_cast<unsigned>(static_cast<uint8_t>(bytes[i])));
    s += hex;
  }
  const std::string format = imageFormatOf(bytes);
  if (!format.empty()) return s + " (a " + format + ")";
  bool text = shown > 0;
  for (size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    text = text && (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') && c < 0x7f;
  }
  if (text) {
    s += " (\"" + std::string(bytes.substr(0, shown)) + "\": text";
    if (bytes[0] == '<') s += ", an HTML or XML page: a failed download?";
    return s + "), not an image";
  }
  if (startsWith(bytes, "\x1f\x8b")) return s + " (gzip data), not an image";
  if (startsWith(bytes, "PK\x03\x04")) return s + " (a zip archive), not an image";
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp")
    return s +
           " (an ISO media file such as HEIC or AVIF, which OpenCV 4.6 does not read: convert it to JPEG "
           "or PNG)";
  return s +
         ", which match no image format OpenCV reads (JPEG ff d8 ff, PNG 89 50 4e 47, BMP, TIFF, WebP, "
         "PNM, ...)";
}

}  // namespace

Image Image::filled(int64_t height, int64_t width, ImageChannels channels, uint8_t value) {
  RINGDL_CHECK(height > 0 && width > 0, "Image::filled: sizes must be positive, got ", height, "x", width);
  Image image;
  image.height = height;
  image.width = width;
  image.channels = channels;
  image.pixels.assign(static_cast<size_t>(height * width * image.depth()), value);
  return image;
}

std::string Image::describe() const {
  return std::to_string(height) + "x" + std::to_string(width) + " " + imageChannelsName(channels);
}

std::string imageFormatOf(std::string_view b) {
  if (startsWith(b, "\xff\xd8\xff")) return "JPEG";
  if (startsWith(b, "\x89PNG\r\n\x1a\n")) return "PNG";
  if (startsWith(b, "GIF87a") || startsWith(b, "GIF89a")) return "GIF";
  if (startsWith(b, "BM") && b.size() >= 14) return "BMP";
  if (startsWith(b, std::string_view("II*\0", 4)) || startsWith(b, std::string_view("MM\0*", 4)))
    return "TIFF";
  if (startsWith(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return "WebP";
  if (startsWith(b, std::string_view("\0\0\0\x0cjP  ", 8)) || startsWith(b, "\xff\x4f\xff\x51"))
    return "JPEG 2000";
  if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && std::isspace(static_cast<uint8_t>(b[2])))
    return "PNM";
  if (startsWith(b, "\x76\x2f\x31\x01")) return "OpenEXR";
  if (startsWith(b, "#?RADIANCE") || startsWith(b, "#?RGBE")) return "Radiance HDR";
  if (startsWith(b, "\x59\xa6\x6a\x95")) return "Sun raster";
  return "";
}

Image decodeImage(std::string_view bytes, const std::string& where, const ImageDecodeOptions& options) {
  RINGDL_CHECK(!bytes.empty(), where, "the image is empty (0 bytes)");
  const std::string format = imageFormatOf(bytes);
  if (format == "JPEG" && jpegEnd(bytes) == JpegEnd::kTruncated)
    RINGDL_FAIL(where, "the JPEG image is truncated: ", describeBytes(bytes),
                " but end before the end-of-image marker (ff d9) that follows the last scan; the file is "
                "incomplete");
  if (format == "GIF")
    RINGDL_FAIL(where, "the image is a GIF, which OpenCV's imgcodecs does not read: ", describeBytes(bytes),
                "; convert it to PNG");
  // Grey output is converted here rather than by the codec: libpng and libjpeg round differently, and one
  // formula for every format keeps a picture's grey values independent of how it was stored.
  const int flags = cv::IMREAD_IGNORE_ORIENTATION |
                    (options.channels != ImageChannels::kGrey && options.expandGrey ? cv::IMREAD_COLOR
                                                                                    : cv::IMREAD_ANYCOLOR);
  RINGDL_CHECK(bytes.size() < (size_t(1) << 31), where, "the encoded image is ", bytes.size(),
               " bytes long; images of 2 GiB or more are not supported");
  cv::Mat mat;
  try {
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    mat = cv::imdecode(raw, flags);
  } catch (const cv::Exception& e) {
    if (e.err.find("CV_IO_MAX_IMAGE_PIXELS") != std::string::npos)
      RINGDL_FAIL(where,
                  "the image's header claims more pixels than OpenCV decodes (2^30, or the environment "
                  "variable OPENCV_IO_MAX_IMAGE_PIXELS): ",
                  describeBytes(bytes), "; the file is damaged, or too large to train on");
    RINGDL_FAIL(where, "the image does not decode: ", describeBytes(bytes), "; OpenCV says: ", e.err);
  }
  RINGDL_CHECK(!mat.empty(), where, "the image does not decode: ", describeBytes(bytes),
               format.empty() ? std::string() : ": damaged or truncated");
  if (mat.channels() == 4) cv::cvtColor(mat, mat, cv::COLOR_BGRA2BGR);
  RINGDL_CHECK(mat.depth() == CV_8U && (mat.channels() == 1 || mat.channels() == 3), where, "the ", format,
               " image decodes to ", mat.channels(), " channels of OpenCV depth ", mat.depth(),
               "; expected 8-bit grey or colour");
  Image image;
  if (options.channels == ImageChannels::kGrey && mat.channels() == 3)
    cv::cvtColor(mat, mat, cv::COLOR_BGR2GRAY);
  if (mat.channels() == 1) {
    detail::toImage(mat, ImageChannels::kGrey, image);
    return image;
  }
  if (options.channels == ImageChannels::kRgb) cv::cvtColor(mat, mat, cv::COLOR_BGR2RGB);
  detail::toImage(mat, options.channels, image);
  return image;
}

Image convertImage(Image image, ImageChannels to) {
  if (image.channels == to) return image;
  const cv::Mat in = detail::asMat(image);
  cv::Mat out;
  const bool fromGrey = image.channels == ImageChannels::kGrey;
  if (fromGrey) {
    cv::cvtColor(in, out, cv::COLOR_GRAY2BGR);  // the value repeated: the same in either order
  } else if (to == ImageChannels::kGrey) {
    cv::cvtColor(in, out, image.channels == ImageChannels::kRgb ? cv::COLOR_RGB2GRAY : cv::COLOR_BGR2GRAY);
  } else {
    cv::cvtColor(in, out, cv::COLOR_RGB2BGR);  // a swap of the first and third channel, either way
  }
  Image result;
  detail::toImage(out, to, result);
  return result;
}

}  // namespace ringdl
