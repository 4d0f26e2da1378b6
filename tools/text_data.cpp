// Text data for the ringdl subcommands: the run's tokenizer, dictionary and labels from the config, and the
// readers and decoders of text shard sets.
#include "text_data.h"

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

#include "ringdl/data/csv_decoder.h"
#include "ringdl/data/text/language_model_reader.h"
#include "ringdl/data/text/text_corpus.h"
#include "ringdl/data/text_records.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace fs = std::filesystem;

bool isTextFormat(const std::string& name) {
  return name == "text_csv" || name == "text_tsv" || name == "text_lines" || name == "text_lm";
}

namespace {

TextLayout layoutOf(const std::string& format, const RunConfig& config) {
  if (format == "text_lines" || format == "text_lm") return TextLayout::lines();
  return TextLayout::csv(format == "text_tsv" ? '\t' : ',', parseLabelColumn(config.str("label_column")));
}

// Dictionaries built or read by this process, by vocabulary path or training spec: the training, validation
// and test sets of a run share one.
std::map<std::string, std::shared_ptr<const Dictionary>>& dictionaries() {
  static std::map<std::string, std::shared_ptr<const Dictionary>> cache;
  return cache;
}

}  // namespace

RecordReaderFactory TextData::readers() const {
  TextLineReaderOptions lines = TextLineReaderOptions().withHeaderLines(headerLines);
  if (format != "text_lm") return textRecordReaderFactory(lines);
  LanguageModelOptions o = LanguageModelOptions().withSeqLen(seqLen).withLineEnds(lineEnds);
  o.lines = lines;
  return languageModelReaderFactory(tokenizer, dictionary, o);
}

std::shared_ptr<RecordDecoder<float>> TextData::decoder() const {
  if (format == "text_lm") return std::make_shared<LanguageModelDecoder<float>>(seqLen);
  auto d = std::make_shared<TextDecoder<float>>(tokenizer, dictionary, layout, labels);
  // Fixed lengths that keep the start never need the tokens after them, however long the line.
  if (batching.padding.mode == PaddingMode::kFixed && batching.padding.truncate == TruncateSide::kEnd)
    d->setMaxTokens(batching.padding.length);
  return d;
}

std::string TextData::describe() const {
  std::ostringstream os;
  os << format << " [" << tokenizer.describe() << " tokens, " << dictionary->size() << "-token dictionary "
     << vocabSource;
  if (format == "text_lm")
    os << ", windows of " << seqLen << " steps" << (lineEnds ? " with <eos> line ends" : "");
  else if (format != "text_lines")
    os << ", "
       << (labels.names.empty() ? std::string(labelMappingName(labels.mapping)) + " labels"
                                : std::to_string(labels.names.size()) + " named classes");
  os << ", padding " << batching.padding.describe();
  if (batching.bucketWindow > 0) os << ", length buckets of " << batching.bucketWindow << " records";
  os << "]";
  return os.str();
}

