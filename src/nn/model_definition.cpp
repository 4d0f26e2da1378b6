// Model definitions in YAML: Sequential lists, graphs of named nodes and other containers with their
// children, built through the layer registry.
#include "ringdl/nn/model_definition.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ringdl/nn/container.h"
#include "ringdl/nn/graph.h"
#include "ringdl/nn/init_method.h"
#include "ringdl/nn/registry.h"
#include "ringdl/nn/sequential.h"

namespace ringdl {

namespace {
namespace fs = std::filesystem;

// Keys of a layer entry that are not the layer's options.
const std::set<std::string> kEntryKeys = {"type",     "name", "inputs", "share",  "weightInit",
                                          "biasInit", "file", "block",  "params", "repeat"};
const std::set<std::string> kRootKeys = {"name",   "description", "input_shape", "params", "blocks",
                                         "layers", "inputs",      "nodes",       "outputs"};

struct Context {
  std::string source;
  std::string baseDir;
  ModelParams params;
  YAML::Node blocks;  // the file's blocks: (named definitions an entry instantiates with block:)

  std::string at(const YAML::Node& n) const { return source + " line " + std::to_string(n.Mark().line + 1); }
};

std::string keyList(const std::set<std::string>& keys) {
  std::string s;
  for (const std::string& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s;
}

// A whole-scalar placeholder "$name" becomes the parameter's value.
std::string substitute(const std::string& text, const Context& c, const YAML::Node& n) {
  if (text.size() < 2 || text[0] != '$') return text;
  const std::string name = text.substr(1);
  auto it = c.params.find(name);
  if (it != c.params.end()) return it->second;
  std::string known;
  for (const auto& [k, v] : c.params) known += (known.empty() ? "" : ", ") + k;
  RINGDL_FAIL(c.at(n), ": placeholder '", text, "' has no value (give it under params:",
              known.empty() ? std::string(")") : "; known: " + known + ")");
}

// Every $name inside a word replaced by its parameter ("down_$shortcut" -> "down_A").
std::string substituteWithin(const std::string& text, const Context& c, const YAML::Node& n) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
    out += substitute(text.substr(i, j - i), c, n);
    i = j;
  }
  return out;
}

AttrValue scalarValue(const YAML::Node& n, const Context& c) {
  if (n.Tag() == "!") return AttrValue(n.Scalar());  // quoted: always a string
  const std::string s = substitute(n.Scalar(), c, n);
  if (!s.empty()) {
    char* end = nullptr;
    errno = 0;
    const long long i = std::strtoll(s.c_str(), &end, 10);
    if (*end == '\0' && errno == 0) return AttrValue(static_cast<int64_t>(i));
    errno = 0;
    const double d = std::strtod(s.c_str(), &end);
    if (*end == '\0' && errno == 0) return AttrValue(d);
  }
  if (s == "true" || s == "True") return AttrValue(true);
  if (s == "false" || s == "False") return AttrValue(false);
  return AttrValue(s);
}

AttrValue optionValue(const std::string& key, const YAML::Node& n, const Context& c) {
  if (n.IsScalar()) return scalarValue(n, c);
  RINGDL_CHECK(n.IsSequence(), c.at(n), ": option '", key, "' must be a value or a list of values");
  std::vector<AttrValue> items;
  for (const YAML::Node& e : n) {
    RINGDL_CHECK(e.IsScalar(), c.at(e), ": option '", key, "' must be a list of plain values");
    items.push_back(scalarValue(e, c));
  }
  bool ints = true, numbers = true, strings = true;
  for (const AttrValue& v : items) {
    ints = ints && std::holds_alternative<int64_t>(v);
    numbers = numbers && (std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v));
    strings = strings && std::holds_alternative<std::string>(v);
  }
  if (ints) {
    std::vector<int64_t> out;
    for (const AttrValue& v : items) out.push_back(std::get<int64_t>(v));
    return AttrValue(out);
  }
  if (numbers) {
    std::vector<double> out;
    for (const AttrValue& v : items)
      out.push_back(std::holds_alternative<int64_t>(v) ? static_cast<double>(std::get<int64_t>(v))
                                                       : std::get<double>(v));
    return AttrValue(out);
  }
  RINGDL_CHECK(strings, c.at(n), ": option '", key, "' mixes numbers and words in one list");
  std::vector<std::string> out;
  for (const AttrValue& v : items) out.push_back(std::get<std::string>(v));
  return AttrValue(out);
}

