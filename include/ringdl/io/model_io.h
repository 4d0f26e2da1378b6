// Saving and loading a model (structure, configuration and weights) in RingDL's protobuf format, with no
// per-layer code: every module is rebuilt from its type and config() through the layer registry.
#pragma once

#include <string>

#include "ringdl/nn/module.h"

namespace ringdl {

/// Writes the module tree (types, names, config() of each module, every parameter value) to path, atomically:
/// the file is either the old one or the complete new one, never a partial write. Gradients are not saved.
/// Throws ringdl::Error naming the path if the directory is not writable or the disk is full.
template <typename T>
void saveModel(const std::string& path, Module<T>& model);

/// Reads a file written by saveModel (or the model inside a checkpoint written by saveCheckpoint) and
/// rebuilds it with createModule<T>; containers get their children add()-ed in order with their saved names.
/// The file may have been saved with the other scalar type (values are converted). The returned model is in
/// training mode. Loading leaves Random::global() as it was, although rebuilding layers runs their
/// initialisers. Throws ringdl::Error naming the file if it is missing, truncated, corrupt, of an unknown
/// type, or if a saved parameter's shape disagrees with the one the rebuilt layer has (naming the parameter
/// and both shapes).
template <typename T>
ModulePtr<T> loadModel(const std::string& path);

extern template void saveModel<float>(const std::string&, Module<float>&);
extern template void saveModel<double>(const std::string&, Module<double>&);
extern template ModulePtr<float> loadModel<float>(const std::string&);
extern template ModulePtr<double> loadModel<double>(const std::string&);

}  // namespace ringdl
