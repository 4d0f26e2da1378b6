// ringdl data convert: reads IDX images, a shard set, an image folder or an HDF5 file and writes
// SequenceFile, TFRecord, CSV, TSV, LibSVM or CIFAR-10 shards (atomically, with a _ringdl_index) or one HDF5
// file; encoded images are copied as they are where the output holds them, and decoded otherwise.
#include "data_convert.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>

#include "data_common.h"
#include "ringdl/data/array_data_set.h"
#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/cifar10_writer.h"
#include "ringdl/data/hdf5_data_set.h"
#include "ringdl/data/hdf5_writer.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/image.h"
#include "ringdl/data/image_folder.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/image_record_decoder.h"
#include "ringdl/data/pixel_bytes.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/shard_data_set.h"
#include "ringdl/data/shard_index.h"
#include "ringdl/data/text_record_writer.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/util/error.h"
#include "subcommands.h"

namespace ringdl::tools {

namespace {

namespace fs = std::filesystem;

// The largest label of each output that stores classes: a raw SequenceFile's IntWritable, BigDL's key
// (written 1-based into a Java int), an int64 (Example, HDF5). Readers refuse negative labels in all of them.
constexpr int64_t kIntWritableLabels = std::numeric_limits<int32_t>::max();
constexpr int64_t kInt64Labels = std::numeric_limits<int64_t>::max();

// A record's label as a class index 0..largest of a format that stores whole numbers, checked before any
// cast, so that no label is written truncated or as one the readers refuse.
int64_t classLabel(float label, int64_t largest, const char* where) {
  RINGDL_CHECK(std::isfinite(label) && std::floor(label) == label, "label ", static_cast<double>(label),
               " is not a whole number, but ", where,
               " stores class indices (write regression targets to csv, tsv or libsvm with --label_mapping "
               "value)");
  // largest + 1 is exact in double for int32 and is 2^63 for int64: below it every whole float fits.
  char whole[64];  // every digit: 4294967296, not 4.29497e+09
  std::snprintf(whole, sizeof whole, "%.0f", static_cast<double>(label));
  RINGDL_CHECK(label >= 0 && static_cast<double>(label) < static_cast<double>(largest) + 1.0, "label ", whole,
               " is not a class index from 0 to ", largest, ", which ", where,
               " stores (readers refuse other labels): map the labels to 0-based classes, or write another "
               "format (csv, tsv or libsvm with --label_mapping value take any number)");
  return static_cast<int64_t>(label);
}

// One output file: records appended as (shape, label, values: pixels in [0, 1] or any floats), or as encoded
// images (name relative to the folder root or as stored, 0-based label, the image file's bytes).
class ShardWriter {
 public:
  virtual ~ShardWriter() = default;
  virtual void append(const Shape& shape, float label, const float* values, int64_t n) = 0;
  virtual void appendImage(const std::string& name, int64_t label, const std::string& bytes) = 0;
  virtual void close() = 0;
};

bool asPixels(const float* values, int64_t n, std::string& pixels) {
  pixels.resize(static_cast<size_t>(n));
  return pixelBytes(values, static_cast<size_t>(n), reinterpret_cast<unsigned char*>(&pixels[0]));
}

SequenceFileWriterOptions sequenceOptions(const ConvertArgs& a) {
  SequenceFileWriterOptions o;
  o.withCompression(a.compression == "record"  ? SequenceFileCompression::kRecord
                    : a.compression == "block" ? SequenceFileCompression::kBlock
                                               : SequenceFileCompression::kNone);
  o.withCodec(a.codec == "gzip" ? SequenceFileCodec::kGzip : SequenceFileCodec::kDefault);
  return o;
}

class RawSequenceWriter : public ShardWriter {
 public:
  RawSequenceWriter(const std::string& path, const Shape& shape, SequenceFileWriterOptions o)
      : shape_(shape),
        w_(path, kIntWritableClass, kBytesWritableClass,
           o.withMetadata(kRawShapeMetadata, shapeText(shape))) {}
  void append(const Shape& shape, float label, const float* values, int64_t n) override {
    RINGDL_CHECK(shape == shape_, "record of shape ", shapeText(shape), " among records of shape ",
                 shapeText(shape_), ": a raw SequenceFile holds one shape");
    RINGDL_CHECK(asPixels(values, n, pixels_),
                 "a record holds values that are not 8-bit pixels (k/255); the raw "
                 "SequenceFile layout stores bytes: convert to --format tfrecord, which keeps floats");
    w_.append(intWritable(
                  static_cast<int32_t>(classLabel(label, kIntWritableLabels, "the raw SequenceFile layout"))),
              pixels_);
  }
  void appendImage(const std::string&, int64_t, const std::string&) override {
    RINGDL_FAIL(
        "the raw SequenceFile layout holds pixels of one shape, not image files; convert an image folder "
        "with --layout encoded (the files' bytes) or --layout bigdl (BigDL's BGR pixels)");
  }
  void close() override { w_.close(); }

