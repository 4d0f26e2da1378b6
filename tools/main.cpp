// ringdl: the command-line tool. One table of subcommands; errors become one line on stderr and exit code 1.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <string>

#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/util/error.h"
#include "subcommands.h"

namespace {
struct Subcommand {
  const char* name;
  const char* help;
  ringdl::tools::Runner (*setup)(CLI::App&);
};

// Alphabetical.
const Subcommand kSubcommands[] = {
    {"data",
     "Shard sets: convert IDX or shards to SequenceFile/TFRecord shards (data convert), describe them "
     "(data inspect)",
     ringdl::tools::setupData},
    {"evaluate", "Evaluate a saved model or checkpoint on a labelled data set (Top1, Top5, Loss)",
     ringdl::tools::setupEvaluate},
    {"predict", "Write the predicted class of every image to a CSV file", ringdl::tools::setupPredict},
    {"train", "Train a model from a config file; any config key can be overridden as --key=value",
     ringdl::tools::setupTrain},
};
// One line on stderr and exit code 1. In a run of several ranks every rank is ended at once: the others
// would otherwise wait for this one in their next collective until the timeout.
int fail(const std::string& message) {
  std::cout.flush();
  ringdl::abortAllRanks(message, 1);
  std::cerr << "ringdl: error: " << message << std::endl;
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"RingDL: data-parallel deep-learning training for CPU clusters", "ringdl"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ringdl 0.1.0");
  std::map<std::string, ringdl::tools::Runner> runners;
  for (const Subcommand& s : kSubcommands) {
    CLI::App* sub = app.add_subcommand(s.name, s.help);
    runners[s.name] = s.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    for (const Subcommand& s : kSubcommands) {
      CLI::App* sub = app.get_subcommand(s.name);
      if (sub->parsed()) {
        ringdl::tools::rejectExtras(*sub);
        return runners[s.name]();
      }
    }
  } catch (const ringdl::Error& e) {
    return fail(e.message());
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 1;
}
