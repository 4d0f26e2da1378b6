// DistriOptimizer under mpirun: N ranks with global batch B end with the weights of one rank with batch B
// (float 1e-5, double 1e-10) with and without buckets and the sharded optimizer state, also for models whose
// parameters are used several times (a Graph using a layer twice, a MapTable's clones); checkpoints move
// between world sizes; validation is summed over ranks; ranks that disagree or stop answering are errors;
// gradient clipping by the global norm, regularisers and schedules give the same weights on any world size.
#include "ringdl/dist/distri_optimizer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "ringdl/data/array_data_set.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/nn.h"
#include "ringdl/optim/adam.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/random.h"
#include "support/error_text.h"

namespace ringdl {
namespace {

std::shared_ptr<MpiCommunicator> world() {
  static auto comm = std::make_shared<MpiCommunicator>(MpiOptions().timeout(60));
  return comm;
}

template <typename T>
ModulePtr<T> makeModel(int hidden = 6) {
  Random::global().seed(42);
  auto m = std::make_shared<Sequential<T>>();
  m->template emplace<SpatialConvolution<T>>(1, 2, 3, 3)
      .template emplace<ReLU<T>>()
      .template emplace<Reshape<T>>(Shape{2 * 4 * 4})
      .template emplace<Linear<T>>(2 * 4 * 4, hidden)
      .template emplace<Tanh<T>>()
      .template emplace<Linear<T>>(hidden, 5)
      .template emplace<LogSoftMax<T>>();
  return m;
}

// 50 records (not a multiple of the batch: the last batch of an epoch has 1 record, fewer than the ranks).
template <typename T>
std::shared_ptr<ArrayDataSet<T>> makeData(int64_t n = 50) {
  Random r(7);
  Tensor<T> x({n, 1, 6, 6}), y({n});
  for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = static_cast<T>(r.uniform(-1, 1));
  for (int64_t i = 0; i < n; ++i) y.data()[i] = static_cast<T>(r.below(5));
  return std::make_shared<ArrayDataSet<T>>(x, y, /*seed=*/3);
}

template <typename T>
OptimMethodPtr<T> makeMethod(bool adam) {
  if (adam) return std::make_shared<Adam<T>>(AdamOptions().lr(0.01));
  return std::make_shared<SGD<T>>(SGDOptions().lr(0.1).withMomentum(0.9).decay(1e-3));
}

TrainLogOptions quiet() {
  static std::ostringstream sink;
  TrainLogOptions o;
  o.out = &sink;
  o.progressBar = 0;
  return o;
}

template <typename T>
Tensor<T> trainLocally(int64_t iterations, int64_t batch, bool adam) {
  ModulePtr<T> model = makeModel<T>();
  Optimizer<T> opt(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(), batch);
  opt.setOptimMethod(makeMethod<T>(adam))
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions(quiet());
  opt.optimize();
  return model->getParameters().first.clone();
}

template <typename T>
Tensor<T> trainDistributed(int64_t iterations, int64_t batch, bool adam, const DistriOptions& options) {
  ModulePtr<T> model = makeModel<T>();
  DistriOptimizer<T> opt(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(), batch, world(),
                         options);
  opt.setOptimMethod(makeMethod<T>(adam))
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions(quiet());
  opt.optimize();
  return model->getParameters().first.clone();
}

template <typename T>
double maxRelativeDifference(const Tensor<T>& a, const Tensor<T>& b) {
  double diff = 0, scale = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    diff = std::max(diff, std::abs(static_cast<double>(a.data()[i]) - static_cast<double>(b.data()[i])));
    scale = std::max(scale, std::abs(static_cast<double>(b.data()[i])));
  }
  return diff / scale;
}

// Every rank holds bit-identical weights: rank 0's, broadcast, equal them exactly.
template <typename T>
void expectSameOnEveryRank(const Tensor<T>& weights) {
  Tensor<T> root = weights.clone();
  world()->broadcast(root, 0);
  for (int64_t i = 0; i < weights.numel(); ++i)
    ASSERT_EQ(weights.data()[i], root.data()[i]) << "element " << i << " on rank " << world()->rank();
}

struct Variant {
  const char* name;
  DistriOptions options;
};

std::vector<Variant> variants() {
  return {{"one bucket after backward", DistriOptions().bucket(0)},
          {"small buckets overlapping backward", DistriOptions().bucket(64)},
          {"sharded optimizer state", DistriOptions().bucket(0).sharded(true)},
          {"sharded, small buckets", DistriOptions().bucket(64).sharded(true)}};
}

template <typename T>
void checkEquivalence(double tolerance) {
  // 12 iterations of batch 7 over 50 records cross an epoch end (8 iterations an epoch, the last of 1
  // record).
  for (bool adam : {false, true}) {
    const Tensor<T> reference = trainLocally<T>(12, 7, adam);
    for (const Variant& v : variants()) {
      SCOPED_TRACE(std::string(v.name) + (adam ? ", Adam" : ", SGD with momentum"));
      const Tensor<T> w = trainDistributed<T>(12, 7, adam, v.options);
      EXPECT_LE(maxRelativeDifference(w, reference), tolerance);
      expectSameOnEveryRank(w);
    }
  }
}

// Identity whose backward takes a while: gives the communication thread time to sum any bucket marked ready
// too early, so that such a bug shows every time instead of depending on thread timing.
template <typename T>
class SlowBackward : public TensorModule<T> {
 public:
  SlowBackward() : TensorModule<T>("SlowBackward") {}
  ModulePtr<T> cloneStructure() override { return std::make_shared<SlowBackward<T>>(); }

