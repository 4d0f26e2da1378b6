// Numbers in text files (CSV, LibSVM): parsing a field into T with correct rounding and a reason when it is
// not a number, and the shortest text that reads back to the same value.
#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace ringdl::detail {

enum class NumberStatus { kOk, kEmpty, kNotNumber, kOutOfRange, kNotFinite };

/// Parses a decimal number filling all of `text` but for spaces and tabs around it; one leading '+' is
/// allowed ("+1", as LibSVM labels are written). Values too small for T become 0 or subnormal (as strtod
/// would round them); values too large, NaN and infinities are refused.
template <typename T>
NumberStatus parseNumber(std::string_view text, T& out) {
  size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  if (b == e) return NumberStatus::kEmpty;
  if (text[b] == '+' && e - b > 1 && text[b + 1] != '-' && text[b + 1] != '+') ++b;
  const char* first = text.data() + b;
  const char* last = text.data() + e;
  const auto res = std::from_chars(first, last, out);
  if (res.ptr != last || res.ec == std::errc::invalid_argument) return NumberStatus::kNotNumber;
  if (res.ec == std::errc::result_out_of_range) {
    double wide = 0;  // tell underflow (fine: rounds towards 0) from overflow
    const auto again = std::from_chars(first, last, wide);
    if (again.ec == std::errc() && std::fabs(wide) < 1) {
      out = static_cast<T>(wide);
      return NumberStatus::kOk;
    }
    return NumberStatus::kOutOfRange;
  }
  if (!std::isfinite(out)) return NumberStatus::kNotFinite;
  return NumberStatus::kOk;
}

/// Why a field is not a number of type `type` ("float", "double"), quoting it.
inline std::string numberError(NumberStatus status, std::string_view text, const char* type) {
  std::string quoted = "\"";
  quoted.append(text.substr(0, 60));
  quoted += text.size() > 60 ? "...\"" : "\"";
  switch (status) {
    case NumberStatus::kOk:
      break;
    case NumberStatus::kEmpty:
      return "the field is empty (missing values are not supported: fill or drop them before export)";
    case NumberStatus::kNotNumber:
      return quoted + " is not a number";
    case NumberStatus::kOutOfRange:
      return quoted + " is beyond the range of " + type;
    case NumberStatus::kNotFinite:
      return quoted + " is not a finite number (NaN and infinities are refused)";
  }
  return quoted;
}

/// Appends the shortest decimal text that parses back to exactly v.
template <typename T>
void appendNumber(std::string& out, T v) {
  char text[48];
  const auto res = std::to_chars(text, text + sizeof text, v);
  out.append(text, res.ptr);
}

template <typename T>
std::string numberText(T v) {
  std::string s;
  appendNumber(s, v);
  return s;
}

}  // namespace ringdl::detail
