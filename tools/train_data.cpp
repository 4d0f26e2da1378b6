// The data sets of ringdl train, evaluate and predict: IDX arrays in memory, each rank's rows of an HDF5
// file, or shard sets with decoders, the count exchange over the communicator, statistics for
// "normalize: auto" and corrupt-record reports. The validation set is built in one place (loadTestData).
#include "train_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <tuple>

#include "common.h"
#include "image_defaults.h"
#include "ringdl/data/array_data_set.h"
#include "ringdl/data/cifar10.h"
#include "ringdl/data/cifar10_decoder.h"
#include "ringdl/data/csv_decoder.h"
#include "ringdl/data/example_image_decoder.h"
#include "ringdl/data/hdf5_data_set.h"
#include "ringdl/data/hold_out.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/image_folder.h"
#include "ringdl/data/image_record_decoder.h"
#include "ringdl/data/libsvm_decoder.h"
#include "ringdl/data/normalize.h"
#include "ringdl/data/partitioned_data_set.h"
#include "ringdl/data/sequence_file.h"
#include "ringdl/data/shard_data_set.h"
#include "ringdl/util/error.h"
#include "text_data.h"

namespace ringdl::tools {

std::shared_ptr<RecordDecoder<float>> makeDecoder(ShardFormat format, const ShardDecoding& decoding,
                                                  const std::vector<std::string>& shards) {
  const LabelMapping labels = parseLabelMapping(decoding.labelMapping);
  if (format == ShardFormat::kCsv || format == ShardFormat::kTsv)
    return std::make_shared<CsvDecoder<float>>(CsvOptions()
                                                   .withDelimiter(format == ShardFormat::kTsv ? '\t' : ',')
                                                   .withLabelColumn(parseLabelColumn(decoding.labelColumn))
                                                   .withLabels(labels, decoding.classes)
                                                   .withShape(decoding.shape));
  if (format == ShardFormat::kLibSvm) {
    int64_t features = decoding.features;
    if (features == 0) {
      RINGDL_CHECK(!shards.empty(),
                   "libsvm: give the feature count (features) or the files to infer it from");
      features = inferLibSvmFeatureCount(shards);
    }
    return std::make_shared<LibSvmDecoder<float>>(LibSvmOptions()
                                                      .withNumFeatures(features)
                                                      .withLabels(labels, decoding.classes)
                                                      .withShape(decoding.shape));
  }
  if (format == ShardFormat::kCifar10) return std::make_shared<Cifar10Decoder<float>>();
  if (format == ShardFormat::kSequenceFile)
    return std::make_shared<SequenceFileImageDecoder<float>>(
        SequenceFileImageDecoderOptions().withChannels(decoding.channels).withShape(decoding.shape));
  RINGDL_CHECK(format == ShardFormat::kTFRecord, "no record decoder for ", shardFormatName(format), " files");
  return std::make_shared<ExampleImageDecoder<float>>(ExampleImageDecoderOptions()
                                                          .withImageFeature(decoding.imageFeature)
                                                          .withLabelFeature(decoding.labelFeature)
                                                          .withShape(decoding.shape));
}

RecordReaderFactory shardReaders(ShardFormat format, const ShardDecoding& decoding) {
  if (format == ShardFormat::kCsv || format == ShardFormat::kTsv)
    return textRecordReaderFactory(TextLineReaderOptions().withHeaderLines(decoding.headerLines));
  if (format == ShardFormat::kLibSvm) return textRecordReaderFactory(libSvmReaderOptions());
  if (format == ShardFormat::kCifar10) return cifar10ReaderFactory();
  return recordReaderFactory(format);
}

ShardFormat shardSetFormat(const std::vector<std::string>& shards, ShardFormat expected,
                           const std::string& what) {
  if (isTextShardFormat(expected) || expected == ShardFormat::kCifar10) {
    // Text part files and renamed CIFAR-10 batches need not be recognisable by name: the format given is
    // trusted unless the file is plainly one of the record formats.
    ShardFormat found = ShardFormat::kUnknown;
    try {
      found = detectShardFormat(shards.at(0));
    } catch (const Error&) {
    }
    RINGDL_CHECK(found != ShardFormat::kSequenceFile && found != ShardFormat::kTFRecord, what, ": ",
                 shards[0], " is a ", shardFormatName(found), " file, not ", shardFormatName(expected),
                 " (set the format to ", shardFormatName(found), ", or point to the right files)");
    return expected;
  }
  const ShardFormat found = detectShardFormat(shards.at(0));
  RINGDL_CHECK(expected == ShardFormat::kUnknown || found == expected, what, ": ", shards[0], " is a ",
               shardFormatName(found), " file, not ", shardFormatName(expected), " (set the format to ",
               shardFormatName(found), ", or point to the right files)");
  RINGDL_CHECK(found != ShardFormat::kIdx, what, ": ", shards[0],
               " is an idx file; shard sets are SequenceFile, TFRecord, CSV, TSV, LibSVM or CIFAR-10 files");
  return found;
}

namespace {

ShardDecoding decodingOf(const RunConfig& config) {
  ShardDecoding d;
  d.imageFeature = config.str("image_feature");
  d.labelFeature = config.str("label_feature");
  d.channels = parseImageChannels(config.str("image_channels"));
  if (!config.str("image_shape").empty())
    d.shape = parseShapeText(config.str("image_shape"), "config field 'image_shape'");
  d.labelColumn = config.str("label_column");
  d.headerLines = config.integer("header_lines");
  d.labelMapping = config.str("label_mapping");
  d.features = config.integer("features");
  d.classes = config.integer("classes");
  return d;
}

// "MEAN,STD" of the config's normalize field (after auto was resolved), or false for "none".
bool normalizeValues(const RunConfig& config, double& mean, double& stddev) {
  const std::string& norm = config.str("normalize");
  if (norm == "none") return false;
  const size_t comma = norm.find(',');
  bool ok = comma != std::string::npos;
  try {
    if (ok) {
      mean = std::stod(norm.substr(0, comma));
      stddev = std::stod(norm.substr(comma + 1));
    }
  } catch (const std::exception&) {
    ok = false;
  }
  RINGDL_CHECK(ok, "config field 'normalize' must be auto, none or MEAN,STD with numbers, got '", norm, "'");
  return true;
}

// normalize: auto: the mean and population std of every feature value of the training set (all ranks'
// values: the sums are added over ranks, so every rank gets the same figures), in two passes, written into
// the config as MEAN,STD. eachValue(f) calls f(value) for every value this rank holds, once per pass.
template <typename EachValue>
void setAutoNormalize(RunConfig& config, Communicator& comm, const char* where, EachValue&& eachValue) {
  Tensor<double> sums({2});
  double* s = sums.data();
  s[0] = s[1] = 0;
  eachValue([s](double v) {
    s[0] += v;
    s[1] += 1;
  });
  comm.allReduce(sums);
  RINGDL_CHECK(s[1] > 0, "normalize: auto found no feature values in ", where);
  const double mean = s[0] / s[1], count = s[1];
  s[0] = s[1] = 0;
  eachValue([s, mean](double v) { s[0] += (v - mean) * (v - mean); });
  comm.allReduce(sums);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g,%.9g", mean, std::sqrt(s[0] / count));
  config.set("normalize", buf, "normalize: auto");
}

// The per-image pipeline of the training or the validation images ("" specs: none, unless `folder`, whose
// images always go through one).
std::optional<ImagePipeline<float>> imagePipeline(const RunConfig& config, bool training, bool folder) {
  const std::string& train = config.str("transforms");
  const std::string& test = config.str("test_transforms");
  if (training) {
    if (train.empty() && !folder) return std::nullopt;
    return parseImagePipeline<float>(train, "config field 'transforms'");
  }
  if (!test.empty()) return parseImagePipeline<float>(test, "config field 'test_transforms'");
  if (train.empty() && !folder) return std::nullopt;
  return parseImagePipeline<float>(train, "config field 'transforms'").validation();
}

// Whether a pipeline ends in a Normalize step.
bool normalizes(const ImagePipeline<float>& p) {
  for (size_t i = 0; i < p.tensorSteps().size(); ++i)
    if (dynamic_cast<const Normalize<float>*>(&p.tensorSteps().step(i))) return true;
  return false;
}

// The ranks' counts of a data set whose ranks hold different records, exchanged over `comm`; nullptr for one
// rank.
AllGatherCounts allGatherCounts(Communicator& comm) {
  const int rank = comm.rank(), world = comm.size();
  if (world == 1) return nullptr;
  return [&comm, rank, world](int64_t mine) {
    Tensor<double> all({static_cast<int64_t>(world)});
    all.zero();
    all.data()[rank] = static_cast<double>(mine);
    comm.allGather(all);
    std::vector<int64_t> counts;
    for (int r = 0; r < world; ++r) counts.push_back(static_cast<int64_t>(all.data()[r]));
    return counts;
  };
}

// The features' shape of the first record of a shard set (the first record of the first shard that has one),
// decoded by the data set's decoder before the data set exists; textKey says whether its key is Text (BigDL's
// image layout in SequenceFiles). Empty when that record cannot be read or decoded: the data set reports why
// (or skips the damage, with skip_corrupt).
Shape firstRecordShape(const std::vector<std::string>& shards, const RecordReaderFactory& readers,
                       RecordDecoder<float>& decoder, bool& textKey) {
  for (const std::string& shard : shards) {
    try {
      RecordReaderPtr reader = readers(shard);
      Record record;
      if (!reader->next(record)) continue;
      decoder.beginShard(*reader);
      DecodedRecord<float> out;
      decoder.decode(record, reader->path(), out);
      textKey = record.keyType == kTextClass;
      return out.shape;
    } catch (const Error&) {
      return {};
    }
  }
  return {};
}

// A shard set or image folder opened for training or validation, with what its callers report.
struct OpenedShards {
  std::shared_ptr<ShardDataSet<float>> set;
  std::vector<std::string> classes;  // an image folder's class names, in label order
  std::string images;                // the image pipeline, described ("" without one)
  bool normalized = false;           // by a normalize step of the transforms
  RecordShape record;                // the first record's
  ImageFolder tree;                  // the image folder's listing (folders only)
  std::string text;                  // text sets: the format, tokenizer, dictionary and padding, described
};

// The shard set or image folder of config field `which`_data, read by this rank: for training (the
// training transforms) or validation (the validation transforms); of a training set split by `holdOut`,
// only the side `part`. `unlabelled` accepts a folder of unlabelled images. A validation folder must have
// trainClasses (unless that is empty).
OpenedShards openShards(const RunConfig& config, const std::string& which, ShardFormat format,
                        Communicator& comm, bool training, bool folder,
                        const std::vector<std::string>& trainClasses, const std::string& hint,
                        const HoldOut& holdOut = {}, SplitPart part = SplitPart::kTraining,
                        bool unlabelled = false, const TextData* text = nullptr) {
  OpenedShards opened;
  std::vector<std::string>& classes = opened.classes;
  const std::string key = which + "_data";
  const std::string& spec = config.str(key);
  RINGDL_CHECK(!spec.empty(), "config field '", which, "_format' is ",
               text     ? text->format
               : folder ? "imagefolder"
                        : shardFormatName(format),
               " but '", key, "' is empty: give ",
               folder ? "the image folder (root/<class>/<image files>)"
                      : "the shard spec (a directory, a glob such as data/part-*, or @list.txt)",
               hint);
  std::vector<std::string> shards;
  RecordReaderFactory readers;
  std::shared_ptr<RecordDecoder<float>> decoder;
  if (folder) {
    ImageFolderOptions listing;
    listing.unlabelled = unlabelled;
    opened.tree = ImageFolder::list(spec, listing);
    const ImageFolder& tree = opened.tree;
    classes = tree.classes();
    RINGDL_CHECK(static_cast<int64_t>(classes.size()) <= config.integer("classes"), "config field '", key,
                 "': image folder ", spec, " has ", classes.size(), " classes but config field 'classes' is ",
                 config.integer("classes"), "; set classes: ", classes.size());
    if (!training && !trainClasses.empty() && tree.labelled() && classes != trainClasses) {
      std::string missing, extra;
      for (const auto& c : trainClasses)
        if (std::find(classes.begin(), classes.end(), c) == classes.end()) missing += " " + c;
      for (const auto& c : classes)
        if (std::find(trainClasses.begin(), trainClasses.end(), c) == trainClasses.end()) extra += " " + c;
      RINGDL_FAIL("config field '", key, "': the classes of image folder ", spec,
                  " differ from the training folder's, so their labels would not match (",
                  missing.empty() ? "" : "missing:" + missing, missing.empty() || extra.empty() ? "" : "; ",
                  extra.empty() ? "" : "not in training:" + extra,
                  missing.empty() && extra.empty() ? "same names in another order" : "", ")");
    }
    shards = tree.parts();
    readers = tree.readerFactory();
  } else if (text) {
    // Text files are recognised by nothing but their format key; records are token sequences.
    RINGDL_CHECK(config.str("transforms").empty() && config.str("test_transforms").empty(),
                 "config field 'transforms' applies to images, but ", key, " is ", text->format, " text");
    shards = listShards(spec);
    readers = text->readers();
  } else {
    shards = listShards(spec);
    shardSetFormat(shards, format, "config field '" + key + "'");
    readers = shardReaders(format, decodingOf(config));
  }
  std::optional<ImagePipeline<float>> pipeline;
  if (!text) pipeline = imagePipeline(config, training, folder);
  // Shard records: transforms only where they are images; encoded images without transforms get to_tensor.
  if (!folder && !text)
    pipeline = shardImagePipeline(config, format, training, shards, readers, std::move(pipeline));
  if (text) {
    decoder = text->decoder();
    opened.text = text->describe();
  } else if (pipeline) {
    ImageRecordDecoderOptions o;
    o.withDecode(ImageDecodeOptions().withChannels(parseImageChannels(config.str("image_channels"))))
        .withFeatures(config.str("image_feature"), config.str("label_feature"))
        .withLabelOffset(config.integer("label_offset"));
    if (!config.str("image_shape").empty())
      o.withShape(parseShapeText(config.str("image_shape"), "config field 'image_shape'"));
    opened.images = pipeline->describe();
    opened.normalized = normalizes(*pipeline);
    decoder = std::make_shared<ImageRecordDecoder<float>>(*pipeline, o);
  } else {
    decoder = makeDecoder(format, decodingOf(config), shards);
  }
  // Every record of a set has the shape of its first (held-out records included: they are read from the same
  // shards, through the validation transforms).
  bool textKey = false;
  // Text records differ in length: their shape says nothing a model's input shape could be checked against.
  if (!text) opened.record.shape = firstRecordShape(shards, readers, *decoder, textKey);
  // image_channels decides the channels of what the image decoder decodes, and of BigDL's image layout.
  opened.record.imageChannels = pipeline || (format == ShardFormat::kSequenceFile && textKey);
  opened.record.source = (folder ? "image folder "
                          : text ? text->format + " files in "
                                 : shardFormatName(format) + std::string(" shards in ")) +
                         spec + (part == SplitPart::kHeldOut ? " (its held-out records)" : "");
  const int rank = comm.rank(), world = comm.size();
  ShardDataSetOptions o;
  o.withRank(rank, world)
      .withSeed(static_cast<uint64_t>(config.integer("seed")))
      .withShuffleBuffer(config.integer("shuffle_buffer"))
      .withPrefetch(config.integer("prefetch_batches"),
                    std::max<int64_t>(1, config.integer("batch_size") / world))
      .withSkipCorrupt(config.flag("skip_corrupt"))
      .withAllGatherCounts(allGatherCounts(comm))
      .withHoldOut(holdOut, part);
  if (text) o.withSequences(text->batching);
  if (config.flag("skip_corrupt")) {
    // Training epochs are reported on rank 0 even without damage (so the log shows skipping is on); other
    // passes (statistics, validation) and other ranks only when they skipped something.
    const std::string set = training                      ? "training set"
                            : part == SplitPart::kHeldOut ? "held-out records"
                                                          : which + " set";
    o.onEpochEnd = [rank, world, set](int64_t epoch, int64_t corrupt, const std::string& first) {
      if (corrupt == 0 && (rank != 0 || epoch == 0)) return;
      std::cout << (world > 1 ? "Rank " + std::to_string(rank) + ": s" : std::string("S")) << "kipped "
                << corrupt << " corrupt record" << (corrupt == 1 ? "" : "s") << " in "
                << (epoch > 0 ? "training epoch " + std::to_string(epoch) : "a pass over the " + set)
                << (first.empty() ? "" : " (first: " + first + ")") << "\n";
    };
  }
  opened.set = std::make_shared<ShardDataSet<float>>(shards, readers, decoder, o);
  return opened;
}

// This rank's rows of the HDF5 file `which`_data (partitionRows: rank r of W reads rows [floor(r N / W),
// floor((r + 1) N / W)) as hyperslabs; uint8 features as pixels k / 255, as IDX images), class labels
// checked.
std::shared_ptr<PartitionedArrayDataSet<float>> openHdf5Rows(const RunConfig& config,
                                                             const std::string& which, Communicator& comm,
                                                             const std::string& hint) {
  const std::string key = which + "_data";
  const std::string& path = config.str(key);
  RINGDL_CHECK(!path.empty(), "config field '", which, "_format' is hdf5 but '", key,
               "' is empty: give the HDF5 file (its datasets are named by feature_dataset and label_dataset)",
               hint);
  auto set =
      openHdf5Partition<float>(path,
                               Hdf5Options()
                                   .withNames(config.str("feature_dataset"), config.str("label_dataset"))
                                   .withRank(comm.rank(), comm.size()),
                               static_cast<uint64_t>(config.integer("seed")));
  const int64_t first = set->firstRow();
  checkClassLabels(set->local().labels, config.integer("classes"),
                   path + " " + config.str("label_dataset") +
                       (first > 0 ? " (records counted from row " + std::to_string(first) + ")" : ""));
  return set;
}

// "rank 0 rows [0, 50) of 100, 450 values read; rank 1 ..." for every rank (a collective).
std::string describeHdf5Ranks(const PartitionedArrayDataSet<float>& set, int64_t valuesRead,
                              Communicator& comm) {
  const int world = comm.size(), rank = comm.rank();
  Tensor<double> all({3 * static_cast<int64_t>(world)});
  all.zero();
  double* a = all.data() + 3 * rank;
  a[0] = static_cast<double>(set.firstRow());
  a[1] = static_cast<double>(set.local().features.size(0));
  a[2] = static_cast<double>(valuesRead);
  comm.allGather(all);
  std::string s;
  for (int r = 0; r < world; ++r) {
    const double* v = all.data() + 3 * r;
    const auto first = static_cast<int64_t>(v[0]), rows = static_cast<int64_t>(v[1]);
    s += (r ? "; rank " : "rank ") + std::to_string(r) + " rows [" + std::to_string(first) + ", " +
         std::to_string(first + rows) + ") of " + std::to_string(set.size()) + ", " +
         std::to_string(static_cast<int64_t>(v[2])) + " values read";
  }
  return s;
}

// The shape of one record of an array data set's features [N, ...].
RecordShape arrayRecordShape(const Tensor<float>& features, std::string source) {
  RecordShape record;
  if (features.dim() > 1) record.shape.assign(features.shape().begin() + 1, features.shape().end());
  record.source = std::move(source);
  return record;
}

std::string describeShards(const OpenedShards& opened, ShardFormat format, bool folder) {
  const ShardDataSet<float>& set = *opened.set;
  const std::string count = std::to_string(set.size());
  if (!opened.text.empty())
    return std::to_string(set.shards().size()) + " file" + (set.shards().size() == 1 ? " " : "s ") +
           opened.text;
  std::string s = !folder ? std::to_string(set.shards().size()) + " " + shardFormatName(format) + " shard" +
                                (set.shards().size() == 1 ? "" : "s")
                  : opened.tree.labelled() ? "image folder of " + count + " images"
                                           : "folder of " + count + " unlabelled images";
  return opened.images.empty() ? s : s + " [" + opened.images + "]";
}

}  // namespace

void checkModelInput(Module<float>& model, const RecordShape& record) {
  const Shape expected = modelInputShape(model);
  const Shape& shape = record.shape;
  if (expected.empty() || shape.empty()) return;
  const int64_t want = numelOf(expected), have = numelOf(shape);
  if (want == have) return;
  auto dims = [](const Shape& s) {
    std::string text;
    for (size_t i = 0; i < s.size(); ++i) text += (i ? "x" : "") + std::to_string(s[i]);
    return text;
  };
  auto channels = [](int64_t n) { return std::to_string(n) + (n == 1 ? " channel" : " channels"); };
  const std::string named = "model " + model.name();
  const std::string input = "input shape " + dims(expected);
  // Images are [C, H, W] with 1 or 3 channels. The model's channels are its input's first dimension, or, for
  // a flat input, how many HxW planes it holds. Its height and width are known for [C, H, W] inputs only.
  const bool images = shape.size() == 3 && (shape[0] == 1 || shape[0] == 3);
  const int64_t h = images ? shape[1] : 0, w = images ? shape[2] : 0;
  const bool planar = expected.size() == 3;
  std::string resize;  // how to give the images the model's height and width
  if (images && planar && (expected[1] != h || expected[2] != w)) {
    const std::string size = std::to_string(expected[1]) + "," + std::to_string(expected[2]);
    resize = "resize them to " + std::to_string(expected[1]) + "x" + std::to_string(expected[2]) +
             " (e.g. a 'resize " + size + "' step in transforms)";
  }
  if (images) {
    const int64_t wanted = planar ? expected[0] : want % (h * w) == 0 ? want / (h * w) : 0;
    if ((wanted == 1 || wanted == 3) && wanted != shape[0]) {
      const std::string fix =
          record.imageChannels
              ? std::string("set image_channels: ") + (wanted == 1 ? "grey" : "rgb") +
                    " (or use a model for " + channels(shape[0]) + ")"
              : "use a model for " + channels(shape[0]) + ", or data with " + channels(wanted);
      RINGDL_FAIL(record.source, ": the images have ", channels(shape[0]), " but ", named, " takes ", wanted,
                  " (", input, "): ", fix,
                  resize.empty()
                      ? ""
                      : "; they are also " + std::to_string(h) + "x" + std::to_string(w) + ": " + resize);
    }
  }
  RINGDL_FAIL(record.source, ": the ", images ? "images" : "records", " have shape ", dims(shape), " (", have,
              " values) but ", named, " takes ", input, " (", want, " values): ",
              resize.empty() ? "give records of " + std::to_string(want) +
                                   " values (image_shape shapes records that do not carry a shape)"
                             : resize,
              ", or use a model for ", dims(shape));
}

void resolveTransformNormalize(RunConfig& config, bool training) {
  const std::string name = config.str("train_format");
  const std::string format = training                              ? name
                             : config.str("test_format") == "same" ? name
                                                                   : config.str("test_format");
  if (format == "idx" || format == "hdf5") return;
  const std::optional<ImagePipeline<float>> pipeline =
      imagePipeline(config, training, format == "imagefolder");
  if (!pipeline || !normalizes(*pipeline)) return;
  const std::string& norm = config.str("normalize");
  if (training)
    RINGDL_CHECK(
        norm == "auto" || norm == "none", "config fields 'normalize' (", norm,
        ") and 'transforms' (which ends in a normalize step) would normalise twice; set normalize: none");
  if (norm == "auto")
    config.set("normalize", "none",
               training ? "transforms (its normalize step)" : "the validation transforms");
}

DescribedDataSet loadTestData(RunConfig& config, Communicator& comm, const TestDataOptions& options) {
  const std::string trainName = config.str("train_format");
  const std::string& which = options.which;
  const std::string dataKey = which + "_data", imagesKey = which + "_images", labelsKey = which + "_labels";
  const std::string& formatName = config.str(which + "_format");
  const std::string name = formatName == "same" ? trainName : formatName;
  RINGDL_CHECK(name == "idx" || !options.labels || config.str("select_classes").empty(),
               "config field 'select_classes' selects records of IDX data (held in memory), but the ", which,
               " set is ", name, "; convert it to IDX, or train on all its classes");
  DescribedDataSet data;
  if (name == "idx") {
    RINGDL_CHECK(
        config.str(dataKey).empty() || which != "validation", "config field '", dataKey,
        "' names records of a shard set, HDF5 file or image folder, but '", which, "_format' is ", formatName,
        formatName == "same" ? " (train_format idx)" : "", ": give ", which,
        "_format (sequencefile, tfrecord, csv, tsv, libsvm, cifar10, hdf5 or imagefolder), or IDX files "
        "as ",
        imagesKey, " and ", labelsKey);
    RINGDL_CHECK(!config.str(imagesKey).empty() && (!options.labels || !config.str(labelsKey).empty()),
                 "config field '", which, "_format' is idx but '",
                 config.str(imagesKey).empty() ? imagesKey : labelsKey, "' is empty: give the IDX files ",
                 imagesKey, " and ", labelsKey);
    const std::string& images = config.str(imagesKey);
    if (options.labels) {
      LabeledData<float> test = loadNormalized(images, config.str(labelsKey), config, /*resolveAuto=*/false);
      data.record = arrayRecordShape(test.features, "IDX file " + images);
      data.set = std::make_shared<ArrayDataSet<float>>(test);
    } else {
      // Only the images (prediction): scaled and normalised as for training and evaluation, labels zero.
      Tensor<float> features = loadIdxImages<float>(images);
      normalizeFeatures(features, config, /*resolveAuto=*/false);
      Tensor<float> labels({features.size(0)});
      labels.zero();
      data.record = arrayRecordShape(features, "IDX file " + images);
      data.set = std::make_shared<ArrayDataSet<float>>(features, labels);
    }
    data.describe = "IDX " + images;
    return data;
  }
  if (isTextFormat(name)) {
    const TextData text = loadTextData(config, name, comm.rank(), /*training=*/false);
    RINGDL_CHECK(!options.recordNames || !config.flag("skip_corrupt"),
                 "skip_corrupt would leave damaged lines out and shift the index of every prediction after "
                 "them; give --skip_corrupt=false (a damaged line then stops with its file and line)");
    OpenedShards opened = openShards(config, which, ShardFormat::kUnknown, comm, /*training=*/false, false,
                                     {}, options.dataHint, HoldOut(), SplitPart::kTraining, false, &text);
    data.set = opened.set;
    data.describe = describeShards(opened, ShardFormat::kUnknown, false) + " in " + config.str(dataKey);
    data.classes = text.labels.names;
    data.record = opened.record;
    return data;
  }
  RINGDL_CHECK(
      config.str("normalize") != "auto",
      "normalize is 'auto' but no training statistics are available; give normalize: MEAN,STD or none");
  double mean = 0, stddev = 1;
  const bool normalize = normalizeValues(config, mean, stddev);
  if (name == "hdf5") {
    auto set = openHdf5Rows(config, which, comm, options.dataHint);
    if (normalize) set->setTransformer(std::make_shared<Normalize<float>>(mean, stddev));
    data.set = set;
    data.describe = "HDF5 " + config.str(dataKey);
    data.record = arrayRecordShape(set->local().features, "HDF5 file " + config.str(dataKey));
    return data;
  }
  const bool folder = name == "imagefolder";
  const ShardFormat format = folder ? ShardFormat::kUnknown : parseShardFormat(name);
  OpenedShards opened =
      openShards(config, which, format, comm, /*training=*/false, folder, options.trainClasses,
                 options.dataHint, HoldOut(), SplitPart::kTraining, /*unlabelled=*/!options.labels);
  ShardDataSet<float>& set = *opened.set;
  if (normalize && !opened.normalized) set.setTransformer(std::make_shared<Normalize<float>>(mean, stddev));
  data.set = opened.set;
  data.describe = describeShards(opened, format, folder) + " in " + config.str(dataKey);
  data.classes = opened.classes;
  data.record = opened.record;
  // Predictions are matched to records by their index (and, for folders, file name): a skipped record would
  // shift every line after it.
  RINGDL_CHECK(!options.recordNames || !config.flag("skip_corrupt"),
               "skip_corrupt would leave damaged records out and shift the index",
               folder ? " and file name" : "",
               " of every prediction after them; give --skip_corrupt=false (a damaged record then stops ",
               "with its file and place)");
  if (folder && options.recordNames) {
    // The parts mix the listing (a fixed permutation), so the files are named in the order an unshuffled
    // pass reads them: parts in list order, each part's records in order (paths only, no image is read).
    const RecordReaderFactory open = opened.tree.readerFactory();
    for (const std::string& part : set.shards()) {
      RecordReaderPtr reader = open(part);
      for (Record r; reader->next(r);) data.names.push_back(r.value);
    }
    RINGDL_CHECK(static_cast<int64_t>(data.names.size()) == set.size(), "image folder ", config.str(dataKey),
                 ": ", data.names.size(), " files listed, but the data set counted ", set.size());
  }
  return data;
}

TrainData loadTrainData(RunConfig& config, Communicator& comm, Module<float>* model, bool checkTraining) {
  const std::string trainName = config.str("train_format");
  const bool trainFolder = trainName == "imagefolder";
  const bool trainHdf5 = trainName == "hdf5";
  const bool trainText = isTextFormat(trainName);
  const ShardFormat trainFormat =
      trainFolder || trainHdf5 || trainText ? ShardFormat::kUnknown : parseShardFormat(trainName);
  RINGDL_CHECK(
      trainName == "idx" || config.str("select_classes").empty(),
      "config field 'select_classes' selects records of IDX data (held in memory), but train_format is ",
      trainName, "; convert the data to IDX, or train on all its classes");
  TrainData data;
  std::shared_ptr<ShardDataSet<float>> trainShards, heldShards;
  std::shared_ptr<PartitionedArrayDataSet<float>> trainRows, heldRows;
  TestDataOptions testOptions;   // a training image folder's classes, checked against a validation folder's
  bool trainNormalized = false;  // by a normalize step of the transforms
  bool heldNormalized = false;   // by a normalize step of the validation transforms
  RecordShape trainRecord;       // the first training record's
  RecordShape heldRecord;        // the first held-out record's, through the validation transforms (shards)

  // Where training validates: records held out of the training set, a validation set of its own, or (as
  // before both existed) the test set.
  const double split = config.number("validation_split");
  const bool validationSet =
      !config.str("validation_data").empty() || !config.str("validation_images").empty();
  RINGDL_CHECK(validationSet || config.str("validation_format") == "same",
               "config field 'validation_format' is ", config.str("validation_format"),
               " but no validation set is given: give validation_data (or, for ",
               "idx, validation_images and validation_labels)");
  RINGDL_CHECK(split == 0 || !validationSet, "config fields 'validation_split' (",
               config.str("validation_split"), ") and '",
               config.str("validation_data").empty() ? "validation_images" : "validation_data",
               "' both give a validation set; keep one of them");
  const HoldOut holdOut =
      split > 0 ? HoldOut(split, static_cast<uint64_t>(config.integer("seed"))) : HoldOut();
  // Records of an in-memory training set left on each side of the split: neither may be empty.
  auto checkSides = [&](int64_t trained, int64_t held) {
    RINGDL_CHECK(held > 0, "validation_split ", config.str("validation_split"), " held out none of the ",
                 trained, " training records (seed ", config.str("seed"),
                 "); raise it, or give a validation set as validation_data");
    RINGDL_CHECK(trained > 0, "validation_split ", config.str("validation_split"), " held out all ", held,
                 " training records (seed ", config.str("seed"), "); lower it");
  };

  // Text: the dictionary (built from the training files, or read) and labels, shared by every text set.
  std::optional<TextData> trainTextData;
  if (trainText) trainTextData = loadTextData(config, trainName, comm.rank(), /*training=*/true);
  const TextData* text = trainTextData ? &*trainTextData : nullptr;
  // A Normalize step in the transforms replaces the normalize key (auto would normalise twice).
  if (!trainText) resolveTransformNormalize(config, /*training=*/true);

  if (trainFormat == ShardFormat::kIdx) {
    const std::string& images = config.str("train_images");
    const std::string& labels = config.str("train_labels");
    LabeledData<float> train, held;
    if (holdOut.none()) {
      train = loadNormalized(images, labels, config, /*resolveAuto=*/true);
      trainRecord = arrayRecordShape(train.features, "IDX file " + images);
    } else {
      // Split before normalising: normalize: auto then takes the statistics of the records trained on only.
      LabeledData<float> all = selectConfiguredClasses(loadIdxDataSet<float>(images, labels), config, labels);
      checkClassLabels(all.labels, config.integer("classes"), labels);
      trainRecord = arrayRecordShape(all.features, "IDX file " + images);
      std::tie(train, held) = splitRows(all, holdOut);
      checkSides(train.size(), held.size());
      normalizeFeatures(train.features, config, /*resolveAuto=*/true);
      normalizeFeatures(held.features, config, /*resolveAuto=*/false);
      data.validation = std::make_shared<ArrayDataSet<float>>(held);
    }
    data.train = std::make_shared<ArrayDataSet<float>>(train, static_cast<uint64_t>(config.integer("seed")));
    data.describe = "IDX " + images;
  } else if (trainHdf5) {
    const int64_t before = hdf5ValuesRead();
    trainRows = openHdf5Rows(config, "train", comm, "");
    if (comm.size() > 1) data.hdf5Ranks = describeHdf5Ranks(*trainRows, hdf5ValuesRead() - before, comm);
    trainRecord = arrayRecordShape(trainRows->local().features, "HDF5 file " + config.str("train_data"));
    if (!holdOut.none()) {
      std::tie(trainRows, heldRows) = splitHeldOut(*trainRows, holdOut, allGatherCounts(comm));
      checkSides(trainRows->size(), heldRows->size());
      data.validation = heldRows;
    }
    data.train = trainRows;
    data.describe = "HDF5 " + config.str("train_data");
  } else {
    OpenedShards opened = openShards(config, "train", trainFormat, comm, true, trainFolder, {}, "", holdOut,
                                     SplitPart::kTraining, false, text);
    trainShards = opened.set;
    trainNormalized = opened.normalized;
    testOptions.trainClasses = data.classes = opened.classes;
    if (text) data.classes = text->labels.names;  // saved with the model, so predict names the classes
    trainRecord = opened.record;
    data.train = trainShards;
    data.describe = describeShards(opened, trainFormat, trainFolder) + " in " + config.str("train_data");
    if (!holdOut.none()) {
      // The same shards, read for validation: the held-out records only, through the validation transforms.
      OpenedShards held = openShards(config, "train", trainFormat, comm, false, trainFolder,
                                     testOptions.trainClasses, "", holdOut, SplitPart::kHeldOut, false, text);
      heldShards = held.set;
      heldNormalized = held.normalized;
      heldRecord = held.record;
      data.validation = heldShards;
      if (!held.images.empty() && held.images != opened.images)
        data.describe += ", validating on its held-out records [" + held.images + "]";
    }
  }
  // Records the model cannot take stop the run here, before normalize: auto's pass over the training set.
  if (model) {
    if (checkTraining) checkModelInput(*model, trainRecord);
    // Held-out records are training records: without checkTraining, only when the validation transforms give
    // them another shape.
    if (checkTraining || heldRecord.shape != trainRecord.shape) checkModelInput(*model, heldRecord);
  }
  if (trainRows && config.str("normalize") == "auto") {
    const Tensor<float>& x = trainRows->local().features;
    setAutoNormalize(config, comm, "the training file", [&x](auto&& f) {
      const float* p = x.data();
      for (int64_t i = 0; i < x.numel(); ++i) f(static_cast<double>(p[i]));
    });
  }
  if (trainShards && config.str("normalize") == "auto") {
    const int64_t batch = std::max<int64_t>(1, config.integer("batch_size"));
    ShardDataSet<float>& set = *trainShards;
    setAutoNormalize(config, comm, "the training shards", [&set, &comm, batch](auto&& f) {
      set.reset();
      while (set.position() < set.size()) {
        const MiniBatch<float> b = set.nextBatchPart(batch, comm.rank(), comm.size());
        const float* x = b.input().data();
        for (int64_t i = 0; i < b.input().numel(); ++i) f(static_cast<double>(x[i]));
      }
    });
  }
  double mean = 0, stddev = 1;
  if ((trainShards || trainRows) && normalizeValues(config, mean, stddev)) {
    auto norm = std::make_shared<Normalize<float>>(mean, stddev);
    if (trainShards && !trainNormalized) trainShards->setTransformer(norm);
    if (heldShards && !heldNormalized) heldShards->setTransformer(norm);
    if (trainRows) trainRows->setTransformer(norm);
    if (heldRows) heldRows->setTransformer(norm);
  }
  if (!holdOut.none()) data.heldOut = "validation_split " + config.str("validation_split");
  if (validationSet) {
    TestDataOptions validationOptions = testOptions;
    validationOptions.which = "validation";
    const DescribedDataSet validation = loadTestData(config, comm, validationOptions);
    if (model) checkModelInput(*model, validation.record);
    data.validation = validation.set;
    data.describe += ", validating on " + validation.describe;
  }
  const DescribedDataSet test = loadTestData(config, comm, testOptions);
  if (model) checkModelInput(*model, test.record);
  data.test = test.set;
  data.describe += (data.validation ? ", testing on " : ", validating on ") + test.describe;
  if (!data.validation) data.validation = data.test;
  return data;
}

}  // namespace ringdl::tools
