// Checkpoints: optimizer state round trips (SGD momentum, Adam moments), bit-identical resume, refusal of
// corrupt / truncated / foreign files, latestCheckpoint, and atomic writes that leave no temp files.
#include "ringdl/io/checkpoint.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>

#include "io/io_test_util.h"
#include "ringdl/io/file_format.h"
#include "ringdl/io/model_io.h"
#include "ringdl/nn.h"
#include "ringdl/optim/adam.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

namespace fs = std::filesystem;
using test::bitEqual;
using test::errorOf;
using test::ScratchDir;

std::shared_ptr<Sequential<float>> makeModel() {
  auto seq = std::make_shared<Sequential<float>>();
  seq->emplace<Linear<float>>(6, 8).emplace<ReLU<float>>().emplace<Linear<float>>(8, 2);
  return seq;
}

// One training iteration on a batch drawn from Random::global() (so the RNG stream is part of the state to
// restore): loss 0.5 * |y - target|^2, gradient y - target.
template <typename T>
void trainStep(Module<T>& model, OptimMethod<T>& optim, TrainingState& state) {
  auto [weights, grads] = model.getParameters();
  Tensor<T> x({4, 6}), target({4, 2});
  Random::global().fillNormal(x, 0.0, 1.0);
  Random::global().fillNormal(target, 0.0, 1.0);
  model.zeroGradParameters();
  const Tensor<T> y = model.forward(x).toTensor();
  Tensor<T> gradOut = y.clone();
  axpy(T(-1), target, gradOut);
  model.backward(x, gradOut);
  optim.update(weights, grads);
  state.iteration += 1;
  state.recordsInEpoch += 4;
  state.loss = 0.5 * static_cast<double>(dot(gradOut, gradOut));
}

TrainingState sampleState() {
  TrainingState s;
  s.epoch = 3;
  s.iteration = 40;
  s.recordsInEpoch = 1234;
  s.epochEnded = true;
  s.loss = 0.125;
  s.score = std::numeric_limits<double>::quiet_NaN();
  s.wallClockSeconds = 98.5;
  s.rngState = Random::global().state();
  s.dataState = "shuffle-seed=9 position=1234";
  s.lastValidation = {{"Top1Accuracy", 0.875}, {"Loss", 0.3}};
  s.recordShape = {1, 28, 28};
  return s;
}

void expectSameState(const TrainingState& a, const TrainingState& b) {
  EXPECT_EQ(a.epoch, b.epoch);
  EXPECT_EQ(a.iteration, b.iteration);
  EXPECT_EQ(a.recordsInEpoch, b.recordsInEpoch);
  EXPECT_EQ(a.epochEnded, b.epochEnded);
  EXPECT_EQ(std::isnan(a.loss), std::isnan(b.loss));
  if (!std::isnan(a.loss)) EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(std::isnan(a.score), std::isnan(b.score));
  if (!std::isnan(a.score)) EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.wallClockSeconds, b.wallClockSeconds);
  EXPECT_EQ(a.rngState, b.rngState);
  EXPECT_EQ(a.dataState, b.dataState);
  EXPECT_EQ(a.lastValidation, b.lastValidation);
  EXPECT_EQ(a.recordShape, b.recordShape);
}

template <typename T>
void expectSameOptimizer(const OptimMethod<T>& a, const OptimMethod<T>& b) {
  EXPECT_EQ(a.typeName(), b.typeName());
  EXPECT_TRUE(a.config() == b.config());
  EXPECT_EQ(a.state().step, b.state().step);
  ASSERT_EQ(a.state().tensors.size(), b.state().tensors.size());
  for (const auto& [name, tensor] : a.state().tensors) {
    auto it = b.state().tensors.find(name);
    ASSERT_NE(it, b.state().tensors.end()) << name;
    EXPECT_TRUE(bitEqual(tensor, it->second)) << "optimizer state '" << name << "' differs";
  }
}

// Saves a small trained checkpoint and returns its path.
std::string writeSample(const ScratchDir& dir, int64_t iteration = 40) {
  auto model = makeModel();
  SGD<float> sgd(SGDOptions().lr(0.1).withMomentum(0.9));
  TrainingState state;
  trainStep(*model, sgd, state);
  const std::string path = checkpointPath(dir.str(), iteration);
  saveCheckpoint(path, *model, sgd, sampleState());
  return path;
}

TEST(Checkpoint, PathNamesIteration) {
  EXPECT_EQ(checkpointPath("/runs/a", 40), "/runs/a/checkpoint.40.ringdl");
  EXPECT_EQ(checkpointPath("/runs/a/", 0), "/runs/a/checkpoint.0.ringdl");
  EXPECT_NE(errorOf([] { checkpointPath("/x", -1); }).find("-1"), std::string::npos);
}

