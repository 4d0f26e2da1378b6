// scanTextCorpus: token, label and length counts over text files.
#include "ringdl/data/text/text_corpus.h"

#include "ringdl/util/error.h"

namespace ringdl {

int64_t TextCorpus::lengthQuantile(double fraction) const {
  if (records == 0) return 0;
  int64_t seen = 0;
  for (const auto& [length, count] : lengths) {
    seen += count;
    if (static_cast<double>(seen) >= fraction * static_cast<double>(records)) return length;
  }
  return lengths.rbegin()->first;
}

std::vector<std::string> TextCorpus::labelNames() const {
  std::vector<std::string> names;
  for (const auto& entry : labels) names.push_back(entry.first);
  return names;
}

TextCorpus scanTextCorpus(const std::vector<std::string>& files, const Tokenizer& tokenizer,
                          const TextCorpusOptions& options) {
  TextCorpus corpus;
  std::vector<std::string_view> fields;
  std::string scratch;
  auto skip = [&](const std::string& message) {
    if (!options.skipCorrupt) RINGDL_FAIL(message);
    if (corpus.corrupt++ == 0) corpus.firstCorrupt = message;
  };
  for (const std::string& file : files) {
    TextLineReader reader(file, options.lines);
    RecordView line;
    while (true) {
      try {
        if (!reader.nextView(line)) break;
      } catch (const Error& e) {
        skip(e.message());
        if (!reader.recover()) break;
        continue;
      }
      std::string_view text, label;
      const std::string why = splitTextLine(line.value, options.layout, text, label, fields, scratch);
      if (!why.empty()) {
        skip(linePlace(line, file) + why + ": " + quoteText(line.value));
        continue;
      }
      // Count into a line's own counter first, so a line that turns out invalid half-way adds nothing.
      int64_t n = 0;
      TokenCounter lineTokens;
      try {
        tokenizer.forEachToken(text, [&](std::string_view token) {
          lineTokens.add(token);
          ++n;
          return true;
        });
      } catch (const Error& e) {
        skip(linePlace(line, file) + e.message());
        continue;
      }
      corpus.tokens.merge(lineTokens);
      ++corpus.lengths[n];
      ++corpus.records;
      if (options.layout.labeled()) ++corpus.labels[std::string(label)];
    }
  }
  return corpus;
}

}  // namespace ringdl
