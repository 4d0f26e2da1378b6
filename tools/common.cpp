// Shared subcommand helpers.
#include "common.h"

#include <CLI/CLI.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>
#include <variant>

#include "registry_names.h"
#include "ringdl/data/class_subset.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/data/normalize.h"
#include "ringdl/io/model_weights.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/nn/registry.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/submodule_methods.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace {
std::string fieldHelp(const ConfigField& f) {
  std::string h = f.help;
  if (!f.choices.empty()) {
    h += " {";
    for (size_t i = 0; i < f.choices.size(); ++i) h += (i ? "," : "") + f.choices[i];
    h += "}";
  }
  return h + " [default: " + (f.defaultValue.empty() ? "\"\"" : f.defaultValue) + "]";
}
}  // namespace

void addConfigOptions(CLI::App& command, std::map<std::string, std::string>& overrides,
                      const std::set<std::string>& skip) {
  for (const ConfigField& f : RunConfig::fields()) {
    if (skip.count(f.name) || !f.readByCommand(command.get_name())) continue;
    command.add_option("--" + f.name, overrides[f.name], fieldHelp(f))
        ->group("Config keys: " + f.section)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    // The same key by its dotted path (--optimizer.learning_rate), as a nested config writes it; not listed
    // again in --help (its footer says so).
    command.add_option("--" + f.dottedName(), overrides[f.dottedName()])
        ->group("")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  command.footer(
      "Every config key can also be given by its dotted path, as a config file may nest it in its "
      "section: --training.batch_size=64 is --batch_size=64 (docs/cli.md).\n");
}

void applyConfigOptions(const CLI::App& command, const std::map<std::string, std::string>& overrides,
                        RunConfig& config) {
  const std::string cwd = std::filesystem::current_path().string();  // relative paths given here resolve
  for (const auto& [name, value] : overrides) {
    if (command.count("--" + name) == 0) continue;
    const ConfigField* f = RunConfig::find(name);
    if (f == nullptr) {
      f = RunConfig::findDotted(name);
      RINGDL_CHECK(command.count("--" + f->name) == 0, "--", f->name, " and --", name,
                   " set the same config key; give one of them");
    }
    config.set(f->name, value, "command line", cwd);
  }
}

void normalizeFeatures(Tensor<float>& features, RunConfig& config, bool resolveAuto) {
  std::string norm = config.str("normalize");
  if (norm == "none") return;
  if (norm == "auto") {
    RINGDL_CHECK(resolveAuto, "normalize is 'auto' but no training statistics are available; give MEAN,STD");
    const FeatureStats stats = featureStats(features);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g,%.9g", stats.mean.at(0), stats.std.at(0));
    config.set("normalize", buf, "normalize: auto");
    norm = buf;
  }
  const size_t comma = norm.find(',');
  RINGDL_CHECK(comma != std::string::npos, "config field 'normalize' must be auto, none or MEAN,STD, got '",
               norm, "'");
  double mean = 0, stddev = 0;
  try {
    mean = std::stod(norm.substr(0, comma));
    stddev = std::stod(norm.substr(comma + 1));
  } catch (const std::exception&) {
    RINGDL_FAIL("config field 'normalize' must be auto, none or MEAN,STD with numbers, got '", norm, "'");
  }
  Normalize<float>(mean, stddev).apply(features);
}

LabeledData<float> selectConfiguredClasses(const LabeledData<float>& data, const RunConfig& config,
                                           const std::string& labels) {
  const std::vector<std::string> words = config.list("select_classes");
  if (words.empty()) return data;
  std::vector<int64_t> classes;
  for (const std::string& w : words) {
    size_t used = 0;
    long long v = -1;
    try {
      v = std::stoll(w, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    RINGDL_CHECK(used == w.size() && v >= 0,
                 "config field 'select_classes' must list 0-based class numbers, got '", w, "' in '",
                 config.str("select_classes"), "'");
    classes.push_back(v);
  }
  RINGDL_CHECK(static_cast<int64_t>(classes.size()) == config.integer("classes"),
               "config field 'select_classes' (", config.str("select_classes"), ") keeps ", classes.size(),
               " classes, relabelled 0..", classes.size() - 1, ", but config field 'classes' is ",
               config.integer("classes"), ": set classes: ", classes.size());
  try {
    LabeledData<float> out = selectClasses(data, classes);
    RINGDL_CHECK(out.size() > 0, "no record of ", labels, " has one of these classes");
    return out;
  } catch (const Error& e) {
    RINGDL_FAIL("config field 'select_classes' (", config.str("select_classes"), "): ", e.message());
  }
}

LabeledData<float> loadNormalized(const std::string& images, const std::string& labels, RunConfig& config,
                                  bool resolveAuto) {
  LabeledData<float> data = selectConfiguredClasses(loadIdxDataSet<float>(images, labels), config, labels);
  checkClassLabels(data.labels, config.integer("classes"), labels);
  normalizeFeatures(data.features, config, resolveAuto);
  return data;
}

ModelParams parseModelParams(const std::string& text, const std::string& classes) {
  ModelParams params = {{"classes", classes}};
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(at, end - at);
    const size_t eq = item.find('=');
    RINGDL_CHECK(eq != std::string::npos && eq > 0,
                 "model_params must be NAME=VALUE pairs separated by commas (e.g. "
                 "channels=1,image=28), got '",
                 item, "' in '", text, "'");
    RINGDL_CHECK(item.substr(0, eq) != "classes", "model_params gives classes: use the classes key");
    params[item.substr(0, eq)] = item.substr(eq + 1);
    at = end + 1;
  }
  return params;
}

ModulePtr<float> makeModel(const RunConfig& config, ModelDefinitionInfo* info) {
  const std::string& model = config.str("model");
  const ModelParams params = parseModelParams(config.str("model_params"), config.str("classes"));
  const std::string ext = std::filesystem::path(model).extension().string();
  if (ext == ".yaml" || ext == ".yml")
    return loadModelDefinition<float>(model, params, info, savedModelLoader<float>());
  if (info != nullptr) parseModelDefinition<float>(zooDefinitionText(model), model, "", params, info);
  return buildModel<float>(model, params);
}

std::string initFrom(const RunConfig& config, Module<float>& model) {
  const std::string& from = config.str("init_from");
  if (from.empty()) return "";
  const bool matchAll = config.flag("init_from_match_all");
  WeightLoadReport report;
  try {
    report = loadModelWeights<float>(from, model, matchAll);
  } catch (const Error& e) {
    RINGDL_FAIL("config field 'init_from': ", e.message());
  }
  std::ostringstream os;
  os << "Initialised from " << from << ": " << report.loaded.size() << " layer(s) loaded";
  if (!report.skipped.empty()) os << ", " << report.skipped.size() << " kept their own initialisation";
  os << "\n" << report.toString();
  return os.str();
}

std::string freezeLayers(const RunConfig& config, Module<float>& model) {
  const std::vector<std::string> patterns = config.list("freeze");
  if (patterns.empty()) return "";
  try {
    model.freeze(patterns);
  } catch (const Error& e) {
    RINGDL_FAIL("config field 'freeze': ", e.message());
  }
  std::string layers;
  int count = 0;
  for (const auto& [path, m] : model.namedModules())
    if (m->isFrozen() && !m->ownParameters().empty()) {
      layers += (layers.empty() ? "" : ", ") + path;
      ++count;
    }
  int64_t total = 0, trainable = 0;
  for (const auto& p : model.parameters()) total += p.weight->numel();
  for (const auto& p : model.trainableParameters()) trainable += p.weight->numel();
  std::ostringstream os;
  os << "Frozen: " << (layers.empty() ? "(no layer with parameters)" : layers) << " (" << count
     << " layer(s), " << total - trainable << " of " << total << " parameters)\n";
  return os.str();
}

namespace {
// The criterion section's keys and the options they give (tools/config.cpp), with how their text is read.
enum class OptionKind { kBool, kNumber, kInteger, kNumbers };
struct CriterionKey {
  const char* key;
  const char* option;
  OptionKind kind;
};
constexpr CriterionKey kCriterionKeys[] = {
    {"size_average", "sizeAverage", OptionKind::kBool},
    {"weights", "weights", OptionKind::kNumbers},
    {"label_smoothing", "labelSmoothing", OptionKind::kNumber},
    {"padding_value", "paddingValue", OptionKind::kInteger},
    {"margin", "margin", OptionKind::kNumber},
    {"criterion_epsilon", "epsilon", OptionKind::kNumber},
};

double numberOf(const std::string& key, const std::string& text) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  RINGDL_CHECK(used == text.size() && std::isfinite(v), "config field '", key, "' must be a number, got '",
               text, "'");
  return v;
}

Attributes criterionOptions(const RunConfig& config, const std::string& type) {
  Attributes options;
  for (const CriterionKey& k : kCriterionKeys) {
    const std::string& text = config.str(k.key);
    if (text.empty()) continue;
    switch (k.kind) {
      case OptionKind::kBool:
        options.set(k.option, parseBool(k.key, text));
        break;
      case OptionKind::kNumber:
        options.set(k.option, numberOf(k.key, text));
        break;
      case OptionKind::kInteger: {
        const double v = numberOf(k.key, text);
        RINGDL_CHECK(v == std::floor(v), "config field '", k.key, "' must be an integer, got '", text, "'");
        options.set(k.option, static_cast<int64_t>(v));
        break;
      }
      case OptionKind::kNumbers: {
        std::vector<double> values;
        std::stringstream in(text);
        for (std::string item; std::getline(in, item, ',');) values.push_back(numberOf(k.key, item));
        options.set(k.option, values);
        break;
      }
    }
  }
  // ClassSimplexCriterion embeds the model's classes: the config already has a key for them.
  if (type == "ClassSimplexCriterion") options.set("nClasses", config.integer("classes"));
  return options;
}
}  // namespace

CriterionPtr<float> makeCriterion(const RunConfig& config) {
  const std::string type = criterionType(config.str("criterion"));
  const Attributes options = criterionOptions(config, type);
  try {
    CriterionPtr<float> criterion = createCriterion<float>(type, options);
    if (!config.flag("time_distributed")) return criterion;
    // Averaged over the steps as the inner criterion averages over the records, so the loss of text_lm
    // batches is the mean over every predicted token (PyTorch's cross_entropy over the flattened steps).
    const std::string& average = config.str("size_average");
    return std::make_shared<TimeDistributedCriterion<float>>(
        criterion, average.empty() || parseBool("size_average", average));
  } catch (const Error& e) {
    RINGDL_FAIL("config section criterion (criterion: ", config.str("criterion"), "): ", e.message(),
                "; set only the criterion's own options (docs/training.md lists them)");
  }
}

OptimMethodPtr<float> makeOptimMethod(const RunConfig& config) {
  const std::string type = optimMethodType(config.str("optimizer"));
  // Each option of the method from its config key (learningRate: learning_rate, registry_names.h); the
  // defaults' config() says which options the method has and their types.
  const Attributes defaults = createOptimMethod<float>(type)->config();
  Attributes options;
  for (const auto& [name, value] : defaults.values()) {
    const std::string key = snakeCase(name);
    // An option the config has no key for, or whose key is empty (unset), keeps the method's default.
    if (RunConfig::find(key) == nullptr || config.str(key).empty()) continue;
    if (std::holds_alternative<bool>(value))
      options.set(name, config.flag(key));
    else if (std::holds_alternative<int64_t>(value))
      options.set(name, config.integer(key));
    else if (std::holds_alternative<std::string>(value))
      options.set(name, config.str(key));
    else
      options.set(name, config.number(key));
  }
  return createOptimMethod<float>(type, options);
}

namespace {
// A schedule option's value as its type wants it: lists (keys that name several values) split at commas, and
// single values as integers, numbers, booleans or text; optionsFrom() then checks them against the option.
AttrValue scheduleValue(const std::string& key, const std::string& text) {
  auto number = [&](const std::string& item, double& v) {
    size_t used = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      return false;
    }
    return used == item.size();
  };
  static const std::set<std::string> lists = {"step_sizes", "decay_epochs", "schedule_start_epochs",
                                              "schedule_end_epochs", "schedule_learning_rates"};
  if (lists.count(key)) {
    std::vector<double> values;
    bool integral = true;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
      double v = 0;
      RINGDL_CHECK(number(item, v), "config field '", key, "' must be numbers separated by commas, got '",
                   text, "'");
      integral = integral && v == std::floor(v);
      values.push_back(v);
    }
    if (key == "schedule_learning_rates") return values;
    RINGDL_CHECK(integral, "config field '", key, "' must be whole numbers separated by commas, got '", text,
                 "'");
    return std::vector<int64_t>(values.begin(), values.end());
  }
  double v = 0;
  if (number(text, v)) {
    if (v == std::floor(v) && std::abs(v) < 9e15 && text.find_first_of(".eE") == std::string::npos)
      return static_cast<int64_t>(v);
    return v;
  }
  if (text == "true" || text == "false") return AttrValue(std::in_place_type<bool>, text == "true");
  return text;
}
}  // namespace