TEST(Checkpoint, SgdMomentumRoundTrip) {
  ScratchDir dir;
  Random::global().seed(11);
  auto model = makeModel();
  SGD<float> sgd(SGDOptions().lr(0.05).withMomentum(0.9).decay(1e-4).withNesterov(true));
  TrainingState state;
  for (int i = 0; i < 3; ++i) trainStep(*model, sgd, state);
  ASSERT_EQ(sgd.state().tensors.count("momentum"), 1u);
  const TrainingState saved = sampleState();
  const std::string path = checkpointPath(dir.str(), saved.iteration);
  saveCheckpoint(path, *model, sgd, saved, "model: mlp\nbatchSize: 4\n");

  Checkpoint<float> c = loadCheckpoint<float>(path);
  test::expectSameParameters<float>(*model, *c.model);
  ASSERT_NE(c.optim, nullptr);
  expectSameOptimizer<float>(sgd, *c.optim);
  expectSameState(saved, c.state);
  EXPECT_EQ(c.runConfig, "model: mlp\nbatchSize: 4\n");
}

TEST(Checkpoint, AdamMomentsRoundTrip) {
  ScratchDir dir;
  Random::global().seed(12);
  auto model = makeModel();
  Adam<float> adam(AdamOptions().lr(0.01).betas(0.8, 0.99).eps(1e-7));
  TrainingState state;
  for (int i = 0; i < 4; ++i) trainStep(*model, adam, state);
  ASSERT_EQ(adam.state().tensors.count("m"), 1u);
  ASSERT_EQ(adam.state().tensors.count("v"), 1u);
  const std::string path = checkpointPath(dir.str(), state.iteration);
  saveCheckpoint(path, *model, adam, state);

  Checkpoint<float> c = loadCheckpoint<float>(path);
  test::expectSameParameters<float>(*model, *c.model);
  expectSameOptimizer<float>(adam, *c.optim);
  expectSameState(state, c.state);
  EXPECT_EQ(c.runConfig, "");
}

// The property checkpoints exist for: stop after k iterations, reload, continue; the weights must be
// bit-identical to a run that never stopped. Covers weights, optimizer moments and step, and the RNG stream.
template <typename MakeOptim>
void expectBitIdenticalResume(MakeOptim makeOptim) {
  ScratchDir dir;
  const int total = 8, stopAt = 3;

  Random::global().seed(2024);
  auto reference = makeModel();
  auto refOptim = makeOptim();
  TrainingState refState;
  for (int i = 0; i < total; ++i) trainStep(*reference, *refOptim, refState);

  Random::global().seed(2024);
  auto model = makeModel();
  auto optim = makeOptim();
  TrainingState state;
  for (int i = 0; i < stopAt; ++i) trainStep(*model, *optim, state);
  state.rngState = Random::global().state();
  saveCheckpoint(checkpointPath(dir.str(), state.iteration), *model, *optim, state);

  Random::global().seed(999);  // a fresh process: nothing carries over but the file
  Checkpoint<float> c = loadCheckpoint<float>(latestCheckpoint(dir.str()));
  Random::global().setState(c.state.rngState);
  for (int i = stopAt; i < total; ++i) trainStep(*c.model, *c.optim, c.state);

  EXPECT_EQ(c.state.iteration, refState.iteration);
  EXPECT_EQ(c.state.loss, refState.loss);
  test::expectSameParameters<float>(*reference, *c.model);
  expectSameOptimizer<float>(*refOptim, *c.optim);
}

TEST(Checkpoint, ResumeWithSgdMomentumIsBitIdentical) {
  expectBitIdenticalResume(
      [] { return std::make_shared<SGD<float>>(SGDOptions().lr(0.05).withMomentum(0.9)); });
}

TEST(Checkpoint, ResumeWithAdamIsBitIdentical) {
  expectBitIdenticalResume([] { return std::make_shared<Adam<float>>(AdamOptions().lr(0.01)); });
}

TEST(Checkpoint, FloatCheckpointLoadsAsDouble) {
  ScratchDir dir;
  auto model = makeModel();
  Adam<float> adam;
  TrainingState state;
  trainStep(*model, adam, state);
  const std::string path = checkpointPath(dir.str(), 1);
  saveCheckpoint(path, *model, adam, state);
  Checkpoint<double> c = loadCheckpoint<double>(path);
  const Tensor<double>& m = c.optim->state().tensors.at("m");
  EXPECT_TRUE(bitEqual(m.to<float>(), adam.state().tensors.at("m")));
  EXPECT_EQ(c.optim->state().step, adam.state().step);
  EXPECT_TRUE(bitEqual(c.model->parameters()[0].weight->to<float>(), *model->parameters()[0].weight));
}

