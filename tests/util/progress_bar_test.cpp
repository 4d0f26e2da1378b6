// ProgressBar: the line's layout (bar, steps, rate, ETA), the smoothed rate on a fake clock, streams of
// unknown length, redrawing in place, clearing before log lines, and silence when disabled.
#include "ringdl/util/progress_bar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace ringdl {
namespace {

// A clock the test moves by hand.
struct FakeClock {
  double now = 1000;
  ProgressBar::Clock clock() {
    return [this] { return now; };
  }
};

TEST(ProgressBar, LineShowsBarStepsRateLossAndEta) {
  std::ostringstream out;
  FakeClock t;
  ProgressBar bar(out, true, t.clock());
  bar.start("epoch 3/15", 469, 233);
  t.now += 0.0031;  // one step of 128 records in 3.1 ms: 41.3k records/s
  bar.advance(1, 128, "loss 0.412", true);
  // 234/469 fills 9 of 20 cells; 235 steps left at 3.1 ms each: 0.73 s.
  EXPECT_EQ(bar.line(), "epoch 3/15 [=========>          ] 234/469 iters  41.3k rec/s  loss 0.412  ETA 0:01");
  EXPECT_NE(out.str().find("\r\033[Kepoch 3/15 [=========>"), std::string::npos) << out.str();
  EXPECT_NEAR(bar.recordsPerSecond(), 128 / 0.0031, 1e-3);
  EXPECT_NEAR(bar.secondsLeft(), 235 * 0.0031, 1e-9);
}

TEST(ProgressBar, RateIsSmoothedOverRecentSteps) {
  std::ostringstream out;
  FakeClock t;
  ProgressBar bar(out, true, t.clock());
  bar.start("epoch 1", 1000);
  for (int i = 0; i < 100; ++i) {  // 10 s at 100 records per second
    t.now += 0.1;
    bar.advance(1, 10, "");
  }
  EXPECT_NEAR(bar.recordsPerSecond(), 100, 1e-6);
  EXPECT_NEAR(bar.secondsLeft(), 900 * 0.1, 1e-6);
  // One slow step (1 s) moves the smoothed rate only part of the way down to its 10 records/s...
  t.now += 1;
  bar.advance(1, 10, "");
  EXPECT_GT(bar.recordsPerSecond(), 40);
  EXPECT_LT(bar.recordsPerSecond(), 100);
  // ...and a lasting change wins within a few time constants (here 30 s at 400 records per second).
  for (int i = 0; i < 300; ++i) {
    t.now += 0.1;
    bar.advance(1, 40, "");
  }
  EXPECT_NEAR(bar.recordsPerSecond(), 400, 4);
  EXPECT_NEAR(bar.secondsLeft(), (1000 - 401) * 0.1, 1);
}

TEST(ProgressBar, NoTimeYetNeverDividesByZero) {
  std::ostringstream out;
  FakeClock t;
  ProgressBar bar(out, true, t.clock());
  bar.start("epoch 1/2", 10);
  bar.advance(1, 64, "loss 2.3", true);  // the clock has not moved
  EXPECT_EQ(bar.recordsPerSecond(), 0);
  EXPECT_LT(bar.secondsLeft(), 0);
  EXPECT_EQ(bar.line(), "epoch 1/2 [==>                 ] 1/10 iters  -- rec/s  loss 2.3  ETA -:--");
  t.now -= 5;  // a clock that goes back adds no time either
  bar.advance(1, 64, "", true);
  EXPECT_EQ(bar.recordsPerSecond(), 0);
}

TEST(ProgressBar, UnknownTotalShowsCountAndRateOnly) {
  std::ostringstream out;
  FakeClock t;
  ProgressBar bar(out, true, t.clock());
  bar.start("epoch 2", 0);
  t.now += 2;
  bar.advance(5, 1000, "loss 0.5", true);
  EXPECT_EQ(bar.line(), "epoch 2 5 iters  500.0 rec/s  loss 0.5");
  EXPECT_LT(bar.secondsLeft(), 0);
}

TEST(ProgressBar, StartKeepsTheRateButNotTheTimeBetweenPhases) {
  std::ostringstream out;
  FakeClock t;
  ProgressBar bar(out, true, t.clock());
  bar.start("epoch 1", 2);
  t.now += 1;
  bar.advance(2, 100, "");
  t.now += 60;  // validation
  bar.start("epoch 2", 2);
  EXPECT_EQ(bar.line(), "epoch 2 [>                   ] 0/2 iters  100.0 rec/s  ETA 0:01");
  t.now += 1;
  bar.advance(1, 50, "");
  // (100 e^-0.2 + 50) / (1 e^-0.2 + 1) records per second: the 60 s gap would have made it 2.4.
  EXPECT_NEAR(bar.recordsPerSecond(), (100 * std::exp(-0.2) + 50) / (std::exp(-0.2) + 1), 1e-9);
}

TEST(ProgressBar, RedrawsInPlaceAtMostEvery100msAndClears) {
  std::ostringstream out;
  FakeClock t;
  {
    ProgressBar bar(out, true, t.clock());
    bar.start("epoch 1", 10);
    t.now += 1;
    bar.advance(5, 10, "a");
    EXPECT_NE(out.str().find("\r\033[Kepoch 1 [==========>         ] 5/10"), std::string::npos) << out.str();
    t.now += 0.05;
    bar.advance(1, 10, "b");  // throttled: within 100 ms of the last draw
    EXPECT_EQ(out.str().find("6/10"), std::string::npos);
    bar.advance(1, 10, "c", true);  // forced
    EXPECT_NE(out.str().find("7/10"), std::string::npos);
    t.now += 0.2;
    bar.advance(5, 10, "d");  // past the end: the bar is full, no time left
    EXPECT_NE(out.str().find("[====================] 12/10 iters"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("ETA 0:00"), std::string::npos);
    bar.clear();
    EXPECT_EQ(out.str().substr(out.str().size() - 4), "\r\033[K");
    const size_t size = out.str().size();
    bar.clear();  // nothing shown: nothing to erase
    EXPECT_EQ(out.str().size(), size);
  }
}

TEST(ProgressBar, CutsLinesToTheTerminalWidth) {
  std::ostringstream out;
  FakeClock t;
  ProgressBar bar(out, true, t.clock(), 21);
  bar.start("epoch 1/10", 100);
  t.now += 1;
  bar.advance(1, 10, "loss 1", true);
  // 20 characters: the cursor stays on the line, which never wraps.
  EXPECT_EQ(out.str(), "\r\033[K" + bar.line().substr(0, 20));
  EXPECT_GT(bar.line().size(), 20u);
}

TEST(ProgressBar, DisabledWritesNothing) {
  std::ostringstream out;
  FakeClock t;
  {
    ProgressBar bar(out, false, t.clock());
    bar.start("epoch 1", 10);
    t.now += 1;
    bar.advance(1, 10, "x", true);
    bar.clear();
  }
  EXPECT_TRUE(out.str().empty());
}

TEST(ProgressBar, FormatsRatesAndDurations) {
  EXPECT_EQ(ProgressBar::formatRate(0), "0.0");
  EXPECT_EQ(ProgressBar::formatRate(950.04), "950.0");
  EXPECT_EQ(ProgressBar::formatRate(999.96), "1.0k");
  EXPECT_EQ(ProgressBar::formatRate(41234), "41.2k");
  EXPECT_EQ(ProgressBar::formatRate(2.5e6), "2.5M");
  EXPECT_EQ(ProgressBar::formatRate(7e12), "7000.0G");
  EXPECT_EQ(ProgressBar::formatDuration(0), "0:00");
  EXPECT_EQ(ProgressBar::formatDuration(6.4), "0:06");
  EXPECT_EQ(ProgressBar::formatDuration(754), "12:34");
  EXPECT_EQ(ProgressBar::formatDuration(3723), "1:02:03");
  EXPECT_EQ(ProgressBar::formatDuration(-1), "-:--");
  EXPECT_EQ(ProgressBar::formatDuration(std::numeric_limits<double>::quiet_NaN()), "-:--");
  EXPECT_EQ(ProgressBar::formatDuration(std::numeric_limits<double>::infinity()), "-:--");
}

}  // namespace
}  // namespace ringdl