 protected:
  void updateOutput(const Tensor<T>& x, Tensor<T>& y) override { y = x.clone(); }
  void updateGradInput(const Tensor<T>&, const Tensor<T>& g, Tensor<T>& gi) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    gi = g.clone();
  }
};

// A graph in which one layer is used twice (its second use is a clone sharing its parameters): its gradient
// is final only after both uses' backward, so the bucket holding it must not be summed after the first.
template <typename T>
ModulePtr<T> makeGraphModel(int) {
  Random::global().seed(42);
  auto x = Input<T>("x");
  auto h = node(std::make_shared<SpatialConvolution<T>>(1, 2, 3, 3), x);
  h = node(std::make_shared<ReLU<T>>(), h);
  h = node(std::make_shared<Reshape<T>>(Shape{2 * 4 * 4}), h);
  h = node(std::make_shared<Linear<T>>(2 * 4 * 4, 6), h);
  auto twice = std::make_shared<Linear<T>>(6, 6);
  auto a = node(twice, node(std::make_shared<Tanh<T>>(), h));
  auto b = node(twice, node(std::make_shared<Tanh<T>>(), node(std::make_shared<SlowBackward<T>>(), a)));
  auto sum = node(std::make_shared<CAddTable<T>>(), {a, b, h});
  auto y = node(std::make_shared<LogSoftMax<T>>(), node(std::make_shared<Linear<T>>(6, 5), sum));
  return std::make_shared<Graph<T>>(std::vector<NodePtr<T>>{x}, std::vector<NodePtr<T>>{y});
}

template <typename T>
Tensor<T> train(ModulePtr<T> (*make)(int), int64_t iterations, int64_t batch, const DistriOptions* options) {
  ModulePtr<T> model = make(6);
  std::unique_ptr<Optimizer<T>> opt;
  if (options) {
    opt = std::make_unique<DistriOptimizer<T>>(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(),
                                               batch, world(), *options);
  } else {
    opt =
        std::make_unique<Optimizer<T>>(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(), batch);
  }
  opt->setOptimMethod(makeMethod<T>(false))
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions(quiet());
  opt->optimize();
  return model->getParameters().first.clone();
}

TEST(DistriOptimizer, AGraphUsingALayerTwiceMatchesOneRank) {
  const Tensor<double> reference = train<double>(makeGraphModel<double>, 12, 7, nullptr);
  const Tensor<double> initial = makeGraphModel<double>(6)->getParameters().first;
  EXPECT_EQ(makeGraphModel<double>(6)->parameters().size(), 8u);  // the shared layer once
  ASSERT_GT(maxRelativeDifference(reference, initial), 1e-3) << "training did not change the weights";
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    // Buckets of one parameter each, so that an early sum of the shared layer's would show.
    DistriOptions o = v.options;
    if (o.bucketBytes > 0) o.bucket(8);
    const Tensor<double> w = train<double>(makeGraphModel<double>, 12, 7, &o);
    EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
    expectSameOnEveryRank(w);
  }
}

// Tables through the model: a ConcatTable of two branches, then a MapTable whose one module (a Linear, slow
// in backward after it) runs on both entries, its second through a clone sharing its parameters, then their
// sum. The shared Linear's gradient is final only after both entries' backward.
template <typename T>
ModulePtr<T> makeTableModel(int) {
  Random::global().seed(42);
  auto slowBranch = std::make_shared<Sequential<T>>();
  slowBranch->add(std::make_shared<SlowBackward<T>>()).add(std::make_shared<Linear<T>>(6, 6));
  auto branches = std::make_shared<ConcatTable<T>>();
  branches->add(std::make_shared<Linear<T>>(6, 6)).add(slowBranch);
  auto perEntry = std::make_shared<Sequential<T>>();
  perEntry->add(std::make_shared<Linear<T>>(6, 6))
      .add(std::make_shared<SlowBackward<T>>())
      .add(std::make_shared<Tanh<T>>());
  auto m = std::make_shared<Sequential<T>>();
  m->template emplace<Reshape<T>>(Shape{36})
      .template emplace<Linear<T>>(36, 6)
      .template emplace<Tanh<T>>()
      .add(branches)
      .add(std::make_shared<MapTable<T>>(perEntry))
      .template emplace<CAddTable<T>>()
      .template emplace<Linear<T>>(6, 5)
      .template emplace<LogSoftMax<T>>();
  return m;
}

TEST(DistriOptimizer, AMapTableAndAConcatTableMatchOneRank) {
  const Tensor<double> reference = train<double>(makeTableModel<double>, 12, 7, nullptr);
  const Tensor<double> initial = makeTableModel<double>(6)->getParameters().first;
  EXPECT_EQ(makeTableModel<double>(6)->parameters().size(), 10u);  // the MapTable's Linear once
  ASSERT_GT(maxRelativeDifference(reference, initial), 1e-3) << "training did not change the weights";
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    // Buckets of one parameter each, so that an early sum of the shared Linear's would show.
    DistriOptions o = v.options;
    if (o.bucketBytes > 0) o.bucket(8);
    const Tensor<double> w = train<double>(makeTableModel<double>, 12, 7, &o);
    EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
    expectSameOnEveryRank(w);
  }
}

