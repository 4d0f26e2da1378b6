// Dictionary: building from counts (frequency order, deterministic ties), lookups, and the vocabulary file.
#include "ringdl/data/text/dictionary.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "ringdl/data/text/tokenizer.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

constexpr const char* kHeader = "#ringdl-vocabulary 1";

}  // namespace

void TokenCounter::add(std::string_view token, int64_t count) {
  auto it = counts_.find(std::string(token));
  if (it == counts_.end())
    counts_.emplace(std::string(token), count);
  else
    it->second += count;
  total_ += count;
}

void TokenCounter::add(const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    ++counts_[t];
    ++total_;
  }
}

void TokenCounter::merge(const TokenCounter& other) {
  for (const auto& [token, count] : other.counts_) counts_[token] += count;
  total_ += other.total_;
}

void Dictionary::add(std::string token, int64_t count) {
  index_.emplace(token, size());
  tokens_.push_back(std::move(token));
  counts_.push_back(count);
}

Dictionary Dictionary::build(const TokenCounter& counter, const DictionaryOptions& options) {
  std::vector<std::string> reserved{options.paddingToken, options.unknownToken};
  reserved.insert(reserved.end(), options.reserved.begin(), options.reserved.end());
  Dictionary d;
  for (const std::string& r : reserved) {
    RINGDL_CHECK(!r.empty(),
                 "Dictionary: a reserved token is empty (the padding, unknown and reserved tokens "
                 "must be non-empty strings)");
    RINGDL_CHECK(!d.contains(r), "Dictionary: the reserved token \"", r,
                 "\" is given twice (padding, unknown and further reserved tokens must differ)");
    d.add(r, 0);
  }
  d.reserved_ = d.size();
  RINGDL_CHECK(options.minCount >= 1, "Dictionary: min_count must be >= 1, got ", options.minCount);
  RINGDL_CHECK(options.maxSize == 0 || options.maxSize > d.reserved_, "Dictionary: a size limit of ",
               options.maxSize, " leaves no room for text tokens beside the ", d.reserved_,
               " reserved ones; give a vocabulary size above ", d.reserved_, " (or 0 for no limit)");
  std::vector<std::pair<const std::string*, int64_t>> order;
  order.reserve(counter.counts().size());
  int64_t rare = 0, rareOccurrences = 0;
  for (const auto& [token, count] : counter.counts()) {
    if (d.contains(token)) continue;
    if (count < options.minCount) {
      ++rare;
      rareOccurrences += count;
      continue;
    }
    order.emplace_back(&token, count);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : *a.first < *b.first;
  });
  RINGDL_CHECK(!order.empty(), "the dictionary would be empty: ",
               counter.total() == 0
                   ? std::string("the training text holds no tokens (empty files, or only blank lines?)")
                   : "none of the " + std::to_string(counter.distinct()) + " distinct tokens (" +
                         std::to_string(counter.total()) + " in all) occurs min_count = " +
                         std::to_string(options.minCount) + " times; lower min_count");
  size_t keep = order.size();
  if (options.maxSize > 0) keep = std::min(keep, static_cast<size_t>(options.maxSize - d.reserved_));
  for (size_t i = 0; i < keep; ++i) d.add(*order[i].first, order[i].second);
  d.dropped_ = rare + static_cast<int64_t>(order.size() - keep);
  d.droppedOccurrences_ = rareOccurrences;
  for (size_t i = keep; i < order.size(); ++i) d.droppedOccurrences_ += order[i].second;
  return d;
}

int64_t Dictionary::index(std::string_view token) const {
  // unordered_map<std::string> has no heterogeneous lookup in C++17; tokens are short, the copy is cheap.
  auto it = index_.find(std::string(token));
  return it == index_.end() ? unknownIndex() : it->second;
}

bool Dictionary::contains(std::string_view token) const { return index_.count(std::string(token)) > 0; }

const std::string& Dictionary::token(int64_t index) const {
  RINGDL_CHECK(index >= 0 && index < size(), "Dictionary: index ", index, " is outside the dictionary's ",
               size(), " tokens (indices 0..", size() - 1, ")");
  return tokens_[static_cast<size_t>(index)];
}

int64_t Dictionary::count(int64_t index) const {
  token(index);  // the range check
  return counts_[static_cast<size_t>(index)];
}

std::string escapeToken(std::string_view token) {
  std::string out;
  size_t pos = 0;
  while (pos < token.size()) {
    const size_t bad = findInvalidUtf8(token.substr(pos));
    const size_t end = bad == std::string_view::npos ? token.size() : pos + bad;
    for (; pos < end; ++pos) {
      const char c = token[pos];
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\n':
          out += "\\n";
          break;
        default:
          out += c;
      }
    }
    if (pos < token.size()) {  // one byte that does not start a valid character
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(token[pos]));
      out += hex;
      ++pos;
    }
  }
  return out;
}

