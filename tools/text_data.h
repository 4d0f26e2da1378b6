// Text data in ringdl train, evaluate, predict and data inspect: the text formats (text_csv, text_tsv,
// text_lines, text_lm), the run's tokenizer, dictionary (built from the training files or read from a
// vocabulary file) and class names, and the readers and decoders of its shard sets.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/data/text/dictionary.h"
#include "ringdl/data/text/sequence_padding.h"
#include "ringdl/data/text/text_decoder.h"
#include "ringdl/data/text/tokenizer.h"

namespace ringdl::tools {

/// text_csv ("label,text" rows), text_tsv (the same with tabs), text_lines (one document per line, no
/// label: prediction) and text_lm (a language-model stream).
bool isTextFormat(const std::string& name);

/// What the text sets of a run share.
struct TextData {
  std::string format;  ///< the set's text format
  Tokenizer tokenizer;
  std::shared_ptr<const Dictionary> dictionary;
  TextLayout layout;
  TextLabels labels;
  SequenceBatching batching;
  int64_t seqLen = 35;  ///< text_lm
  bool lineEnds = true;
  int64_t headerLines = 0;
  std::string vocabSource;  ///< "built from N training files (...)" or "read from PATH"

  RecordReaderFactory readers() const;
  std::shared_ptr<RecordDecoder<float>> decoder() const;
  /// "text_csv [text (word tokens, 20000-token dictionary, ...), padding longest]".
  std::string describe() const;
};

/// The text set of `format` as the config says. The dictionary is read from `vocab` when it is set;
/// otherwise (training only) it is built from every file of train_data (each rank reads all of them, so
/// every rank builds the same dictionary without exchanging anything; held-out records are counted too) and
/// rank `rank` 0 saves it as <save_model>.vocab, or else checkpoint_dir/vocab, and `vocab` is set to that
/// path so that the saved model's and checkpoints' configs name it. label_names auto becomes the sorted
/// labels of the training files (set in the config too). normalize auto becomes none (token indices are
/// not normalised); MEAN,STD is an Error. A dictionary is built or read once per process.
TextData loadTextData(RunConfig& config, const std::string& format, int rank, bool training);

}  // namespace ringdl::tools
