// SinusoidalPositionEncoding: the signal's layouts at known points (BigDL's sine and cosine halves, the
// paper's interleaving), odd sizes refused (values against PyTorch are in conformance_test.cpp).
#include "ringdl/nn/layers/embedding/sinusoidal_position_encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ringdl/nn.h"

namespace ringdl {

TEST(SinusoidalPositionEncoding, BigDLsLayoutHasSinesThenCosines) {
  const Tensor<double> s = SinusoidalPositionEncoding<double>::signal(3, 4, {});
  EXPECT_EQ(s.select(0, 0).contiguous().toVector(), (std::vector<double>{0, 0, 1, 1}));
  // H = 4: two timescales, 1 and 10000.
  EXPECT_DOUBLE_EQ(s.at({2, 0}), std::sin(2.0));
  EXPECT_NEAR(s.at({2, 1}), std::sin(2.0 / 1e4), 1e-18);  // exp(-log(1e4)) is 1e-4 to rounding
  EXPECT_DOUBLE_EQ(s.at({2, 2}), std::cos(2.0));
  EXPECT_NEAR(s.at({2, 3}), std::cos(2.0 / 1e4), 1e-15);
}

TEST(SinusoidalPositionEncoding, InterleavedIsThePapersLayout) {
  SinusoidalPositionEncodingOptions o;
  o.interleaved = true;
  const Tensor<double> s = SinusoidalPositionEncoding<double>::signal(2, 4, o);
  EXPECT_DOUBLE_EQ(s.at({1, 0}), std::sin(1.0));
  EXPECT_DOUBLE_EQ(s.at({1, 1}), std::cos(1.0));
  EXPECT_NEAR(s.at({1, 2}), std::sin(1.0 / 100), 1e-15);  // 10000^(2/4)
  EXPECT_NEAR(s.at({1, 3}), std::cos(1.0 / 100), 1e-15);
}

TEST(SinusoidalPositionEncoding, AddsToEverySampleAndRefusesAnOddSize) {
  SinusoidalPositionEncoding<float> pe;
  const Tensor<float> x = Tensor<float>::full({2, 3, 4}, 1.0f);
  const Tensor<float>& y = pe.forward(x).toTensor();
  EXPECT_EQ(y.at({1, 0, 2}), 2.0f);  // cos(0) + 1
  EXPECT_EQ(y.at({0, 2, 0}), y.at({1, 2, 0}));
  try {
    pe.forward(Tensor<float>({2, 3, 5}));
    ADD_FAILURE() << "H = 5";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "(SinusoidalPositionEncoding): expected input of shape [N, T, H] or [T, H] "
                  "with H even"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace ringdl