std::vector<std::string> nameList(const YAML::Node& n, const Context& c, const std::string& what) {
  std::vector<std::string> out;
  if (n.IsScalar()) return {n.Scalar()};
  RINGDL_CHECK(n.IsSequence(), c.at(n), ": ", what, " must be a name or a list of names");
  for (const YAML::Node& e : n) {
    RINGDL_CHECK(e.IsScalar(), c.at(e), ": ", what, " must be a list of names");
    out.push_back(e.Scalar());
  }
  return out;
}

// The definition's params: defaults, overridden by the given ones, each of which it must declare (classes,
// which ringdl train gives every model, excepted).
ModelParams paramsOf(const YAML::Node& root, const ModelParams& given, const Context& c, bool inherited) {
  ModelParams params;
  if (const YAML::Node p = root["params"]) {
    RINGDL_CHECK(p.IsMap(), c.at(p), ": params must be a map of name: value");
    for (const auto& kv : p) params[kv.first.Scalar()] = kv.second.Scalar();
  }
  for (const auto& [k, v] : given) {
    if (!inherited && k != "classes" && !params.count(k)) {
      std::string known;
      for (const auto& [name, value] : params) known += (known.empty() ? "" : ", ") + name;
      RINGDL_FAIL(c.at(root), ": parameter '", k, "' is given but the definition has no such parameter (",
                  known.empty() ? std::string("it declares none under params:") : "its params: " + known,
                  ")");
    }
    params[k] = v;
  }
  return params;
}

template <typename T>
ModulePtr<T> buildDefinition(const YAML::Node& root, Context c, ModelDefinitionInfo* info,
                             bool inherited = false);
template <typename T>
std::vector<ModulePtr<T>> buildListEntry(const YAML::Node& entry, int index, const Context& c);