TextData loadTextData(RunConfig& config, const std::string& format, int rank, bool training) {
  RINGDL_CHECK(isTextFormat(format), "not a text format: ", format);
  const std::string trainFormat = config.str("train_format");
  RINGDL_CHECK(format == "text_lines" || !isTextFormat(trainFormat) || format == trainFormat ||
                   (format != "text_lm" && trainFormat != "text_lm"),
               "the training set is ", trainFormat, " but this set is ", format,
               ": a language model and a classifier read text differently; give both sets one kind");
  TextData t;
  t.format = format;
  t.layout = layoutOf(format, config);
  t.tokenizer = Tokenizer(TokenizerOptions()
                              .withMode(parseTokenizerMode(config.str("tokenizer")))
                              .withLowerCase(config.flag("lowercase")));
  t.headerLines = config.integer("header_lines");
  t.lineEnds = config.flag("line_ends");
  t.seqLen = config.integer("seq_len") > 0 ? config.integer("seq_len") : 35;
  t.batching.padding = parseSequencePadding(config.str("padding"));
  t.batching.padding.withTruncate(parseTruncateSide(config.str("truncate")))
      .withLengthsInInput(config.flag("lengths_in_input"));
  if (training) t.batching.withBuckets(config.integer("bucket_window"), config.integer("bucket_run"));
  if (t.batching.bucketWindow > 0 && t.batching.bucketRun == 0)
    t.batching.bucketRun =
        std::max<int64_t>(1, std::min(t.batching.bucketWindow, config.integer("batch_size")));
  t.batching.validate("config fields 'bucket_window' and 'bucket_run'");

  const std::string& norm = config.str("normalize");
  RINGDL_CHECK(norm == "auto" || norm == "none", "config field 'normalize' is ", norm,
               " but text records are token indices, which are not normalised; set normalize: none");
  if (norm == "auto") config.set("normalize", "none", "text data (token indices are not normalised)");

  // The labels: names (given, or auto from the training files) or numbers.
  const std::string names = config.str("label_names");
  if (!names.empty() && names != "auto") t.labels.names = parseLabelNames(names);
  t.labels.mapping = parseLabelMapping(config.str("label_mapping"));
  t.labels.numClasses = config.integer("classes");

  const std::string vocab = config.str("vocab");
  const bool lm = trainFormat == "text_lm" || format == "text_lm";
  auto& cache = dictionaries();
  const std::string trainSpec = config.str("train_data");
  // One pass over the training files counts tokens (for a dictionary) and labels (for label_names auto).
  std::optional<TextCorpus> corpus;
  std::vector<std::string> trainFiles;
  auto scanTraining = [&]() -> const TextCorpus& {
    if (!corpus) {
      RINGDL_CHECK(!trainSpec.empty(), "train_format is ", trainFormat,
                   " but 'train_data' is empty: give the training text files (a file, a glob, a directory or "
                   "@list.txt)");
      trainFiles = listShards(trainSpec);
      TextCorpusOptions o;
      o.layout = layoutOf(trainFormat, config);
      o.lines = TextLineReaderOptions().withHeaderLines(t.headerLines);
      o.skipCorrupt = config.flag("skip_corrupt");
      corpus = scanTextCorpus(trainFiles, t.tokenizer, o);
    }
    return *corpus;
  };
  if (names == "auto") {
    RINGDL_CHECK(isTextFormat(trainFormat), "label_names is auto, but the training set is ", trainFormat,
                 ", not text: give the class names");
    const TextCorpus& c = scanTraining();
    RINGDL_CHECK(!c.labels.empty(), "label_names is auto but the training files hold no labels (",
                 trainFormat, ")");
    std::string list;
    for (const std::string& n : c.labelNames()) list += (list.empty() ? "" : ",") + n;
    config.set("label_names", list, "label_names: auto (the training files' labels, sorted)");
    t.labels.names = c.labelNames();
  }
  const auto built = cache.find("train:" + trainSpec);
  if (vocab.empty() && built != cache.end()) {
    t.dictionary = built->second;
    t.vocabSource = "built from train_data";
  } else if (!vocab.empty()) {
    auto it = cache.find(vocab);
    if (it == cache.end())
      it = cache.emplace(vocab, std::make_shared<Dictionary>(Dictionary::load(vocab))).first;
    t.dictionary = it->second;
    t.vocabSource = "read from " + vocab;
  } else {
    RINGDL_CHECK(training && isTextFormat(trainFormat), "config field 'vocab' is empty: a ", format,
                 " set needs the vocabulary the model was trained with (",
                 "<save_model>.vocab, named by the "
                 "saved model's config; give its path as vocab)");
    const TextCorpus& c = scanTraining();
    const std::vector<std::string>& files = trainFiles;
    DictionaryOptions d = DictionaryOptions()
                              .withMaxSize(config.integer("vocab_size"))
                              .withMinCount(config.integer("min_count"));
    if (lm && t.lineEnds) d.withReserved({"<eos>"});
    auto dict = std::make_shared<Dictionary>(Dictionary::build(c.tokens, d));
    // Beside the model, or in the checkpoint directory, so that evaluate, predict and resumed runs find it.
    std::string path;
    if (!config.str("save_model").empty())
      path = config.str("save_model") + ".vocab";
    else if (!config.str("checkpoint_dir").empty())
      path = (fs::path(config.str("checkpoint_dir")) / "vocab").string();
    if (!path.empty()) {
      if (rank == 0) {
        const fs::path parent = fs::path(path).parent_path();
        if (!parent.empty()) fs::create_directories(parent);
        dict->save(path);
      }
      config.set("vocab", path, "the vocabulary built from train_data");
      cache[path] = dict;
    }
    cache["train:" + trainSpec] = dict;
    t.dictionary = dict;
    std::ostringstream src;
    src << "built from " << files.size() << " training file" << (files.size() == 1 ? "" : "s") << " ("
        << c.tokens.total() << " tokens, " << c.tokens.distinct() << " distinct"
        << (dict->droppedTokens() > 0 ? ", " + std::to_string(dict->droppedTokens()) + " left out" : "")
        << ")" << (path.empty() ? "" : ", saved as " + path);
    t.vocabSource = src.str();
  }
  if (!t.labels.names.empty() && format != "text_lm" && format != "text_lines") {
    RINGDL_CHECK(
        t.labels.numClasses == 0 || static_cast<int64_t>(t.labels.names.size()) <= t.labels.numClasses,
        "label_names gives ", t.labels.names.size(), " classes but config field 'classes' is ",
        t.labels.numClasses, "; set classes: ", t.labels.names.size());
  }
  return t;
}

}  // namespace ringdl::tools
