// ringdl model summary SOURCE: a Keras-style table of a model (name, type, output shape, parameters; totals,
// trainable and frozen, memory of the weights) from a training config, a model definition file, a zoo name, a
// model file or a checkpoint, for an input shape given or the one the model declares.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "common.h"
#include "ringdl/io/checkpoint.h"
#include "ringdl/io/model_io.h"
#include "ringdl/io/model_weights.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn/graph.h"
#include "ringdl/nn/model_definition.h"
#include "ringdl/util/error.h"
#include "subcommands.h"

namespace ringdl::tools {

namespace {
namespace fs = std::filesystem;

struct SummaryArgs {
  std::string source;
  std::string inputShape;
  int64_t classes = 0;
  std::string modelParams;
};

std::vector<int64_t> parseShape(const std::string& text) {
  std::vector<int64_t> shape;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');) {
    size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    RINGDL_CHECK(used == part.size() && v > 0,
                 "--input_shape must be positive sizes separated by commas "
                 "(one record's shape, e.g. 1,28,28), got '",
                 text, "'");
    shape.push_back(v);
  }
  RINGDL_CHECK(!shape.empty(), "--input_shape is empty");
  return shape;
}

// The model and the record shape it declares (a definition's input_shape, else its first Reshape's size).
struct Loaded {
  ModulePtr<float> model;
  std::vector<int64_t> inputShape;
  std::string what;
};

std::vector<int64_t> firstReshapeSize(Module<float>& m) {
  Module<float>* first = &m;
  while (!first->children().empty()) first = first->children().front();
  if (first->typeName() == "Reshape") {
    const Attributes a = first->config();
    if (a.has("size")) return a.get<std::vector<int64_t>>("size");
  }
  return {};
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

Loaded load(const SummaryArgs& a) {
  Loaded out;
  const std::string classes = std::to_string(a.classes > 0 ? a.classes : 10);
  const ModelParams params = parseModelParams(a.modelParams, classes);
  ModelDefinitionInfo info;
  const std::vector<std::string> zoo = modelNames();
  if (std::find(zoo.begin(), zoo.end(), a.source) != zoo.end()) {
    out.model = parseModelDefinition<float>(zooDefinitionText(a.source),
                                            "models/" + a.source + "/" + a.source + ".yaml",
                                            "models/" + a.source, params, &info);
    out.what = "zoo model " + a.source;
  } else if (isModelDefinitionFile(a.source)) {
    out.model = loadModelDefinition<float>(a.source, params, &info, savedModelLoader<float>());
    out.what = "model definition " + a.source;
  } else if (!fs::exists(a.source)) {
    RINGDL_FAIL("ringdl model summary: '", a.source, "' is neither a file nor a zoo model (", joinNames(zoo),
                "); give a training config, a model definition (.yaml), a model file or a checkpoint");
  } else if (fs::is_directory(a.source) || fs::path(a.source).extension() == ".ringdl" ||
             fs::path(a.source).filename().string().rfind("checkpoint.", 0) == 0) {
    const std::string file = fs::is_directory(a.source) ? latestCheckpoint(a.source) : a.source;
    out.model = loadModel<float>(file);
    out.what = "saved model " + file;
  } else {
    // A training config: its model key names a zoo model or a definition file.
    RunConfig config;
    config.loadFile(a.source);
    if (a.classes > 0) config.set("classes", classes, "--classes", "");
    if (!a.modelParams.empty()) config.set("model_params", a.modelParams, "--model_params", "");
    out.model = makeModel(config, &info);
    freezeLayers(config, *out.model);  // the frozen layers the run would train with
    out.what = "config " + a.source + " (model " + config.str("model") + ")";
  }
  out.inputShape = !info.inputShape.empty() ? info.inputShape : firstReshapeSize(*out.model);
  return out;
}

std::string shapeText(const Activity<float>& a) {
  if (a.isTable()) {
    std::string s = "Table(";
    for (size_t i = 0; i < a.toTable().size(); ++i) s += (i ? ", " : "") + shapeText(a.toTable()[i]);
    return s + ")";
  }
  const Shape& shape = a.toTensor().shape();
  if (shape.empty()) return "-";
  std::string s = "[N";
  for (size_t i = 1; i < shape.size(); ++i) s += ", " + std::to_string(shape[i]);
  return s + "]";
}

std::string humanBytes(double bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%.0f B", bytes);
  } else if (bytes < 1024.0 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / 1024 / 1024);
  }
  return buf;
}

struct Row {
  std::string name, type, output;
  int64_t params = 0;
  bool shared = false;
  bool frozen = false;
};