// One layer entry: `Type`, `Type: {options}`, `{type: Type, name: ..., options...}`, or `{file: other.yaml}`.
// In a graph, `inputs` and `share` are read by the caller.
template <typename T>
ModulePtr<T> buildEntry(const YAML::Node& entry, const std::string& label, const Context& c) {
  std::string type;
  YAML::Node body;  // the map holding options and the reserved keys (may be null)
  if (entry.IsScalar()) {
    type = entry.Scalar();
  } else if (entry.IsMap() && (entry["type"] || entry["file"] || entry["block"])) {
    body = entry;
    if (entry["type"]) type = entry["type"].Scalar();
  } else if (entry.IsMap() && entry.size() == 1) {
    type = entry.begin()->first.Scalar();
    body = entry.begin()->second;
    RINGDL_CHECK(!body || body.IsNull() || body.IsMap(), c.at(entry), ": ", label, " (", type,
                 "): its options must be a map, e.g. ", type, ": {name: value}");
  } else {
    RINGDL_FAIL(c.at(entry), ": ", label,
                " must be a layer type (Tanh), a type with options "
                "(Linear: {inputSize: 4, outputSize: 2}), or a map with a type: key");
  }
  RINGDL_CHECK(!(body && body.IsMap() && body["repeat"]), c.at(body["repeat"]), ": ", label,
               ": repeat: is for entries of a layers: list (a graph's nodes are named one by one)");
  const std::string name = body && body.IsMap() && body["name"] ? body["name"].Scalar() : "";
  const std::string what = label + " (" +
                           (!type.empty()   ? type
                            : body["block"] ? "block " + body["block"].Scalar()
                                            : "file") +
                           (name.empty() ? "" : " '" + name + "'") + ")";
  ModulePtr<T> module;
  try {
    ModelParams given;  // the params: of a file: or block: entry, placeholders replaced by this file's
    if (body && body.IsMap() && body["params"]) {
      const YAML::Node p = body["params"];
      RINGDL_CHECK(p.IsMap(), c.at(p), ": params must be a map");
      for (const auto& kv : p) given[kv.first.Scalar()] = substitute(kv.second.Scalar(), c, kv.second);
    }
    if (body && body.IsMap() && body["file"]) {
      module = loadModelDefinition<T>((fs::path(c.baseDir) / body["file"].Scalar()).string(), given);
    } else if (body && body.IsMap() && body["block"]) {
      // A definition from the file's blocks:, with its own params (defaults, then the entry's).
      const std::string block = substituteWithin(body["block"].Scalar(), c, body["block"]);
      const YAML::Node definition = c.blocks && c.blocks.IsMap() ? c.blocks[block] : YAML::Node();
      if (!definition) {
        std::string known;
        if (c.blocks && c.blocks.IsMap())
          for (const auto& kv : c.blocks) known += (known.empty() ? "" : ", ") + kv.first.Scalar();
        RINGDL_FAIL(c.at(body["block"]), ": no block named '", block, "' (",
                    known.empty() ? std::string("the file has no blocks:") : "the file's blocks: " + known,
                    ")");
      }
      Context inner = c;
      inner.params = given;
      module = buildDefinition<T>(definition, inner, nullptr);
    } else if (type == "Sequential" || type == "Graph") {
      // A nested definition in place: its own layers (or inputs/nodes/outputs).
      RINGDL_CHECK(body && body.IsMap(), c.at(entry), ": ", what, " needs ",
                   type == "Sequential" ? "layers:" : "inputs:, nodes: and outputs:");
      YAML::Node nested = YAML::Clone(body);
      nested.remove("type");
      nested.remove("name");
      module = buildDefinition<T>(nested, c, nullptr, /*inherited=*/true);
    } else {
      // Any other container (ConcatTable, Concat, MapTable, Bottle, ...) gets its children from layers:, as
      // the model loader rebuilds it: made from its options, then each child added in order.
      const bool hasChildren = body && body.IsMap() && body["layers"];
      Attributes options;
      if (body && body.IsMap()) {
        for (const auto& kv : body) {
          const std::string key = kv.first.Scalar();
          if (kEntryKeys.count(key) || (hasChildren && key == "layers")) continue;
          options.set(key, optionValue(key, kv.second, c));
        }
      }
      module = createModule<T>(type, options);
      if (hasChildren) {
        const YAML::Node children = body["layers"];
        auto* container = dynamic_cast<Container<T>*>(module.get());
        RINGDL_CHECK(container != nullptr, type,
                     " is not a container; layers: lists the children of one "
                     "(Sequential, ConcatTable, Concat, ParallelTable, MapTable, Bottle)");
        RINGDL_CHECK(children.IsSequence() && children.size() > 0, c.at(children), ": ", what,
                     ": layers: must be a non-empty list");
        int index = 0;
        for (const YAML::Node& child : children)
          for (ModulePtr<T>& m : buildListEntry<T>(child, index++, c)) container->add(std::move(m));
      }
    }
    if (!name.empty()) module->setName(name);
    if (body && body.IsMap() && (body["weightInit"] || body["biasInit"])) {
      const InitMethod w =
          body["weightInit"] ? InitMethod::parse(body["weightInit"].Scalar()) : InitMethod::defaultUniform();
      const InitMethod b =
          body["biasInit"] ? InitMethod::parse(body["biasInit"].Scalar()) : InitMethod::defaultUniform();
      module->setInitMethod(w, b);
    }
  } catch (const Error& e) {
    // Errors from nested files already name their file and line.
    if (e.message().rfind(c.source, 0) == 0 || (body && body.IsMap() && body["file"])) throw;
    RINGDL_FAIL(c.at(entry), ": ", what, ": ", e.message());
  }
  return module;
}

