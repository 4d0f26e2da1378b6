// ringdl data convert | inspect: writes IDX images, another shard set or an image folder as SequenceFile or
// TFRecord shards, atomically, with a _ringdl_index and a _SUCCESS marker; and describes a shard set, an IDX
// file or an image folder.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>

#include "ringdl/data/array_data_set.h"
#include "ringdl/data/bigdl_image_record.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/hdf5_data_set.h"
#include "ringdl/data/idx.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/image.h"
#include "ringdl/data/image_folder.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/image_record_decoder.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/shard_data_set.h"
#include "ringdl/data/shard_index.h"
#include "ringdl/data/text_records.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/util/error.h"
#include "subcommands.h"
#include "train_data.h"

namespace ringdl::tools {

namespace {

namespace fs = std::filesystem;

struct DecodingArgs {
  std::string imageFeature = "image", labelFeature = "label", channels = "rgb", shape;
  std::string labelColumn = "first", labelMapping = "zero_based";
  int64_t headerLines = 0, features = 0;
  ShardDecoding decoding() const {
    ShardDecoding d;
    d.imageFeature = imageFeature;
    d.labelFeature = labelFeature;
    d.channels = parseImageChannels(channels);
    if (!shape.empty()) d.shape = parseShapeText(shape, "--image_shape");
    d.labelColumn = labelColumn;
    d.labelMapping = labelMapping;
    d.headerLines = headerLines;
    d.features = features;
    return d;
  }
};

void addDecodingOptions(CLI::App& cmd, DecodingArgs& a) {
  cmd.add_option("--image_feature", a.imageFeature,
                 "tf.train.Example feature holding the image (read and written)")
      ->capture_default_str();
  cmd.add_option("--label_feature", a.labelFeature, "tf.train.Example feature holding the 0-based label")
      ->capture_default_str();
  cmd.add_option("--image_channels", a.channels, "BigDL image records: rgb, bgr or grey planes")
      ->check(CLI::IsMember({"rgb", "bgr", "grey"}))
      ->capture_default_str();
  cmd.add_option("--image_shape", a.shape,
                 "shape of one image when the records do not give it (e.g. 1,28,28)");
  cmd.add_option("--label_column", a.labelColumn, "csv/tsv: the label's column: first, last or an index")
      ->capture_default_str();
  cmd.add_option("--header_lines", a.headerLines, "csv/tsv: 1 when every file starts with a header line")
      ->check(CLI::Range(0, 1));
  cmd.add_option("--label_mapping", a.labelMapping, "csv/tsv/libsvm: zero_based, one_based, signed or value")
      ->check(CLI::IsMember({"zero_based", "one_based", "signed", "value"}))
      ->capture_default_str();
  cmd.add_option("--features", a.features, "libsvm: the feature count (0: the largest index in the files)");
}

// ---- convert ----

struct ConvertArgs {
  std::string images, labels, from, fromFormat = "auto", output, format, compression = "none", codec = "zlib";
  std::string layout = "auto";
  int64_t shards = 1;
  bool force = false;
  DecodingArgs decoding;
};

// One output shard: records appended as (shape, label, values in [0, 1] or any floats), or as encoded images
// of an image folder (name relative to the root, 0-based label, the file's bytes).
class ShardWriter {
 public:
  virtual ~ShardWriter() = default;
  virtual void append(const Shape& shape, int64_t label, const float* values, int64_t n) = 0;
  virtual void appendImage(const std::string& name, int64_t label, const std::string& bytes) = 0;
  virtual void close() = 0;
};

// BigDL's key "name\nlabel" (label 1-based), exactly as encodeBigDLImage writes it.
std::string bigdlKey(const std::string& name, int64_t label) {
  BigDLImageRecord one;
  one.name = name;
  one.label = static_cast<int32_t>(label);
  one.width = one.height = 1;
  one.pixels.assign(3, '\0');
  std::string key, value;
  encodeBigDLImage(one, key, value);
  return key;
}

// Values that are k / 255 for bytes k (what every decoder makes of uint8 pixels), as those bytes.
bool asPixels(const float* values, int64_t n, std::string& pixels) {
  pixels.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const long k = std::lround(values[i] * 255.0);
    if (k < 0 || k > 255 || static_cast<float>(k) / 255.f != values[i]) return false;
    pixels[static_cast<size_t>(i)] = static_cast<char>(k);
  }
  return true;
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
  void append(const Shape& shape, int64_t label, const float* values, int64_t n) override {
    RINGDL_CHECK(shape == shape_, "record of shape ", shapeText(shape), " among records of shape ",
                 shapeText(shape_), ": a raw SequenceFile holds one shape");
    RINGDL_CHECK(asPixels(values, n, pixels_),
                 "a record holds values that are not 8-bit pixels (k/255); the raw "
                 "SequenceFile layout stores bytes: convert to --format tfrecord, which keeps floats");
    w_.append(intWritable(static_cast<int32_t>(label)), pixels_);
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
  void append(const Shape& shape, int64_t label, const float* values, int64_t n) override {
    RINGDL_CHECK(shape.size() == 3 && (shape[0] == 1 || shape[0] == 3),
                 "BigDL's image layout holds [1, H, W] or "
                 "[3, H, W] images; this record is [",
                 shapeText(shape), "]");
    RINGDL_CHECK(asPixels(values, n, pixels_),
                 "a record holds values that are not 8-bit pixels (k/255); BigDL's "
                 "image layout stores bytes");
    BigDLImageRecord image;
    image.label = static_cast<int32_t>(label);
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
  void append(const Shape&, int64_t, const float*, int64_t) override {
    RINGDL_FAIL("the encoded SequenceFile layout holds image files: convert image folders with it");
  }
  void appendImage(const std::string& name, int64_t label, const std::string& bytes) override {
    w_.append(bigdlKey(name, label), bytes);
  }
  void close() override { w_.close(); }

 private:
  SequenceFileWriter w_;
};

class ExampleWriter : public ShardWriter {
 public:
  ExampleWriter(const std::string& path, bool gzip, const DecodingArgs& names)
      : w_(path, gzip), image_(names.imageFeature), label_(names.labelFeature) {}
  void append(const Shape& shape, int64_t label, const float* values, int64_t n) override {
    TfFeatures f;
    if (asPixels(values, n, pixels_)) {
      f[image_] = TfFeature::ofBytes({pixels_});
    } else {
      f[image_] = TfFeature::ofFloats(std::vector<float>(values, values + n));
    }
    f[label_] = TfFeature::ofInts({label});
    f["shape"] = TfFeature::ofInts(std::vector<int64_t>(shape.begin(), shape.end()));
    w_.write(encodeTfExample(f));
  }
  void appendImage(const std::string&, int64_t label, const std::string& bytes) override {
    TfFeatures f;
    f[image_] = TfFeature::ofBytes({bytes});
    f[label_] = TfFeature::ofInts({label});
    w_.write(encodeTfExample(f));
  }
  void close() override { w_.close(); }

 private:
  TFRecordWriter w_;
  std::string image_, label_, pixels_;
};

std::string sizeText(uintmax_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// Whether `path` looks like a class-per-folder image tree: a directory holding subdirectories and no files
// but hidden ones and markers (_SUCCESS, _ringdl_index), so not a shard directory.
bool looksLikeImageFolder(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return false;
  bool subdirectory = false;
  for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.' || name[0] == '_') continue;
    if (e.is_directory(ec)) {
      subdirectory = true;
    } else {
      return false;
    }
  }
  return subdirectory;
}

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  RINGDL_CHECK(in, "cannot open ", path, ": ", std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  RINGDL_CHECK(!in.bad(), "cannot read ", path, ": ", std::strerror(errno));
  return bytes;
}

int runConvert(const ConvertArgs& a) {
  const auto start = std::chrono::steady_clock::now();
  RINGDL_CHECK(a.from.empty() != a.images.empty(),
               "ringdl data convert reads either IDX files (--images and --labels) or a shard set or "
               "an image folder (--from SPEC)");
  RINGDL_CHECK(a.from.empty() || a.labels.empty(), "--labels goes with --images, not with --from");
  RINGDL_CHECK(a.shards >= 1, "--shards must be >= 1, got ", a.shards);
  const ShardFormat format = parseShardFormat(a.format);
  RINGDL_CHECK(format != ShardFormat::kIdx, "ringdl data convert writes sequencefile or tfrecord shards");
  if (format == ShardFormat::kTFRecord) {
    RINGDL_CHECK(a.compression == "none" || a.compression == "gzip",
                 "--compression for tfrecord is none or gzip, got ", a.compression);
  } else {
    RINGDL_CHECK(a.compression == "none" || a.compression == "record" || a.compression == "block",
                 "--compression for sequencefile is none, record or block, got ", a.compression);
  }

  // The source: an image folder's files as they are, or decoded records in [0, 1].
  const bool folder = !a.from.empty() && (a.fromFormat == "imagefolder" ||
                                          (a.fromFormat == "auto" && looksLikeImageFolder(a.from)));
  const std::string layout = a.layout != "auto" ? a.layout : folder ? "encoded" : "raw";
  if (format == ShardFormat::kSequenceFile) {
    RINGDL_CHECK(layout != "encoded" || folder,
                 "--layout encoded stores image files as they are: it converts image folders (--from ROOT "
                 "--from_format imagefolder); use raw or bigdl for ",
                 a.from.empty() ? "IDX files" : "shard sets");
    RINGDL_CHECK(layout != "raw" || !folder,
                 "--layout raw holds pixels of one shape, not image files; convert image folder ", a.from,
                 " with --layout encoded (the files' bytes, the default) or bigdl (BigDL's BGR pixels)");
  }
  std::unique_ptr<DataSet<float>> source;
  std::optional<ImageFolder> tree;
  std::string from;
  if (folder) {
    tree = ImageFolder::list(a.from);
    from = "image folder " + a.from + " (" + std::to_string(tree->classes().size()) + " classes)";
  } else if (!a.from.empty()) {
    const std::vector<std::string> shards = listShards(a.from);
    const ShardFormat f = shardSetFormat(
        shards, a.fromFormat == "auto" ? ShardFormat::kUnknown : parseShardFormat(a.fromFormat), "--from");
    source = std::make_unique<ShardDataSet<float>>(
        shards, shardReaders(f, a.decoding.decoding()), makeDecoder(f, a.decoding.decoding(), shards),
        ShardDataSetOptions().withShuffleBuffer(0).withPrefetch(4, 256));
    from =
        std::to_string(shards.size()) + " " + shardFormatName(f) + " shard" + (shards.size() == 1 ? "" : "s");
  } else {
    RINGDL_CHECK(!a.labels.empty(), "--images needs --labels (the IDX label file)");
    source = std::make_unique<ArrayDataSet<float>>(loadIdxDataSet<float>(a.images, a.labels));
    from = a.images;
  }

  // Written into a hidden directory beside the output, which replaces the output only when complete.
  const fs::path out = fs::path(a.output).lexically_normal();
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::exists(out, ec)) {
    RINGDL_CHECK(a.force, "output ", a.output, " exists; give --force to replace it");
    RINGDL_CHECK(fs::is_directory(out, ec), "output ", a.output, " exists and is not a directory");
  }
  fs::create_directories(parent, ec);
  const fs::path tmp = parent / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  RINGDL_CHECK(fs::create_directory(tmp, ec), "cannot create ", tmp.string(), ": ", ec.message());
  struct Cleanup {
    fs::path dir;
    bool keep = false;
    ~Cleanup() {
      std::error_code e;
      if (!keep) fs::remove_all(dir, e);
    }
  } cleanup{tmp};

  const std::string suffix =
      format == ShardFormat::kTFRecord ? (a.compression == "gzip" ? ".tfrecord.gz" : ".tfrecord") : "";
  std::vector<std::string> paths;
  std::vector<std::unique_ptr<ShardWriter>> writers;
  std::vector<int64_t> counts(static_cast<size_t>(a.shards), 0);
  auto open = [&](const Shape& shape) {
    for (int64_t s = 0; s < a.shards; ++s) {
      char name[32];
      std::snprintf(name, sizeof name, "part-%05lld", static_cast<long long>(s));
      paths.push_back((tmp / (name + suffix)).string());
      if (format == ShardFormat::kTFRecord) {
        writers.push_back(std::make_unique<ExampleWriter>(paths.back(), a.compression == "gzip", a.decoding));
      } else if (layout == "bigdl") {
        writers.push_back(std::make_unique<BigDLSequenceWriter>(paths.back(), sequenceOptions(a)));
      } else if (layout == "encoded") {
        writers.push_back(std::make_unique<EncodedSequenceWriter>(paths.back(), sequenceOptions(a)));
      } else {
        writers.push_back(std::make_unique<RawSequenceWriter>(paths.back(), shape, sequenceOptions(a)));
      }
    }
  };
  int64_t records = 0;
  if (tree) {
    // In the folder's fixed pseudo-random order (one part of all its files), so every shard mixes classes.
    open(Shape{});
    const std::vector<std::string> all = tree->parts(1);
    RecordReaderPtr reader = tree->readerFactory()(all.front());
    const fs::path root = fs::path(a.from).lexically_normal();
    for (Record r; reader->next(r); ++records) {
      const ImageFile& file = tree->files()[static_cast<size_t>(r.index)];
      const size_t s = static_cast<size_t>(records % a.shards);
      try {
        writers[s]->appendImage(
            fs::path(file.path).lexically_normal().lexically_relative(root).generic_string(), file.label,
            readWholeFile(file.path));
      } catch (const Error& e) {
        RINGDL_FAIL("image ", file.path, " (record ", records, " of ", from, "): ", e.message());
      }
      ++counts[s];
    }
  }
  if (source) source->reset();
  for (MiniBatch<float> b = source ? source->nextBatch(256) : MiniBatch<float>(); !b.empty();
       b = source->nextBatch(256)) {
    Shape shape(b.input().shape().begin() + 1, b.input().shape().end());
    const int64_t n = b.input().numel() / b.size();
    if (writers.empty()) open(shape);
    for (int64_t i = 0; i < b.size(); ++i, ++records) {
      const size_t s = static_cast<size_t>(records % a.shards);
      try {
        writers[s]->append(shape, static_cast<int64_t>(b.target().data()[i]), b.input().data() + i * n, n);
      } catch (const Error& e) {
        RINGDL_FAIL("record ", records, " of ", from, ": ", e.message());
      }
      ++counts[s];
    }
  }
  RINGDL_CHECK(records > 0, from, " holds no records");
  ShardIndex index;
  uintmax_t bytes = 0;
  for (size_t s = 0; s < writers.size(); ++s) {
    writers[s]->close();
    index.add(paths[s], counts[s]);
    bytes += fs::file_size(paths[s]);
  }
  index.write(tmp.string());
  { std::ofstream success(tmp / "_SUCCESS"); }
  if (fs::exists(out, ec)) {
    const fs::path old = parent / ("." + out.filename().string() + ".old-" + std::to_string(::getpid()));
    fs::rename(out, old);
    fs::rename(tmp, out);
    fs::remove_all(old, ec);
  } else {
    fs::rename(tmp, out);
  }
  cleanup.keep = true;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string how =
      format == ShardFormat::kTFRecord
          ? std::string("tfrecord") + (a.compression == "gzip" ? ", gzip" : "")
          : "sequencefile, " + layout + " layout" +
                (a.compression == "none" ? "" : ", " + a.compression + "-compressed " + a.codec);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", seconds);
  std::cout << "Wrote " << records << " records from " << from << " to " << a.shards << " shard"
            << (a.shards == 1 ? "" : "s") << " in " << a.output << " (" << how << "; " << sizeText(bytes)
            << ") in " << secs << " s\n";
  return 0;
}

// ---- inspect ----

struct InspectArgs {
  std::string spec, format = "auto";
  int64_t samples = 1;
  DecodingArgs decoding;
};

std::string hexPreview(const std::string& bytes, size_t n = 16) {
  std::string s;
  char hex[4];
  for (size_t i = 0; i < std::min(n, bytes.size()); ++i) {
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(bytes[i]));
    s += (i ? " " : "") + std::string(hex);
  }
  return s + (bytes.size() > n ? " ..." : "");
}

void describeExample(const Record& r) {
  TfFeatures f;
  try {
    f = parseTfExample(r.value);
  } catch (const Error& e) {
    std::cout << "  first record is not a tf.train.Example: " << e.message() << "\n";
    return;
  }
  std::cout << "  tf.train.Example features of the first record:\n";
  for (const auto& [name, feature] : f) {
    std::cout << "    " << name << ": " << tfFeatureKindName(feature.kind) << " of " << feature.size()
              << " value" << (feature.size() == 1 ? "" : "s");
    if (feature.kind == TfFeature::Kind::kBytes && feature.size() == 1)
      std::cout << " (" << feature.bytes[0].size() << " bytes)";
    if (feature.kind == TfFeature::Kind::kInt64 && feature.size() <= 8) {
      std::cout << ":";
      for (int64_t v : feature.ints) std::cout << " " << v;
    }
    std::cout << "\n";
  }
}

// Whether a file starts with HDF5's signature (at byte 0; files with a user block are not recognised).
bool isHdf5File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char b[8] = {};
  in.read(b, sizeof b);
  return in.gcount() == 8 && std::memcmp(b, "\x89HDF\r\n\x1a\n", 8) == 0;
}