// Sequences: each 6 x 6 record read as 6 steps of 6 features, through a Linear over time, a bidirectional GRU
// and an LSTM whose last step feeds the classifier. Each recurrent weight is used at every step; its gradient
// is final only after the first step's backward.
template <typename T>
ModulePtr<T> makeRecurrentModel(int) {
  Random::global().seed(42);
  auto m = std::make_shared<Sequential<T>>();
  m->template emplace<Reshape<T>>(Shape{6, 6})
      .add(std::make_shared<TimeDistributed<T>>(std::make_shared<Linear<T>>(6, 6)))
      .add(std::make_shared<BiRecurrent<T>>(std::make_shared<GRU<T>>(6, 4)))
      .add(std::make_shared<Recurrent<T>>(std::make_shared<LSTM<T>>(8, 6), /*returnSequences=*/false))
      .template emplace<Linear<T>>(6, 5)
      .template emplace<LogSoftMax<T>>();
  return m;
}

TEST(DistriOptimizer, RecurrentLayersMatchOneRank) {
  const Tensor<double> reference = train<double>(makeRecurrentModel<double>, 12, 7, nullptr);
  const Tensor<double> initial = makeRecurrentModel<double>(6)->getParameters().first;
  ASSERT_GT(maxRelativeDifference(reference, initial), 1e-3) << "training did not change the weights";
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    DistriOptions o = v.options;
    if (o.bucketBytes > 0) o.bucket(8);  // a bucket per parameter: an early sum of a recurrent weight would show
    const Tensor<double> w = train<double>(makeRecurrentModel<double>, 12, 7, &o);
    EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
    expectSameOnEveryRank(w);
  }
}

// The model with its convolution and its middle Linear frozen (fine-tuning the head): the frozen layers are
// left out of the flat buffers, the gradient buckets and the optimizer state, and their weights start from
// rank 0's (each rank here starts with other values) and never change.
template <typename T>
ModulePtr<T> makeFrozenModel(int perturb) {
  ModulePtr<T> m = makeModel<T>();
  m->freeze({"0", "3"});
  if (perturb)
    for (const ParamRef<T>& p : m->parameters())
      if (p.name.rfind("0.", 0) == 0 || p.name.rfind("3.", 0) == 0)
        for (int64_t i = 0; i < p.weight->numel(); ++i)
          p.weight->data()[i] += static_cast<T>(world()->rank());
  return m;
}

TEST(DistriOptimizer, FrozenLayersMatchOneRankAndNeverChange) {
  ModulePtr<double> initial = makeModel<double>();
  auto frozenValues = [](Module<double>& m) {
    std::vector<double> v;
    for (const ParamRef<double>& p : m.parameters())
      if (p.name.rfind("0.", 0) == 0 || p.name.rfind("3.", 0) == 0)
        v.insert(v.end(), p.weight->data(), p.weight->data() + p.weight->numel());
    return v;
  };
  const std::vector<double> before = frozenValues(*initial);
  ASSERT_EQ(before.size(), 2u * 9 + 2 + 32u * 6 + 6);
  // The reference starts from rank 0's values on every rank (makeFrozenModel(0)).
  auto unperturbed = [](int) { return makeFrozenModel<double>(0); };
  const Tensor<double> reference = train<double>(unperturbed, 12, 7, nullptr);
  ASSERT_EQ(reference.numel(), 6 * 5 + 5);  // the head alone is trained
  // 12 iterations with momentum and weight decay: without the freeze every weight would move.
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    DistriOptions o = v.options;
    if (o.bucketBytes > 0) o.bucket(8);
    ModulePtr<double> model = makeFrozenModel<double>(1);
    DistriOptimizer<double> opt(model, makeData<double>(), std::make_shared<ClassNLLCriterion<double>>(), 7,
                                world(), o);
    auto method = makeMethod<double>(false);
    opt.setOptimMethod(method).setEndWhen(Trigger::maxIteration(12)).setLogOptions(quiet());
    opt.optimize();
    const Tensor<double> w = model->getParameters().first;
    EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
    expectSameOnEveryRank(w);
    EXPECT_EQ(frozenValues(*model), before) << "rank " << world()->rank();
    for (const ParamRef<double>& p : model->parameters())
      if (p.name.rfind("0.", 0) == 0 || p.name.rfind("3.", 0) == 0)
        for (int64_t i = 0; i < p.grad->numel(); ++i) ASSERT_EQ(p.grad->data()[i], 0) << p.name;
    for (const auto& [name, t] : method->state().tensors) EXPECT_EQ(t.numel(), 35) << name;
  }
}

// A layer holding a buffer (untrained state) that each rank starts with a different value of.
template <typename T>
class Offset : public TensorModule<T> {
 public:
  explicit Offset(T value) : TensorModule<T>("Offset") {
    this->registerBuffer("offset", &offset_);
    offset_.fill(value);
  }
  T value() const { return offset_.data()[0]; }

 protected:
  void updateOutput(const Tensor<T>& x, Tensor<T>& y) override {
    y = x.clone();
    for (int64_t i = 0; i < y.numel(); ++i) y.data()[i] += offset_.data()[0];
  }
  void updateGradInput(const Tensor<T>&, const Tensor<T>& g, Tensor<T>& gi) override { gi = g.clone(); }

 private:
  Tensor<T> offset_{Shape{1}};
};