TEST(Checkpoint, LoadModelReadsTheModelOfACheckpoint) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  ModulePtr<float> model = loadModel<float>(path);
  EXPECT_EQ(model->typeName(), "Sequential");
  EXPECT_EQ(model->parameters().size(), 4u);
}

TEST(Checkpoint, ModelFileIsNotACheckpoint) {
  ScratchDir dir;
  auto model = makeModel();
  const std::string path = dir.file("model.ringdl");
  saveModel(path, *model);
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("model file, not a checkpoint"), std::string::npos) << msg;
}

TEST(Checkpoint, LoadingLeavesGlobalRandomUntouched) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  Random::global().seed(5);
  const std::string before = Random::global().state();
  loadCheckpoint<float>(path);
  EXPECT_EQ(Random::global().state(), before);
}

// ---- refusing damaged files ----

TEST(Checkpoint, FlippedPayloadByteIsAChecksumMismatch) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  std::string bytes = test::readBytes(path);
  bytes[kFileHeaderSize + (bytes.size() - kFileHeaderSize) / 2] ^= 0x01;
  test::writeBytes(path, bytes);
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find("checkpoint " + path), std::string::npos) << msg;
  EXPECT_NE(msg.find("checksum mismatch"), std::string::npos) << msg;
}

TEST(Checkpoint, TruncatedFileIsRefusedWithBothLengths) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  const std::string bytes = test::readBytes(path);
  const size_t payload = bytes.size() - kFileHeaderSize;
  test::writeBytes(path, bytes.substr(0, kFileHeaderSize + 100));
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find("checkpoint " + path + " is truncated"), std::string::npos) << msg;
  EXPECT_NE(msg.find("header says " + std::to_string(payload) + " bytes of payload, file has 100"),
            std::string::npos)
      << msg;
}

TEST(Checkpoint, FileShorterThanTheHeaderIsTruncated) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  test::writeBytes(path, test::readBytes(path).substr(0, 10));
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path + " is truncated"), std::string::npos) << msg;
}

TEST(Checkpoint, TrailingBytesAreRefused) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  test::writeBytes(path, test::readBytes(path) + "junk");
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("4 trailing bytes"), std::string::npos) << msg;
}

TEST(Checkpoint, WrongMagicIsRefused) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  std::string bytes = test::readBytes(path);
  bytes.replace(0, 8, "PK\x03\x04zipf");
  test::writeBytes(path, bytes);
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path + " is not a RingDL file"), std::string::npos) << msg;
}

TEST(Checkpoint, EmptyFileIsRefused) {
  ScratchDir dir;
  const std::string path = checkpointPath(dir.str(), 7);
  test::writeBytes(path, "");
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path + " is empty"), std::string::npos) << msg;
}

TEST(Checkpoint, NewerFormatVersionIsRefused) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  std::string bytes = test::readBytes(path);
  bytes[kFileVersionOffset] = static_cast<char>(kFileFormatVersion + 1);
  test::writeBytes(path, bytes);
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("newer RingDL"), std::string::npos) << msg;
}