LearningRateSchedulePtr makeLearningRateSchedule(const RunConfig& config, int64_t iterationsPerEpoch) {
  const std::string type = scheduleType(config.str("lr_schedule"));
  // Every option given in the lr_schedule section, by its key there (step_size: stepSize); the schedule
  // refuses the options it does not take, naming those it does.
  Attributes options;
  for (const ConfigField& f : RunConfig::fields()) {
    if (f.section != "lr_schedule" || f.name == "lr_schedule" || config.str(f.name).empty()) continue;
    std::string camel;
    const std::string key = f.keyInSection();
    for (size_t i = 0; i < key.size(); ++i)
      camel += key[i] == '_' && i + 1 < key.size() ? static_cast<char>(std::toupper(key[++i])) : key[i];
    options.set(camel, scheduleValue(f.name, config.str(f.name)));
  }
  LearningRateSchedulePtr main;
  try {
    main = createLearningRateSchedule(type, options);
  } catch (const Error& e) {
    RINGDL_FAIL("lr_schedule ", config.str("lr_schedule"), ": ", e.message(),
                " (keys in the lr_schedule section are snake_case: step_size for stepSize)");
  }
  const int64_t warmup = config.integer("warmup_iterations");
  if (warmup == 0) return main;
  auto sequence = std::make_shared<schedule::SequentialSchedule>(std::max<int64_t>(iterationsPerEpoch, 1));
  sequence->add(std::make_shared<schedule::Warmup>(schedule::WarmupOptions{config.number("warmup_delta")}),
                warmup);
  sequence->add(std::const_pointer_cast<LearningRateSchedule>(main), std::numeric_limits<int32_t>::max());
  return sequence;
}

