// ProgressBar drawing.
#include "ringdl/util/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace ringdl {

void ProgressBar::update(double fraction, const std::string& suffix, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int width = 30;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * width);
  std::string bar(width, ' ');
  for (int i = 0; i < filled; ++i) bar[i] = '=';
  if (filled < width) bar[filled] = '>';
  char pct[8];
  std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(fraction * 100));
  out_ << "\r\033[K[" << bar << "] " << pct << " " << suffix << std::flush;
  shown_ = true;
}

void ProgressBar::clear() {
  if (!enabled_ || !shown_) return;
  out_ << "\r\033[K" << std::flush;
  shown_ = false;
}

bool ProgressBar::stdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace ringdl
