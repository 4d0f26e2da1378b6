// ringdl train CONFIG [--key=value ...] [--resume DIR]: trains a zoo model on IDX data or shard files, with
// the local engine, or with the distributed one when launched as several ranks (mpirun, srun).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>
#include <vector>

#include "common.h"
#include "ringdl/dist/distri_optimizer.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/io/model_io.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"
#include "subcommands.h"
#include "suggest.h"
#include "train_data.h"

namespace ringdl::tools {

namespace {
// The ranks this node runs, from the launcher, or 1.
int localRanks() {
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"}) {
    const char* v = std::getenv(name);
    if (v && std::atoi(v) > 0) return std::atoi(v);
  }
  return 1;
}

// threads: 0 means OPENBLAS_NUM_THREADS/OMP_NUM_THREADS when set, otherwise the node's cores shared among
// the ranks on it (ranks that each take every core slow each other down badly).
int threadsPerRank(int64_t configured, bool distributed) {
  if (configured > 0) return static_cast<int>(configured);
  if (!distributed || std::getenv("OPENBLAS_NUM_THREADS") || std::getenv("OMP_NUM_THREADS")) return 0;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / localRanks());
}

int64_t parameterCount(Module<float>& m) {
  int64_t n = 0;
  for (const auto& p : m.parameters()) n += p.weight->numel();
  return n;
}

// A resumed run trains the checkpoint's model on the checkpoint's split of the data: a config that asks for
// another model, another class count or another held-out split (validation_split, or the seed that chooses
// the records) is refused rather than silently ignored or silently leaking trained records into validation.
// `saved` is the checkpoint's config, `config` the run's after CONFIG and the command line; a value that
// differs came from one of them.
void checkResumeKeys(const RunConfig& saved, const RunConfig& config, const CLI::App& cmd,
                     const std::string& configPath, const std::string& resume) {
  struct Kept {
    const char* key;
    const char* what;  // what the checkpoint's value did
  };
  const bool heldOut = saved.number("validation_split") > 0;
  std::vector<Kept> keys = {{"model", "the checkpoint's model was trained with"},
                            {"classes", "the checkpoint's model was trained with"},
                            {"validation_split", "the checkpoint's run held out its validation records with"},
                            {"freeze", "the checkpoint's optimizer state covers the layers not frozen with"}};
  if (heldOut) keys.push_back({"seed", "the checkpoint's run held out its validation records with"});
  for (const Kept& k : keys) {
    const std::string key = k.key;
    const ConfigField& field = *RunConfig::find(key);
    const bool numeric = field.type == ConfigField::Type::kInt || field.type == ConfigField::Type::kDouble;
    const bool same = numeric ? saved.number(key) == config.number(key) : saved.str(key) == config.str(key);
    if (same) continue;
    const bool commandLine = cmd.count("--" + key) > 0;
    const std::string asked =
        commandLine ? "--" + key + "=" + config.str(key) : key + ": " + config.str(key) + " in " + configPath;
    const bool split = key == "validation_split" || key == "seed";
    RINGDL_FAIL(
        "--resume ", resume, ": ", k.what, " ", key, ": ", saved.str(key), ", but ", asked,
        split ? " would hold out other records (the model would validate on records it was trained on)"
              : " asks for another",
        "; drop ", commandLine ? "--" + key : "'" + key + "' from " + configPath,
        " to continue that run, or start a new run (without --resume, and with another checkpoint_dir)");
  }
}

// The epoch a state finished in: a checkpoint taken at an epoch's end already counts the next one.
int64_t finishedEpoch(const TrainingState& s) {
  return s.recordsInEpoch == 0 && s.epoch > 1 ? s.epoch - 1 : s.epoch;
}
}  // namespace