TEST(DistriOptimizer, BuffersStartFromRankZeros) {
  Random::global().seed(42);
  auto offset = std::make_shared<Offset<double>>(100.0 + world()->rank());
  auto m = std::make_shared<Sequential<double>>();
  m->add(offset);
  m->template emplace<Reshape<double>>(Shape{36})
      .template emplace<Linear<double>>(36, 5)
      .template emplace<LogSoftMax<double>>();
  DistriOptimizer<double> opt(m, makeData<double>(), std::make_shared<ClassNLLCriterion<double>>(), 7,
                              world(), DistriOptions());
  opt.setOptimMethod(makeMethod<double>(false)).setEndWhen(Trigger::maxIteration(2)).setLogOptions(quiet());
  opt.optimize();
  EXPECT_EQ(offset->value(), 100.0) << "rank " << world()->rank();
  expectSameOnEveryRank(m->getParameters().first);
}

// Batch normalisation of images and of vectors, both with running statistics.
template <typename T>
ModulePtr<T> makeBatchNormModel(int) {
  Random::global().seed(42);
  auto m = std::make_shared<Sequential<T>>();
  m->template emplace<SpatialConvolution<T>>(1, 3, 3, 3)
      .template emplace<SpatialBatchNormalization<T>>(3)
      .template emplace<ReLU<T>>()
      .template emplace<Reshape<T>>(Shape{3 * 4 * 4})
      .template emplace<Linear<T>>(3 * 4 * 4, 6)
      .template emplace<BatchNormalization<T>>(6, 1e-5, 0.2)
      .template emplace<Tanh<T>>()
      .template emplace<Linear<T>>(6, 5)
      .template emplace<LogSoftMax<T>>();
  return m;
}

// The weights and then the running statistics, for comparing whole training states.
template <typename T>
Tensor<T> trainedState(ModulePtr<T> (*make)(int), int64_t iterations, int64_t batch,
                       const DistriOptions* options) {
  ModulePtr<T> model = make(6);
  std::unique_ptr<Optimizer<T>> opt;
  if (options) {
    opt = std::make_unique<DistriOptimizer<T>>(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(),
                                               batch, world(), *options);
  } else {
    opt =
        std::make_unique<Optimizer<T>>(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(), batch);
  }
  opt->setOptimMethod(makeMethod<T>(false))
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions(quiet());
  opt->optimize();
  std::vector<T> all = model->getParameters().first.toVector();
  for (const BufferRef<T>& b : model->buffers())
    for (T v : b.tensor->toVector()) all.push_back(v);
  return Tensor<T>::fromVector({static_cast<int64_t>(all.size())}, all);
}

TEST(DistriOptimizer, SyncBatchNormMatchesOneRank) {
  // Batch 8 over 50 records: 7 iterations an epoch, the last of 2 records, so that with 3 and 4 ranks some
  // ranks have no records and must still take part in the others' statistics.
  const Tensor<double> reference = trainedState<double>(makeBatchNormModel<double>, 12, 8, nullptr);
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    DistriOptions o = v.options;
    o.syncBatchNormalization(true);
    const Tensor<double> w = trainedState<double>(makeBatchNormModel<double>, 12, 8, &o);
    EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
    expectSameOnEveryRank(w);
  }
  // Without it, each rank normalises with its own part's statistics: not one rank's training (the check above
  // can fail). Six iterations, whose batches of 8 give every rank at least 2 records.
  if (world()->size() > 1) {
    const DistriOptions plain = DistriOptions().bucket(0);
    EXPECT_GT(maxRelativeDifference(trainedState<double>(makeBatchNormModel<double>, 6, 8, &plain),
                                    trainedState<double>(makeBatchNormModel<double>, 6, 8, nullptr)),
              1e-6);
  }
  const Tensor<float> referenceFloat = trainedState<float>(makeBatchNormModel<float>, 12, 8, nullptr);
  const DistriOptions o = DistriOptions().bucket(64).syncBatchNormalization(true);
  EXPECT_LE(maxRelativeDifference(trainedState<float>(makeBatchNormModel<float>, 12, 8, &o), referenceFloat),
            1e-5);
}

TEST(DistriOptimizer, SyncBatchNormWithARankWithoutRecordsFromTheStartFailsOnEveryRank) {
  if (world()->size() < 3) GTEST_SKIP() << "needs a rank without records in a batch of 2";
  const DistriOptions o = DistriOptions().bucket(0).syncBatchNormalization(true);
  try {
    trainedState<double>(makeBatchNormModel<double>, 2, 2, &o);
    FAIL() << "rank " << world()->rank() << " trained";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rank(s) have no records in a batch before having trained on any"),
              std::string::npos)
        << e.what();
  }
}

// Gradient clipping by the whole gradient's L2 norm (tight enough to clip every iteration), constant
// clipping, a regulariser on every parameter and one on a layer, and a schedule (a warm-up, then cosine
// annealing), under a criterion that averages and one that sums (whose per-rank gradients are not scaled
// down, so a regulariser added on every rank would count once per rank): N ranks equal one rank.
template <typename T>
Tensor<T> trainProcessed(const DistriOptions* options, bool sum, bool clip) {
  ModulePtr<T> model = makeModel<T>();
  dynamic_cast<Linear<T>&>(*model->children()[3]).setRegularizers(L1L2Regularizer(1e-3, 1e-2));
  auto criterion = std::make_shared<ClassNLLCriterion<T>>(Tensor<T>(), !sum);
  std::unique_ptr<Optimizer<T>> opt;
  if (options) {
    opt = std::make_unique<DistriOptimizer<T>>(model, makeData<T>(), criterion, 7, world(), *options);
  } else {
    opt = std::make_unique<Optimizer<T>>(model, makeData<T>(), criterion, 7);
  }
  auto method = std::make_shared<SGD<T>>(SGDOptions().lr(sum ? 0.01 : 0.1).withMomentum(0.9));
  auto seq = std::make_shared<schedule::SequentialSchedule>(8);
  seq->add(std::make_shared<schedule::Warmup>(schedule::WarmupOptions{0.02}), 3)
      .add(std::make_shared<schedule::CosineAnnealing>(schedule::CosineAnnealingOptions{4, 2}), 100);
  method->setLearningRateSchedule(seq);
  opt->setOptimMethod(method).setEndWhen(Trigger::maxIteration(12)).setLogOptions(quiet());
  opt->setRegularizer(L2Regularizer(1e-3));
  if (clip) opt->setConstantGradientClipping(-0.5, 0.5).setGradientClippingByl2Norm(0.05);
  opt->optimize();
  return model->getParameters().first.clone();
}