std::string unescapeToken(std::string_view text, std::string& token) {
  token.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      token += text[i];
      continue;
    }
    if (i + 1 == text.size()) return "a backslash ends the token (write a backslash as \\\\)";
    const char e = text[++i];
    if (e == '\\')
      token += '\\';
    else if (e == 't')
      token += '\t';
    else if (e == 'r')
      token += '\r';
    else if (e == 'n')
      token += '\n';
    else if (e == 'x') {
      auto hexDigit = [](char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                      : -1;
      };
      const int hi = i + 1 < text.size() ? hexDigit(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hexDigit(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return "\\x must be followed by two hex digits";
      token += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      return std::string("unknown escape \\") + e + " (the escapes are \\\\, \\t, \\r, \\n and \\xHH)";
    }
  }
  return "";
}

Dictionary Dictionary::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  RINGDL_CHECK(in.is_open(), "cannot open vocabulary file ", path, ": ", std::strerror(errno),
               " (it is written beside the model as <model>.vocab by ringdl train; give its path as vocab)");
  Dictionary d;
  d.reserved_ = 2;
  std::vector<int64_t> firstLine;
  std::string line, token;
  int64_t lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = "vocabulary file " + path + ": line " + std::to_string(lineNumber) + ": ";
    if (lineNumber == 1 && line.rfind("#ringdl-vocabulary", 0) == 0) {
      RINGDL_CHECK(line.rfind(kHeader, 0) == 0, where, "unsupported header \"", line,
                   "\"; this build reads \"", kHeader, "\" files");
      const std::string rest = line.substr(std::strlen(kHeader));
      if (!rest.empty()) {
        long long n = 0;
        char extra = 0;
        RINGDL_CHECK(std::sscanf(rest.c_str(), " reserved %lld %c", &n, &extra) == 1 && n >= 2, where,
                     "after the header expected \" reserved N\" (N >= 2, the reserved tokens), got \"", rest,
                     "\"");
        d.reserved_ = n;
      }
      continue;
    }
    std::string reason;
    const size_t bad = findInvalidUtf8(line, &reason);
    RINGDL_CHECK(bad == std::string::npos, where, "byte ", bad, " of the line is not UTF-8 (", reason,
                 "); the file is UTF-8 text, with other bytes written as \\xHH");
    const size_t tab = line.find('\t');
    const std::string why = unescapeToken(std::string_view(line).substr(0, tab), token);
    RINGDL_CHECK(why.empty(), where, why, ": \"", line, "\"");
    RINGDL_CHECK(!token.empty(), where,
                 "the token is empty (a blank line? tokens are one per line, none empty; "
                 "write a space token as it is, followed by a tab and its count)");
    int64_t count = 0;
    if (tab != std::string::npos) {
      const std::string text = line.substr(tab + 1);
      char* end = nullptr;
      errno = 0;
      const long long v = std::strtoll(text.c_str(), &end, 10);
      RINGDL_CHECK(!text.empty() && *end == '\0' && errno == 0 && v >= 0 && text[0] != '+' && text[0] != ' ',
                   where, "the count \"", text, "\" after the tab is not a whole number >= 0");
      count = v;
    }
    if (auto it = d.index_.find(token); it != d.index_.end())
      RINGDL_FAIL(where, "the token \"", escapeToken(token), "\" appears twice (first on line ",
                  firstLine[static_cast<size_t>(it->second)], "); every token must have one index");
    d.add(token, count);
    firstLine.push_back(lineNumber);
  }
  RINGDL_CHECK(!in.bad(), "cannot read vocabulary file ", path, ": ", std::strerror(errno));
  RINGDL_CHECK(d.size() > d.reserved_, "vocabulary file ", path, " holds ", d.size(), " token",
               d.size() == 1 ? "" : "s", " after ", lineNumber, " line", lineNumber == 1 ? "" : "s",
               ": a dictionary needs the padding token, the unknown token",
               d.reserved_ > 2 ? " and its further reserved tokens" : "",
               " and at least one text token (an empty or truncated file?)");
  return d;
}

void Dictionary::save(const std::string& path) const {
  RINGDL_CHECK(!empty(), "Dictionary::save: the dictionary is empty (build or load one first)");
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    RINGDL_CHECK(out.is_open(), "cannot create vocabulary file ", tmp, ": ", std::strerror(errno),
                 " (does the directory exist?)");
    out << kHeader;
    if (reserved_ != 2) out << " reserved " << reserved_;
    out << '\n';
    for (int64_t i = 0; i < size(); ++i)
      out << escapeToken(tokens_[static_cast<size_t>(i)]) << '\t' << counts_[static_cast<size_t>(i)] << '\n';
    out.flush();
    RINGDL_CHECK(out.good(), "cannot write vocabulary file ", tmp, ": ", std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  RINGDL_CHECK(!ec, "cannot rename ", tmp, " to ", path, ": ", ec.message());
}

}  // namespace ringdl