OptimMethodPtr<float> makeTrainingMethod(const RunConfig& config, int64_t iterationsPerEpoch) {
  auto scheduled = [&](OptimMethodPtr<float> method) {
    method->setLearningRateSchedule(makeLearningRateSchedule(config, iterationsPerEpoch));
    return method;
  };
  OptimMethodPtr<float> main = scheduled(makeOptimMethod(config));
  const std::string perSubmodule = config.str("submodule_optimizers");
  if (perSubmodule.empty()) return main;
  std::vector<std::string> keys;  // what an entry may set: the optimizer section's keys
  for (const ConfigField& f : RunConfig::fields())
    if (f.section == "optimizer" && f.name != "submodule_optimizers") keys.push_back(f.keyInSection());
  std::vector<SubmoduleMethod<float>> entries;
  for (const auto& entry : YAML::Load(perSubmodule)) {
    const std::string path = entry.first.as<std::string>();
    const std::string where = "submodule_optimizers." + path;
    RunConfig own = config;
    for (const ConfigField& f : RunConfig::fields())
      if (f.section == "optimizer" && f.name != "submodule_optimizers") own.set(f.name, f.defaultValue, where);
    for (const auto& option : entry.second) {
      const std::string key = option.first.as<std::string>();
      const bool known = std::find(keys.begin(), keys.end(), key) != keys.end();
      const ConfigField* f = known ? RunConfig::findDotted("optimizer." + key) : nullptr;
      if (f == nullptr) {
        std::string list;
        for (const std::string& k : keys) list += (list.empty() ? "" : ", ") + k;
        RINGDL_FAIL(where, ": unknown key '", key, "'; an entry takes the optimizer section's keys: ", list);
      }
      RINGDL_CHECK(option.second.IsScalar(), where, ".", key, " must hold a single value");
      own.set(f->name, option.second.Scalar(), where);
    }
    OptimMethodPtr<float> method = makeOptimMethod(own);
    // A key the method does not read is a mistake here, where each entry names its own method.
    std::set<std::string> options = {"type"};
    const Attributes methodConfig = method->config();
    for (const auto& [name, value] : methodConfig.values()) options.insert(snakeCase(name));
    for (const auto& option : entry.second) {
      const std::string key = option.first.as<std::string>();
      if (options.count(key)) continue;
      std::string list;
      for (const std::string& o : options) list += (list.empty() ? "" : ", ") + o;
      RINGDL_FAIL(where, ": ", own.str("optimizer"), " has no option '", key, "' (its keys: ", list, ")");
    }
    entries.push_back({path, scheduled(method)});
  }
  return std::make_shared<SubmoduleMethods<float>>(std::move(entries), main);
}

