// The ringdl subcommands. Each file tools/<name>.cpp defines one setup function that declares the options
// on its CLI11 subcommand and returns the function that runs it; main.cpp lists them in one table.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "ringdl/io/model_io.h"
#include "ringdl/nn/module.h"

namespace CLI {
class App;
}

namespace ringdl::tools {

using Runner = std::function<int()>;

Runner setupData(CLI::App& command);
Runner setupTrain(CLI::App& command);
Runner setupEvaluate(CLI::App& command);
Runner setupModel(CLI::App& command);
Runner setupPredict(CLI::App& command);
Runner setupGenerate(CLI::App& command);

class RunConfig;

/// Loads a model from a checkpoint directory (its newest checkpoint), a checkpoint file or a model file, and
/// fills config from the run config saved with it when there is one (defined in evaluate.cpp).
ModelFile<float> loadAny(const std::string& path, RunConfig& config);

/// Options shared by evaluate and predict (defined in evaluate.cpp).
struct DataArgs {
  std::string path, images, labels, normalize;
  std::string data, format;  ///< --data SPEC (test_data) and --format F (test_format)
  int64_t batchSize = 0;
  int threads = 0;
  std::map<std::string, std::string> overrides;  ///< --KEY=VALUE config overrides
};
struct DescribedDataSet;
/// Declares the model argument, --data, --format, --images, (--labels), --normalize, --batch_size, --threads
/// and every other config key the subcommand reads as --KEY=VALUE (ConfigField::readBy).
void addDataOptions(CLI::App& command, DataArgs& args, bool withLabels);
/// Loads the model named by args.path (in evaluation mode) and applies the options given on `command` over
/// the run config saved with it (or the default config).
ModelFile<float> prepare(const CLI::App& command, const DataArgs& args, RunConfig& config);
/// The data set evaluate and predict read: the config's validation set (loadTestData, one rank), with labels
/// (a labelled image folder must then have the model's class names, when it has some) or without (IDX: the
/// images alone; image folders: also a folder of unlabelled images), and (names) an image folder's file names
/// in the order of its records. Records the model cannot take are refused (checkModelInput).
DescribedDataSet loadData(RunConfig& config, const ModelFile<float>& model, bool labels, bool names);

/// Rejects arguments CLI11 did not recognise: a config key the subcommand does not read says so, a mistyped
/// option gets "did you mean" when one is spelt closely, else the options of the nearest section
/// (tools/suggest.h).
void rejectExtras(const CLI::App& command);

}  // namespace ringdl::tools