 private:
  Shape shape_;
  SequenceFileWriter w_;
  std::string pixels_;
};

class BigDLSequenceWriter : public ShardWriter {
 public:
  BigDLSequenceWriter(const std::string& path, const SequenceFileWriterOptions& o)
      : w_(path, kTextClass, kBytesWritableClass, o) {}
  void append(const Shape& shape, float label, const float* values, int64_t n) override {
    RINGDL_CHECK(shape.size() == 3 && (shape[0] == 1 || shape[0] == 3),
                 "BigDL's image layout holds [1, H, W] or "
                 "[3, H, W] images; this record is [",
                 shapeText(shape), "]");
    RINGDL_CHECK(asPixels(values, n, pixels_),
                 "a record holds values that are not 8-bit pixels (k/255); BigDL's "
                 "image layout stores bytes");
    BigDLImageRecord image;
    image.label = static_cast<int32_t>(classLabel(label, kLargestBigDLLabel, "BigDL's image layout"));
    image.height = static_cast<int32_t>(shape[1]);
    image.width = static_cast<int32_t>(shape[2]);
    const int64_t plane = shape[1] * shape[2];
    image.pixels.resize(static_cast<size_t>(3 * plane));
    for (int64_t i = 0; i < plane; ++i)
      for (int c = 0; c < 3; ++c)  // stored B, G, R; planes are R, G, B (or one grey plane)
        image.pixels[static_cast<size_t>(3 * i + c)] =
            pixels_[static_cast<size_t>(shape[0] == 1 ? i : (2 - c) * plane + i)];
    encodeBigDLImage(image, key_, value_);
    w_.append(key_, value_);
  }
  void appendImage(const std::string& name, int64_t label, const std::string& bytes) override {
    encodeBigDLKey(name, label);  // checks the label's range before it is narrowed below
    const Image decoded = decodeImage(bytes, "", ImageDecodeOptions().withChannels(ImageChannels::kBgr));
    BigDLImageRecord image;
    image.name = name;
    image.label = static_cast<int32_t>(label);
    image.height = static_cast<int32_t>(decoded.height);
    image.width = static_cast<int32_t>(decoded.width);
    image.pixels.assign(decoded.pixels.begin(), decoded.pixels.end());
    encodeBigDLImage(image, key_, value_);
    w_.append(key_, value_);
  }
  void close() override { w_.close(); }

 private:
  SequenceFileWriter w_;
  std::string pixels_, key_, value_;
};

// BigDL's ImageNet key ("name\nlabel", 1-based) with the image file's bytes as they are (JPEG, PNG, ...).
class EncodedSequenceWriter : public ShardWriter {
 public:
  EncodedSequenceWriter(const std::string& path, const SequenceFileWriterOptions& o)
      : w_(path, kTextClass, kBytesWritableClass, o) {}
  void append(const Shape&, float, const float*, int64_t) override {
    RINGDL_FAIL(
        "the encoded SequenceFile layout holds image files: convert image folders or shards of encoded "
        "images with it");
  }
  void appendImage(const std::string& name, int64_t label, const std::string& bytes) override {
    w_.append(encodeBigDLKey(name, label), bytes);
  }
  void close() override { w_.close(); }

 private:
  SequenceFileWriter w_;
};

// The feature that keeps an encoded image's name (its path in the folder) in an Example.
constexpr const char* kNameFeature = "name";

class ExampleWriter : public ShardWriter {
 public:
  ExampleWriter(const std::string& path, bool gzip, const DecodingArgs& names)
      : w_(path, gzip), image_(names.imageFeature), label_(names.labelFeature) {}
  void append(const Shape& shape, float label, const float* values, int64_t n) override {
    TfFeatures f;
    if (asPixels(values, n, pixels_)) {
      f[image_] = TfFeature::ofBytes({pixels_});
    } else {
      f[image_] = TfFeature::ofFloats(std::vector<float>(values, values + n));
    }
    f[label_] = TfFeature::ofInts({classLabel(label, kInt64Labels, "a tf.train.Example's int64 label")});
    f["shape"] = TfFeature::ofInts(std::vector<int64_t>(shape.begin(), shape.end()));
    w_.write(encodeTfExample(f));
  }
  void appendImage(const std::string& name, int64_t label, const std::string& bytes) override {
    TfFeatures f;
    f[image_] = TfFeature::ofBytes({bytes});
    f[label_] = TfFeature::ofInts({label});
    if (!name.empty() && image_ != kNameFeature && label_ != kNameFeature)
      f[kNameFeature] = TfFeature::ofBytes({name});
    w_.write(encodeTfExample(f));
  }
  void close() override { w_.close(); }