void setGradientProcessing(const RunConfig& config, Optimizer<float>& optimizer) {
  const std::string clipping = config.str("gradient_clipping");
  if (clipping == "constant") {
    RINGDL_CHECK(config.number("clip_min") <= config.number("clip_max"),
                 "gradient_clipping constant needs min (", config.number("clip_min"), ") <= max (",
                 config.number("clip_max"), ")");
    optimizer.setConstantGradientClipping(config.number("clip_min"), config.number("clip_max"));
  } else if (clipping == "l2_norm") {
    optimizer.setGradientClippingByl2Norm(config.number("max_norm"));
  }
  optimizer.setRegularizer(L1L2Regularizer(config.number("regularizer_l1"), config.number("regularizer_l2")));
}

namespace {
// One end condition of the config and what to change to train past it.
struct EndCondition {
  Trigger trigger;
  std::string advice;
};

std::vector<EndCondition> endConditions(const RunConfig& config) {
  std::vector<EndCondition> parts;
  if (config.integer("epochs") > 0)
    parts.push_back({Trigger::maxEpoch(config.integer("epochs")), "raise --epochs to train further"});
  if (config.integer("max_iterations") > 0)
    parts.push_back(
        {Trigger::maxIteration(config.integer("max_iterations")), "raise --max_iterations to train further"});
  if (config.number("min_loss") > 0)
    parts.push_back({Trigger::minLoss(config.number("min_loss")),
                     "lower --min_loss (below the last loss) to train further"});
  if (config.number("max_score") > 0)
    parts.push_back({Trigger::maxScore(config.number("max_score")),
                     "raise --max_score (above the last validation score) to train further"});
  RINGDL_CHECK(!parts.empty(),
               "nothing would stop training: set epochs, max_iterations, min_loss or max_score");
  return parts;
}
}  // namespace

