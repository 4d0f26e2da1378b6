// ringdl: the command-line tool. One table of subcommands; errors become one line on stderr and exit code 1.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/util/error.h"
#include "subcommands.h"
#include "suggest.h"

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
    {"generate", "Sample text token by token from a saved language model (ringdl generate MODEL --prime TEXT)",
     ringdl::tools::setupGenerate},
    {"model", "Describe a model: a table of its layers, output shapes and parameters (model summary)",
     ringdl::tools::setupModel},
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
  // An unknown subcommand (CLI11 would only say that the argument was not expected) is named with the known
  // ones, and "did you mean" when one is spelt closely; for ringdl data's subcommands too.
  const CLI::App* at = &app;
  for (int i = 1; i < argc && argv[i][0] != '-' && !at->get_subcommands({}).empty(); ++i) {
    std::vector<std::string> names;
    for (const CLI::App* sub : at->get_subcommands({})) names.push_back(sub->get_name());
    const auto it = std::find(names.begin(), names.end(), argv[i]);
    if (it != names.end()) {
      at = at->get_subcommand(*it);
      continue;
    }
    const std::string path = at == &app ? "ringdl" : "ringdl " + at->get_name();
    const std::string close = ringdl::tools::closeMatch(argv[i], names);
    std::string list;
    for (size_t k = 0; k < names.size(); ++k)
      list += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
    return fail("unknown subcommand '" + std::string(argv[i]) + "' of '" + path + "'" +
                (close.empty() ? "" : "; did you mean '" + close + "'?") + " (the subcommands are " + list +
                "; see " + path + " --help)");
  }
  // "--key=" sets key to the empty string: CLI11 drops an empty value after '=' and would take the next
  // argument as the value instead, so it gets "--key" and "" (reversed, as CLI11 reads them).
  std::vector<std::string> args;
  for (int i = argc - 1; i > 0; --i) {
    const std::string arg = argv[i];
    if (arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.find('=') == arg.size() - 1) {
      args.emplace_back();
      args.push_back(arg.substr(0, arg.size() - 1));
    } else {
      args.push_back(arg);
    }
  }
  try {
    app.parse(std::move(args));
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