// Criterions whose normaliser is not the number of records (class weights, padded rows, label smoothing):
// each rank's part is combined by its batchNormalizer(), so N ranks still train as one, a rank whose rows are
// all padding included (its share is 0).
CriterionPtr<double> weightedPaddedCriterion(bool crossEntropy) {
  CrossEntropyCriterionOptions o;
  o.weights = {0.5, 2, 1, 0.25, 3};
  o.paddingValue = crossEntropy ? 1 : 2;
  if (!crossEntropy)
    return std::make_shared<ClassNLLCriterion<double>>(
        ClassNLLCriterionOptions{o.weights, true, o.paddingValue});
  o.labelSmoothing = 0.2;
  return std::make_shared<CrossEntropyCriterion<double>>(o);
}

Tensor<double> trainWith(CriterionPtr<double> criterion, const DistriOptions* options) {
  ModulePtr<double> model = makeModel<double>();
  std::unique_ptr<Optimizer<double>> opt;
  if (options) {
    opt =
        std::make_unique<DistriOptimizer<double>>(model, makeData<double>(), criterion, 7, world(), *options);
  } else {
    opt = std::make_unique<Optimizer<double>>(model, makeData<double>(), criterion, 7);
  }
  opt->setOptimMethod(makeMethod<double>(false)).setEndWhen(Trigger::maxIteration(12)).setLogOptions(quiet());
  opt->optimize();
  return model->getParameters().first.clone();
}

TEST(DistriOptimizer, ClippingByNormRegularisersAndSchedulesMatchOneRank) {
  for (bool sum : {false, true}) {
    const Tensor<double> reference = trainProcessed<double>(nullptr, sum, true);
    ASSERT_GT(maxRelativeDifference(trainProcessed<double>(nullptr, sum, false), reference), 1e-3)
        << "the clipping must change the result for this test to mean anything";
    for (const Variant& v : variants()) {
      SCOPED_TRACE(std::string(v.name) + (sum ? ", summed loss" : ", averaged loss"));
      const Tensor<double> w = trainProcessed<double>(&v.options, sum, true);
      EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
      expectSameOnEveryRank(w);
    }
  }
}

TEST(DistriOptimizer, WeightedPaddedAndSmoothedCriterionsMatchOneRank) {
  for (bool crossEntropy : {false, true}) {
    SCOPED_TRACE(crossEntropy ? "CrossEntropyCriterion, weights, paddingValue, labelSmoothing"
                              : "ClassNLLCriterion, weights, paddingValue");
    const Tensor<double> local = trainWith(weightedPaddedCriterion(crossEntropy), nullptr);
    const DistriOptions options = DistriOptions().bucket(64);
    const Tensor<double> dist = trainWith(weightedPaddedCriterion(crossEntropy), &options);
    EXPECT_LT(maxRelativeDifference(dist, local), 1e-10);
    expectSameOnEveryRank(dist);
  }
}

TEST(DistriOptimizer, FloatMatchesOneRankWithTheSameGlobalBatch) { checkEquivalence<float>(1e-5); }
TEST(DistriOptimizer, DoubleMatchesOneRankWithTheSameGlobalBatch) { checkEquivalence<double>(1e-10); }

TEST(DistriOptimizer, SixteenBitWiresStayCloseAndIdenticalOnEveryRank) {
  const Tensor<float> reference = trainLocally<float>(12, 7, false);
  for (WireFormat wire : {WireFormat::kBf16, WireFormat::kFp16}) {
    for (bool sharded : {false, true}) {
      SCOPED_TRACE(toString(wire) + (sharded ? ", sharded" : ""));
      const Tensor<float> w =
          trainDistributed<float>(12, 7, false, DistriOptions().bucket(64).sharded(sharded).wireFormat(wire));
      // bf16 keeps 8 bits of mantissa: sums are rounded to ~0.4%, and 12 updates stay within a few percent.
      EXPECT_LE(maxRelativeDifference(w, reference), world()->size() == 1 ? 0.0 : 5e-2);
      expectSameOnEveryRank(w);
    }
  }
  EXPECT_THROW(DistriOptimizer<double>(makeModel<double>(), makeData<double>(),
                                       std::make_shared<ClassNLLCriterion<double>>(), 7, world(),
                                       DistriOptions().wireFormat(WireFormat::kBf16)),
               Error);
}

TEST(DistriOptimizer, BatchesSmallerThanTheWorldAndLargerThanTheDataSet) {
  for (int64_t batch : {1, 2, 64}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    const Tensor<double> reference = trainLocally<double>(5, batch, false);
    const Tensor<double> w = trainDistributed<double>(5, batch, false, DistriOptions().bucket(64));
    EXPECT_LE(maxRelativeDifference(w, reference), 1e-10);
  }
}

