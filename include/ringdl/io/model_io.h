// Saving and loading a model (structure, configuration and weights) in RingDL's protobuf format, with no
// per-layer code: every module is rebuilt from its type and config() through the layer registry. A model file
// may also carry how its inputs were prepared (ModelMetadata), so it can be used without being told again.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/module.h"

namespace ringdl {

/// What a model file records besides the model: how the data it was trained on was read and prepared, so that
/// evaluation and prediction read new data the same way.
struct ModelMetadata {
  /// The training run's configuration text, verbatim (ringdl train writes its YAML: the decoding keys, the
  /// transforms, the resolved normalisation, classes, ...); "" if none.
  std::string runConfig;
  /// The classes' names in label order (ringdl train: the training image folder's class directories); empty
  /// when the data had none.
  std::vector<std::string> classNames;

  bool empty() const { return runConfig.empty() && classNames.empty(); }
};

/// What loadModelFile returns: the rebuilt model and the metadata saved with it.
template <typename T>
struct ModelFile {
  ModulePtr<T> model;
  ModelMetadata metadata;  ///< empty for files saved without any (and by RingDL before it existed)
};

/// Writes the module tree (types, names, config() of each module, every parameter value) and `metadata` to
/// path, atomically: the file is either the old one or the complete new one, never a partial write. Gradients
/// are not saved. Throws ringdl::Error naming the path if the directory is not writable or the disk is full.
template <typename T>
void saveModel(const std::string& path, Module<T>& model, const ModelMetadata& metadata = {});

/// Reads a file written by saveModel (or the model inside a checkpoint written by saveCheckpoint, whose run
/// config becomes the metadata's) and rebuilds it with createModule<T>; containers get their children
/// add()-ed in order with their saved names. The file may have been saved with the other scalar type (values
/// are converted). The returned model is in training mode. Loading leaves Random::global() as it was,
/// although rebuilding layers runs their initialisers. Throws ringdl::Error naming the file if it is missing,
/// truncated, corrupt, of an unknown type, or if a saved parameter's shape disagrees with the one the rebuilt
/// layer has (naming the parameter and both shapes).
template <typename T>
ModelFile<T> loadModelFile(const std::string& path);

/// loadModelFile(path).model: the model alone.
template <typename T>
ModulePtr<T> loadModel(const std::string& path);

extern template void saveModel<float>(const std::string&, Module<float>&, const ModelMetadata&);
extern template void saveModel<double>(const std::string&, Module<double>&, const ModelMetadata&);
extern template ModelFile<float> loadModelFile<float>(const std::string&);
extern template ModelFile<double> loadModelFile<double>(const std::string&);
extern template ModulePtr<float> loadModel<float>(const std::string&);
extern template ModulePtr<double> loadModel<double>(const std::string&);

}  // namespace ringdl
