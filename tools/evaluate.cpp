// ringdl evaluate PATH: Top1/Top5/Loss of a saved model or checkpoint on a labelled data set of any format
// ringdl train reads (the run's test set by default).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "common.h"
#include "ringdl/dist/local_communicator.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/io/model_io.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/tensor/math.h"
#include "ringdl/util/error.h"
#include "subcommands.h"
#include "train_data.h"

namespace ringdl::tools {

ModelFile<float> loadAny(const std::string& path, RunConfig& config) {
  std::string file = path;
  if (std::filesystem::is_directory(path)) file = latestCheckpoint(path);
  const std::string name = std::filesystem::path(file).filename().string();
  ModelFile<float> loaded;
  if (name.rfind("checkpoint.", 0) == 0) {
    Checkpoint<float> ckpt = loadCheckpoint<float>(file);
    loaded.model = ckpt.model;
    loaded.metadata.runConfig = ckpt.runConfig;
  } else {
    loaded = loadModelFile<float>(file);
  }
  if (!loaded.metadata.runConfig.empty())
    config.loadYaml(loaded.metadata.runConfig, file + " (saved config)");
  return loaded;
}

namespace {
const char* const kDataHint = " (ringdl evaluate/predict: --data SPEC, or --test_data)";
}  // namespace

void addDataOptions(CLI::App& cmd, DataArgs& a, bool withLabels) {
  cmd.add_option("model", a.path, "model file, checkpoint file, or checkpoint directory (latest)")
      ->required();
  cmd.add_option(
      "--data", a.data,
      "the records to read, in --format (or the run's test_format): shard spec, HDF5 file or image "
      "folder [default: the run's test_data]");
  cmd.add_option(
      "--format", a.format,
      "format of --data: idx, sequencefile, tfrecord, csv, tsv, libsvm, cifar10, hdf5 or imagefolder "
      "[default: the run's test_format]");
  cmd.add_option("--images", a.images,
                 "IDX images; selects format idx [default: the run's test_images, else Fashion-MNIST test]");
  if (withLabels)
    cmd.add_option("--labels", a.labels, "IDX labels, 0-based [default: the run's test_labels]");
  cmd.add_option("--normalize", a.normalize, "none or MEAN,STD [default: the run's normalisation]");
  cmd.add_option("--batch_size", a.batchSize, "records per forward pass [default: the run's batch_size]");
  cmd.add_option("--threads", a.threads, "BLAS threads (0: default)");
  // The other keys of the run's config that evaluate (predict) reads, as in ringdl train: the validation
  // set's (test_data, the decoding keys such as label_column, test_transforms, ...).
  addConfigOptions(cmd, a.overrides, {"normalize", "batch_size", "threads"});
  cmd.allow_extras();
}

/// Applies the shared options over the saved (or default) config: the config keys first, then the options
/// named after what they do (--data, --format, --images, ...), which win.
ModelFile<float> prepare(const CLI::App& cmd, const DataArgs& a, RunConfig& config) {
  setNumThreads(a.threads);
  ModelFile<float> loaded = loadAny(a.path, config);
  applyConfigOptions(cmd, a.overrides, config);
  if (!a.format.empty()) {
    RINGDL_CHECK(a.format != "same",
                 "--format must name a format (idx, sequencefile, tfrecord, csv, tsv, libsvm, "
                 "cifar10, hdf5 or imagefolder), not 'same'");
    config.set("test_format", a.format, "--format");
  }
  if (!a.data.empty()) config.set("test_data", a.data, "--data");
  if (!a.images.empty() || !a.labels.empty()) {
    RINGDL_CHECK(a.format.empty() || a.format == "idx",
                 "--images and --labels are IDX files, but --format is ", a.format,
                 "; give the records with --data");
    config.set("test_format", "idx", a.images.empty() ? "--labels" : "--images");
  }
  if (!a.images.empty()) config.set("test_images", a.images, "--images");
  if (!a.labels.empty()) config.set("test_labels", a.labels, "--labels");
  const std::string testFormat =
      config.str("test_format") == "same" ? config.str("train_format") : config.str("test_format");
  RINGDL_CHECK(
      a.data.empty() || testFormat != "idx",
      "--data gives the records of a shard set, HDF5 file or image folder, but the format is idx (IDX "
      "files are --images and --labels); give --format (sequencefile, tfrecord, csv, tsv, libsvm, "
      "cifar10, hdf5 or imagefolder)");
  if (!a.normalize.empty()) config.set("normalize", a.normalize, "--normalize");
  if (a.batchSize > 0) config.set("batch_size", std::to_string(a.batchSize), "--batch_size");
  // A normalize step in the validation transforms normalises the images itself.
  resolveTransformNormalize(config, /*training=*/false);
  // Files written by ringdl train carry the run's resolved normalisation; a file without a run config (saved
  // by an older RingDL, or by saveModel without metadata) says nothing of how its inputs were prepared.
  RINGDL_CHECK(
      config.str("normalize") != "auto", a.path,
      loaded.metadata.runConfig.empty()
          ? " holds no run config (it was saved by an older RingDL, or by saveModel without metadata), "
            "so the normalisation it was trained with is unknown"
          : "'s run config has normalize: auto",
      ": pass --normalize=MEAN,STD (the training run printed the values it used) or --normalize=none");
  loaded.model->evaluate();
  return loaded;
}

DescribedDataSet loadData(RunConfig& config, const ModelFile<float>& model, bool labels, bool names) {
  LocalCommunicator comm;
  TestDataOptions options;
  options.labels = labels;
  options.recordNames = names;
  options.dataHint = kDataHint;
  // A labelled folder's labels are its classes' places in the sorted list: they must be the training classes.
  if (labels) options.trainClasses = model.metadata.classNames;
  DescribedDataSet data = loadTestData(config, comm, options);
  checkModelInput(*model.model, data.record);
  return data;
}

Runner setupEvaluate(CLI::App& cmd) {
  auto a = std::make_shared<DataArgs>();
  addDataOptions(cmd, *a, true);
  return [a, &cmd]() -> int {
    RunConfig config;
    const ModelFile<float> model = prepare(cmd, *a, config);
    const DescribedDataSet data = loadData(config, model, /*labels=*/true, /*names=*/false);
    std::cout << "Evaluating on " << data.set->size() << " records (" << data.describe << ")\n";
    const auto results = Optimizer<float>::evaluate(*model.model, *data.set, makeValidationMethods(config),
                                                    config.integer("batch_size"));
    for (const ValidationResult& r : results) std::cout << r.method << " is " << r.toString() << "\n";
    return 0;
  };
}

}  // namespace ringdl::tools
