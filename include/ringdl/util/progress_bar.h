// ProgressBar: a one-line live bar redrawn in place with '\r', for terminals only, in the manner of tqdm and
// Keras: steps done of the total, records per second and the time left, e.g.
//   epoch 3/15 [=========>          ] 234/469 iters  41.2k rec/s  loss 0.412  ETA 0:06
// Log lines printed while it is shown first clear it, so the bar always stays the last line.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace ringdl {

class ProgressBar {
 public:
  /// Seconds on a monotonic clock (tests give a fake one).
  using Clock = std::function<double()>;

  /// enabled = false makes every call a no-op (use stdoutIsTerminal() to decide). An empty clock is the
  /// steady clock. columns > 0 cuts lines to columns - 1 characters, so that a line never wraps (a wrapped
  /// line cannot be redrawn in place); 0: no limit.
  ProgressBar(std::ostream& out, bool enabled, Clock clock = {}, int columns = 0);
  ~ProgressBar() { clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Starts a phase (an epoch) of `total` steps, `done` of them already done (a run resumed mid-epoch); a
  /// total of 0 or less is unknown (a stream): the line then shows the count and the rate, without bar or
  /// ETA. `label` leads the line ("epoch 3/15"). The smoothed rate carries over from the last phase, but its
  /// clock restarts here, so the time between phases (validation, say) does not count as training time.
  void start(const std::string& label, int64_t total, int64_t done = 0);
  /// Counts `steps` more steps of `records` records, and redraws at most every 100 ms unless `force`;
  /// `suffix` goes after the rate ("loss 0.412").
  void advance(int64_t steps, int64_t records, const std::string& suffix, bool force = false);
  /// Erases the bar (call before printing a log line).
  void clear();
  bool enabled() const { return enabled_; }

  /// The line as drawn now, without the control codes (and without the columns limit).
  std::string line() const;
  /// Records per second as smoothed: records over seconds in a window that fades with a 5 s time constant;
  /// 0 before any time has passed.
  double recordsPerSecond() const;
  /// Seconds left in the phase at the smoothed time per step; negative when unknown (no total, or no time
  /// has passed yet).
  double secondsLeft() const;

  /// "41.2k": one decimal and a k, M or G suffix.
  static std::string formatRate(double perSecond);
  /// "0:06", "12:34", "1:02:03" (seconds rounded); "-:--" for a negative or non-finite time.
  static std::string formatDuration(double seconds);
  /// True if standard output is a terminal.
  static bool stdoutIsTerminal();
  /// The width of the terminal on standard output, or 0 when it is not one or does not say.
  static int terminalColumns();

 private:
  std::ostream& out_;
  bool enabled_;
  Clock clock_;
  int columns_;
  std::string label_, suffix_;
  int64_t total_ = 0, done_ = 0;
  // Time-decayed sums over the recent steps: rate = records_ / seconds_, time per step = seconds_ / steps_.
  double records_ = 0, steps_ = 0, seconds_ = 0;
  double lastSample_ = 0;  ///< clock time of the last advance (or start)
  double lastDraw_ = 0;
  bool shown_ = false;
};

}  // namespace ringdl
