// TextDecoder<T>: splitting "label,text" rows, label names and numbers, tokens to dictionary indices.
#include "ringdl/data/text/text_decoder.h"

#include <charconv>
#include <sstream>

#include "ringdl/data/csv_decoder.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string> parseLabelNames(const std::string& text) {
  std::vector<std::string> names;
  std::unordered_map<std::string, size_t> seen;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string name(trimSpaces(std::string_view(text).substr(start, comma - start)));
    RINGDL_CHECK(!name.empty(), "label names '", text, "': name ", names.size() + 1,
                 " is empty (give the class names separated by commas, e.g. neg,pos)");
    auto [it, fresh] = seen.emplace(name, names.size());
    RINGDL_CHECK(fresh, "label names '", text, "': '", name, "' is given twice (names ", it->second + 1,
                 " and ", names.size() + 1, ")");
    names.push_back(name);
    start = comma + 1;
  }
  return names;
}

std::string splitTextLine(std::string_view line, const TextLayout& layout, std::string_view& text,
                          std::string_view& label, std::vector<std::string_view>& fields,
                          std::string& scratch) {
  if (!layout.labeled()) {
    text = line;
    label = {};
    return "";
  }
  const std::string why = splitCsvLine(line, layout.delimiter, fields, scratch);
  if (!why.empty()) return why;
  const char* name = layout.delimiter == '\t' ? "tab" : "comma";
  if (fields.size() != 2)
    return "the row has " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
           ", expected 2 (" + (layout.labelColumn == 0 ? "label, text" : "text, label") + ")" +
           (fields.size() > 2 ? std::string(": a text holding a ") + name +
                                    " must be quoted (\"...\", a quote written \"\")"
                              : std::string(": is the ") + name + " missing?");
  label = trimSpaces(fields[layout.labelColumn == 0 ? 0 : 1]);
  text = fields[layout.labelColumn == 0 ? 1 : 0];
  if (label.empty())
    return std::string("the label (field ") + (layout.labelColumn == 0 ? "1" : "2") + ") is empty";
  return "";
}

template <typename T>
TextDecoder<T>::TextDecoder(Tokenizer tokenizer, std::shared_ptr<const Dictionary> dictionary,
                            TextLayout layout, TextLabels labels)
    : tokenizer_(std::move(tokenizer)),
      dictionary_(std::move(dictionary)),
      layout_(layout),
      labels_(std::move(labels)) {
  RINGDL_CHECK(dictionary_ && !dictionary_->empty(), "TextDecoder needs a dictionary (build or load one)");
  RINGDL_CHECK(layout_.labelColumn == 0 || layout_.labelColumn == 1 || layout_.labelColumn == -1,
               "TextDecoder: the label column must be first (0) or last (1 or -1) of the two fields, got ",
               layout_.labelColumn);
  if (layout_.labelColumn == -1) layout_.labelColumn = 1;
  for (size_t i = 0; i < labels_.names.size(); ++i)
    labelIndex_.emplace(labels_.names[i], static_cast<int64_t>(i));
}

template <typename T>
void TextDecoder<T>::decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) {
  std::string_view text, label;
  const std::string why = splitTextLine(record.value, layout_, text, label, fields_, scratch_);
  RINGDL_CHECK(why.empty(), linePlace(record, file), why, ": ", quoteText(record.value));
  out.label = 0;
  if (layout_.labeled()) {
    if (!labels_.names.empty()) {
      auto it = labelIndex_.find(std::string(label));
      if (it == labelIndex_.end()) {
        std::ostringstream known;
        for (size_t i = 0; i < labels_.names.size() && i < 20; ++i)
          known << (i ? ", " : "") << labels_.names[i];
        if (labels_.names.size() > 20) known << ", ... (" << labels_.names.size() << " in all)";
        RINGDL_FAIL(linePlace(record, file), "unknown label ", quoteText(label), "; the labels are ",
                    known.str(), " (add it to the label names, or fix the row)");
      }
      out.label = static_cast<T>(it->second);
    } else {
      double written = 0;
      const auto res = std::from_chars(label.data(), label.data() + label.size(), written);
      RINGDL_CHECK(res.ec == std::errc() && res.ptr == label.data() + label.size(), linePlace(record, file),
                   "the label ", quoteText(label),
                   " is not a number; give the class names (labels: name1,name2,...) to read named labels");
      double mapped = 0;
      const std::string bad = mapLabel(written, labels_.mapping, labels_.numClasses, mapped);
      RINGDL_CHECK(bad.empty(), linePlace(record, file), bad);
      out.label = static_cast<T>(mapped);
    }
  }
  out.features.clear();
  try {
    tokenizer_.forEachToken(text, [&](std::string_view token) {
      out.features.push_back(static_cast<T>(dictionary_->index(token)));
      return maxTokens_ == 0 || static_cast<int64_t>(out.features.size()) < maxTokens_;
    });
  } catch (const Error& e) {
    // The tokenizer counts bytes of the text; for a CSV row that is the unquoted field.
    RINGDL_FAIL(linePlace(record, file), layout_.labeled() ? "the text field: " : "", e.message());
  }
  out.shape = {static_cast<int64_t>(out.features.size())};
}

template <typename T>
std::string TextDecoder<T>::describe() const {
  std::ostringstream os;
  os << "text (" << tokenizer_.describe() << " tokens, " << dictionary_->size() << "-token dictionary";
  if (layout_.labeled())
    os << ", " << (layout_.delimiter == '\t' ? "TSV" : "CSV") << " rows "
       << (layout_.labelColumn == 0 ? "label,text" : "text,label") << ", "
       << (labels_.names.empty() ? std::string(labelMappingName(labels_.mapping)) + " labels"
                                 : std::to_string(labels_.names.size()) + " named classes");
  else
    os << ", one document per line";
  if (maxTokens_ > 0) os << ", first " << maxTokens_ << " tokens";
  os << ")";
  return os.str();
}

template class TextDecoder<float>;
template class TextDecoder<double>;

}  // namespace ringdl
