// ringdl evaluate PATH: Top1/Top5/Loss of a saved model or checkpoint on a labelled IDX data set.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "common.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/io/model_io.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/tensor/math.h"
#include "subcommands.h"

namespace ringdl::tools {

namespace {
/// Loads a model from a checkpoint directory, a checkpoint file or a model file; fills config from the
/// checkpoint's saved run config when there is one.
ModulePtr<float> loadAny(const std::string& path, RunConfig& config) {
  std::string file = path;
  if (std::filesystem::is_directory(path)) file = latestCheckpoint(path);
  const std::string name = std::filesystem::path(file).filename().string();
  if (name.rfind("checkpoint.", 0) == 0) {
    Checkpoint<float> ckpt = loadCheckpoint<float>(file);
    if (!ckpt.runConfig.empty()) config.loadYaml(ckpt.runConfig, file + " (saved config)");
    return ckpt.model;
  }
  return loadModel<float>(file);
}
}  // namespace

void addDataOptions(CLI::App& cmd, DataArgs& a, bool withLabels) {
  cmd.add_option("model", a.path, "model file, checkpoint file, or checkpoint directory (latest)")
      ->required();
  cmd.add_option("--images", a.images,
                 "IDX images [default: the run's test_images, else Fashion-MNIST test]");
  if (withLabels)
    cmd.add_option("--labels", a.labels, "IDX labels, 0-based [default: the run's test_labels]");
  cmd.add_option("--normalize", a.normalize, "none or MEAN,STD [default: the run's normalisation]");
  cmd.add_option("--batch_size", a.batchSize, "records per forward pass [default: the run's batch_size]");
  cmd.add_option("--threads", a.threads, "BLAS threads (0: default)");
  cmd.allow_extras();
}

/// Applies the shared options over the saved (or default) config.
ModulePtr<float> prepare(const DataArgs& a, RunConfig& config) {
  setNumThreads(a.threads);
  ModulePtr<float> model = loadAny(a.path, config);
  if (!a.images.empty()) config.set("test_images", a.images, "--images");
  if (!a.labels.empty()) config.set("test_labels", a.labels, "--labels");
  if (!a.normalize.empty()) config.set("normalize", a.normalize, "--normalize");
  if (a.batchSize > 0) config.set("batch_size", std::to_string(a.batchSize), "--batch_size");
  RINGDL_CHECK(config.str("normalize") != "auto",
               "this model file carries no normalisation; pass --normalize=none or --normalize=MEAN,STD (the "
               "training run prints the values it used)");
  model->evaluate();
  return model;
}

Runner setupEvaluate(CLI::App& cmd) {
  auto a = std::make_shared<DataArgs>();
  addDataOptions(cmd, *a, true);
  return [a]() -> int {
    RunConfig config;
    ModulePtr<float> model = prepare(*a, config);
    LabeledData<float> data =
        loadNormalized(config.str("test_images"), config.str("test_labels"), config, false);
    ArrayDataSet<float> set(data);
    const auto results =
        Optimizer<float>::evaluate(*model, set, makeValidationMethods(config), config.integer("batch_size"));
    for (const ValidationResult& r : results) std::cout << r.method << " is " << r.toString() << "\n";
    return 0;
  };
}

}  // namespace ringdl::tools
