// ringdl data: the convert and inspect subcommands' options (convert runs in data_convert.cpp), what they
// share (decoding options, recognising image folders, HDF5 files and encoded images), and inspect, which
// describes a shard set, an IDX or HDF5 file or an image folder.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>

#include "data_common.h"
#include "data_convert.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/csv_decoder.h"
#include "ringdl/data/hdf5_data_set.h"
#include "ringdl/data/idx.h"
#include "ringdl/data/image.h"
#include "ringdl/data/image_folder.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/image_record_decoder.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/shard_index.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/text_corpus.h"
#include "ringdl/data/text/tokenizer.h"
#include "ringdl/data/text_records.h"
#include "ringdl/data/tf_feature.h"
#include "ringdl/data/tfrecord.h"
#include "ringdl/util/error.h"
#include "subcommands.h"
#include "text_data.h"
#include "train_data.h"

namespace ringdl::tools {

namespace fs = std::filesystem;

ShardDecoding DecodingArgs::decoding() const {
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

void addDecodingOptions(CLI::App& cmd, DecodingArgs& a) {
  cmd.add_option("--image_feature", a.imageFeature,
                 "tf.train.Example feature holding the image (read and written)")
      ->capture_default_str();
  cmd.add_option("--label_feature", a.labelFeature, "tf.train.Example feature holding the 0-based label")
      ->capture_default_str();
  cmd.add_option("--image_channels", a.channels,
                 "decoded images (BigDL records, encoded images): rgb, bgr or grey planes")
      ->check(CLI::IsMember({"rgb", "bgr", "grey"}))
      ->capture_default_str();
  cmd.add_option("--image_shape", a.shape,
                 "shape of one raw image when the records do not give it (e.g. 1,28,28); convert: encoded "
                 "images are resized to its height and width");
  cmd.add_option("--label_column", a.labelColumn, "csv/tsv: the label's column: first, last or an index")
      ->capture_default_str();
  cmd.add_option("--header_lines", a.headerLines,
                 "csv/tsv: header lines at the start of every file, skipped (1 for Spark's header)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--label_mapping", a.labelMapping, "csv/tsv/libsvm: zero_based, one_based, signed or value")
      ->check(CLI::IsMember({"zero_based", "one_based", "signed", "value"}))
      ->capture_default_str();
  cmd.add_option("--features", a.features, "libsvm: the feature count (0: the largest index in the files)");
}

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

bool isHdf5File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char b[8] = {};
  in.read(b, sizeof b);
  return in.gcount() == 8 && std::memcmp(b, "\x89HDF\r\n\x1a\n", 8) == 0;
}

std::string readWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  RINGDL_CHECK(in, "cannot open ", path, ": ", std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  RINGDL_CHECK(!in.bad(), "cannot read ", path, ": ", std::strerror(errno));
  return bytes;
}

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

namespace {

// ---- inspect ----

struct InspectArgs {
  std::string spec, format = "auto";
  int64_t samples = 1;
  DecodingArgs decoding;
  // Text formats.
  std::string tokenizer = "word";
  bool lowercase = false;
  int64_t vocabSize = 20000, minCount = 1, top = 20;
  bool skipCorrupt = false;
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

// A text set: records, labels, the dictionary the same options would build, the most frequent tokens and
// the distribution of tokens per record (to choose seq_len or a fixed padding).
int inspectText(const InspectArgs& a) {
  const std::vector<std::string> files = listShards(a.spec);
  const Tokenizer tokenizer(
      TokenizerOptions().withMode(parseTokenizerMode(a.tokenizer)).withLowerCase(a.lowercase));
  TextCorpusOptions o;
  o.layout =
      a.format == "text_csv" || a.format == "text_tsv"
          ? TextLayout::csv(a.format == "text_tsv" ? '\t' : ',', parseLabelColumn(a.decoding.labelColumn))
          : TextLayout::lines();
  o.lines = TextLineReaderOptions().withHeaderLines(a.decoding.headerLines);
  o.skipCorrupt = a.skipCorrupt;
  const TextCorpus corpus = scanTextCorpus(files, tokenizer, o);
  std::cout << a.spec << ": " << a.format << ", " << files.size() << " file" << (files.size() == 1 ? "" : "s")
            << " (" << files.front() << (files.size() > 1 ? " ... " + files.back() : "") << ")\n";
  std::cout << "records: " << corpus.records << (a.format == "text_lm" ? " non-blank lines" : "");
  if (corpus.corrupt > 0)
    std::cout << "; " << corpus.corrupt << " skipped as corrupt (first: " << corpus.firstCorrupt << ")";
  std::cout << "\n";
  if (!corpus.labels.empty()) {
    std::cout << "labels (" << corpus.labels.size() << "):";
    size_t shown = 0;
    for (const auto& [label, count] : corpus.labels) {
      if (shown++ == 20) {
        std::cout << " ...";
        break;
      }
      std::cout << " " << label << " " << count;
    }
    std::cout << "\n";
  }
  DictionaryOptions d = DictionaryOptions().withMaxSize(a.vocabSize).withMinCount(a.minCount);
  if (a.format == "text_lm") d.withReserved({"<eos>"});
  const Dictionary dict = Dictionary::build(corpus.tokens, d);
  std::cout << "tokens (" << tokenizer.describe() << "): " << corpus.tokens.total() << ", "
            << corpus.tokens.distinct() << " distinct; dictionary size " << dict.size() << " (vocab_size "
            << a.vocabSize << ", min_count " << a.minCount << ", " << dict.reservedCount() << " reserved; "
            << dict.droppedTokens() << " tokens left out, " << dict.droppedOccurrences()
            << " occurrences read as " << dict.token(1) << ")\n";
  std::cout << "most frequent:";
  for (int64_t i = dict.reservedCount(); i < std::min(dict.size(), dict.reservedCount() + a.top); ++i)
    std::cout << " " << escapeToken(dict.token(i)) << " " << dict.count(i);
  std::cout << "\n";
  if (corpus.records > 0)
    std::cout << "tokens per record: min " << corpus.lengths.begin()->first << ", median "
              << corpus.lengthQuantile(0.5) << ", 90% " << corpus.lengthQuantile(0.9) << ", 99% "
              << corpus.lengthQuantile(0.99) << ", max " << corpus.lengths.rbegin()->first << "\n";
  if (a.format == "text_lm") {
    const int64_t stream = corpus.tokens.total() + corpus.records;  // each line ends with <eos>
    std::cout << "language-model stream: " << stream
              << " tokens with <eos> line ends (windows of seq_len + 1 "
              << "tokens per file: about " << stream << " / seq_len)\n";
  }
  return 0;
}

int runInspect(const InspectArgs& a) {
  if (isTextFormat(a.format)) return inspectText(a);
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
                  << " bytes (ringdl train decodes it, through the transforms when given), ";
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
  // Inherited by convert and inspect: rejectExtras names their unknown options, with suggestions.
  cmd.allow_extras();
  auto convertArgs = std::make_shared<ConvertArgs>();
  CLI::App* convert = cmd.add_subcommand(
      "convert",
      "Write IDX images and labels, a shard set, an image folder or an HDF5 file as SequenceFile, TFRecord, "
      "CSV, TSV, LibSVM or CIFAR-10 shards or as one HDF5 file");
  addConvertOptions(*convert, *convertArgs);

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
                             "hdf5", "imagefolder", "text_csv", "text_tsv", "text_lines", "text_lm"}))
      ->capture_default_str();
  inspect->add_option("--tokenizer", inspectArgs->tokenizer, "text formats: word, char or byte")
      ->check(CLI::IsMember({"word", "char", "byte"}))
      ->capture_default_str();
  inspect->add_flag("--lowercase", inspectArgs->lowercase,
                    "text formats: lower-case letters before tokenizing");
  inspect
      ->add_option("--vocab_size", inspectArgs->vocabSize,
                   "text formats: the dictionary's most tokens, reserved ones included (0: no limit)")
      ->capture_default_str();
  inspect
      ->add_option("--min_count", inspectArgs->minCount, "text formats: the fewest occurrences a token needs")
      ->capture_default_str();
  inspect->add_option("--top", inspectArgs->top, "text formats: the most frequent tokens to list")
      ->capture_default_str();
  inspect->add_flag("--skip_corrupt", inspectArgs->skipCorrupt,
                    "text formats: count lines that are not valid UTF-8 (or rows without a label) and go on");
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