// The modules of one entry of a layers: list: `repeat: N` makes N of them (a name gets _1 .. _N).
template <typename T>
std::vector<ModulePtr<T>> buildListEntry(const YAML::Node& entry, int index, const Context& c) {
  const std::string label = "layer " + std::to_string(index);
  int64_t repeat = 1;
  if (entry.IsMap() && entry["repeat"]) {
    const AttrValue v = scalarValue(entry["repeat"], c);
    RINGDL_CHECK(std::holds_alternative<int64_t>(v) && std::get<int64_t>(v) >= 1, c.at(entry["repeat"]), ": ",
                 label, ": repeat must be a whole number >= 1");
    repeat = std::get<int64_t>(v);
  }
  YAML::Node body = entry;
  if (repeat > 1 || (entry.IsMap() && entry["repeat"])) {
    body = YAML::Clone(entry);
    body.remove("repeat");
  }
  std::vector<ModulePtr<T>> out;
  for (int64_t k = 1; k <= repeat; ++k) {
    out.push_back(buildEntry<T>(body, label, c));
    if (repeat > 1 && out.back()->hasName())
      out.back()->setName(out.back()->name() + "_" + std::to_string(k));
  }
  return out;
}

template <typename T>
ModulePtr<T> buildGraph(const YAML::Node& root, const Context& c) {
  RINGDL_CHECK(root["inputs"] && root["outputs"], c.at(root),
               ": a graph needs inputs: (names), nodes: (a list) and outputs: (names)");
  std::map<std::string, NodePtr<T>> byName;
  std::vector<NodePtr<T>> inputs, outputs;
  for (const std::string& n : nameList(root["inputs"], c, "inputs")) {
    RINGDL_CHECK(!byName.count(n), c.at(root["inputs"]), ": input '", n, "' is listed twice");
    inputs.push_back(Input<T>(n));
    byName[n] = inputs.back();
  }
  const YAML::Node nodes = root["nodes"];
  RINGDL_CHECK(nodes && nodes.IsSequence() && nodes.size() > 0, c.at(root),
               ": nodes: must be a list of nodes");
  int index = 0;
  for (const YAML::Node& entry : nodes) {
    const std::string label = "node " + std::to_string(index++);
    RINGDL_CHECK(entry.IsMap() && entry["name"], c.at(entry), ": ", label,
                 " needs a name: (other nodes name it in their inputs:)");
    const std::string name = entry["name"].Scalar();
    RINGDL_CHECK(!byName.count(name), c.at(entry), ": two nodes are named '", name, "'");
    RINGDL_CHECK(entry["inputs"], c.at(entry), ": node '", name,
                 "' needs inputs: (names of earlier nodes or inputs)");
    std::vector<NodePtr<T>> from;
    for (const std::string& in : nameList(entry["inputs"], c, "inputs")) {
      auto it = byName.find(in);
      RINGDL_CHECK(it != byName.end(), c.at(entry["inputs"]), ": node '", name, "' takes input '", in,
                   "', which is neither a graph input nor an earlier node (a node's inputs come before it)");
      from.push_back(it->second);
    }
    ModulePtr<T> module;
    if (entry["share"]) {
      // The layer of an earlier node, used again: a clone sharing its parameters, named after this node.
      const std::string other = entry["share"].Scalar();
      auto it = byName.find(other);
      RINGDL_CHECK(it != byName.end() && !it->second->isInput(), c.at(entry["share"]), ": node '", name,
                   "' shares '", other, "', which is not an earlier node");
      module = it->second->module()->clone(/*shareWeights=*/true);
      module->setName(name);
    } else {
      YAML::Node body = YAML::Clone(entry);
      body.remove("inputs");
      module = buildEntry<T>(body, "node '" + name + "'", c);
      module->setName(name);
    }
    byName[name] = std::make_shared<Node<T>>(module, from);
  }
  for (const std::string& n : nameList(root["outputs"], c, "outputs")) {
    auto it = byName.find(n);
    RINGDL_CHECK(it != byName.end(), c.at(root["outputs"]), ": output '", n, "' is not a node");
    outputs.push_back(it->second);
  }
  try {
    return std::make_shared<Graph<T>>(inputs, outputs);
  } catch (const Error& e) {
    RINGDL_FAIL(c.at(root), ": ", e.message());
  }
}

