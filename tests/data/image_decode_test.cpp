// decodeImage: a PNG built byte by byte from the specification, images encoded by OpenCV (exact for PNG,
// close for JPEG), channel layouts, and the errors for bytes that do not decode.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "data/temp_dir.h"
#include "ringdl/data/image.h"

namespace ringdl {
namespace {

using test::expectError;

void putBE32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
}

// A PNG chunk: length, type, data, CRC-32 of type and data.
std::string chunk(const std::string& type, const std::string& data) {
  std::string c;
  putBE32(c, static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  c += body;
  putBE32(c, static_cast<uint32_t>(
                 crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  return c;
}

// A PNG of 8-bit samples: colourType 0 (grey) or 2 (RGB), rows given unfiltered, each written with filter
// type `filter` (0 none, 1 Sub: each byte minus the byte one pixel to the left).
std::string buildPng(int width, int height, int colourType, const std::vector<uint8_t>& pixels,
                     int filter = 0) {
  const int channels = colourType == 2 ? 3 : 1;
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  putBE32(ihdr, static_cast<uint32_t>(width));
  putBE32(ihdr, static_cast<uint32_t>(height));
  ihdr +=
      std::string{8, static_cast<char>(colourType), 0, 0, 0};  // depth, colour, deflate, filter, no interlace
  png += chunk("IHDR", ihdr);
  std::string raw;
  const int row = width * channels;
  for (int y = 0; y < height; ++y) {
    raw.push_back(static_cast<char>(filter));
    for (int x = 0; x < row; ++x) {
      uint8_t v = pixels[y * row + x];
      if (filter == 1 && x >= channels) v = static_cast<uint8_t>(v - pixels[y * row + x - channels]);
      raw.push_back(static_cast<char>(v));
    }
  }
  std::vector<Bytef> z(compressBound(static_cast<uLong>(raw.size())));
  uLongf zn = static_cast<uLongf>(z.size());
  EXPECT_EQ(
      compress2(z.data(), &zn, reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 9),
      Z_OK);
  png += chunk("IDAT", std::string(reinterpret_cast<const char*>(z.data()), zn));
  png += chunk("IEND", "");
  return png;
}

std::string encode(const cv::Mat& mat, const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> out;
  EXPECT_TRUE(cv::imencode(ext, mat, out, params));
  return std::string(out.begin(), out.end());
}

cv::Mat randomBgr(int h, int w, int seed) {
  cv::Mat m(h, w, CV_8UC3);
  cv::RNG rng(static_cast<uint64_t>(seed));
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}

// A smooth image (JPEG keeps it close).
cv::Mat gradientBgr(int h, int w) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(x * 4 % 256, y * 4 % 256, (x + y) * 2 % 256);
  return m;
}

TEST(ImageDecodeTest, PngBuiltByteByByteDecodesToItsPixels) {
  // 3 x 2 RGB: row 0 red, green, blue; row 1 white, black, (10, 20, 30).
  const std::vector<uint8_t> px = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 10, 20, 30};
  for (int filter : {0, 1}) {
    const std::string png = buildPng(3, 2, 2, px, filter);
    const Image rgb = decodeImage(png, "file test.png: ");
    EXPECT_EQ(rgb.height, 2);
    EXPECT_EQ(rgb.width, 3);
    EXPECT_EQ(rgb.channels, ImageChannels::kRgb);
    EXPECT_EQ(rgb.pixels, px) << "filter " << filter;
    const Image bgr = decodeImage(png, "", ImageDecodeOptions().withChannels(ImageChannels::kBgr));
    ASSERT_EQ(bgr.pixels.size(), px.size());
    for (size_t i = 0; i < px.size(); i += 3) {
      EXPECT_EQ(bgr.pixels[i], px[i + 2]);
      EXPECT_EQ(bgr.pixels[i + 1], px[i + 1]);
      EXPECT_EQ(bgr.pixels[i + 2], px[i]);
    }
    // Grey: 0.299 R + 0.587 G + 0.114 B, rounded: red 76, green 150, blue 29, white 255, black 0,
    // (10, 20, 30): 2.99 + 11.74 + 3.42 = 18.15 -> 18.
    const Image grey = decodeImage(png, "", ImageDecodeOptions().withChannels(ImageChannels::kGrey));
    EXPECT_EQ(grey.channels, ImageChannels::kGrey);
    EXPECT_EQ(grey.pixels, (std::vector<uint8_t>{76, 150, 29, 255, 0, 18}));
  }
}

TEST(ImageDecodeTest, GreyPngKeptOrExpanded) {
  const std::vector<uint8_t> px = {0, 1, 2, 127, 128, 255};
  const std::string png = buildPng(2, 3, 0, px);
  const Image kept = decodeImage(png, "", ImageDecodeOptions().withExpandGrey(false));
  EXPECT_EQ(kept.channels, ImageChannels::kGrey);
  EXPECT_EQ(kept.height, 3);
  EXPECT_EQ(kept.width, 2);
  EXPECT_EQ(kept.pixels, px);
  for (ImageChannels c : {ImageChannels::kRgb, ImageChannels::kBgr}) {
    const Image expanded = decodeImage(png, "", ImageDecodeOptions().withChannels(c));
    EXPECT_EQ(expanded.channels, c);
    ASSERT_EQ(expanded.pixels.size(), 3 * px.size());
    for (size_t i = 0; i < px.size(); ++i)
      for (int k = 0; k < 3; ++k) EXPECT_EQ(expanded.pixels[3 * i + k], px[i]);
  }
  const Image grey = decodeImage(png, "", ImageDecodeOptions().withChannels(ImageChannels::kGrey));
  EXPECT_EQ(grey.pixels, px);
}

TEST(ImageDecodeTest, OpenCvPngRoundTripsExactly) {
  for (int seed : {1, 2, 3}) {
    const cv::Mat bgr = randomBgr(17 + seed, 23, seed);
    const std::string png = encode(bgr, ".png");
    const Image img = decodeImage(png, "", ImageDecodeOptions().withChannels(ImageChannels::kBgr));
    ASSERT_EQ(img.height, bgr.rows);
    ASSERT_EQ(img.width, bgr.cols);
    EXPECT_EQ(0, std::memcmp(img.pixels.data(), bgr.data, img.pixels.size()));
    const Image rgb = decodeImage(png, "");
    for (int i = 0; i < bgr.rows * bgr.cols; ++i) {
      EXPECT_EQ(rgb.pixels[3 * i], bgr.data[3 * i + 2]);
      EXPECT_EQ(rgb.pixels[3 * i + 2], bgr.data[3 * i]);
    }
  }
}

TEST(ImageDecodeTest, OpenCvJpegDecodesCloseToTheOriginal) {
  const cv::Mat bgr = gradientBgr(48, 64);
  const std::string jpg = encode(bgr, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95});
  const Image img = decodeImage(jpg, "", ImageDecodeOptions().withChannels(ImageChannels::kBgr));
  ASSERT_EQ(img.height, 48);
  ASSERT_EQ(img.width, 64);
  double sum = 0;
  int worst = 0;
  for (size_t i = 0; i < img.pixels.size(); ++i) {
    const int d = std::abs(int(img.pixels[i]) - int(bgr.data[i]));
    sum += d;
    worst = std::max(worst, d);
  }
  EXPECT_LT(sum / static_cast<double>(img.pixels.size()), 3.0);
  EXPECT_LT(worst, 40);
  // Exactly what OpenCV itself decodes.
  const cv::Mat ref = cv::imdecode(std::vector<uchar>(jpg.begin(), jpg.end()), cv::IMREAD_COLOR);
  EXPECT_EQ(0, std::memcmp(img.pixels.data(), ref.data, img.pixels.size()));
}

TEST(ImageDecodeTest, AlphaIsDroppedAndSixteenBitsKeepTheHighByte) {
  cv::Mat bgra(2, 3, CV_8UC4, cv::Scalar(10, 20, 30, 7));
  const Image a = decodeImage(encode(bgra, ".png"), "");
  EXPECT_EQ(a.channels, ImageChannels::kRgb);
  EXPECT_EQ(a.pixels,
            (std::vector<uint8_t>{30, 20, 10, 30, 20, 10, 30, 20, 10, 30, 20, 10, 30, 20, 10, 30, 20, 10}));
  cv::Mat wide(1, 2, CV_16UC3, cv::Scalar(1000, 40000, 65535));
  const Image w =
      decodeImage(encode(wide, ".png"), "", ImageDecodeOptions().withChannels(ImageChannels::kBgr));
  EXPECT_EQ(w.pixels, (std::vector<uint8_t>{3, 156, 255, 3, 156, 255}));
}

TEST(ImageDecodeTest, OtherFormatsOpenCvReads) {
  const cv::Mat bgr = randomBgr(5, 7, 9);
  for (const char* ext : {".bmp", ".ppm", ".tiff"}) {
    const Image img =
        decodeImage(encode(bgr, ext), "", ImageDecodeOptions().withChannels(ImageChannels::kBgr));
    ASSERT_EQ(img.pixels.size(), 5u * 7 * 3) << ext;
    EXPECT_EQ(0, std::memcmp(img.pixels.data(), bgr.data, img.pixels.size())) << ext;
  }
}

TEST(ImageDecodeTest, FormatsAreRecognisedByTheirFirstBytes) {
  EXPECT_EQ(imageFormatOf(encode(randomBgr(4, 4, 1), ".jpg")), "JPEG");
  EXPECT_EQ(imageFormatOf(encode(randomBgr(4, 4, 1), ".png")), "PNG");
  EXPECT_EQ(imageFormatOf(encode(randomBgr(4, 4, 1), ".bmp")), "BMP");
  EXPECT_EQ(imageFormatOf(encode(randomBgr(4, 4, 1), ".tiff")), "TIFF");
  EXPECT_EQ(imageFormatOf(encode(randomBgr(4, 4, 1), ".ppm")), "PNM");
  EXPECT_EQ(imageFormatOf("GIF89a..."), "GIF");
  EXPECT_EQ(imageFormatOf(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), "WebP");
  EXPECT_EQ(imageFormatOf("<!DOCTYPE html>"), "");
  EXPECT_EQ(imageFormatOf(""), "");
}

// A JPEG with an APP1 segment holding a thumbnail-like JPEG (its own ff d8 ... ff d9) right after SOI.
std::string withThumbnail(const std::string& jpg) {
  const std::string thumb = encode(randomBgr(4, 4, 5), ".jpg");
  std::string app1 = "\xff\xe1";
  const size_t len = 2 + 6 + thumb.size();
  app1.push_back(static_cast<char>(len >> 8));
  app1.push_back(static_cast<char>(len & 0xff));
  app1 += std::string("Exif\0\0", 6) + thumb;
  return jpg.substr(0, 2) + app1 + jpg.substr(2);
}

TEST(ImageDecodeTest, TruncatedJpegIsAnErrorNotAGreyPicture) {
  const std::string jpg = encode(randomBgr(64, 64, 4), ".jpg");
  for (const std::string& full : {jpg, withThumbnail(jpg)}) {
    EXPECT_NO_THROW(decodeImage(full, ""));
    for (size_t cut : {full.size() - 1, full.size() - 2, full.size() / 2, size_t(700)}) {
      expectError([&] { decodeImage(full.substr(0, cut), "file a.jpg: record 7 at byte 1024: "); },
                  {"file a.jpg: record 7 at byte 1024: ", "truncated", "ff d8 ff", "(a JPEG)",
                   std::to_string(cut) + " bytes", "ff d9"});
    }
  }
  // Bytes after the end-of-image marker are tolerated (cameras and editors append data).
  EXPECT_NO_THROW(decodeImage(jpg + "trailing bytes", ""));
}

TEST(ImageDecodeTest, UndecodableBytesNameThePlaceAndTheFirstBytes) {
  expectError([] { decodeImage("", "file x.png: "); }, {"file x.png: ", "empty (0 bytes)"});
  expectError([] { decodeImage("<!DOCTYPE html><html>", "file cat.jpg: "); },
              {"file cat.jpg: ", "does not decode", "21 bytes", "3c 21 44 4f 43 54 59 50", "\"<!DOCTYP\"",
               "HTML", "failed download"});
  expectError([] { decodeImage(std::string("\x00\x01\x02\x03\x04", 5), "file z: record 3 at byte 96: "); },
              {"file z: record 3 at byte 96: ", "00 01 02 03 04", "match no image format"});
  expectError([] { decodeImage("\x1f\x8b\x08\x00rest", "f: "); }, {"gzip data"});
  expectError([] { decodeImage("GIF89a\x01\x00\x01\x00", "f: "); }, {"GIF", "convert it to PNG"});
  // A PNG cut short or with a damaged chunk: its format is named, and the damage.
  const std::string png = encode(randomBgr(32, 32, 2), ".png");
  for (size_t cut : {png.size() / 2, png.size() - 12, size_t(40)})
    expectError(
        [&] { decodeImage(png.substr(0, cut), "file p.png: "); },
        {"file p.png: ", "does not decode", "89 50 4e 47 0d 0a 1a 0a (a PNG)", "damaged or truncated"});
  std::string damaged = png;
  damaged[png.size() / 2] = static_cast<char>(damaged[png.size() / 2] ^ 0x55);
  expectError([&] { decodeImage(damaged, "file p.png: "); }, {"(a PNG)", "damaged or truncated"});
}

TEST(ImageDecodeTest, HugeSizesAreRefusedWithoutAllocating) {
  // A PNG header claiming 70000 x 70000 RGB (14.7 GB of pixels) with one row of data.
  std::string png = buildPng(1, 1, 2, {1, 2, 3});
  const std::string ihdrStart = png.substr(8, 8);  // length and "IHDR"
  std::string ihdr;
  putBE32(ihdr, 70000);
  putBE32(ihdr, 70000);
  ihdr += std::string{8, 2, 0, 0, 0};
  const std::string fake = png.substr(0, 8) + chunk("IHDR", ihdr) + png.substr(8 + 25);
  expectError([&] { decodeImage(fake, "file huge.png: "); },
              {"file huge.png: ", "header claims more pixels than OpenCV decodes", "(a PNG)"});
}

TEST(ImageDecodeTest, EveryTruncationAndDamageEndsInAnImageOrAnError) {
  const std::string jpg = encode(gradientBgr(16, 24), ".jpg");
  const std::string png = encode(randomBgr(8, 12, 3), ".png");
  int errors = 0, images = 0;
  auto attempt = [&](const std::string& bytes) {
    try {
      const Image img = decodeImage(bytes, "f: ");
      EXPECT_EQ(static_cast<int64_t>(img.pixels.size()), img.height * img.width * img.depth());
      ++images;
    } catch (const Error& e) {
      EXPECT_EQ(e.message().rfind("f: ", 0), 0u) << e.message();
      ++errors;
    }
  };
  for (const std::string& full : {jpg, png})
    for (size_t cut = 0; cut < full.size(); cut += 7) attempt(full.substr(0, cut));
  uint64_t state = 12345;
  for (int k = 0; k < 150; ++k) {
    std::string damaged = k % 2 ? jpg : png;
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    damaged[(state >> 33) % damaged.size()] ^= static_cast<char>(1 + (state >> 13) % 255);
    attempt(damaged);
  }
  EXPECT_GT(errors, 100);
  EXPECT_GT(images, 0);  // JPEG has no checksum: damage inside its compressed data can decode to other pixels
}

TEST(ImageDecodeTest, ConvertImageBetweenLayouts) {
  Image rgb = Image::filled(1, 2, ImageChannels::kRgb);
  rgb.pixels = {10, 20, 30, 200, 100, 0};
  const Image bgr = convertImage(rgb, ImageChannels::kBgr);
  EXPECT_EQ(bgr.channels, ImageChannels::kBgr);
  EXPECT_EQ(bgr.pixels, (std::vector<uint8_t>{30, 20, 10, 0, 100, 200}));
  EXPECT_EQ(convertImage(bgr, ImageChannels::kRgb).pixels, rgb.pixels);
  // 0.299 * 10 + 0.587 * 20 + 0.114 * 30 = 18.15; 0.299 * 200 + 0.587 * 100 = 118.5 -> 119 (OpenCV's fixed
  // point rounds this half up).
  const Image grey = convertImage(rgb, ImageChannels::kGrey);
  EXPECT_EQ(grey.pixels, (std::vector<uint8_t>{18, 119}));
  EXPECT_EQ(convertImage(bgr, ImageChannels::kGrey).pixels, grey.pixels);
  const Image back = convertImage(grey, ImageChannels::kRgb);
  EXPECT_EQ(back.pixels, (std::vector<uint8_t>{18, 18, 18, 119, 119, 119}));
  EXPECT_EQ(rgb.describe(), "1x2 rgb");
}

}  // namespace
}  // namespace ringdl