 private:
  TFRecordWriter w_;
  std::string image_, label_, pixels_;
};

class TextWriter : public ShardWriter {
 public:
  TextWriter(const std::string& path, TextRecordWriterOptions o) : w_(path, o) {}
  void append(const Shape&, float label, const float* values, int64_t n) override {
    w_.append(values, n, label);
  }
  void appendImage(const std::string&, int64_t, const std::string&) override {
    RINGDL_FAIL("text files hold decoded features, not image files");  // runConvert decodes first
  }
  void close() override { w_.close(); }

 private:
  TextRecordWriter<float> w_;
};

class CifarWriter : public ShardWriter {
 public:
  explicit CifarWriter(const std::string& path) : w_(path) {}
  void append(const Shape& shape, float label, const float* values, int64_t n) override {
    w_.append(shape, values, n, label);
  }
  void appendImage(const std::string&, int64_t, const std::string&) override {
    RINGDL_FAIL("CIFAR-10 batches hold decoded pixels, not image files");  // runConvert decodes first
  }
  void close() override { w_.close(); }

 private:
  Cifar10Writer w_;
};

// Thrown by an HDF5 file being written as uint8 (--feature_type auto) at the first record that is not 8-bit
// pixels: the conversion starts again as float32.
struct NotPixels {};

class Hdf5Sink : public ShardWriter {
 public:
  Hdf5Sink(const std::string& path, const ConvertArgs& a, Hdf5FeatureType type, bool restartable)
      : path_(path), a_(a), type_(type), restartable_(restartable) {}
  void append(const Shape& shape, float label, const float* values, int64_t n) override {
    if (!w_) {
      w_ = std::make_unique<Hdf5Writer>(path_, shape,
                                        Hdf5WriterOptions()
                                            .withNames(a_.featureDataset, a_.labelDataset)
                                            .withFeatureType(type_)
                                            .withDeflate(a_.compression == "gzip" ? 4 : 0));
    }
    RINGDL_CHECK(shape == w_->rowShape(), "record of shape [", shapeText(shape), "] among records of shape [",
                 shapeText(w_->rowShape()),
                 "]: an HDF5 dataset holds rows of one shape (for images of several sizes, give --transforms "
                 "a resize and a center_crop)");
    if (type_ == Hdf5FeatureType::kUint8 && asPixels(values, n, pixels_)) {
      w_->appendBytes(pixels_, classLabel(label, kInt64Labels, "an HDF5 file's int64 labels"));
      return;
    }
    if (type_ == Hdf5FeatureType::kUint8 && restartable_) throw NotPixels{};
    w_->append(values, n, label);  // float32, or a uint8 file's error naming the value
  }
  void appendImage(const std::string&, int64_t, const std::string&) override {
    RINGDL_FAIL("HDF5 datasets hold decoded pixels, not image files");  // runConvert decodes first
  }
  void close() override {
    if (w_) w_->close();
  }
  const Hdf5Writer* writer() const { return w_.get(); }

