// Fine-tuning from saved models: loadModelWeights, BigDL's Module.loadModelWeights(src, target, matchAll),
// copying a saved model's weights into another model layer by layer, matched by path (ringdl train's
// init_from), and the loader model definitions use for `base:`.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/model_definition.h"
#include "ringdl/nn/module.h"

namespace ringdl {

/// What loadModelWeights did. Layers are named by their paths (Module::namedModules(): "conv1",
/// "block1.conv1"; "" for a model that is a single layer).
struct WeightLoadReport {
  struct Skipped {
    std::string layer;
    std::string
        reason;  ///< "not in the saved model", "weight [5, 100] here but [10, 100] in the saved model"
  };
  std::vector<std::string> loaded;  ///< layers whose parameters and buffers were copied
  std::vector<Skipped> skipped;     ///< layers with parameters or buffers that kept their own values
  std::vector<std::string> unused;  ///< saved layers with parameters or buffers that no layer took
  /// One line per skipped layer ("  fc3: kept its own initialisation: ..."), then one naming the unused ones.
  std::string toString() const;
};

/// Copies into `target`, for every layer that has parameters or buffers, the parameters and buffers
/// (batch-normalisation running statistics, ...) of the layer at the same path in `source`, when both have
/// the same parameters and buffers (names and shapes). A layer without such a twin keeps its own values and
/// is listed in the report with the reason; with matchAll any such layer is an Error naming every one of
/// them, before anything is copied. Frozen flags and the training mode are left as they are.
template <typename T>
WeightLoadReport loadModelWeights(Module<T>& source, Module<T>& target, bool matchAll = false);

/// The same from a model file or a checkpoint (a file, or a directory: its newest checkpoint), loaded with
/// loadModel; errors name the file.
template <typename T>
WeightLoadReport loadModelWeights(const std::string& path, Module<T>& target, bool matchAll = false);

/// The loader model definitions need for `base:` (nn/model_definition.h): loadModel of a model file or
/// checkpoint file, or of a directory's newest checkpoint.
template <typename T>
SavedModelLoader<T> savedModelLoader();

extern template SavedModelLoader<float> savedModelLoader<float>();
extern template SavedModelLoader<double> savedModelLoader<double>();
extern template WeightLoadReport loadModelWeights<float>(Module<float>&, Module<float>&, bool);
extern template WeightLoadReport loadModelWeights<double>(Module<double>&, Module<double>&, bool);
extern template WeightLoadReport loadModelWeights<float>(const std::string&, Module<float>&, bool);
extern template WeightLoadReport loadModelWeights<double>(const std::string&, Module<double>&, bool);

}  // namespace ringdl