Trigger makeEndTrigger(const RunConfig& config) {
  const std::vector<EndCondition> parts = endConditions(config);
  Trigger t = parts[0].trigger;
  for (size_t i = 1; i < parts.size(); ++i) t = t || parts[i].trigger;
  return t;
}

std::string endReached(const RunConfig& config, const TrainingState& state) {
  for (const EndCondition& c : endConditions(config))
    if (c.trigger(state)) return c.advice;
  if (config.integer("patience") > 0 && Trigger::noImprovement(config.integer("patience"))(state))
    return "the monitored figure stopped improving (early stopping); raise --patience, or set it to 0, to "
           "train further";
  return "";
}

std::shared_ptr<Trigger> parseTrigger(const std::string& field, const std::string& value, bool allowNever) {
  if (value == "epoch") return std::make_shared<Trigger>(Trigger::everyEpoch());
  if (value == "never" && allowNever) return nullptr;
  size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  RINGDL_CHECK(used == value.size() && n >= 1, "config field '", field,
               "' must be 'epoch', a number of iterations >= 1", allowNever ? " or 'never'" : "", ", got '",
               value, "'");
  return std::make_shared<Trigger>(Trigger::severalIteration(n));
}

namespace {
std::vector<std::string> commaItems(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) items.push_back(item);
  return items;
}

