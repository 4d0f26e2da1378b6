// ProgressBar: a one-line live bar redrawn in place with '\r', for terminals only; log lines printed while it
// is shown first clear it, so the bar always stays the last line.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

namespace ringdl {

class ProgressBar {
 public:
  /// enabled = false makes every call a no-op (use isTerminal() to decide).
  ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}
  ~ProgressBar() { clear(); }

  /// Redraws "[=====>    ]  45% suffix", at most every 100 ms unless force is set.
  void update(double fraction, const std::string& suffix, bool force = false);
  /// Erases the bar (call before printing a log line).
  void clear();
  bool enabled() const { return enabled_; }

  /// True if standard output is a terminal.
  static bool stdoutIsTerminal();

 private:
  std::ostream& out_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace ringdl