template <typename T>
ModulePtr<T> buildDefinition(const YAML::Node& root, Context c, ModelDefinitionInfo* info, bool inherited) {
  RINGDL_CHECK(root.IsMap(), c.source,
               ": a model definition is a map with layers: (a list) or inputs:, nodes: "
               "and outputs: (a graph)");
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    RINGDL_CHECK(kRootKeys.count(key), c.at(kv.first), ": unknown key '", key, "' (a model definition has ",
                 keyList(kRootKeys), ")");
  }
  c.params = paramsOf(root, c.params, c, inherited);
  if (const YAML::Node blocks = root["blocks"]) {
    RINGDL_CHECK(blocks.IsMap(), c.at(blocks), ": blocks: must be a map of name: definition");
    c.blocks = blocks;
  }
  const bool sequential = static_cast<bool>(root["layers"]);
  RINGDL_CHECK(sequential != static_cast<bool>(root["nodes"]), c.at(root),
               ": give either layers: (a Sequential list) or nodes: (a graph), not ",
               sequential ? "both" : "neither");
  ModulePtr<T> model;
  if (sequential) {
    const YAML::Node layers = root["layers"];
    RINGDL_CHECK(layers.IsSequence() && layers.size() > 0, c.at(layers),
                 ": layers: must be a non-empty list");
    auto seq = std::make_shared<Sequential<T>>();
    int index = 0;
    for (const YAML::Node& entry : layers)
      for (ModulePtr<T>& m : buildListEntry<T>(entry, index++, c)) seq->add(std::move(m));
    model = seq;
  } else {
    model = buildGraph<T>(root, c);
  }
  if (root["name"]) model->setName(root["name"].Scalar());
  if (info) {
    info->name = root["name"] ? root["name"].Scalar() : "";
    info->inputShape.clear();
    if (const YAML::Node s = root["input_shape"]) {
      const AttrValue v = optionValue("input_shape", s, c);
      RINGDL_CHECK(std::holds_alternative<std::vector<int64_t>>(v), c.at(s),
                   ": input_shape must be a list of sizes, e.g. [1, 28, 28]");
      info->inputShape = std::get<std::vector<int64_t>>(v);
    }
  }
  return model;
}

// `base: saved.ringdl` with `replace: {path: entry, ...}`: the saved model with the layers at those paths
// replaced by new ones, built as layer entries are (fresh initialisation, in the order written).
const std::set<std::string> kBaseKeys = {"name", "description", "input_shape", "params", "base", "replace"};

template <typename T>
ModulePtr<T> buildFromBase(const YAML::Node& root, Context c, ModelDefinitionInfo* info,
                           const SavedModelLoader<T>& loadSaved) {
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    RINGDL_CHECK(key != "layers" && key != "nodes", c.at(kv.first),
                 ": a definition with base: takes its layers "
                 "from the saved model; name the layers to change under replace: instead of giving ",
                 key, ":");
    RINGDL_CHECK(kBaseKeys.count(key), c.at(kv.first), ": unknown key '", key,
                 "' (a definition with base: has ", keyList(kBaseKeys), ")");
  }
  const YAML::Node base = root["base"];
  RINGDL_CHECK(base.IsScalar() && !base.Scalar().empty(), c.at(base),
               ": base: must name a model file or a checkpoint (a file, or a directory of checkpoints)");
  RINGDL_CHECK(static_cast<bool>(loadSaved), c.at(base),
               ": base: names a saved model, which this caller cannot read (ringdl/nn does not read model "
               "files); load the definition with a SavedModelLoader, e.g. ringdl::savedModelLoader<T>() "
               "from ringdl/io/model_weights.h, as ringdl train and ringdl model summary do");
  c.params = paramsOf(root, c.params, c, false);
  const std::string given = substituteWithin(base.Scalar(), c, base);
  const std::string path =
      fs::path(given).is_absolute() || c.baseDir.empty() ? given : (fs::path(c.baseDir) / given).string();
  ModulePtr<T> model;
  try {
    model = loadSaved(path);
  } catch (const Error& e) {
    RINGDL_FAIL(c.at(base), ": base: ", e.message());
  }
  if (const YAML::Node replace = root["replace"]) {
    RINGDL_CHECK(
        replace.IsMap(), c.at(replace),
        ": replace: must be a map of layer: new layer, e.g. replace: {fc3: {type: Linear, inputSize: "
        "84, outputSize: 5}}");
    auto* container = dynamic_cast<Container<T>*>(model.get());
    RINGDL_CHECK(container != nullptr || replace.size() == 0, c.at(replace), ": the saved model ", path,
                 " is a ", model->typeName(), ", not a container, so it has no layers to replace");
    for (const auto& kv : replace) {
      const std::string layer = kv.first.Scalar();
      ModulePtr<T> fresh = buildEntry<T>(kv.second, "the replacement of '" + layer + "'", c);
      try {
        container->replace(layer, fresh);
      } catch (const Error& e) {
        RINGDL_FAIL(c.at(kv.first), ": replace: ", e.message());
      }
    }
  }
  if (root["name"]) model->setName(root["name"].Scalar());
  if (info) {
    info->name = root["name"] ? root["name"].Scalar() : "";
    info->inputShape.clear();
    if (const YAML::Node s = root["input_shape"]) {
      const AttrValue v = optionValue("input_shape", s, c);
      RINGDL_CHECK(std::holds_alternative<std::vector<int64_t>>(v), c.at(s),
                   ": input_shape must be a list of sizes, e.g. [1, 28, 28]");
      info->inputShape = std::get<std::vector<int64_t>>(v);
    }
  }
  return model;
}