void collectRows(Module<float>& m, const std::string& path, int depth,
                 std::map<const float*, std::string>& seen, std::vector<Row>& rows) {
  Row r;
  r.name = std::string(static_cast<size_t>(depth) * 2, ' ') + (path.empty() ? m.name() : path);
  r.type = m.typeName();
  r.frozen = m.isFrozen() && !m.ownParameters().empty();
  r.output = m.output().isTable() || m.output().toTensor().numel() > 0 ? shapeText(m.output()) : "-";
  for (const ParamRef<float>& p : m.ownParameters()) {
    if (p.weight->numel() > 0 && !seen.emplace(p.weight->data(), path).second) {
      r.shared = true;
      continue;
    }
    r.params += p.weight->numel();
  }
  rows.push_back(r);
  for (Module<float>* c : m.children())
    collectRows(*c, path.empty() ? c->name() : path + "." + c->name(), depth + 1, seen, rows);
}

int runSummary(const SummaryArgs& a) {
  Loaded loaded = load(a);
  Module<float>& model = *loaded.model;
  std::vector<int64_t> shape = !a.inputShape.empty() ? parseShape(a.inputShape) : loaded.inputShape;
  RINGDL_CHECK(!shape.empty(), loaded.what,
               " does not say what one record's shape is (no input_shape, no leading Reshape); give "
               "--input_shape, e.g. --input_shape=1,28,28");
  Shape batch{1};
  batch.insert(batch.end(), shape.begin(), shape.end());
  Tensor<float> x(batch);
  x.zero();
  model.evaluate();
  try {
    model.forward(x);
  } catch (const Error& e) {
    RINGDL_FAIL(loaded.what, " cannot take records of shape ", toString(Shape(shape.begin(), shape.end())),
                ": ", e.message());
  }
  std::map<const float*, std::string> seen;
  std::vector<Row> rows;
  collectRows(model, "", 0, seen, rows);
  size_t nameW = 5, typeW = 4, outW = 12;
  for (const Row& r : rows) {
    nameW = std::max(nameW, r.name.size());
    typeW = std::max(typeW, r.type.size());
    outW = std::max(outW, r.output.size());
  }
  std::ostringstream os;
  const std::string rule(nameW + typeW + outW + 18, '-');
  os << "Model: " << loaded.what << ", input " << toString(Shape(shape.begin(), shape.end()))
     << " per record\n"
     << rule << "\n"
     << std::left << std::setw(static_cast<int>(nameW) + 2) << "Layer"
     << std::setw(static_cast<int>(typeW) + 2) << "Type" << std::setw(static_cast<int>(outW) + 2)
     << "Output shape" << std::right << std::setw(12) << "Params"
     << "\n"
     << rule << "\n";
  for (const Row& r : rows) {
    os << std::left << std::setw(static_cast<int>(nameW) + 2) << r.name
       << std::setw(static_cast<int>(typeW) + 2) << r.type << std::setw(static_cast<int>(outW) + 2)
       << r.output << std::right << std::setw(12) << r.params << (r.shared ? "  (shares parameters)" : "")
       << (r.frozen ? "  (frozen)" : "") << "\n";
  }
  int64_t total = 0, trainable = 0, bufferValues = 0;
  for (const ParamRef<float>& p : model.parameters()) total += p.weight->numel();
  for (const ParamRef<float>& p : model.trainableParameters()) trainable += p.weight->numel();
  for (const BufferRef<float>& b : model.buffers()) bufferValues += b.tensor->numel();
  os << rule << "\n"
     << "Total parameters: " << total << "\n"
     << "Trainable parameters: " << trainable << "\n"
     << "Frozen parameters: " << total - trainable << "\n"
     << "Weights: " << humanBytes(static_cast<double>(total) * sizeof(float)) << " (float32)";
  if (bufferValues > 0)
    os << "; buffers: " << bufferValues << " values, " << humanBytes(static_cast<double>(bufferValues) * 4);
  os << "\n";
  std::cout << os.str();
  return 0;
}
}  // namespace

Runner setupModel(CLI::App& cmd) {
  cmd.require_subcommand(1);
  cmd.allow_extras();
  auto args = std::make_shared<SummaryArgs>();
  CLI::App* summary = cmd.add_subcommand(
      "summary",
      "A table of a model's layers: name, type, output shape, parameters; totals and memory of the weights");
  summary
      ->add_option("source", args->source,
                   "a training config, a model definition file (.yaml), a zoo model's name, a model file "
                   "(.ringdl) or a checkpoint (file or directory)")
      ->required();
  summary->add_option("--input_shape", args->inputShape,
                      "one record's shape, e.g. 1,28,28 [default: the model's input_shape or first Reshape]");
  summary->add_option(
      "--model_params", args->modelParams,
      "a zoo model's or definition's params, NAME=VALUE,... (e.g. channels=1,image=28,final_size=7)");
  summary->add_option("--classes", args->classes,
                      "classes of a zoo model or definition ($classes) [default: 10, "
                      "or the config's]");
  return [args, summary]() -> int {
    rejectExtras(*summary);
    return runSummary(*args);
  };
}

}  // namespace ringdl::tools
