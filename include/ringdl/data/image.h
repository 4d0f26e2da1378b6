// Image: an 8-bit image in memory (rows of interleaved channels), and decoding the encoded images (JPEG, PNG
// and the other formats OpenCV's imgcodecs reads) that image folders and shard records hold.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ringdl/data/sequence_file_image_decoder.h"  // ImageChannels

namespace ringdl {

/// An 8-bit image, HWC: rows top to bottom, each pixel's channels together (R, G, B for kRgb; B, G, R for
/// kBgr, OpenCV's and BigDL's order; one grey value for kGrey). Image transforms work on it before it becomes
/// a tensor.
struct Image {
  int64_t height = 0;
  int64_t width = 0;
  ImageChannels channels = ImageChannels::kRgb;
  std::vector<uint8_t> pixels;  ///< height * width * depth() bytes

  /// Channels per pixel: 3, or 1 for kGrey.
  int64_t depth() const { return channels == ImageChannels::kGrey ? 1 : 3; }
  /// An image of the given size with every byte set to `value`.
  static Image filled(int64_t height, int64_t width, ImageChannels channels, uint8_t value = 0);
  /// "375x500 rgb" (height x width).
  std::string describe() const;
};

/// How decodeImage lays out what it decodes.
struct ImageDecodeOptions {
  /// kRgb or kBgr: colour images in this channel order; kGrey: every image as one grey channel (colour ones
  /// converted with the ITU-R 601 weights 0.299 R + 0.587 G + 0.114 B, as OpenCV and PIL do).
  ImageChannels channels = ImageChannels::kRgb;
  /// kRgb/kBgr only: grey images become three equal channels (true), or stay one grey channel (false: the
  /// data set then mixes 1- and 3-channel records if it holds both kinds).
  bool expandGrey = true;

  ImageDecodeOptions& withChannels(ImageChannels c) {
    channels = c;
    return *this;
  }
  ImageDecodeOptions& withExpandGrey(bool on) {
    expandGrey = on;
    return *this;
  }
};

/// Decodes an encoded image: JPEG, PNG, and whatever else OpenCV's imgcodecs reads (BMP, PPM/PGM, TIFF, WebP,
/// JPEG 2000, ...). An alpha channel is dropped; 16-bit images keep their high byte; an EXIF orientation tag
/// is ignored (pixels as stored, as PIL and torchvision read them).
///
/// `where` names the image for errors, as recordPlace() does ("file F: record I at byte O: ", or
/// "file F: "). Bytes that do not decode are a ringdl::Error naming `where`, the byte count, the first bytes
/// and the format they look like ("...: the image does not decode: its 5120 bytes start 89 50 4e 47 0d 0a 1a
/// 0a (a PNG): damaged or truncated"); a JPEG whose last scan is not followed by its end-of-image marker is
/// refused as truncated (OpenCV would return it with the missing rows grey).
Image decodeImage(std::string_view bytes, const std::string& where, const ImageDecodeOptions& options = {});

/// The format an encoded image's first bytes announce: "JPEG", "PNG", "GIF", "BMP", "TIFF", "WebP", "JPEG
/// 2000", "PNM" (PBM/PGM/PPM), ...; "" when they match none.
std::string imageFormatOf(std::string_view bytes);

/// The image in another channel layout: kRgb <-> kBgr swap R and B; to kGrey with the ITU-R 601 weights; grey
/// to colour repeats the value. The same layout returns it unchanged.
Image convertImage(Image image, ImageChannels to);

}  // namespace ringdl
