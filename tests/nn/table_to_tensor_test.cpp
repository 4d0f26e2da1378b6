// TableToTensor, the base of the table layers that give one Tensor: the wording of its Table checks for every
// layer on it, one-entry Tables, strided entries, gradients shared rather than copied, and that no backward
// writes into a gradient it handed out (values, gradients, configuration and a bad input per configuration
// are in conformance_test.cpp).
#include "ringdl/nn/layers/table/table_to_tensor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ringdl/nn.h"
#include "support/activities.h"
#include "support/error_text.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

using test::errorOf;

Activity<double> tableOf(std::vector<Activity<double>> items) {
  return Activity<double>::table(std::move(items));
}

Tensor<double> random(const Shape& shape, uint64_t seed) { return test::randomTensor(shape, seed); }

/// The error of a new layer of `type` on x.
std::string forwardError(const std::string& type, const Activity<double>& x) {
  return errorOf([&] { createModule<double>(type, {})->forward(x); });
}

/// Every layer on TableToTensor, with a good Table for it.
struct Case {
  std::string type;
  Activity<double> good;
};

std::vector<Case> cases() {
  const Tensor<double> a = random({3, 4}, 1), b = random({3, 4}, 2);
  std::vector<Case> out;
  for (const char* type : {"CAddTable", "CAveTable", "CDivTable", "CMaxTable", "CMinTable", "CMulTable",
                           "CSubTable", "CosineDistance", "DotProduct", "PairwiseDistance"})
    out.push_back({type, tableOf({a, b})});
  out.push_back({"MM", tableOf({a, random({4, 2}, 3)})});
  out.push_back({"MV", tableOf({a, random({4}, 3)})});
  return out;
}

TEST(TableToTensor, EveryTableLayerIsOnTheBase) {
  for (const Case& c : cases()) {
    ModulePtr<double> m = createModule<double>(c.type, {});
    EXPECT_NE(dynamic_cast<TableToTensor<double>*>(m.get()), nullptr) << c.type;
    EXPECT_NO_THROW(m->forward(c.good)) << c.type;
  }
}

TEST(TableToTensor, ATensorIsAnErrorSayingWhatTheLayerTakes) {
  for (const Case& c : cases()) {
    ModulePtr<double> m = createModule<double>(c.type, {});
    m->setName("t");
    const std::string e = errorOf([&] { m->forward(random({3, 4}, 4)); });
    EXPECT_CONTAINS(e, "layer 't' (" + c.type + "): takes a Table of ");
    EXPECT_CONTAINS(e, "got a Tensor of shape [3, 4]");
  }
  const Tensor<double> x = random({2}, 5);
  EXPECT_CONTAINS(forwardError("CAddTable", x), "takes a Table of one or more Tensors, got a Tensor");
  EXPECT_CONTAINS(forwardError("CSubTable", x), "takes a Table of 2 Tensors, got a Tensor");
  EXPECT_CONTAINS(forwardError("DotProduct", x), "takes a Table of 2 Tensors {a, b}, got a Tensor");
  EXPECT_CONTAINS(forwardError("MM", x), "takes a Table of 2 Tensors {A, B}, got a Tensor");
  EXPECT_CONTAINS(forwardError("MV", x), "takes a Table of 2 Tensors {M, v}, got a Tensor");
}

TEST(TableToTensor, TheWrongNumberOfEntriesIsAnErrorWithTheCount) {
  const Tensor<double> a = random({3}, 1);
  EXPECT_CONTAINS(forwardError("CAddTable", tableOf({})),
                  "CAddTable): takes a Table of one or more Tensors, got an empty Table");
  EXPECT_CONTAINS(forwardError("CSubTable", tableOf({a, a, a})),
                  "CSubTable): takes a Table of 2 Tensors, got a Table of 3 entries");
  EXPECT_CONTAINS(forwardError("CDivTable", tableOf({a})),
                  "CDivTable): takes a Table of 2 Tensors, got a Table of 1 entry");
  EXPECT_CONTAINS(forwardError("MM", tableOf({})),
                  "MM): takes a Table of 2 Tensors {A, B}, got an empty Table");
}

TEST(TableToTensor, ANestedEntryIsAnErrorNamingTheEntry) {
  const Tensor<double> a = random({3}, 1);
  EXPECT_CONTAINS(forwardError("CMulTable", tableOf({a, a, tableOf({a, a})})),
                  "CMulTable): takes a Table of one or more Tensors, but entry 2 is a Table of 2 entries");
  EXPECT_CONTAINS(forwardError("MV", tableOf({tableOf({a}), a})),
                  "MV): takes a Table of 2 Tensors {M, v}, but entry 0 (M) is a Table of 1 entry");
}