// Whether a record holds an encoded image (JPEG, PNG, ...): a SequenceFile value, or an Example's image
// feature.
bool holdsEncodedImage(const Record& r, ShardFormat format, const std::string& imageFeature) {
  if (format == ShardFormat::kSequenceFile) return !imageFormatOf(r.value).empty();
  if (format != ShardFormat::kTFRecord) return false;
  try {
    const TfFeatures f = parseTfExample(r.value);
    const auto it = f.find(imageFeature);
    return it != f.end() && it->second.kind == TfFeature::Kind::kBytes && it->second.size() == 1 &&
           !imageFormatOf(it->second.bytes[0]).empty();
  } catch (const Error&) {
    return false;
  }
}

std::string channelsText(int64_t depth) {
  return depth == 1 ? "1 channel" : std::to_string(depth) + " channels";
}

int inspectImageFolder(const InspectArgs& a) {
  const ImageFolder tree = ImageFolder::list(a.spec);
  const std::vector<int64_t> counts = tree.classCounts();
  std::cout << a.spec << ": image folder, " << tree.classes().size() << " class"
            << (tree.classes().size() == 1 ? "" : "es") << ", " << tree.size() << " image"
            << (tree.size() == 1 ? "" : "s") << "\n";
  const size_t shown = std::min<size_t>(tree.classes().size(), 20);
  for (size_t c = 0; c < shown; ++c)
    std::cout << "  label " << c << " " << tree.classes()[c] << ": " << counts[c] << " image"
              << (counts[c] == 1 ? "" : "s") << "\n";
  if (shown < tree.classes().size())
    std::cout << "  ... " << tree.classes().size() - shown << " more classes\n";
  const fs::path root = fs::path(a.spec).lexically_normal();
  for (int64_t i = 0; i < std::min(a.samples, tree.size()); ++i) {
    const ImageFile& file = tree.files()[static_cast<size_t>(i)];
    const std::string bytes = readWholeFile(file.path);
    const std::string format = imageFormatOf(bytes);
    std::cout << "sample " << fs::path(file.path).lexically_normal().lexically_relative(root).generic_string()
              << " (label " << file.label << ", " << (format.empty() ? "unknown format" : format) << ", "
              << bytes.size() << " bytes): ";
    try {
      const Image stored = decodeImage(bytes, "", ImageDecodeOptions().withExpandGrey(false));
      const ImageChannels channels = a.decoding.decoding().channels;
      const int64_t depth = channels == ImageChannels::kGrey ? 1 : 3;
      std::cout << stored.width << "x" << stored.height << " (width x height), "
                << channelsText(stored.depth()) << "; decoded as [" << depth << ", " << stored.height << ", "
                << stored.width << "] with --image_channels " << a.decoding.channels << "\n";
    } catch (const Error& e) {
      std::cout << "does not decode: " << e.message() << "\n";
    }
  }
  return 0;
}

