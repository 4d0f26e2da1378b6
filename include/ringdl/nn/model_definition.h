// Model definitions any user can write: a YAML file naming layers by their registry type with their options by
// their C++ names, as a Sequential list or a graph of named nodes (docs/model-files.md). The zoo's models are
// such files too (models/<name>/<name>.yaml).
//
//   name: lenet5
//   input_shape: [1, 28, 28]
//   params: {classes: 10}              # defaults of the $name placeholders
//   layers:
//     - Reshape: {size: [1, 28, 28]}
//     - SpatialConvolution: {nInputPlane: 1, nOutputPlane: 6, kernelW: 5, kernelH: 5}
//     - Tanh
//     - Linear: {inputSize: 100, outputSize: $classes}
//
// Errors name the file, the line and the layer.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ringdl/nn/module.h"

namespace ringdl {

/// Values for the $name placeholders of a definition (e.g. {"classes", "10"}); they override its `params`.
using ModelParams = std::map<std::string, std::string>;

/// What a definition says besides its layers.
struct ModelDefinitionInfo {
  std::string name;
  std::vector<int64_t> inputShape;  ///< one record's shape (`input_shape`), empty if not given
};

/// Reads a saved model (a model file or a checkpoint) for a definition's `base:` key. The io module gives one
/// (ringdl::savedModelLoader<T>() in ringdl/io/model_weights.h): nn does not read model files itself.
template <typename T>
using SavedModelLoader = std::function<ModulePtr<T>(const std::string& path)>;

/// Builds the model a YAML definition file describes (nested `file:` entries resolve against its directory).
/// A definition with `base: saved.ringdl` and `replace: {layer: entry, ...}` is that saved model with the
/// layers at those paths replaced by freshly initialised ones (docs/model-files.md); it needs loadSaved.
template <typename T>
ModulePtr<T> loadModelDefinition(const std::string& path, const ModelParams& params = {},
                                 ModelDefinitionInfo* info = nullptr,
                                 const SavedModelLoader<T>& loadSaved = {});

/// The same from YAML text; `source` names it in errors, `baseDir` resolves its `file:` entries and `base:`.
template <typename T>
ModulePtr<T> parseModelDefinition(const std::string& yaml, const std::string& source,
                                  const std::string& baseDir, const ModelParams& params = {},
                                  ModelDefinitionInfo* info = nullptr,
                                  const SavedModelLoader<T>& loadSaved = {});

/// True if the file looks like a model definition (a YAML map with `layers`, `nodes` or `base`), so a config
/// key can take either a zoo name or a definition file.
bool isModelDefinitionFile(const std::string& path);

extern template ModulePtr<float> loadModelDefinition<float>(const std::string&, const ModelParams&,
                                                            ModelDefinitionInfo*,
                                                            const SavedModelLoader<float>&);
extern template ModulePtr<double> loadModelDefinition<double>(const std::string&, const ModelParams&,
                                                              ModelDefinitionInfo*,
                                                              const SavedModelLoader<double>&);
extern template ModulePtr<float> parseModelDefinition<float>(const std::string&, const std::string&,
                                                             const std::string&, const ModelParams&,
                                                             ModelDefinitionInfo*,
                                                             const SavedModelLoader<float>&);
extern template ModulePtr<double> parseModelDefinition<double>(const std::string&, const std::string&,
                                                               const std::string&, const ModelParams&,
                                                               ModelDefinitionInfo*,
                                                               const SavedModelLoader<double>&);

}  // namespace ringdl
