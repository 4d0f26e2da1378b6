// MapTable: the number of entries changing between calls, parameters listed and saved once, sharing kept
// through getParameters(), modes and the gradInput flag reaching the clones, errors naming the entry
// (gradients, PyTorch values, saving and cloning of each row are in conformance_test.cpp).
#include "ringdl/nn/layers/container/map_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "ringdl/io/model_io.h"
#include "ringdl/nn.h"
#include "ringdl/tensor/math.h"
#include "support/grad_check.h"

namespace ringdl {
namespace {

std::shared_ptr<MapTable<double>> linearMap() {
  auto lin = std::make_shared<Linear<double>>(3, 2);
  lin->setName("lin");
  return std::make_shared<MapTable<double>>(lin);
}

Activity<double> tableOf(size_t n, uint64_t seed = 1) {
  std::vector<Activity<double>> items;
  for (size_t i = 0; i < n; ++i) items.push_back(test::randomTensor({4, 3}, seed + i));
  return Activity<double>::table(items);
}

TEST(MapTable, TheNumberOfEntriesMayChangeBetweenCalls) {
  auto m = linearMap();
  auto& lin = dynamic_cast<Linear<double>&>(*m->module());
  for (size_t n : {3u, 1u, 4u, 2u}) {
    SCOPED_TRACE(n);
    const Activity<double> x = tableOf(n, 10 * n);
    std::vector<Activity<double>> gys;
    for (size_t i = 0; i < n; ++i) gys.push_back(test::randomTensor({4, 2}, 50 + i));
    const Activity<double>& y = m->forward(x);
    ASSERT_EQ(y.toTable().size(), n);
    m->zeroGradParameters();
    const Activity<double>& gx = m->backward(x, Activity<double>::table(gys));
    ASSERT_EQ(gx.toTable().size(), n);
    // Each entry is the Linear on that entry; the weight's gradient sums every entry's.
    Tensor<double> gradWeight({2, 3});
    for (size_t i = 0; i < n; ++i) {
      Linear<double> alone(3, 2);
      alone.weight().copyFrom(lin.weight());
      alone.bias().copyFrom(lin.bias());
      EXPECT_TRUE(allClose(y[i].toTensor(), alone.forward(x[i]).toTensor(), 0, 0)) << "entry " << i;
      EXPECT_TRUE(allClose(gx[i].toTensor(), alone.backward(x[i], gys[i]).toTensor(), 0, 0)) << "entry " << i;
      gemm(Trans::kYes, Trans::kNo, 1.0, gys[i].toTensor(), x[i].toTensor(), 1.0, gradWeight);
    }
    EXPECT_TRUE(allClose(m->parameters()[0].grad->contiguous(), gradWeight, 1e-12, 1e-12));
  }
  EXPECT_EQ(m->clones(), 3u);  // for the longest Table, four entries
}

TEST(MapTable, ParametersAreListedAndSavedOnce) {
  auto m = linearMap();
  m->forward(tableOf(3));
  const auto params = m->parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "lin.weight");
  EXPECT_EQ(m->children().size(), 1u);
  EXPECT_EQ(m->getParameters().first.numel(), 2 * 3 + 2);

  const auto path = std::filesystem::temp_directory_path() / ("ringdl_map_table_" + std::to_string(getpid()));
  saveModel(path.string(), *m);
  ModulePtr<double> back = loadModel<double>(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(back->children().size(), 1u);
  EXPECT_EQ(back->toString(), m->toString());
  const Activity<double> x = tableOf(3, 7);
  EXPECT_TRUE(test::identical(back->forward(x), test::deepCopy(m->forward(x))));
}

TEST(MapTable, ClonesKeepSharingWhenGetParametersMovesTheParameters) {
  auto m = linearMap();
  const Activity<double> x = tableOf(3);
  m->forward(x);                               // the clones exist, sharing the Linear's tensors
  auto [weights, grads] = m->getParameters();  // moves them into one buffer
  weights.fill(0.5);
  grads.zero();
  const Activity<double>& y = m->forward(x);
  Linear<double> alone(3, 2);
  alone.weight().fill(0.5);
  alone.bias().fill(0.5);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(allClose(y[i].toTensor(), alone.forward(x[i]).toTensor(), 0, 0))
        << "entry " << i << " kept old weights";
  std::vector<Activity<double>> gys(3, Activity<double>(Tensor<double>::full({4, 2}, 1.0)));
  m->backward(x, Activity<double>::table(gys));
  // The bias gradient is the sum of gradOutput over 3 entries of 4 rows: all of it in the flat buffer.
  EXPECT_EQ(grads.toVector().back(), 12.0);
}

TEST(MapTable, ModesAndTheGradInputFlagReachTheClones) {
  auto dropout = std::make_shared<Dropout<double>>(0.5);
  MapTable<double> m(dropout);
  const Activity<double> x = tableOf(3);
  m.forward(x);
  m.evaluate();
  const Activity<double>& y = m.forward(x);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(allClose(y[i].toTensor(), x[i].toTensor(), 0, 0)) << "entry " << i;

  auto lm = linearMap();
  lm->forward(tableOf(3));
  lm->setGradInputNeeded(false);
  std::vector<Activity<double>> gys(3, Activity<double>(Tensor<double>::full({4, 2}, 1.0)));
  lm->forward(tableOf(3));
  lm->backward(tableOf(3), Activity<double>::table(gys));
  EXPECT_FALSE(lm->module()->gradInputNeeded());
  EXPECT_TRUE(lm->module()->gradInput().toTensor().empty());
  // A clone made after the flag was cleared skips its gradInput too.
  lm->forward(tableOf(4));
  std::vector<Activity<double>> gys4(4, Activity<double>(Tensor<double>::full({4, 2}, 1.0)));
  lm->backward(tableOf(4), Activity<double>::table(gys4));
  EXPECT_EQ(lm->clones(), 3u);
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(MapTable, ErrorsNameTheLayerAndTheEntry) {
  auto m = linearMap();
  m->setName("map");
  std::vector<Activity<double>> items = {test::randomTensor({4, 3}), test::randomTensor({4, 5})};
  std::string e = errorOf([&] { m->forward(Activity<double>::table(items)); });
  EXPECT_NE(e.find("layer 'map' (MapTable), at entry 1: layer 'lin' (Linear)"), std::string::npos) << e;

  e = errorOf([&] { m->forward(test::randomTensor({4, 3})); });
  EXPECT_NE(
      e.find("layer 'map' (MapTable) applies its module to every entry of a Table, got a Tensor of shape "
             "[4, 3]"),
      std::string::npos)
      << e;

  m->forward(tableOf(2));
  e = errorOf([&] { m->backward(tableOf(2), Activity<double>::table({test::randomTensor({4, 2})})); });
  EXPECT_NE(e.find("takes a Table of 2 gradients, got a Table of 1 entries"), std::string::npos) << e;

  e = errorOf([&] { m->add(std::make_shared<Tanh<double>>()); });
  EXPECT_NE(e.find("applies one module to every entry and has one already ('lin')"), std::string::npos) << e;

  MapTable<double> empty;
  e = errorOf([&] { empty.forward(tableOf(2)); });
  EXPECT_NE(e.find("(MapTable) has no module to apply"), std::string::npos) << e;
}

}  // namespace
}  // namespace ringdl