TEST(TableToTensor, EntriesOfAnotherShapeAreAnErrorSayingThereIsNoBroadcasting) {
  const Tensor<double> a = random({3, 4}, 1), row = random({1, 4}, 2);
  EXPECT_CONTAINS(
      forwardError("CAddTable", tableOf({a, a, row})),
      "CAddTable): entry 2 has shape [1, 4] but entry 0 has [3, 4]; CAddTable takes Tensors of one "
      "shape (no broadcasting)");
  EXPECT_CONTAINS(forwardError("DotProduct", tableOf({a, row})),
                  "DotProduct): entry 1 (b) has shape [1, 4] but entry 0 (a) has [3, 4]");
}

TEST(TableToTensor, AGradOutputOfAnotherShapeIsAnError) {
  const Activity<double> x = tableOf({random({3, 4}, 1), random({3, 4}, 2)});
  const auto backwardError = [&](const std::string& type, const Activity<double>& gradOutput) {
    ModulePtr<double> m = createModule<double>(type, {});
    m->forward(x);
    return errorOf([&] { m->backward(x, gradOutput); });
  };
  EXPECT_CONTAINS(backwardError("CSubTable", random({4, 3}, 3)),
                  "CSubTable): gradOutput must be a Tensor of the output's shape [3, 4], got shape [4, 3]");
  EXPECT_CONTAINS(
      backwardError("DotProduct", tableOf({random({3}, 3)})),
      "DotProduct): gradOutput must be a Tensor of the output's shape [3], got a Table of 1 entry");
}

TEST(TableToTensor, OneEntryIsItsOwnSumMeanProductMaximumAndMinimum) {
  const Tensor<double> a = random({2, 3}, 1), g = random({2, 3}, 2);
  for (const char* type : {"CAddTable", "CAveTable", "CMulTable", "CMaxTable", "CMinTable"}) {
    SCOPED_TRACE(type);
    ModulePtr<double> m = createModule<double>(type, {});
    const Activity<double> x = tableOf({a});
    EXPECT_TRUE(test::identical(m->forward(x), Activity<double>(a)));
    EXPECT_TRUE(test::identical(m->backward(x, g), tableOf({g})));
    test::expectGradientsMatch(*m, x);
  }
}

TEST(TableToTensor, StridedEntriesGiveWhatTheirContiguousCopiesGive) {
  const Tensor<double> a = random({4, 3}, 1).transpose(0, 1), b = random({3, 4}, 2), g = random({3, 4}, 3);
  ASSERT_FALSE(a.isContiguous());
  for (const char* type : {"CSubTable", "CMulTable", "CDivTable", "CMaxTable"}) {
    SCOPED_TRACE(type);
    ModulePtr<double> strided = createModule<double>(type, {}), copied = createModule<double>(type, {});
    const Activity<double> x = tableOf({a, b}), xc = tableOf({a.contiguous(), b});
    EXPECT_TRUE(test::identical(strided->forward(x), copied->forward(xc)));
    EXPECT_TRUE(test::identical(strided->backward(x, g), copied->backward(xc, g)));
  }
}

TEST(TableToTensor, GradientsEqualToGradOutputAreSharedNotCopied) {
  const Tensor<double> a = random({2, 3}, 1), b = random({2, 3}, 2), g = random({2, 3}, 3);
  CAddTable<double> add;
  const Activity<double> x = tableOf({a, b, a});
  add.forward(x);
  for (const Activity<double>& entry : add.backward(x, g).toTable())
    EXPECT_EQ(entry.toTensor().data(), g.data()) << "CAddTable copied gradOutput";
  CSubTable<double> sub;
  sub.forward(tableOf({a, b}));
  EXPECT_EQ(sub.backward(tableOf({a, b}), g)[0].toTensor().data(), g.data()) << "CSubTable copied gradOutput";
  CAveTable<double> ave;
  ave.forward(x);
  const Activity<double>& grads = ave.backward(x, g);
  EXPECT_EQ(grads[1].toTensor().data(), grads[0].toTensor().data())
      << "CAveTable computed gradOutput / n twice";
  EXPECT_EQ(grads[2].toTensor().data(), grads[0].toTensor().data());
}

// A layer that hands out gradOutput as one entry's gradient must never write into it in a later backward:
// gradBuffer keeps the two apart.
TEST(TableToTensor, BackwardNeverWritesIntoGradOutput) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.type);
    ModulePtr<double> m = createModule<double>(c.type, {});
    const Shape out = m->forward(c.good).toTensor().shape();
    const Tensor<double> g1 = random(out, 11), g2 = random(out, 12);
    const Tensor<double> before = g1.clone();
    m->backward(c.good, g1);
    m->backward(c.good, g2);
    EXPECT_TRUE(test::identical(Activity<double>(g1), Activity<double>(before)));
  }
}

}  // namespace
}  // namespace ringdl