void rejectExtras(const CLI::App& command) {
  std::string path = command.get_name();  // "data convert" for a subcommand's subcommand
  for (const CLI::App* p = command.get_parent(); p && p->get_parent(); p = p->get_parent())
    path = p->get_name() + " " + path;
  for (const std::string& extra : command.remaining()) {
    RINGDL_CHECK(extra.rfind("-", 0) == 0, "unexpected argument '", extra, "' for 'ringdl ", path,
                 "' (see ringdl ", path, " --help)");
    std::string key = extra.substr(extra.rfind("--", 0) == 0 ? 2 : 1);
    key = key.substr(0, key.find('='));
    // A key of the run config that this subcommand does not declare: evaluate and predict read only the keys
    // of the validation set, ringdl data none.
    const ConfigField* field = RunConfig::find(key);
    if (field == nullptr) field = RunConfig::findDotted(key);
    if (const ConfigField* f = field) {
      std::string readers = "ringdl train";
      if (f->readBy == ConfigField::ReadBy::kTrainEvaluate) readers += " and evaluate";
      if (f->readBy == ConfigField::ReadBy::kAll) readers += ", evaluate and predict";
      RINGDL_FAIL("'--", key, "' is ",
                  f->readBy == ConfigField::ReadBy::kTrain ? "a training key (only ringdl train reads it)"
                                                           : "a config key of " + readers,
                  "; ringdl ", path, " does not read it (ringdl ", path, " --help lists what it reads)");
    }
    // A dotted key in a known section: compared with that section's keys.
    const std::string section = key.substr(0, key.find('.'));
    if (key.find('.') != std::string::npos && RunConfig::isSection(section)) {
      std::vector<KnownName> keys;
      for (const ConfigField& f : RunConfig::fields())
        if (f.section == section && f.readByCommand(command.get_name()))
          keys.push_back({f.keyInSection(), section});
      RINGDL_FAIL("unknown option '", extra, "' for 'ringdl ", path, "'; ",
                  unknownNameHint(key.substr(section.size() + 1), keys, "--" + section + "."),
                  " (see ringdl ", path, " --help)");
    }
    // The options it does declare, config keys under their sections, the others under "options"; a dotted
    // key is compared with the dotted paths, any other with the flat names.
    const bool dotted = key.find('.') != std::string::npos;
    std::vector<KnownName> known;
    for (const CLI::Option* o : command.get_options()) {
      if (o == command.get_help_ptr()) continue;
      for (const std::string& name : o->get_lnames()) {
        const ConfigField* f = RunConfig::find(name);
        const ConfigField* byPath = RunConfig::findDotted(name);
        if (byPath != nullptr ? dotted : !dotted)
          known.push_back({name, f ? f->section : byPath ? byPath->section : "options"});
      }
    }
    RINGDL_FAIL("unknown option '", extra, "' for 'ringdl ", path, "'; ", unknownNameHint(key, known, "--"),
                " (see ringdl ", path, " --help)");
  }
}