TEST(DistriOptimizer, ValidationIsSummedOverRanks) {
  ModulePtr<double> model = makeModel<double>();
  auto data = makeData<double>(23);
  std::vector<ValidationMethodPtr<double>> methods = {
      std::make_shared<Top1Accuracy<double>>(), std::make_shared<Top5Accuracy<double>>(),
      std::make_shared<Loss<double>>(std::make_shared<ClassNLLCriterion<double>>())};
  const auto local = Optimizer<double>::evaluate(*model, *data, methods, 4);
  const auto summed = DistriOptimizer<double>::evaluate(*model, *data, methods, 4, *world());
  ASSERT_EQ(summed.size(), local.size());
  for (size_t i = 0; i < local.size(); ++i) {
    EXPECT_EQ(summed[i].method, local[i].method);
    EXPECT_EQ(summed[i].count, 23);
    EXPECT_EQ(summed[i].isLoss, local[i].isLoss);
    EXPECT_NEAR(summed[i].total, local[i].total, 1e-9);
  }
}

// A directory every rank of this job sees (the ranks share a parent: mpirun's daemon).
struct SharedDir {
  std::string path;
  explicit SharedDir(const std::string& name)
      : path("/tmp/ringdl_distri_" + std::to_string(getppid()) + "_" + name) {
    if (world()->rank() == 0) {
      std::filesystem::remove_all(path);
      std::filesystem::create_directories(path);
    }
    world()->barrier();
  }
  ~SharedDir() {
    world()->barrier();
    if (world()->rank() == 0) std::filesystem::remove_all(path);
  }
};

TEST(DistriOptimizer, CheckpointsResumeOnAnyNumberOfRanks) {
  SharedDir dir("resume");
  for (bool sharded : {false, true}) {
    SCOPED_TRACE(sharded ? "sharded" : "not sharded");
    const Tensor<double> reference = trainLocally<double>(14, 7, false);
    // 9 iterations on this world, checkpointed after the 9th (the first of epoch 2).
    {
      ModulePtr<double> model = makeModel<double>();
      DistriOptimizer<double> opt(model, makeData<double>(), std::make_shared<ClassNLLCriterion<double>>(), 7,
                                  world(), DistriOptions().bucket(64).sharded(sharded));
      opt.setOptimMethod(makeMethod<double>(false))
          .setEndWhen(Trigger::maxIteration(9))
          .setCheckpoint(dir.path, Trigger::severalIteration(9), checkpointWriter<double>())
          .setLogOptions(quiet());
      opt.optimize();
    }
    world()->barrier();
    // Resumed alone (one rank, the local engine) for 5 more: the uninterrupted run's weights.
    Checkpoint<double> ckpt = loadCheckpoint<double>(checkpointPath(dir.path, 9));
    ASSERT_EQ(ckpt.optim->state().tensors.at("momentum").numel(), ckpt.model->getParameters().first.numel());
    {
      Optimizer<double> opt(ckpt.model, makeData<double>(), std::make_shared<ClassNLLCriterion<double>>(), 7);
      opt.setOptimMethod(ckpt.optim)
          .setEndWhen(Trigger::maxIteration(14))
          .setTrainingState(ckpt.state)
          .setLogOptions(quiet());
      opt.optimize();
      EXPECT_LE(maxRelativeDifference(ckpt.model->getParameters().first, reference), 1e-10);
    }
    // And the reverse: the same checkpoint resumed on this world.
    Checkpoint<double> again = loadCheckpoint<double>(checkpointPath(dir.path, 9));
    {
      DistriOptimizer<double> opt(again.model, makeData<double>(),
                                  std::make_shared<ClassNLLCriterion<double>>(), 7, world(),
                                  DistriOptions().bucket(0).sharded(!sharded));
      opt.setOptimMethod(again.optim)
          .setEndWhen(Trigger::maxIteration(14))
          .setTrainingState(again.state)
          .setLogOptions(quiet());
      opt.optimize();
      EXPECT_LE(maxRelativeDifference(again.model->getParameters().first, reference), 1e-10);
      // The method holds the whole state again after a sharded run.
      EXPECT_EQ(again.optim->state().tensors.at("momentum").numel(), reference.numel());
    }
    world()->barrier();
  }
}

// Every registered method, with options that give it state: N ranks train as one rank with the same global
// batch, sharded too where the method updates element by element (the rest refuse sharding, on every rank).
Attributes methodOptions(const std::string& type) {
  // Adam for the first Linear, SGD with momentum for the rest: the convolution and the last Linear, on either
  // side of it (packed into buffers of its own).
  if (type == "SubmoduleMethods")
    return Attributes()
        .set("paths", std::vector<std::string>{"3", ""})
        .set("methods", std::vector<std::string>{"Adam", "SGD"})
        .set("methods.0.learningRate", 0.01)
        .set("methods.1.learningRate", 0.1)
        .set("methods.1.momentum", 0.9);
  if (type == "LBFGS") return Attributes().set("learningRate", 0.5).set("maxIter", 3).set("nCorrection", 3);
  if (type == "LarsSGD") return Attributes().set("learningRate", 0.5).set("momentum", 0.9);
  if (type == "SGD") return Attributes().set("learningRate", 0.1).set("momentum", 0.9);
  if (type == "RMSprop") return Attributes().set("momentum", 0.5).set("centered", true);
  return Attributes().set("learningRate", type == "Adadelta" ? 1.0 : 0.01);
}

// Every update rule, and a method per submodule.
std::vector<std::string> everyMethodType() {
  std::vector<std::string> types = registeredOptimMethodTypes();
  types.push_back("SubmoduleMethods");
  return types;
}