YAML::Node parseYaml(const std::string& text, const std::string& source) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    RINGDL_FAIL(source, " line ", e.mark.line + 1, ", column ", e.mark.column + 1,
                ": not valid YAML: ", e.msg);
  }
}

std::string readText(const std::string& path) {
  std::ifstream in(path);
  RINGDL_CHECK(in.good(), "cannot read model definition ", path, " (does it exist?)");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

template <typename T>
ModulePtr<T> parseModelDefinition(const std::string& yaml, const std::string& source,
                                  const std::string& baseDir, const ModelParams& params,
                                  ModelDefinitionInfo* info, const SavedModelLoader<T>& loadSaved) {
  // Building initialises the layers from Random::global() in file order, as the same C++ code would.
  Context c{source, baseDir, params, YAML::Node()};
  const YAML::Node root = parseYaml(yaml, source);
  if (root.IsMap() && root["base"]) return buildFromBase<T>(root, c, info, loadSaved);
  return buildDefinition<T>(root, c, info);
}

template <typename T>
ModulePtr<T> loadModelDefinition(const std::string& path, const ModelParams& params,
                                 ModelDefinitionInfo* info, const SavedModelLoader<T>& loadSaved) {
  const std::string dir = fs::path(path).parent_path().string();
  return parseModelDefinition<T>(readText(path), path, dir.empty() ? "." : dir, params, info, loadSaved);
}

bool isModelDefinitionFile(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext != ".yaml" && ext != ".yml") return false;
  std::ifstream in(path);
  if (!in.good()) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    const YAML::Node root = YAML::Load(ss.str());
    return root.IsMap() && (root["layers"] || root["nodes"] || root["base"]);
  } catch (const YAML::Exception&) {
    return false;
  }
}

template ModulePtr<float> loadModelDefinition<float>(const std::string&, const ModelParams&,
                                                     ModelDefinitionInfo*, const SavedModelLoader<float>&);
template ModulePtr<double> loadModelDefinition<double>(const std::string&, const ModelParams&,
                                                       ModelDefinitionInfo*, const SavedModelLoader<double>&);
template ModulePtr<float> parseModelDefinition<float>(const std::string&, const std::string&,
                                                      const std::string&, const ModelParams&,
                                                      ModelDefinitionInfo*, const SavedModelLoader<float>&);
template ModulePtr<double> parseModelDefinition<double>(const std::string&, const std::string&,
                                                        const std::string&, const ModelParams&,
                                                        ModelDefinitionInfo*,
                                                        const SavedModelLoader<double>&);

}  // namespace ringdl