Runner setupTrain(CLI::App& cmd) {
  struct Args {
    std::string configPath;
    std::string resume;
    std::map<std::string, std::string> overrides;
  };
  auto args = std::make_shared<Args>();
  cmd.allow_extras();
  cmd.add_option("config", args->configPath,
                 "training config (YAML of key: value pairs; see models/*/train.yaml)");
  cmd.add_option(
      "--resume", args->resume,
      "resume from the latest checkpoint in this directory (or from this checkpoint file); the saved "
      "config is used, then CONFIG and --key=value override it");
  addConfigOptions(cmd, args->overrides);

  return [args, &cmd]() -> int {
    RunConfig config;
    Checkpoint<float> ckpt;
    const bool resuming = !args->resume.empty();
    std::string resumePath;
    if (resuming) {
      resumePath =
          std::filesystem::is_directory(args->resume) ? latestCheckpoint(args->resume) : args->resume;
      ckpt = loadCheckpoint<float>(resumePath);
      if (!ckpt.runConfig.empty()) config.loadYaml(ckpt.runConfig, resumePath + " (saved config)");
    } else {
      RINGDL_CHECK(!args->configPath.empty(), "ringdl train needs a CONFIG file or --resume DIR");
    }
    const RunConfig saved = config;
    if (!args->configPath.empty()) config.loadFile(args->configPath);
    applyConfigOptions(cmd, args->overrides, config);
    if (resuming && config.str("checkpoint_dir").empty() && std::filesystem::is_directory(args->resume))
      config.set("checkpoint_dir", args->resume, "--resume", std::filesystem::current_path().string());
    // A checkpoint without a saved config (written through the C++ API) says nothing to compare with.
    if (resuming && !ckpt.runConfig.empty())
      checkResumeKeys(saved, config, cmd, args->configPath, args->resume);
    // The model trained: the checkpoint's (named by its saved config, else by its type) or the config's.
    const std::string modelName = !resuming                 ? config.str("model")
                                  : !ckpt.runConfig.empty() ? saved.str("model")
                                                            : ckpt.model->typeName();

    std::shared_ptr<Communicator> comm =
        makeWorldCommunicator(MpiOptions().timeout(config.number("dist_timeout")));
    const bool distributed = comm->size() > 1;
    std::ostream silent(nullptr);
    std::ostream& say = comm->rank() == 0 ? std::cout : silent;  // rank 0 speaks for the job

    if (resuming) {
      // Nothing to train: leave every file as it is (no checkpoint, no save_model, no test pass).
      const std::string advice = endReached(config, ckpt.state);
      if (!advice.empty()) {
        say << "ringdl train: run in " << args->resume << " already finished at epoch "
            << finishedEpoch(ckpt.state) << ", iteration " << ckpt.state.iteration
            << "; nothing to do: " << advice << "\n";
        return 0;
      }
    }

    setNumThreads(threadsPerRank(config.integer("threads"), distributed));
    Random::global().seed(static_cast<uint64_t>(config.integer("seed")));

    ModulePtr<float> model = resuming ? ckpt.model : makeModel(config);
    // A resumed run's checkpoint holds its weights already; init_from seeded the run that wrote it.
    const std::string initLog = resuming ? "" : initFrom(config, *model);
    const std::string freezeLog = freezeLayers(config, *model);
    // Records the model cannot take stop the run as the data sets open, with what to change. A resumed run's
    // training records are checked by the Optimizer against the shape the checkpoint was trained on instead,
    // whose message names the run being resumed (checkpoints written before they noted it have none).
    const bool trainedShapeKnown = resuming && !ckpt.state.recordShape.empty();
    TrainData data = loadTrainData(config, *comm, model.get(), /*checkTraining=*/!trainedShapeKnown);
    // Training goes on: a LogSoftMax of log-probabilities leaves them as they are, so the loss is the same,
    // but the config says the model outputs raw scores, which it does not.
    if (config.str("criterion") == "cross_entropy" && lastLayer(*model).typeName() == "LogSoftMax" &&
        comm->rank() == 0)
      std::cerr
          << "ringdl: warning: criterion cross_entropy applies LogSoftMax itself (CrossEntropyCriterion is "
             "LogSoftMax and ClassNLLCriterion in one), but model "
          << modelName
          << " already ends in LogSoftMax, so LogSoftMax is applied twice: set criterion: class_nll for "
             "models that end in LogSoftMax (cross_entropy is for models that output raw scores; on "
             "log-probabilities the second LogSoftMax changes nothing but the cost)\n";

    const bool validatesOnTest = data.validation == data.test;
    say << "RingDL training " << modelName << " (" << parameterCount(*model) << " parameters) on "
        << data.train->size() << " records, validating on " << data.validation->size()
        << (data.heldOut.empty() ? "" : " held out (" + data.heldOut + ")")
        << (validatesOnTest ? "" : ", testing on " + std::to_string(data.test->size())) << " ("
        << data.describe << "); normalize " << config.str("normalize") << "; BLAS threads " << numThreads()
        << (distributed ? " per rank" : "") << "\n";
    const std::string validateEvery = config.str("validate_every");
    if (validatesOnTest && validateEvery != "never")
      say << "Note: validation (validate_every, max_score) uses the test set; to keep the test set for the "
             "final test alone, hold out part of the training set with --validation_split=0.1, or give "
             "validation_data\n";
    if (distributed)
      say << "Data-parallel on " << comm->size() << " ranks (" << comm->describe() << "); global batch "
          << config.integer("batch_size") << ", gradient buckets of " << config.number("bucket_mb")
          << " MiB, optimizer state " << (config.flag("shard_optimizer_state") ? "sharded" : "replicated")
          << ", gradient wire " << config.str("gradient_wire") << "\n";
    if (!data.hdf5Ranks.empty()) say << "HDF5 rows per rank (hyperslabs): " << data.hdf5Ranks << "\n";
    say << initLog << freezeLog;
    if (resuming)
      say << "Resuming from " << resumePath << " at epoch " << ckpt.state.epoch << ", iteration "
          << ckpt.state.iteration << "\n";

    std::shared_ptr<DataSet<float>> trainSet = data.train;
    std::shared_ptr<DataSet<float>> testSet = data.test;
    const CriterionPtr<float> criterion = makeCriterion(config);
    std::unique_ptr<Optimizer<float>> engine;
    if (distributed) {
      DistriOptions options;
      options.bucketBytes = static_cast<int64_t>(config.number("bucket_mb") * 1024 * 1024);
      options.shardOptimizerState = config.flag("shard_optimizer_state");
      options.wire = wireFormatFromString(config.str("gradient_wire"));
      options.syncBatchNorm = config.flag("sync_batchnorm");
      options.runFingerprint = config.toYaml();
      engine = std::make_unique<DistriOptimizer<float>>(model, trainSet, criterion,
                                                        config.integer("batch_size"), comm, options);
    } else {
      engine = std::make_unique<Optimizer<float>>(model, trainSet, criterion, config.integer("batch_size"));
    }
    Optimizer<float>& optimizer = *engine;

    const int64_t batchSize = config.integer("batch_size");
    OptimMethodPtr<float> method =
        makeTrainingMethod(config, (trainSet->size() + batchSize - 1) / batchSize);
    if (resuming) method->setState(ckpt.optim->state());
    setGradientProcessing(config, optimizer);
    optimizer.setOptimMethod(method).setEndWhen(makeEndTrigger(config));
    const bool keepBest = config.flag("keep_best");
    const auto validateTrigger = parseTrigger("validate_every", validateEvery, true);
    RINGDL_CHECK(
        validateTrigger || (config.integer("patience") == 0 && !keepBest),
        "early_stopping.patience and keep_best watch a validation figure, but validate_every is never; "
        "validate (e.g. --validate_every=epoch) or set patience 0 and keep_best false");
    if (validateTrigger) {
      optimizer.setValidation(*validateTrigger, data.validation, makeValidationMethods(config));
      optimizer.setEarlyStopping(makeEarlyStopping(config));
    }
    const std::string ckptDir = config.str("checkpoint_dir");
    if (!ckptDir.empty()) {
      CheckpointWriter<float> write =
          checkpointWriter<float>(config.toYaml(), config.integer("keep_last"), keepBest);
      optimizer.setCheckpoint(
          ckptDir, *parseTrigger("checkpoint_every", config.str("checkpoint_every"), false),
          [write, keepBest](const std::string& dir, Module<float>& m, const OptimMethod<float>& o,
                            const TrainingState& s) {
            write(dir, m, o, s);
            std::cout << "Saved checkpoint " << checkpointPath(dir, s.iteration)
                      << (keepBest && s.bestIteration == s.iteration
                              ? ", the best so far: " + bestCheckpointPath(dir)
                              : "")
                      << "\n";
          },
          keepBest);
    }
    if (resuming) optimizer.setTrainingState(ckpt.state);
    TrainLogOptions log;
    log.logEvery = config.integer("log_every");
    const std::string progress = config.str("progress");
    log.progressBar = progress == "on" ? 1 : progress == "off" ? 0 : -1;
    log.epochs = config.integer("epochs");
    optimizer.setLogOptions(log);

    optimizer.optimize();

    const auto results = DistriOptimizer<float>::evaluate(*model, *testSet, makeValidationMethods(config),
                                                          config.integer("batch_size"), *comm);
    for (const ValidationResult& r : results) say << "Test " << r.method << " is " << r.toString() << "\n";
    // The first method's figure: "Test accuracy" for the default top1, else its name.
    say << "Test " << (results[0].method == "Top1Accuracy" ? std::string("accuracy") : results[0].method)
        << ": " << results[0].result() << " after " << optimizer.state().iteration << " iterations in "
        << optimizer.state().wallClockSeconds << " s\n";
    if (!config.str("save_model").empty() && comm->rank() == 0) {
      // With the run config (decoding, transforms, resolved normalisation) and class names, so evaluate and
      // predict read new data as this run did.
      saveModel(config.str("save_model"), *model, ModelMetadata{config.toYaml(), data.classes});
      say << "Saved model " << config.str("save_model") << "\n";
    }
    return 0;
  };
}

}  // namespace ringdl::tools