template <typename T>
Tensor<T> trainWith(const std::string& type, int64_t iterations, const DistriOptions* options,
                    const std::string& checkpointDir = "", const Checkpoint<T>* resume = nullptr) {
  ModulePtr<T> model = resume ? resume->model : makeModel<T>();
  std::unique_ptr<Optimizer<T>> opt;
  if (options) {
    opt = std::make_unique<DistriOptimizer<T>>(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(),
                                               7, world(), *options);
  } else {
    opt = std::make_unique<Optimizer<T>>(model, makeData<T>(), std::make_shared<ClassNLLCriterion<T>>(), 7);
  }
  opt->setOptimMethod(resume ? resume->optim : createOptimMethod<T>(type, methodOptions(type)))
      .setEndWhen(Trigger::maxIteration(iterations))
      .setLogOptions(quiet());
  if (!checkpointDir.empty())
    opt->setCheckpoint(checkpointDir, Trigger::severalIteration(iterations), checkpointWriter<T>());
  if (resume) opt->setTrainingState(resume->state);
  opt->optimize();
  return model->getParameters().first.clone();
}

TEST(DistriOptimizer, EveryOptimMethodMatchesOneRank) {
  for (const std::string& type : everyMethodType()) {
    const bool elementwise =
        createOptimMethod<double>(type, methodOptions(type))->elementwiseProblem().empty();
    const Tensor<double> reference = trainWith<double>(type, 12, nullptr);
    for (bool sharded : {false, true}) {
      SCOPED_TRACE(type + (sharded ? ", sharded" : ""));
      const DistriOptions options = DistriOptions().bucket(64).sharded(sharded);
      if (sharded && !elementwise) {
        EXPECT_CONTAINS(test::errorOf([&] { trainWith<double>(type, 12, &options); }),
                        "shard_optimizer_state updates a slice of the parameters on each rank, but " + type);
        continue;
      }
      const Tensor<double> w = trainWith<double>(type, 12, &options);
      // Ranks sum gradients in another order; LBFGS's curvature pairs magnify that rounding.
      EXPECT_LE(maxRelativeDifference(w, reference), type == "LBFGS" ? 1e-7 : 1e-9);
      expectSameOnEveryRank(w);
    }
  }
}

TEST(DistriOptimizer, EveryOptimMethodResumesAcrossWorldSizes) {
  SharedDir dir("every_method");
  for (const std::string& type : everyMethodType()) {
    const bool elementwise =
        createOptimMethod<double>(type, methodOptions(type))->elementwiseProblem().empty();
    SCOPED_TRACE(type);
    const Tensor<double> reference = trainWith<double>(type, 14, nullptr);
    // 9 iterations on this world (sharded where the method allows), resumed alone for 5 more.
    const DistriOptions options = DistriOptions().bucket(64).sharded(elementwise);
    trainWith<double>(type, 9, &options, dir.path);
    world()->barrier();
    Checkpoint<double> ckpt = loadCheckpoint<double>(checkpointPath(dir.path, 9));
    const Tensor<double> resumed = trainWith<double>(type, 14, nullptr, "", &ckpt);
    EXPECT_LE(maxRelativeDifference(resumed, reference), type == "LBFGS" ? 1e-7 : 1e-10);
    world()->barrier();
  }
}

// Dropout on several ranks: each rank draws its own masks (the masks of one rank's records differ from
// another's, as within one large batch), and a run resumed from a checkpoint draws on every rank the masks of
// the uninterrupted run. The input is all ones, so Dropout's output is its mask.
TEST(DistriOptimizer, DropoutMasksDifferAcrossRanksAndResumeExactly) {
  const int rank = world()->rank(), size = world()->size();
  const int64_t batch = 4 * size;  // 4 records a rank
  auto makeDropoutModel = [] {
    Random::global().seed(11);
    auto m = std::make_shared<Sequential<double>>();
    m->emplace<Dropout<double>>(0.5).emplace<Linear<double>>(8, 3).emplace<LogSoftMax<double>>();
    return m;
  };
  auto data = [batch] {
    const int64_t n = 3 * batch;  // three whole batches: every part holds 4 records
    Tensor<double> x({n, 8}), y({n});
    x.fill(1.0);
    for (int64_t i = 0; i < n; ++i) y.data()[i] = static_cast<double>(i % 3);
    return std::make_shared<ArrayDataSet<double>>(x, y, /*seed=*/3);
  };
  // The last training mask of this rank after `iterations`, resuming from `resume` when given.
  SharedDir dir("dropout");
  auto lastMask = [&](int64_t iterations, const std::string& checkpointEvery, bool resume) {
    ModulePtr<double> model = makeDropoutModel();
    OptimMethodPtr<double> method = makeMethod<double>(false);
    TrainingState state;
    if (resume) {
      Checkpoint<double> ckpt = loadCheckpoint<double>(checkpointPath(dir.path, 2));
      model = ckpt.model;
      method = ckpt.optim;
      state = ckpt.state;
    }
    DistriOptimizer<double> opt(model, data(), std::make_shared<ClassNLLCriterion<double>>(), batch, world());
    opt.setOptimMethod(method).setEndWhen(Trigger::maxIteration(iterations)).setLogOptions(quiet());
    if (!checkpointEvery.empty())
      opt.setCheckpoint(dir.path, Trigger::severalIteration(2), checkpointWriter<double>());
    if (resume) opt.setTrainingState(state);
    opt.optimize();
    world()->barrier();
    return model->children()[0]->output().toTensor().contiguous();
  };
  const Tensor<double> uninterrupted = lastMask(3, "", false);
  ASSERT_EQ(uninterrupted.shape(), (Shape{4, 8}));
  // Every rank's mask, gathered: rank r's differs from every other rank's.
  Tensor<double> all({static_cast<int64_t>(size) * 32});
  all.zero();
  std::copy(uninterrupted.data(), uninterrupted.data() + 32, all.data() + rank * 32);
  world()->allGather(all);
  for (int a = 0; a < size; ++a)
    for (int b = a + 1; b < size; ++b)
      EXPECT_FALSE(std::equal(all.data() + a * 32, all.data() + (a + 1) * 32, all.data() + b * 32))
          << "ranks " << a << " and " << b << " drew the same dropout mask";
  // Two iterations with a checkpoint, then the third resumed from it: the same mask on every rank.
  lastMask(2, "every 2", false);
  const Tensor<double> resumed = lastMask(3, "", true);
  ASSERT_EQ(resumed.shape(), uninterrupted.shape());
  EXPECT_TRUE(std::equal(resumed.data(), resumed.data() + 32, uninterrupted.data())) << "rank " << rank;
}

