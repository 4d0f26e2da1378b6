// InitMethod: parsing, printing and the statistics of each initialiser.
#include "ringdl/nn/init_method.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ringdl/tensor/math.h"

namespace ringdl {
namespace {

struct Moments {
  double mean, stddev, min, max;
};
Moments moments(const Tensor<double>& t) {
  const std::vector<double> v = t.toVector();
  double s = 0, ss = 0, lo = v[0], hi = v[0];
  for (double x : v) s += x, ss += x * x, lo = std::min(lo, x), hi = std::max(hi, x);
  const double m = s / v.size();
  return {m, std::sqrt(ss / v.size() - m * m), lo, hi};
}

TEST(InitMethod, Statistics) {
  Random rng(1);
  Tensor<double> w({400, 250});  // fanIn 250, fanOut 400
  InitMethod::xavier().apply(w, 250, 400, rng);
  const double xb = std::sqrt(6.0 / 650);
  Moments m = moments(w);
  EXPECT_LE(m.max, xb);
  EXPECT_GE(m.min, -xb);
  EXPECT_NEAR(m.stddev, xb / std::sqrt(3.0), 0.01 * xb);
  InitMethod::msra().apply(w, 250, 400, rng);
  EXPECT_NEAR(moments(w).stddev, std::sqrt(2.0 / 250), 0.01 * std::sqrt(2.0 / 250));
  EXPECT_NEAR(moments(w).mean, 0, 0.002);
  InitMethod::defaultUniform().apply(w, 250, 400, rng);
  m = moments(w);
  EXPECT_LE(m.max, 1 / std::sqrt(250.0));
  EXPECT_GT(m.max, 0.99 / std::sqrt(250.0));
  InitMethod::normal(3, 0.5).apply(w, 250, 400, rng);
  EXPECT_NEAR(moments(w).mean, 3, 0.01);
  EXPECT_NEAR(moments(w).stddev, 0.5, 0.01);
  InitMethod::uniform(2, 4).apply(w, 250, 400, rng);
  m = moments(w);
  EXPECT_GE(m.min, 2);
  EXPECT_LT(m.max, 4);
  InitMethod::constant(0.25).apply(w, 250, 400, rng);
  EXPECT_EQ(moments(w).min, 0.25);
  EXPECT_EQ(moments(w).max, 0.25);
}

TEST(InitMethod, ParseAndPrintRoundTrip) {
  for (const std::string s : {"default", "xavier", "msra", "constant:0.5", "uniform:-1:2", "normal:0:0.01"})
    EXPECT_EQ(InitMethod::parse(s).toString(), s);
  EXPECT_EQ(InitMethod::parse("zeros").toString(), "constant:0");
  EXPECT_THROW(InitMethod::parse("he"), Error);
  EXPECT_THROW(InitMethod::parse("uniform:1"), Error);
  EXPECT_THROW(InitMethod::parse("constant:abc"), Error);
}

}  // namespace
}  // namespace ringdl
