// ProgressBar: redraws in place, clears before log lines, and stays silent when disabled.
#include "ringdl/util/progress_bar.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ringdl {
namespace {

TEST(ProgressBar, DrawsAndClears) {
  std::ostringstream out;
  {
    ProgressBar bar(out, true);
    bar.update(0.5, "epoch 1 loss 0.5", true);
    EXPECT_NE(out.str().find("\r\033[K[===============>              ]  50% epoch 1 loss 0.5"), std::string::npos)
        << out.str();
    bar.update(0.6, "x");  // throttled: within 100 ms of the last draw
    EXPECT_EQ(out.str().find("60%"), std::string::npos);
    bar.update(2.0, "done", true);  // clamped
    EXPECT_NE(out.str().find("100% done"), std::string::npos);
    bar.clear();
    EXPECT_EQ(out.str().substr(out.str().size() - 4), "\r\033[K");
  }
}

TEST(ProgressBar, DisabledWritesNothing) {
  std::ostringstream out;
  {
    ProgressBar bar(out, false);
    bar.update(0.5, "x", true);
    bar.clear();
  }
  EXPECT_TRUE(out.str().empty());
}

}  // namespace
}  // namespace ringdl