// Which config key gives which option of which validation method (Loss's criterion is the criterion key).
struct ValidationOptionKey {
  const char* method;
  const char* option;
  const char* key;
};
const ValidationOptionKey kValidationOptionKeys[] = {
    {"HitRatio", "k", "ranking_k"}, {"HitRatio", "negNum", "neg_num"}, {"MeanAveragePrecision", "k", "map_k"},
    {"NDCG", "k", "ranking_k"},     {"NDCG", "negNum", "neg_num"},     {"TopKAccuracy", "k", "top_k"},
};
}  // namespace

std::vector<ValidationMethodPtr<float>> makeValidationMethods(const RunConfig& config) {
  std::vector<ValidationMethodPtr<float>> methods;
  for (const std::string& item : commaItems(config.str("validation"))) {
    const std::string type = validationMethodType(item);
    // Loss reports the training criterion itself, with the criterion section's options.
    if (type == "Loss") {
      methods.push_back(std::make_shared<Loss<float>>(makeCriterion(config)));
      continue;
    }
    Attributes options;
    for (const ValidationOptionKey& k : kValidationOptionKeys)
      if (type == k.method) options.set(k.option, config.integer(k.key));
    methods.push_back(createValidationMethod<float>(type, options));
  }
  return methods;
}

EarlyStoppingOptions makeEarlyStopping(const RunConfig& config) {
  EarlyStoppingOptions options;
  const std::string& monitor = config.str("monitor");
  if (!monitor.empty()) {
    const std::vector<std::string> listed = commaItems(config.str("validation"));
    RINGDL_CHECK(std::find(listed.begin(), listed.end(), monitor) != listed.end(),
                 "early_stopping.monitor is '", monitor, "', which validation does not list (",
                 config.str("validation"), "); add it to validation or monitor one of those");
    options.monitor = validationMethodType(monitor);
  }
  options.patience = config.integer("patience");
  options.minDelta = config.number("min_delta");
  options.mode = config.str("mode");
  return options;
}

Module<float>& lastLayer(Module<float>& model) {
  Module<float>* last = &model;
  while (!last->children().empty()) last = last->children().back();
  return *last;
}

Shape modelInputShape(Module<float>& model) {
  Module<float>* first = &model;
  while (!first->children().empty()) first = first->children().front();
  const auto* reshape = dynamic_cast<const Reshape<float>*>(first);
  return reshape ? reshape->size() : Shape{};
}

}  // namespace ringdl::tools
