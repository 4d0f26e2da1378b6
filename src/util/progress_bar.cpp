// ProgressBar: the smoothed rate and time left, and drawing.
#include "ringdl/util/progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace ringdl {

namespace {
// The time constant of the rate's smoothing: a step's weight halves every 3.5 s, so the rate follows a real
// change (another phase of the data, a slower node) within seconds but not the jitter of single batches.
constexpr double kSmoothingSeconds = 5;
constexpr double kRedrawSeconds = 0.1;
constexpr int kBarWidth = 20;

double steadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

ProgressBar::ProgressBar(std::ostream& out, bool enabled, Clock clock, int columns)
    : out_(out),
      enabled_(enabled),
      clock_(clock ? std::move(clock) : Clock(steadySeconds)),
      columns_(columns) {}

void ProgressBar::start(const std::string& label, int64_t total, int64_t done) {
  if (!enabled_) return;
  label_ = label;
  total_ = total;
  done_ = done;
  lastSample_ = clock_();
}

void ProgressBar::advance(int64_t steps, int64_t records, const std::string& suffix, bool force) {
  if (!enabled_) return;
  const double now = clock_();
  const double dt = std::max(0.0, now - lastSample_);  // a clock that stands still adds no time
  lastSample_ = now;
  const double fade = std::exp(-dt / kSmoothingSeconds);
  records_ = records_ * fade + static_cast<double>(records);
  steps_ = steps_ * fade + static_cast<double>(steps);
  seconds_ = seconds_ * fade + dt;
  done_ += steps;
  suffix_ = suffix;
  if (!force && shown_ && now - lastDraw_ < kRedrawSeconds) return;
  lastDraw_ = now;
  std::string text = line();
  if (columns_ > 0 && static_cast<int>(text.size()) > columns_ - 1) text.resize(std::max(0, columns_ - 1));
  out_ << "\r\033[K" << text << std::flush;
  shown_ = true;
}

void ProgressBar::clear() {
  if (!enabled_ || !shown_) return;
  out_ << "\r\033[K" << std::flush;
  shown_ = false;
}

double ProgressBar::recordsPerSecond() const { return seconds_ > 0 ? records_ / seconds_ : 0; }

double ProgressBar::secondsLeft() const {
  if (total_ <= 0 || seconds_ <= 0 || steps_ <= 0) return -1;
  return static_cast<double>(std::max<int64_t>(0, total_ - done_)) * (seconds_ / steps_);
}

std::string ProgressBar::line() const {
  std::string s = label_.empty() ? "" : label_ + " ";
  if (total_ > 0) {
    const double fraction = std::clamp(static_cast<double>(done_) / static_cast<double>(total_), 0.0, 1.0);
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar(kBarWidth, ' ');
    std::fill(bar.begin(), bar.begin() + filled, '=');
    if (filled < kBarWidth) bar[filled] = '>';
    s += "[" + bar + "] " + std::to_string(done_) + "/" + std::to_string(total_);
  } else {
    s += std::to_string(done_);
  }
  s += " iters  " + (seconds_ > 0 ? formatRate(recordsPerSecond()) : std::string("--")) + " rec/s";
  if (!suffix_.empty()) s += "  " + suffix_;
  if (total_ > 0) s += "  ETA " + formatDuration(secondsLeft());
  return s;
}

std::string ProgressBar::formatRate(double perSecond) {
  const char* units[] = {"", "k", "M", "G"};
  int unit = 0;
  // Divide while the rounded figure would show 1000 or more, so 999.96 reads 1.0k, not 1000.0.
  while (perSecond >= 999.95 && unit < 3) perSecond /= 1000, ++unit;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%s", perSecond, units[unit]);
  return buf;
}

std::string ProgressBar::formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-:--";
  const long long total = std::llround(std::min(seconds, 1e12));
  const long long h = total / 3600, m = total / 60 % 60, sec = total % 60;
  char buf[40];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", h, m, sec);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", m, sec);
  }
  return buf;
}

bool ProgressBar::stdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

int ProgressBar::terminalColumns() {
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) != 0) return 0;
  return w.ws_col;
}

}  // namespace ringdl
