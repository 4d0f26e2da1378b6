// ringdl::Error and the RINGDL_CHECK macro: user-facing failures carry a message and the file:line that
// raised them.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace ringdl {

/// The one exception type the library throws for bad input, bad configuration or bad state.
/// what() reads "message (at file:line)"; message() is the message alone, for one-line CLI output.
class Error : public std::runtime_error {
 public:
  Error(const std::string& message, const char* file, int line)
      : std::runtime_error(message + " (at " + file + ":" + std::to_string(line) + ")"), message_(message) {}
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

namespace detail {
inline void appendAll(std::ostringstream&) {}
template <typename First, typename... Rest>
void appendAll(std::ostringstream& os, const First& first, const Rest&... rest) {
  os << first;
  appendAll(os, rest...);
}
template <typename... Args>
std::string concat(const Args&... args) {
  std::ostringstream os;
  appendAll(os, args...);
  return os.str();
}
inline const char* baseName(const char* path) {
  const char* base = path;
  for (const char* p = path; *p; ++p)
    if (*p == '/') base = p + 1;
  return base;
}
}  // namespace detail
}  // namespace ringdl

/// Throws ringdl::Error with the concatenated message if cond is false. Never aborts.
#define RINGDL_CHECK(cond, ...)                                                                          \
  do {                                                                                                   \
    if (!(cond))                                                                                         \
      throw ::ringdl::Error(::ringdl::detail::concat(__VA_ARGS__), ::ringdl::detail::baseName(__FILE__), \
                            __LINE__);                                                                   \
  } while (0)

/// Unconditional failure with the same formatting.
#define RINGDL_FAIL(...) \
  throw ::ringdl::Error(::ringdl::detail::concat(__VA_ARGS__), ::ringdl::detail::baseName(__FILE__), __LINE__)