TEST(DistriOptimizer, RanksThatDisagreeAllStopWithTheReason) {
  if (world()->size() == 1) GTEST_SKIP() << "needs two ranks";
  const int last = world()->size() - 1;
  ModulePtr<float> model = makeModel<float>(world()->rank() == last ? 7 : 6);
  DistriOptimizer<float> opt(model, makeData<float>(), std::make_shared<ClassNLLCriterion<float>>(), 7,
                             world(), DistriOptions().fingerprint("batch_size: 7\n"));
  opt.setEndWhen(Trigger::maxIteration(2)).setLogOptions(quiet());
  try {
    opt.optimize();
    ADD_FAILURE() << "ranks with different models trained together";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("disagree"), std::string::npos) << m;
    EXPECT_NE(m.find("rank " + std::to_string(last) + "'s model structure"), std::string::npos) << m;
    EXPECT_NE(m.find("parameter count"), std::string::npos) << m;
  }
  world()->barrier();
}

// A data set that stops answering on one rank: the others must fail within the communicator's timeout.
class StallingDataSet : public ArrayDataSet<float> {
 public:
  StallingDataSet(const ArrayDataSet<float>& base, bool stall)
      : ArrayDataSet<float>(base.features(), base.labels(), 3), stall_(stall) {}
  MiniBatch<float> nextBatchPart(int64_t batchSize, int rank, int world) override {
    if (stall_ && ++calls_ == 3) std::this_thread::sleep_for(std::chrono::seconds(4));
    return ArrayDataSet<float>::nextBatchPart(batchSize, rank, world);
  }

 private:
  bool stall_;
  int calls_ = 0;
};

TEST(DistriOptimizer, ARankThatStopsAnsweringIsNamedWithinTheTimeout) {
  if (world()->size() == 1) GTEST_SKIP() << "needs two ranks";
  const int stalled = world()->size() - 1;
  auto comm = std::make_shared<MpiCommunicator>(MpiOptions().timeout(1));
  auto data = std::make_shared<StallingDataSet>(*makeData<float>(), comm->rank() == stalled);
  DistriOptimizer<float> opt(makeModel<float>(), data, std::make_shared<ClassNLLCriterion<float>>(), 7, comm,
                             DistriOptions().bucket(64));
  opt.setEndWhen(Trigger::maxIteration(6)).setLogOptions(quiet());
  std::string error = "(no error)";
  try {
    opt.optimize();
  } catch (const Error& e) {
    error = e.what();
  }
  EXPECT_NE(error, "(no error)");
  if (comm->rank() == (stalled + 1) % comm->size()) {  // the stalled rank's right-hand neighbour waits on it
    EXPECT_NE(error.find("rank " + std::to_string(stalled)), std::string::npos) << error;
  }
  world()->barrier();
}

}  // namespace
}  // namespace ringdl

namespace ringdl {
namespace {

TEST(GradientReducer, BucketsWholeParametersFromTheEndAndOverlapWithMoreThanOneRank) {
  ModulePtr<float> model = makeModel<float>();
  auto [weights, grads] = model->getParameters();
  GradientReducerOptions o;
  o.bucketBytes = 64;  // 16 floats: the 10 x 5 weight of the last layer is a bucket of its own
  GradientReducer<float> reducer(*world(), *model, grads, o);
  const std::vector<Slice> buckets = reducer.buckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_EQ(buckets.front().end, grads.numel());  // reduced first: the end of the buffer
  EXPECT_EQ(buckets.back().begin, 0);
  for (size_t k = 1; k < buckets.size(); ++k) EXPECT_EQ(buckets[k].end, buckets[k - 1].begin);
  std::set<int64_t> starts;  // every bucket boundary is a parameter boundary
  for (const ParamRef<float>& p : model->parameters()) starts.insert(p.grad->data() - grads.data());
  for (const Slice& b : buckets) EXPECT_TRUE(starts.count(b.begin)) << b.begin;
  EXPECT_EQ(reducer.overlapping(), world()->size() > 1) << world()->describe();
  // One iteration without any backward (a rank with an empty part): finish() sums every bucket.
  grads.fill(1.0f);
  reducer.begin(0.5);
  reducer.finish();
  for (int64_t i = 0; i < grads.numel(); ++i)
    ASSERT_EQ(grads.data()[i], 0.5f * static_cast<float>(world()->size())) << i;
}

}  // namespace
}  // namespace ringdl