int runInspect(const InspectArgs& a) {
  std::error_code ec;
  if (a.format == "imagefolder" || (a.format == "auto" && looksLikeImageFolder(a.spec)))
    return inspectImageFolder(a);
  if ((a.format == "auto" || a.format == "hdf5") && fs::is_regular_file(a.spec, ec) && isHdf5File(a.spec)) {
    const std::vector<Hdf5DatasetInfo> sets = listHdf5Datasets(a.spec);
    std::cout << a.spec << ": HDF5 file, " << sets.size() << " dataset" << (sets.size() == 1 ? "" : "s")
              << "\n";
    for (const Hdf5DatasetInfo& d : sets)
      std::cout << "  " << d.name << ": " << d.type << " " << toString(d.shape)
                << (d.numeric ? "" : " (not numeric)") << "\n";
    return 0;
  }
  RINGDL_CHECK(a.format != "hdf5", a.spec, " is not an HDF5 file (it does not start with HDF5's signature)");
  const ShardFormat given = a.format == "auto" ? ShardFormat::kUnknown : parseShardFormat(a.format);
  if ((given == ShardFormat::kUnknown || given == ShardFormat::kIdx) && fs::is_regular_file(a.spec, ec) &&
      detectShardFormat(a.spec) == ShardFormat::kIdx) {
    const IdxInfo info = readIdxInfo(a.spec);
    std::cout << a.spec << ": IDX file" << (info.gzipped ? " (gzipped)" : "") << ", "
              << idxTypeName(info.type) << " " << toString(info.shape) << ", " << info.dataBytes
              << " bytes of data\n";
    return 0;
  }
  const std::vector<std::string> shards = listShards(a.spec);
  const ShardFormat format = shardSetFormat(shards, given, a.spec);
  const ShardDecoding decoding = a.decoding.decoding();
  const RecordReaderFactory readers = shardReaders(format, decoding);
  for (const std::string& s : shards) {
    if (given != ShardFormat::kUnknown) break;  // text part files need not be recognisable by name
    const ShardFormat f = detectShardFormat(s);
    RINGDL_CHECK(f == format, a.spec, ": ", s, " is a ", shardFormatName(f), " file but ", shards[0], " is ",
                 shardFormatName(format), "; a shard set holds one format");
  }
  std::cout << a.spec << ": " << shards.size() << " " << shardFormatName(format) << " shard"
            << (shards.size() == 1 ? "" : "s") << " (" << fs::path(shards.front()).filename().string()
            << (shards.size() > 1 ? " ... " + fs::path(shards.back()).filename().string() : "") << ")\n";

  // Record counts: from the index when it is current, otherwise by reading (damaged records are reported).
  int64_t total = 0, corrupt = 0;
  bool indexed = true;
  std::vector<int64_t> counts;
  std::string firstError;
  for (const std::string& s : shards) {
    const std::optional<ShardIndex> index = ShardIndex::read(fs::path(s).parent_path().string());
    std::optional<int64_t> n = index ? index->records(s) : std::nullopt;
    if (!n) {
      indexed = false;
      RecordReaderPtr reader = readers(s);
      Record r;
      int64_t c = 0;
      while (true) {
        try {
          if (!reader->next(r)) break;
          ++c;
        } catch (const Error& e) {
          if (firstError.empty()) firstError = e.message();
          ++corrupt;
          if (!reader->recover()) break;
        }
      }
      n = c;
    }
    counts.push_back(*n);
    total += *n;
  }
  std::cout << "records: " << total << (indexed ? " (from _ringdl_index)" : " (counted)");
  if (shards.size() > 1) {
    std::cout << "; per shard:";
    for (size_t i = 0; i < counts.size() && i < 8; ++i) std::cout << " " << counts[i];
    if (counts.size() > 8) std::cout << " ...";
  }
  std::cout << "\n";
  if (corrupt > 0)
    std::cout << "damaged: " << corrupt << " unreadable stretch" << (corrupt == 1 ? "" : "es")
              << " (first: " << firstError << ")\n";

  RecordReaderPtr reader = readers(shards[0]);
  if (isTextShardFormat(format)) {
    const auto& text = dynamic_cast<TextLineReader&>(*reader);
    std::cout << "  text lines, "
              << (text.compression() == TextCompression::kNone
                      ? std::string("uncompressed")
                      : std::string(textCompressionName(text.compression())) + "-compressed")
              << (text.header().empty() ? "" : ", header " + quoteText(text.header(), 80)) << "\n";
  } else if (format == ShardFormat::kCifar10) {
    std::cout << "  CIFAR-10 binary batch, " << kCifar10RecordBytes
              << "-byte records (label, R, G, B planes)\n";
  } else if (format == ShardFormat::kSequenceFile) {
    const SequenceFileHeader& h = dynamic_cast<SequenceFileReader&>(*reader).header();
    std::cout << "  SequenceFile version " << h.version << ": keys " << h.keyClass << ", values "
              << h.valueClass << ", "
              << (h.blockCompressed ? "block-compressed "
                  : h.compressed    ? "record-compressed "
                                    : "uncompressed")
              << (h.compressed ? "(" + h.codecClass + ")" : "") << "\n";
    for (const auto& [k, v] : h.metadata) std::cout << "  metadata " << k << " = " << v << "\n";
  } else {
    const TFRecordCompression c = dynamic_cast<TFRecordReader&>(*reader).compression();
    std::cout << "  TFRecord, "
              << (c == TFRecordCompression::kNone ? std::string("uncompressed")
                                                  : std::string(tfrecordCompressionName(c)) + "-compressed")
              << "\n";
  }
  std::shared_ptr<RecordDecoder<float>> decoder = makeDecoder(format, decoding, shards);
  decoder->beginShard(*reader);
  std::shared_ptr<RecordDecoder<float>> imageDecoder;  // for encoded images, made at the first one
  Record r;
  DecodedRecord<float> d;
  for (int64_t i = 0; i < a.samples; ++i) {
    try {
      if (!reader->next(r)) break;
    } catch (const Error& e) {
      std::cout << "record " << i << ": " << e.message() << "\n";
      break;
    }
    if (i == 0 && format == ShardFormat::kTFRecord) describeExample(r);
    std::cout << "record " << r.index << " of " << fs::path(shards[0]).filename().string() << " (byte "
              << r.offset << ", " << r.value.size() << "-byte value";
    if (format == ShardFormat::kSequenceFile)
      std::cout << ", key "
                << (r.keyType == kTextClass          ? quoteText(r.key, 80)
                    : r.keyType == kIntWritableClass ? "IntWritable " + std::to_string(writableInt(r.key))
                                                     : hexPreview(r.key));
    std::cout << "): ";
    try {
      if (holdsEncodedImage(r, format, decoding.imageFeature)) {
        if (!imageDecoder) {
          imageDecoder = std::make_shared<ImageRecordDecoder<float>>(
              parseImagePipeline<float>("to_tensor"),
              ImageRecordDecoderOptions()
                  .withDecode(ImageDecodeOptions().withChannels(decoding.channels))
                  .withFeatures(decoding.imageFeature, decoding.labelFeature));
          imageDecoder->beginShard(*reader);
        }
        const std::string encoded = format == ShardFormat::kSequenceFile
                                        ? r.value
                                        : parseTfExample(r.value).at(decoding.imageFeature).bytes[0];
        std::cout << "encoded " << imageFormatOf(encoded) << " image of " << encoded.size()
                  << " bytes (read by ringdl train with --transforms), ";
        imageDecoder->decode(r, shards[0], d);
      } else {
        decoder->decode(r, shards[0], d);
      }
      const auto [lo, hi] = std::minmax_element(d.features.begin(), d.features.end());
      double sum = 0;
      for (float v : d.features) sum += v;
      char line[160];
      std::snprintf(line, sizeof line, "label %g, features [%s], values in [%g, %g], mean %.4f",
                    static_cast<double>(d.label), shapeText(d.shape).c_str(), static_cast<double>(*lo),
                    static_cast<double>(*hi),
                    sum / static_cast<double>(std::max<size_t>(1, d.features.size())));
      std::cout << line << "\n";
    } catch (const Error& e) {
      std::cout << "does not decode: " << e.message() << "\n  value starts " << hexPreview(r.value) << "\n";
    }
  }
  return 0;
}

}  // namespace

