// The local engine with frozen layers (Module::freeze): SGD with momentum and weight decay, and Adam, leave
// frozen weights bit-identical and hold state for the trainable parameters only, while the trainable ones
// follow the same trajectory as in a model whose frozen layer is a fixed function; a checkpointed run with a
// frozen layer resumes bit-identically.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "ringdl/data/array_data_set.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/nn.h"
#include "ringdl/optim/adam.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

// "body" (Linear 6x16, frozen in the tests) -> Tanh -> "head" (Linear 16x3) -> LogSoftMax
ModulePtr<float> model() {
  Random::global().seed(3);
  auto m = std::make_shared<Sequential<float>>();
  m->add(std::make_shared<Linear<float>>(6, 16));
  m->at(0)->setName("body");
  m->add(std::make_shared<Tanh<float>>());
  m->add(std::make_shared<Linear<float>>(16, 3));
  m->at(2)->setName("head");
  m->add(std::make_shared<LogSoftMax<float>>());
  return m;
}

std::shared_ptr<ArrayDataSet<float>> data() {
  Random r(99);
  Tensor<float> x({50, 6}), y({50});
  r.fillNormal(x, 0, 1);
  for (int64_t i = 0; i < 50; ++i) y.data()[i] = static_cast<float>(r.below(3));
  return std::make_shared<ArrayDataSet<float>>(x, y, /*seed=*/5);
}

OptimMethodPtr<float> method(const std::string& name) {
  if (name == "sgd") return std::make_shared<SGD<float>>(SGDOptions().lr(0.1).withMomentum(0.9).decay(0.01));
  return std::make_shared<Adam<float>>(AdamOptions().lr(0.01).decay(0.01));
}

std::vector<float> values(Module<float>& m, const std::string& layer) {
  std::vector<float> v;
  for (const ParamRef<float>& p : m.findModule(layer)->ownParameters())
    v.insert(v.end(), p.weight->data(), p.weight->data() + p.weight->numel());
  return v;
}

void train(ModulePtr<float> m, OptimMethodPtr<float> opt, int64_t iterations,
           std::shared_ptr<ArrayDataSet<float>> set = data()) {
  std::ostringstream log;
  Optimizer<float>(m, set, std::make_shared<ClassNLLCriterion<float>>(), 8)
      .setOptimMethod(opt)
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions({&log, 1000, 0})
      .optimize();
}

class FineTuning : public ::testing::TestWithParam<std::string> {};

TEST_P(FineTuning, FrozenLayerIsBitIdenticalAndHasNoState) {
  ModulePtr<float> m = model();
  const std::vector<float> body = values(*m, "body"), head = values(*m, "head");
  m->freeze({"body"});
  OptimMethodPtr<float> opt = method(GetParam());
  train(m, opt, 20);
  EXPECT_EQ(values(*m, "body"), body) << "weight decay or momentum moved a frozen layer";
  EXPECT_NE(values(*m, "head"), head);
  for (const ParamRef<float>& p : m->findModule("body")->ownParameters())
    for (int64_t i = 0; i < p.grad->numel(); ++i) ASSERT_EQ(p.grad->data()[i], 0) << p.name;
  ASSERT_FALSE(opt->state().tensors.empty());
  for (const auto& [name, t] : opt->state().tensors) EXPECT_EQ(t.numel(), 16 * 3 + 3) << name;
}

TEST_P(FineTuning, TrainableLayersTrainAsOverAFixedFunction) {
  // The head over a frozen body follows the trajectory of the head alone trained on the body's outputs,
  // computed once: nothing of the body reaches the optimizer.
  ModulePtr<float> frozen = model();
  frozen->freeze({"body"});
  train(frozen, method(GetParam()), 20);

  auto reference = std::dynamic_pointer_cast<Sequential<float>>(model());
  std::shared_ptr<ArrayDataSet<float>> d = data();
  d->reset();
  const MiniBatch<float> all = d->nextBatch(50);  // rows in file order
  Tanh<float> tanh;
  const Tensor<float> features = tanh.forward(reference->at(0)->forward(all.input())).toTensor().clone();
  auto head = std::make_shared<Sequential<float>>();
  head->add(reference->at(2)).add(reference->at(3));
  train(head, method(GetParam()), 20,
        std::make_shared<ArrayDataSet<float>>(features, all.target().clone(), 5));
  const std::vector<float> a = values(*frozen, "head"), b = values(*reference, "head");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-5) << i;
  EXPECT_NE(a, values(*model(), "head"));
}

TEST_P(FineTuning, ResumeWithAFrozenLayerIsBitIdentical) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("ringdl_fine_tuning_" + GetParam())).string();
  std::filesystem::remove_all(dir);
  ModulePtr<float> straight = model();
  straight->freeze({"body"});
  train(straight, method(GetParam()), 12);

  ModulePtr<float> first = model();
  first->freeze({"body"});
  std::ostringstream log;
  Optimizer<float>(first, data(), std::make_shared<ClassNLLCriterion<float>>(), 8)
      .setOptimMethod(method(GetParam()))
      .setEndWhen(Trigger::maxIteration(6))
      .setCheckpoint(dir, Trigger::severalIteration(6), checkpointWriter<float>())
      .setLogOptions({&log, 1000, 0})
      .optimize();
  Checkpoint<float> c = loadCheckpoint<float>(latestCheckpoint(dir));
  c.model->freeze({"body"});  // frozen flags are the run's, not the file's
  OptimMethodPtr<float> resumed = method(GetParam());
  resumed->setState(c.optim->state());
  Optimizer<float>(c.model, data(), std::make_shared<ClassNLLCriterion<float>>(), 8)
      .setOptimMethod(resumed)
      .setTrainingState(c.state)
      .setEndWhen(Trigger::maxIteration(12))
      .setLogOptions({&log, 1000, 0})
      .optimize();
  EXPECT_EQ(values(*c.model, "head"), values(*straight, "head"));
  EXPECT_EQ(values(*c.model, "body"), values(*straight, "body"));
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Methods, FineTuning, ::testing::Values("sgd", "adam"));

}  // namespace
}  // namespace ringdl
