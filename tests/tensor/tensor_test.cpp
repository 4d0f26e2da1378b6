// Tensor: construction, views without copies, strided copies, reshape rules, errors.
#include "ringdl/tensor/tensor.h"

#include <gtest/gtest.h>

#include <numeric>

#include "ringdl/util/error.h"

namespace ringdl {
namespace {

Tensor<float> iota(const Shape& shape) {
  std::vector<float> v(numelOf(shape));
  std::iota(v.begin(), v.end(), 0.0f);
  return Tensor<float>::fromVector(shape, v);
}

TEST(Tensor, ConstructionIsZeroFilledRowMajor) {
  Tensor<double> t({2, 3, 4});
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.strides(), (Shape{12, 4, 1}));
  EXPECT_TRUE(t.isContiguous());
  for (double v : t.toVector()) EXPECT_EQ(v, 0.0);
  EXPECT_TRUE(Tensor<float>().empty());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data()) % 64, 0u) << "storage is 64-byte aligned";
}

TEST(Tensor, NarrowSelectTransposeShareStorage) {
  Tensor<float> t = iota({3, 4});
  Tensor<float> n = t.narrow(1, 1, 2);
  EXPECT_TRUE(n.sharesStorageWith(t));
  EXPECT_EQ(n.shape(), (Shape{3, 2}));
  EXPECT_FALSE(n.isContiguous());
  EXPECT_EQ(n.toVector(), (std::vector<float>{1, 2, 5, 6, 9, 10}));
  Tensor<float> s = t.select(0, 2);
  EXPECT_EQ(s.toVector(), (std::vector<float>{8, 9, 10, 11}));
  Tensor<float> tr = t.transpose(0, 1);
  EXPECT_EQ(tr.shape(), (Shape{4, 3}));
  EXPECT_EQ(tr.at({3, 1}), 7.0f);
  tr.at({3, 1}) = 100;  // writes through the view
  EXPECT_EQ(t.at({1, 3}), 100.0f);
  EXPECT_EQ(t.select(1, 0).toVector(), (std::vector<float>{0, 4, 8}));
}

TEST(Tensor, ViewReshapeUnsqueeze) {
  Tensor<float> t = iota({2, 6});
  Tensor<float> v = t.view({3, -1});
  EXPECT_EQ(v.shape(), (Shape{3, 4}));
  EXPECT_EQ(v.data(), t.data());
  EXPECT_THROW(t.transpose(0, 1).view({12}), Error);  // not contiguous
  Tensor<float> r = t.transpose(0, 1).reshape({12});     // copies instead
  EXPECT_FALSE(r.sharesStorageWith(t));
  EXPECT_EQ(r.toVector()[1], 6.0f);
  EXPECT_EQ(t.unsqueeze(0).shape(), (Shape{1, 2, 6}));
  EXPECT_EQ(t.unsqueeze(2).shape(), (Shape{2, 6, 1}));
  EXPECT_EQ(t.unsqueeze(1).view({12}).toVector(), t.toVector());
  EXPECT_THROW(t.view({5, -1}), Error);
  EXPECT_THROW(t.view({-1, -1}), Error);
}

TEST(Tensor, StridedCopyAndClone) {
  Tensor<float> src = iota({4, 5});
  Tensor<float> dst({5, 4});
  dst.copyFrom(src.transpose(0, 1));
  EXPECT_EQ(dst.at({2, 3}), src.at({3, 2}));
  Tensor<float> block = dst.narrow(0, 1, 2).narrow(1, 1, 2);
  block.copyFrom(Tensor<float>::full({2, 2}, -1));
  EXPECT_EQ(dst.at({1, 1}), -1.0f);
  EXPECT_EQ(dst.at({2, 2}), -1.0f);
  EXPECT_EQ(dst.at({0, 0}), 0.0f);
  Tensor<float> c = src.clone();
  c.fill(3);
  EXPECT_EQ(src.at({0, 1}), 1.0f);
  EXPECT_THROW(dst.copyFrom(Tensor<float>({3})), Error);
  dst.narrow(1, 0, 1).fill(7);  // fill through a strided view
  EXPECT_EQ(dst.select(1, 0).toVector(), (std::vector<float>(5, 7)));
}

TEST(Tensor, ResizeReusesStorageAndConvertsTypes) {
  Tensor<float> t({10});
  const float* p = t.data();
  t.resize({2, 5});
  EXPECT_EQ(t.data(), p);
  t.resize({3, 5});
  EXPECT_EQ(t.numel(), 15);
  Tensor<double> d = iota({2, 2}).to<double>();
  EXPECT_EQ(d.toVector(), (std::vector<double>{0, 1, 2, 3}));
}

TEST(Tensor, ErrorsNameTheShape) {
  Tensor<float> t({2, 3});
  try {
    t.narrow(1, 2, 2);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[2, 3]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(t.select(2, 0), Error);
  EXPECT_THROW(t.at({0, 3}), Error);
  EXPECT_THROW(t.at({0}), Error);
  EXPECT_THROW(Tensor<float>({-1}), Error);
  EXPECT_THROW(t.item(), Error);
  EXPECT_THROW(Tensor<float>::fromVector({2}, {1, 2, 3}), Error);
}

}  // namespace
}  // namespace ringdl
