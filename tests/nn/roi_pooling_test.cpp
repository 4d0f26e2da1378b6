// RoiPooling: the Table and roi errors a detector meets (a batch index that names no image, a fractional one,
// boxes of the wrong width, a Tensor for the Table), bins outside the features, and a hand-worked box
// (gradients, PyTorch values and configuration are in conformance_test.cpp).
#include "ringdl/nn/layers/pooling/roi_pooling.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

Activity<float> featuresAndRois(const Shape& features, const Shape& roisShape, std::vector<float> rois) {
  return Activity<float>::table({Activity<float>(Tensor<float>(features)),
                                 Activity<float>(Tensor<float>::fromVector(roisShape, rois))});
}

TEST(RoiPooling, HandWorkedBoxWithBinsNarrowerThanACell) {
  // One 3x4 plane, the box (1, 0)-(2, 2) at scale 1: a region of 2 columns x 3 rows, pooled to 2 x 2.
  RoiPooling<float> layer(2, 2, 1.0);
  const Tensor<float> x = Tensor<float>::fromVector({1, 1, 3, 4}, {0, 1, 2, 3,  //
                                                                   4, 9, 6, 7,  //
                                                                   8, 5, 10, 11});
  const Activity<float> in = Activity<float>::table(
      {Activity<float>(x), Activity<float>(Tensor<float>::fromVector({1, 5}, {0, 1, 0, 2, 2}))});
  // Rows: bin 0 covers floor(0) .. ceil(1.5) = rows 0-1, bin 1 rows 1-2; columns: one each.
  EXPECT_EQ(layer.forward(in).toTensor().toVector(), (std::vector<float>{9, 6, 9, 10}));
  const Activity<float>& g =
      layer.backward(in, Activity<float>(Tensor<float>::fromVector({1, 1, 2, 2}, {1, 2, 4, 8})));
  EXPECT_EQ(g.toTable()[0].toTensor().toVector(),
            (std::vector<float>{0, 0, 0, 0, 0, 5, 2, 0, 0, 0, 8, 0}));  // 9 won two bins
  EXPECT_EQ(g.toTable()[1].toTensor().toVector(), std::vector<float>(5, 0.0f)) << "the box gets no gradient";
}

TEST(RoiPooling, BinsOutsideTheFeaturesGiveZero) {
  RoiPooling<float> layer(2, 1, 1.0);
  const Tensor<float> x = Tensor<float>::fromVector({1, 1, 2, 2}, {-1, -2, -3, -4});
  const Activity<float> in = Activity<float>::table(
      {Activity<float>(x), Activity<float>(Tensor<float>::fromVector({1, 5}, {0, 1, 0, 4, 1}))});
  // Columns 1-4 of a 2-column plane: bin 0 is columns 1-2 (clipped to 1), bin 1 columns 3-4 (none).
  EXPECT_EQ(layer.forward(in).toTensor().toVector(), (std::vector<float>{-2, 0}));
}

TEST(RoiPooling, ABatchIndexThatNamesNoImageIsAnError) {
  RoiPooling<float> layer(2, 2, 0.5);
  layer.setName("pool5");
  const std::string msg = errorOf([&] {
    layer.forward(featuresAndRois({2, 3, 8, 8}, {2, 5}, {0, 1, 1, 4, 4, 2, 1, 1, 4, 4}));
  });
  EXPECT_CONTAINS(msg, "layer 'pool5' (RoiPooling)");
  EXPECT_CONTAINS(msg, "roi 1 has batch index 2");
  EXPECT_CONTAINS(msg, "0-based: 0 to 1");
  EXPECT_CONTAINS(errorOf([&] {
                    layer.forward(featuresAndRois({2, 3, 8, 8}, {1, 5}, {0.5f, 1, 1, 4, 4}));
                  }),
                  "batch index 0.5");
  EXPECT_CONTAINS(errorOf([&] {
                    layer.forward(featuresAndRois({2, 3, 8, 8}, {1, 5}, {-1, 1, 1, 4, 4}));
                  }),
                  "batch index -1");
}

TEST(RoiPooling, BadTablesAreErrorsNamingTheEntry) {
  RoiPooling<float> layer(2, 2, 0.5);
  EXPECT_CONTAINS(errorOf([&] {
                    layer.forward(featuresAndRois({2, 3, 8, 8}, {1, 4}, {0, 1, 1, 4}));
                  }),
                  "rois (entry 1) of shape [R, 5]");
  EXPECT_CONTAINS(errorOf([&] {
                    layer.forward(featuresAndRois({3, 8, 8}, {1, 5}, {0, 1, 1, 4, 4}));
                  }),
                  "features (entry 0) of shape [N, C, H, W]");
  EXPECT_CONTAINS(errorOf([&] {
                    layer.forward(Activity<float>(Tensor<float>({2, 3, 8, 8})));
                  }),
                  "RoiPooling");
}

TEST(RoiPooling, OptionsMustBePositive) {
  EXPECT_CONTAINS(errorOf([] { RoiPooling<float>(0, 2, 0.5); }), "pooledW=0");
  EXPECT_CONTAINS(errorOf([] { RoiPooling<float>(2, 2, 0.0); }), "spatialScale=0");
}

}  // namespace
}  // namespace ringdl