TEST(Checkpoint, GarbagePayloadWithValidChecksumIsRefused) {
  ScratchDir dir;
  const std::string path = writeSample(dir);
  std::string bytes = test::readBytes(path).substr(0, kFileHeaderSize) + std::string(64, '\xff');
  for (int i = 0; i < 8; ++i) bytes[kFileLengthOffset + i] = static_cast<char>(i == 0 ? 64 : 0);
  test::fixCrc(bytes);
  test::writeBytes(path, bytes);
  const std::string msg = errorOf([&] { loadCheckpoint<float>(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a valid"), std::string::npos) << msg;
}

TEST(Checkpoint, MissingFileIsRefused) {
  const std::string msg = errorOf([] { loadCheckpoint<float>("/nonexistent/checkpoint.1.ringdl"); });
  EXPECT_NE(msg.find("/nonexistent/checkpoint.1.ringdl"), std::string::npos) << msg;
}

// ---- finding the latest checkpoint ----

TEST(Checkpoint, LatestPicksHighestIterationAndIgnoresOthers) {
  ScratchDir dir;
  for (int64_t it : {5, 40, 100}) test::writeBytes(checkpointPath(dir.str(), it), "x");
  // Leftovers and strangers: temp files of an interrupted write, other names, a padded number, a directory.
  test::writeBytes(dir.file(".checkpoint.900.ringdl.tmp-123-0"), "x");
  test::writeBytes(dir.file("checkpoint.800.ringdl.tmp"), "x");
  test::writeBytes(dir.file("checkpoint.abc.ringdl"), "x");
  test::writeBytes(dir.file("checkpoint.-7.ringdl"), "x");
  test::writeBytes(dir.file("checkpoint.0700.ringdl"), "x");
  test::writeBytes(dir.file("model.ringdl"), "x");
  test::writeBytes(dir.file("checkpoint.600.ringdl.bak"), "x");
  fs::create_directory(dir.file("checkpoint.500.ringdl"));

  // Numeric, not lexicographic: 100 beats 40 and 5.
  EXPECT_EQ(latestCheckpoint(dir.str()), checkpointPath(dir.str(), 100));
  const auto all = listCheckpoints(dir.str());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, 5);
  EXPECT_EQ(all[1].first, 40);
  EXPECT_EQ(all[2].first, 100);
}

TEST(Checkpoint, LatestInDirectoryWithoutCheckpointsNamesTheDirectory) {
  ScratchDir dir;
  test::writeBytes(dir.file(".checkpoint.3.ringdl.tmp-1-0"), "x");
  const std::string msg = errorOf([&] { latestCheckpoint(dir.str()); });
  EXPECT_NE(msg.find(dir.str()), std::string::npos) << msg;
  EXPECT_NE(msg.find("no checkpoint"), std::string::npos) << msg;
}

TEST(Checkpoint, LatestInMissingDirectoryIsAnError) {
  const std::string msg = errorOf([] { latestCheckpoint("/nonexistent/run"); });
  EXPECT_NE(msg.find("/nonexistent/run"), std::string::npos) << msg;
}

// ---- atomic writes ----

TEST(Checkpoint, WritesLeaveNoTempFilesBehind) {
  ScratchDir dir;
  auto model = makeModel();
  SGD<float> sgd(SGDOptions().withMomentum(0.5));
  TrainingState state;
  for (int64_t it = 1; it <= 3; ++it) {
    trainStep(*model, sgd, state);
    saveCheckpoint(checkpointPath(dir.str(), it), *model, sgd, state);
  }
  saveCheckpoint(checkpointPath(dir.str(), 3), *model, sgd, state);  // overwrite in place
  saveModel(dir.file("final.ringdl"), *model);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"checkpoint.1.ringdl", "checkpoint.2.ringdl",
                                                     "checkpoint.3.ringdl", "final.ringdl"}));
}

TEST(Checkpoint, OverwriteReplacesTheWholeFile) {
  ScratchDir dir;
  const std::string path = checkpointPath(dir.str(), 9);
  test::writeBytes(path, std::string(1 << 20, 'z'));  // a larger stale file: no tail may survive
  auto model = makeModel();
  SGD<float> sgd;
  saveCheckpoint(path, *model, sgd, sampleState());
  EXPECT_NO_THROW(loadCheckpoint<float>(path));
  EXPECT_LT(fs::file_size(path), size_t{1} << 20);
}

TEST(Checkpoint, FailedWriteLeavesNoTempFileAndNamesThePath) {
  ScratchDir dir;
  // The target is a directory, so the final rename fails after the temp file was written.
  const std::string path = checkpointPath(dir.str(), 4);
  fs::create_directory(path);
  auto model = makeModel();
  SGD<float> sgd;
  const std::string msg = errorOf([&] { saveCheckpoint(path, *model, sgd, TrainingState()); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"checkpoint.4.ringdl"}));
}

// ---- the writer Optimizer::setCheckpoint takes ----

TEST(Checkpoint, WriterCreatesDirectoryAndNamesFilesByIteration) {
  ScratchDir dir;
  const std::string sub = dir.file("run1/checkpoints");
  auto write = checkpointWriter<float>("epochs: 3\n");
  auto model = makeModel();
  SGD<float> sgd;
  TrainingState state;
  state.iteration = 12;
  write(sub, *model, sgd, state);
  EXPECT_EQ(latestCheckpoint(sub), checkpointPath(sub, 12));
  EXPECT_EQ(loadCheckpoint<float>(checkpointPath(sub, 12)).runConfig, "epochs: 3\n");
}

TEST(Checkpoint, WriterKeepsOnlyTheNewest) {
  ScratchDir dir;
  auto write = checkpointWriter<float>("", /*keepLast=*/2);
  auto model = makeModel();
  SGD<float> sgd;
  TrainingState state;
  for (int64_t it : {10, 20, 30, 40}) {
    state.iteration = it;
    write(dir.str(), *model, sgd, state);
  }
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"checkpoint.30.ringdl", "checkpoint.40.ringdl"}));
}

}  // namespace
}  // namespace ringdl
