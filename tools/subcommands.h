// The ringdl subcommands. Each file tools/<name>.cpp defines one setup function that declares the options
// on its CLI11 subcommand and returns the function that runs it; main.cpp lists them in one table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ringdl/nn/module.h"

namespace CLI {
class App;
}

namespace ringdl::tools {

using Runner = std::function<int()>;

Runner setupData(CLI::App& command);
Runner setupTrain(CLI::App& command);
Runner setupEvaluate(CLI::App& command);
Runner setupPredict(CLI::App& command);

class RunConfig;

/// Options shared by evaluate and predict (defined in evaluate.cpp).
struct DataArgs {
  std::string path, images, labels, normalize;
  int64_t batchSize = 0;
  int threads = 0;
};
void addDataOptions(CLI::App& command, DataArgs& args, bool withLabels);
/// Loads the model named by args.path and applies args over its saved (or the default) config.
ModulePtr<float> prepare(const DataArgs& args, RunConfig& config);

/// Rejects arguments CLI11 did not recognise, suggesting the closest known option (config keys for train).
void rejectExtras(const CLI::App& command);

}  // namespace ringdl::tools