Runner setupData(CLI::App& cmd) {
  cmd.require_subcommand(1);
  auto convertArgs = std::make_shared<ConvertArgs>();
  CLI::App* convert = cmd.add_subcommand(
      "convert",
      "Write IDX images and labels, another shard set or an image folder as SequenceFile or TFRecord shards");
  ConvertArgs& c = *convertArgs;
  convert->add_option("--images", c.images, "IDX image file (ubyte, raw or .gz)");
  convert->add_option("--labels", c.labels, "IDX label file (0-based classes)");
  convert->add_option(
      "--from", c.from,
      "or: a shard set to re-encode (file, glob, directory or @list.txt), or an image folder root/<class>/");
  convert
      ->add_option("--from_format", c.fromFormat,
                   "format of --from: auto (detected), sequencefile, tfrecord, csv, tsv, libsvm, cifar10 or "
                   "imagefolder")
      ->check(CLI::IsMember(
          {"auto", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "imagefolder"}))
      ->capture_default_str();
  convert->add_option("--output", c.output, "output directory (part-NNNNN files, _ringdl_index, _SUCCESS)")
      ->required();
  convert->add_option("--format", c.format, "output format")
      ->check(CLI::IsMember({"sequencefile", "tfrecord"}))
      ->required();
  convert->add_option("--shards", c.shards, "number of shard files (records go round-robin)")
      ->capture_default_str();
  convert
      ->add_option("--compression", c.compression,
                   "sequencefile: none, record or block; tfrecord: none or gzip")
      ->capture_default_str();
  convert
      ->add_option("--codec", c.codec,
                   "sequencefile compression codec: zlib (DefaultCodec) or gzip (GzipCodec)")
      ->check(CLI::IsMember({"zlib", "gzip"}))
      ->capture_default_str();
  convert
      ->add_option(
          "--layout", c.layout,
          "sequencefile records: raw (IntWritable label, uint8 pixels, shape in metadata), bigdl "
          "(BigDL's Text \"label\" or \"name\\nlabel\" key and width, height, BGR pixels) or encoded "
          "(image folders: BigDL's \"name\\nlabel\" key and the image file's bytes); auto: encoded "
          "for image folders, raw otherwise")
      ->check(CLI::IsMember({"auto", "raw", "bigdl", "encoded"}))
      ->capture_default_str();
  convert->add_flag("--force", c.force, "replace the output directory if it exists");
  addDecodingOptions(*convert, c.decoding);

  auto inspectArgs = std::make_shared<InspectArgs>();
  CLI::App* inspect = cmd.add_subcommand(
      "inspect",
      "Describe a shard set, IDX file or image folder: format, shards, records (classes and image counts), "
      "keys or features, sample records");
  inspect
      ->add_option("spec", inspectArgs->spec,
                   "a file, a glob (data/part-*), a directory, @list.txt or an image folder root/<class>/")
      ->required();
  inspect
      ->add_option("--format", inspectArgs->format,
                   "the format, when it is not recognised (text part files without .csv/.tsv/.libsvm names)")
      ->check(CLI::IsMember({"auto", "idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10",
                             "hdf5", "imagefolder"}))
      ->capture_default_str();
  inspect
      ->add_option("--samples", inspectArgs->samples,
                   "records of the first shard (images of an image folder) to decode and show")
      ->capture_default_str();
  addDecodingOptions(*inspect, inspectArgs->decoding);

  return [convertArgs, inspectArgs, convert, inspect]() -> int {
    if (convert->parsed()) {
      rejectExtras(*convert);
      return runConvert(*convertArgs);
    }
    rejectExtras(*inspect);
    return runInspect(*inspectArgs);
  };
}

}  // namespace ringdl::tools