 private:
  std::string path_;
  const ConvertArgs& a_;
  Hdf5FeatureType type_;
  bool restartable_;
  std::unique_ptr<Hdf5Writer> w_;
  std::string pixels_;
};

std::string sizeText(uintmax_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// An encoded-image record's name (may be empty), 0-based label and image file bytes, for copying it as it is.
void imageRecordParts(const Record& r, ShardFormat format, const DecodingArgs& d, const std::string& file,
                      std::string& name, int64_t& label, std::string& bytes) {
  const std::string where = recordPlace(r, file);
  if (format == ShardFormat::kSequenceFile) {
    RINGDL_CHECK(!imageFormatOf(r.value).empty(), where,
                 "the value is not an encoded image (JPEG, PNG, ...), but the first record of the shard set "
                 "was: a set of encoded images is copied as it is, record by record; give --transforms to "
                 "decode every record instead");
    if (r.keyType == kTextClass) {
      BigDLKey key = parseBigDLKey(r.key, where);
      name = std::move(key.name);
      label = key.label;
    } else if (r.keyType == kIntWritableClass || r.keyType == kLongWritableClass) {
      name.clear();
      label = r.keyType == kIntWritableClass ? writableInt(r.key) : writableLong(r.key);
      RINGDL_CHECK(label >= 0, where, "the key's label ", label, " is negative; labels are 0-based classes");
    } else {
      RINGDL_FAIL(where, "the key is a ", r.keyType,
                  "; encoded images are copied with a Text key (BigDL's \"name\\nlabel\") or an "
                  "IntWritable/LongWritable label");
    }
    bytes = r.value;
    return;
  }
  TfFeatures f;
  try {
    f = parseTfExample(r.value);
  } catch (const Error& e) {
    RINGDL_FAIL(where, e.message());
  }
  const auto image = f.find(d.imageFeature);
  RINGDL_CHECK(image != f.end() && image->second.kind == TfFeature::Kind::kBytes &&
                   image->second.size() == 1 && !imageFormatOf(image->second.bytes[0]).empty(),
               where, "feature '", d.imageFeature,
               "' is not one encoded image (JPEG, PNG, ...), but the first record's was: a set of encoded "
               "images is copied record by record; give --transforms to decode every record instead");
  const auto l = f.find(d.labelFeature);
  RINGDL_CHECK(l != f.end() && l->second.size() == 1 && l->second.kind != TfFeature::Kind::kBytes, where,
               "feature '", d.labelFeature,
               "' is not one number (the 0-based label; --label_feature names it)");
  if (l->second.kind == TfFeature::Kind::kInt64) {
    label = l->second.ints[0];
    RINGDL_CHECK(label >= 0, where, "label ", label, " is not a 0-based class index");
  } else {
    const float v = l->second.floats[0];
    // Range-checked before the cast: 2^63 and above do not fit int64.
    RINGDL_CHECK(std::isfinite(v) && v >= 0 && std::floor(v) == v && static_cast<double>(v) < 0x1p63, where,
                 "label ", static_cast<double>(v), " is not a 0-based class index");
    label = static_cast<int64_t>(v);
  }
  const auto n = f.find(kNameFeature);
  name = n != f.end() && n->second.kind == TfFeature::Kind::kBytes && n->second.size() == 1
             ? n->second.bytes[0]
             : std::string();
  bytes = image->second.bytes[0];
}

// The record decoder for image records: the --transforms pipeline (to_tensor when none is given), which must
// not draw random numbers (convert writes each record once).
std::shared_ptr<RecordDecoder<float>> imageDecoder(const ConvertArgs& a) {
  const ShardDecoding d = a.decoding.decoding();
  std::string spec = a.transforms;
  if (spec.empty()) {
    // As ringdl train does for encoded images without transforms: an exact resize to image_shape's height
    // and width when it is given (every image must otherwise have the first one's size).
    spec = "to_tensor";
    if (d.shape.size() >= 2)
      spec = "resize " + std::to_string(d.shape[d.shape.size() - 2]) + "," + std::to_string(d.shape.back()) +
             "; " + spec;
  }
  const ImagePipeline<float> pipeline = parseImagePipeline<float>(spec, "--transforms");
  RINGDL_CHECK(!pipeline.isRandom(), "--transforms '", a.transforms, "' has random steps (",
               pipeline.describe(),
               "): convert writes each image once, so it would freeze one random draw; give it deterministic "
               "steps (resize, center_crop, to_rgb, ...) and the random ones to ringdl train's transforms");
  ImageRecordDecoderOptions o;
  o.withDecode(ImageDecodeOptions().withChannels(d.channels)).withFeatures(d.imageFeature, d.labelFeature);
  if (!d.shape.empty()) o.withShape(d.shape);
  return std::make_shared<ImageRecordDecoder<float>>(pipeline, o);
}

// Output file names: part-NNNNN with the format's extension, or CIFAR's data_batch_N.bin (N from 1,
// zero-padded to the width of the shard count so that sorting by name keeps the order).
std::string shardName(const std::string& format, int64_t s, int64_t shards, const std::string& compression) {
  char name[64];
  if (format == "cifar10") {
    const int width = static_cast<int>(std::to_string(shards).size());
    std::snprintf(name, sizeof name, "data_batch_%0*lld.bin", width, static_cast<long long>(s + 1));
    return name;
  }
  std::snprintf(name, sizeof name, "part-%05lld", static_cast<long long>(s));
  std::string suffix;
  if (format == "tfrecord") suffix = ".tfrecord";
  if (format == "csv" || format == "tsv" || format == "libsvm") suffix = "." + format;
  if (compression == "gzip" && format != "sequencefile") suffix += ".gz";
  return name + suffix;
}

void checkCompression(const ConvertArgs& a) {
  const std::string& f = a.format;
  const std::string& c = a.compression;
  if (f == "sequencefile") {
    RINGDL_CHECK(c == "none" || c == "record" || c == "block",
                 "--compression for sequencefile is none, record or block, got ", c);
  } else if (f == "cifar10") {
    RINGDL_CHECK(c == "none",
                 "--compression for cifar10 is none (CIFAR-10 batches are read uncompressed), got ", c);
  } else {
    RINGDL_CHECK(c == "none" || c == "gzip", "--compression for ", f, " is none or gzip",
                 f == "hdf5" ? " (HDF5's deflate filter on every chunk)" : "", ", got ", c);
  }
  RINGDL_CHECK(a.codec == "zlib" || f == "sequencefile", "--codec applies to sequencefile output only");
  RINGDL_CHECK(a.layout == "auto" || f == "sequencefile", "--layout applies to sequencefile output only (", f,
               " has one layout)");
  RINGDL_CHECK(a.featureType == "auto" || f == "hdf5", "--feature_type applies to hdf5 output only");
  RINGDL_CHECK(f != "hdf5" || a.shards == 1, "--format hdf5 writes one file, so --shards must be 1, got ",
               a.shards, " (every rank of ringdl train reads its own rows of the one file)");
}

// Where the records come from and what they are.
struct Source {
  std::unique_ptr<DataSet<float>> records;  // decoded records, or null for image files copied as they are
  std::optional<ImageFolder> tree;          // an image folder's files, copied as they are
  std::vector<std::string> shards;          // a shard set of encoded images, copied as they are
  ShardFormat shardFormat = ShardFormat::kUnknown;
  RecordReaderFactory readers;
  std::string describe;  // for the summary and for errors
};

Source openSource(const ConvertArgs& a, bool holdsImages) {
  Source s;
  if (a.from.empty()) {
    RINGDL_CHECK(!a.labels.empty(), "--images needs --labels (the IDX label file)");
    RINGDL_CHECK(a.transforms.empty(),
                 "--transforms applies to images of image folders and SequenceFile/TFRecord shards, not "
                 "to IDX arrays");
    s.records = std::make_unique<ArrayDataSet<float>>(loadIdxDataSet<float>(a.images, a.labels));
    s.describe = a.images;
    return s;
  }
  std::error_code ec;
  if (a.fromFormat == "hdf5" ||
      (a.fromFormat == "auto" && fs::is_regular_file(a.from, ec) && isHdf5File(a.from))) {
    RINGDL_CHECK(a.transforms.empty(),
                 "--transforms applies to images of image folders and SequenceFile/"
                 "TFRecord shards, not to HDF5 arrays");
    // uint8 features are pixels, read as k / 255 as convert writes them and every other pixel source gives.
    s.records = std::make_unique<ArrayDataSet<float>>(
        loadHdf5<float>(a.from, Hdf5Options().withNames(a.featureDataset, a.labelDataset)));
    s.describe = "HDF5 file " + a.from;
    return s;
  }
  const ShardDataSetOptions options = ShardDataSetOptions().withShuffleBuffer(0).withPrefetch(4, 256);
  if (a.fromFormat == "imagefolder" || (a.fromFormat == "auto" && looksLikeImageFolder(a.from))) {
    ImageFolder tree = ImageFolder::list(a.from);
    s.describe = "image folder " + a.from + " (" + std::to_string(tree.classes().size()) + " classes)";
    if (holdsImages && a.transforms.empty()) {
      s.tree = std::move(tree);
    } else {
      // In the folder's fixed pseudo-random order (one part of all its files), as the files are copied.
      s.records = std::make_unique<ShardDataSet<float>>(tree.parts(1), tree.readerFactory(), imageDecoder(a),
                                                        options);
    }
    return s;
  }
  s.shards = listShards(a.from);
  const ShardFormat f = shardSetFormat(
      s.shards, a.fromFormat == "auto" ? ShardFormat::kUnknown : parseShardFormat(a.fromFormat), "--from");
  const ShardDecoding decoding = a.decoding.decoding();
  s.shardFormat = f;
  s.readers = shardReaders(f, decoding);
  s.describe = std::to_string(s.shards.size()) + " " + shardFormatName(f) + " shard" +
               (s.shards.size() == 1 ? "" : "s");
  const bool imageShards =
      f == ShardFormat::kSequenceFile || f == ShardFormat::kTFRecord || f == ShardFormat::kCifar10;
  RINGDL_CHECK(a.transforms.empty() || imageShards,
               "--transforms applies to images of image folders and "
               "SequenceFile/TFRecord/CIFAR-10 shards, not to ",
               shardFormatName(f), " records");
  const bool encoded =
      firstRecordEncoded(s.shards, f, s.readers, decoding.imageFeature, UnreadableShards::kThrow);
  if (encoded && holdsImages && a.transforms.empty()) return s;  // copied record by record
  std::shared_ptr<RecordDecoder<float>> decoder =
      encoded || !a.transforms.empty() ? imageDecoder(a) : makeDecoder(f, decoding, s.shards);
  s.records = std::make_unique<ShardDataSet<float>>(s.shards, s.readers, decoder, options);
  s.shards.clear();
  return s;
}

// The output path written in place of `out` until it is complete: a hidden name beside it.
fs::path temporaryBeside(const fs::path& out) {
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  return parent / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

// Replaces `out` (if it exists) by `tmp`. On failure the previous output is back under its name (it is moved
// aside first, so that a directory can be replaced), and the error names --output.
void moveIntoPlace(const fs::path& tmp, const fs::path& out, const std::string& output) {
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    fs::rename(tmp, out, ec);
    RINGDL_CHECK(!ec, "cannot move the converted data into place as --output ", output, ": ", ec.message());
    return;
  }
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const fs::path old = parent / ("." + out.filename().string() + ".old-" + std::to_string(::getpid()));
  fs::remove_all(old, ec);
  fs::rename(out, old, ec);
  RINGDL_CHECK(!ec, "cannot replace --output ", output, ": moving it aside to ", old.string(),
               " failed: ", ec.message(), "; it is unchanged");
  fs::rename(tmp, out, ec);
  if (ec) {
    std::error_code back;
    fs::rename(old, out, back);
    RINGDL_CHECK(!back, "cannot replace --output ", output, ": ", ec.message(),
                 "; restoring the previous output failed too (", back.message(), "): it is in ",
                 old.string());
    RINGDL_FAIL("cannot replace --output ", output, ": ", ec.message(), "; the previous output is unchanged");
  }
  fs::remove_all(old, ec);
}

}  // namespace

int runConvert(const ConvertArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  RINGDL_CHECK(a.from.empty() != a.images.empty(),
               "ringdl data convert reads either IDX files (--images and --labels) or a shard set, an image "
               "folder or an HDF5 file (--from SPEC)");
  RINGDL_CHECK(a.from.empty() || a.labels.empty(), "--labels goes with --images, not with --from");
  RINGDL_CHECK(a.shards >= 1, "--shards must be >= 1, got ", a.shards);
  checkCompression(a);
  const std::string& format = a.format;
  const bool hdf5 = format == "hdf5";

  // The sequencefile layout: encoded for image files, raw otherwise.
  const bool folderInput = !a.from.empty() && (a.fromFormat == "imagefolder" ||
                                               (a.fromFormat == "auto" && looksLikeImageFolder(a.from)));
  std::string layout = a.layout;
  if (format == "sequencefile") {
    RINGDL_CHECK(layout != "raw" || !folderInput || !a.transforms.empty(),
                 "--layout raw holds pixels of one shape, not image files; convert image folder ", a.from,
                 " with --layout encoded (the files' bytes, the default) or bigdl (BigDL's BGR pixels), or "
                 "decode its images to one shape with --transforms");
  }
  // Formats that hold image files as they are (BigDL's layout decodes them itself, keeping their names).
  const bool holdsImages =
      format == "tfrecord" || (format == "sequencefile" && (layout == "encoded" || layout == "bigdl" ||
                                                            (layout == "auto" && a.transforms.empty())));
  Source source = openSource(a, holdsImages);
  const bool copying = !source.records;
  if (format == "sequencefile" && layout == "auto") layout = copying ? "encoded" : "raw";
  RINGDL_CHECK(format != "sequencefile" || layout != "encoded" || copying,
               "--layout encoded stores image files as they are: it converts image folders and shard sets of "
               "encoded images (without --transforms); use raw or bigdl for ",
               source.describe);

  // Written into a hidden file or directory beside the output, which replaces the output only when complete.
  const fs::path out = fs::path(a.output).lexically_normal();
  std::error_code ec;
  if (fs::exists(out, ec)) {
    RINGDL_CHECK(a.force, "output ", a.output, " exists; give --force to replace it");
    if (hdf5) {
      RINGDL_CHECK(!fs::is_directory(out, ec), "output ", a.output,
                   " is a directory, but --format hdf5 writes one file: give the file's path (e.g. ",
                   a.output, "/data.h5)");
    } else {
      RINGDL_CHECK(fs::is_directory(out, ec), "output ", a.output, " exists and is not a directory");
    }
  }
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  const fs::path tmp = temporaryBeside(out);
  fs::remove_all(tmp, ec);
  if (!hdf5) RINGDL_CHECK(fs::create_directory(tmp, ec), "cannot create ", tmp.string(), ": ", ec.message());
  struct Cleanup {
    fs::path path;
    bool keep = false;
    ~Cleanup() {
      std::error_code e;
      if (!keep) fs::remove_all(path, e);
    }
  } cleanup{tmp};

  // Errors name the output, not the temporary name it is written under.
  try {
    std::vector<std::string> paths;
    std::vector<std::unique_ptr<ShardWriter>> writers;
    std::vector<int64_t> counts(static_cast<size_t>(a.shards), 0);
    Hdf5FeatureType hdf5Type =
        a.featureType == "float32" ? Hdf5FeatureType::kFloat32 : Hdf5FeatureType::kUint8;
    const LabelMapping textLabels =
        a.decoding.labelMapping == "value" ? LabelMapping::kValue : LabelMapping::kZeroBased;
    auto open = [&](const Shape& shape) {
      if (hdf5) {
        paths.push_back(tmp.string());
        writers.push_back(std::make_unique<Hdf5Sink>(tmp.string(), a, hdf5Type, a.featureType == "auto"));
        return;
      }
      for (int64_t s = 0; s < a.shards; ++s) {
        paths.push_back((tmp / shardName(format, s, a.shards, a.compression)).string());
        const std::string& p = paths.back();
        if (format == "tfrecord") {
          writers.push_back(std::make_unique<ExampleWriter>(p, a.compression == "gzip", a.decoding));
        } else if (format == "csv" || format == "tsv" || format == "libsvm") {
          writers.push_back(
              std::make_unique<TextWriter>(p, TextRecordWriterOptions()
                                                  .withFormat(format == "csv"   ? TextRecordFormat::kCsv
                                                              : format == "tsv" ? TextRecordFormat::kTsv
                                                                                : TextRecordFormat::kLibSvm)
                                                  .withGzip(a.compression == "gzip")
                                                  .withLabels(textLabels)));
        } else if (format == "cifar10") {
          writers.push_back(std::make_unique<CifarWriter>(p));
        } else if (layout == "bigdl") {
          writers.push_back(std::make_unique<BigDLSequenceWriter>(p, sequenceOptions(a)));
        } else if (layout == "encoded") {
          writers.push_back(std::make_unique<EncodedSequenceWriter>(p, sequenceOptions(a)));
        } else {
          writers.push_back(std::make_unique<RawSequenceWriter>(p, shape, sequenceOptions(a)));
        }
      }
    };
    int64_t records = 0;
    if (source.tree) {
      // In the folder's fixed pseudo-random order (one part of all its files), so every shard mixes classes.
      open(Shape{});
      const std::vector<std::string> all = source.tree->parts(1);
      RecordReaderPtr reader = source.tree->readerFactory()(all.front());
      const fs::path root = fs::path(a.from).lexically_normal();
      for (Record r; reader->next(r); ++records) {
        const ImageFile& file = source.tree->files()[static_cast<size_t>(r.index)];
        const size_t s = static_cast<size_t>(records % a.shards);
        try {
          writers[s]->appendImage(
              fs::path(file.path).lexically_normal().lexically_relative(root).generic_string(), file.label,
              readWholeFile(file.path));
        } catch (const Error& e) {
          RINGDL_FAIL("image ", file.path, " (record ", records, " of ", source.describe, "): ", e.message());
        }
        ++counts[s];
      }
    } else if (copying) {
      // Encoded images of a shard set, record by record in the order of the shards.
      open(Shape{});
      std::string name, bytes;
      int64_t label = 0;
      for (const std::string& shard : source.shards) {
        RecordReaderPtr reader = source.readers(shard);
        for (Record r; reader->next(r); ++records) {
          const size_t s = static_cast<size_t>(records % a.shards);
          imageRecordParts(r, source.shardFormat, a.decoding, shard, name, label, bytes);
          try {
            writers[s]->appendImage(name, label, bytes);
          } catch (const Error& e) {
            RINGDL_FAIL(recordPlace(r, shard), e.message());
          }
          ++counts[s];
        }
      }
    } else {
      for (bool again = true; again;) {
        again = false;
        try {
          source.records->reset();
          for (MiniBatch<float> b = source.records->nextBatch(256); !b.empty();
               b = source.records->nextBatch(256)) {
            Shape shape(b.input().shape().begin() + 1, b.input().shape().end());
            const int64_t n = b.input().numel() / b.size();
            if (writers.empty()) open(shape);
            for (int64_t i = 0; i < b.size(); ++i, ++records) {
              const size_t s = static_cast<size_t>(records % a.shards);
              try {
                writers[s]->append(shape, b.target().data()[i], b.input().data() + i * n, n);
              } catch (const Error& e) {
                RINGDL_FAIL("record ", records, " of ", source.describe, ": ", e.message());
              }
              ++counts[s];
            }
          }
        } catch (const NotPixels&) {  // a uint8 HDF5 file met a value that is not a pixel: write float32
          writers.clear();
          paths.clear();
          fs::remove_all(tmp, ec);
          hdf5Type = Hdf5FeatureType::kFloat32;
          records = 0;
          counts.assign(counts.size(), 0);
          again = true;
        }
      }
    }
    RINGDL_CHECK(records > 0, source.describe, " holds no records");
    ShardIndex index;
    uintmax_t bytes = 0;
    for (size_t s = 0; s < writers.size(); ++s) {
      writers[s]->close();
      if (!hdf5) index.add(paths[s], counts[s]);
      bytes += fs::file_size(paths[s]);
    }
    std::string how;
    if (hdf5) {
      const Hdf5Writer& w = *dynamic_cast<const Hdf5Sink&>(*writers[0]).writer();
      how = "hdf5, " + w.options().features + " " + hdf5FeatureTypeName(w.options().featureType) + " [" +
            std::to_string(records) + "," + shapeText(w.rowShape()) + "], " + w.options().labels +
            " int64, " + std::to_string(w.chunkRows()) + " rows per chunk" +
            (a.compression == "gzip" ? ", deflate" : "");
    } else {
      index.write(tmp.string());
      // CIFAR-10 batches go without _SUCCESS: its presence makes a directory a Hadoop output whose data are
      // its part-* files, but CIFAR-10 batches are recognised by their data_batch_* names.
      if (format != "cifar10") {
        std::ofstream success(tmp / "_SUCCESS");
      }
      how = format == "tfrecord" ? std::string("tfrecord") + (a.compression == "gzip" ? ", gzip" : "")
            : format == "sequencefile"
                ? "sequencefile, " + layout + " layout" +
                      (a.compression == "none" ? "" : ", " + a.compression + "-compressed " + a.codec)
                : format + (a.compression == "gzip" ? ", gzip" : "");
    }
    moveIntoPlace(tmp, out, a.output);
    cleanup.keep = true;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    std::cout << "Wrote " << records << " records from " << source.describe << " to "
              << (hdf5 ? std::string("HDF5 file")
                       : std::to_string(a.shards) + " shard" + (a.shards == 1 ? "" : "s") + " in")
              << " " << a.output << " (" << how << "; " << sizeText(bytes) << ") in " << secs << " s\n";
  } catch (const Error& e) {
    std::string message = e.message();
    for (size_t at = message.find(tmp.string()); at != std::string::npos;
         at = message.find(tmp.string(), at + out.string().size()))
      message.replace(at, tmp.string().size(), out.string());
    RINGDL_FAIL(message);
  }
  return 0;
}

void addConvertOptions(CLI::App& convert, ConvertArgs& c) {
  convert.add_option("--images", c.images, "IDX image file (ubyte, raw or .gz)");
  convert.add_option("--labels", c.labels, "IDX label file (0-based classes)");
  convert.add_option("--from", c.from,
                     "or: a shard set to re-encode (file, glob, directory or @list.txt), an image folder "
                     "root/<class>/, or an HDF5 file (--feature_dataset, --label_dataset)");
  convert
      .add_option("--from_format", c.fromFormat,
                  "format of --from: auto (detected), sequencefile, tfrecord, csv, tsv, libsvm, cifar10, "
                  "imagefolder or hdf5")
      ->check(CLI::IsMember(
          {"auto", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "imagefolder", "hdf5"}))
      ->capture_default_str();
  convert
      .add_option("--output", c.output,
                  "output directory (part-NNNNN files, or CIFAR-10's data_batch_N.bin; _ringdl_index, "
                  "_SUCCESS); for hdf5, the output file")
      ->required();
  convert.add_option("--format", c.format, "output format")
      ->check(CLI::IsMember({"sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "hdf5"}))
      ->required();
  convert.add_option("--shards", c.shards, "number of shard files (records go round-robin); hdf5: 1")
      ->capture_default_str();
  convert
      .add_option(
          "--compression", c.compression,
          "sequencefile: none, record or block; tfrecord, csv, tsv, libsvm: none or gzip (.gz files); "
          "hdf5: none or gzip (deflate chunks); cifar10: none")
      ->capture_default_str();
  convert
      .add_option("--codec", c.codec,
                  "sequencefile compression codec: zlib (DefaultCodec) or gzip (GzipCodec)")
      ->check(CLI::IsMember({"zlib", "gzip"}))
      ->capture_default_str();
  convert
      .add_option("--layout", c.layout,
                  "sequencefile records: raw (IntWritable label, uint8 pixels, shape in metadata), bigdl "
                  "(BigDL's Text \"label\" or \"name\\nlabel\" key and width, height, BGR pixels) or encoded "
                  "(image files: BigDL's \"name\\nlabel\" key and the image file's bytes); auto: encoded for "
                  "image folders and shards of encoded images, raw otherwise")
      ->check(CLI::IsMember({"auto", "raw", "bigdl", "encoded"}))
      ->capture_default_str();
  convert.add_option("--transforms", c.transforms,
                     "decode images (image folders, shards of encoded or raw images) through these "
                     "deterministic steps, e.g. 'resize 32,32; to_tensor' (default for formats that hold "
                     "decoded pixels: to_tensor)");
  convert
      .add_option("--feature_type", c.featureType,
                  "hdf5: the features' element type: uint8 (pixel bytes), float32, or auto (uint8 when every "
                  "value is an 8-bit pixel, else float32)")
      ->check(CLI::IsMember({"auto", "uint8", "float32"}))
      ->capture_default_str();
  convert.add_option("--feature_dataset", c.featureDataset, "hdf5: the features dataset (written or read)")
      ->capture_default_str();
  convert.add_option("--label_dataset", c.labelDataset, "hdf5: the labels dataset (written or read)")
      ->capture_default_str();
  convert.add_flag("--force", c.force, "replace the output if it exists");
  addDecodingOptions(convert, c.decoding);
}

}  // namespace ringdl::tools
