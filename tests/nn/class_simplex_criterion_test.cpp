// ClassSimplexCriterion: the simplex's geometry and the class count check (gradients and the values against
// a torch composition are in conformance_test.cpp).
#include "ringdl/nn/criterions/class_simplex_criterion.h"

#include <gtest/gtest.h>

#include <string>

#include "support/error_text.h"

namespace ringdl {
namespace {

TEST(ClassSimplexCriterion, VerticesHaveUnitNormAndEqualAngles) {
  for (int64_t n : {2, 3, 5, 10}) {
    const ClassSimplexCriterion<double> c(n);
    const std::vector<double>& s = c.simplex();
    for (int64_t a = 0; a < n; ++a)
      for (int64_t b = 0; b < n; ++b) {
        double dot = 0;
        for (int64_t j = 0; j < n; ++j) dot += s[a * n + j] * s[b * n + j];
        EXPECT_NEAR(dot, a == b ? 1.0 : -1.0 / static_cast<double>(n - 1), 1e-12)
            << n << " classes, " << a << ", " << b;
      }
    for (int64_t a = 0; a < n; ++a) EXPECT_EQ(s[a * n + n - 1], 0.0) << "the padding coordinate";
  }
}

TEST(ClassSimplexCriterion, InputMustHaveNClassesEntriesPerRow) {
  ClassSimplexCriterion<float> c(4);
  const std::string msg = test::errorOf([&] {
    c.forward(Tensor<float>({2, 3}), Tensor<float>::fromVector({2}, {0, 1}));
  });
  for (const char* part : {"ClassSimplexCriterion", "[2, 3]", "3 entries per row", "4 classes"})
    EXPECT_CONTAINS(msg, part);
  EXPECT_CONTAINS(test::errorOf([] { ClassSimplexCriterion<float> one(1); }), "nClasses must be at least 2");
}

}  // namespace
}  // namespace ringdl
