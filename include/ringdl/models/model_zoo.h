// The model zoo: ready model definitions by name. Each is a model definition file, models/<name>/<name>.yaml
// (docs/model-files.md), embedded in the library when it is built, with its training configs beside it.
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/model_definition.h"
#include "ringdl/nn/module.h"

namespace ringdl {

/// Builds a zoo model by name ("lenet5", "mlp", "vgg_cifar10", "resnet20", ...) with `classes` outputs; an
/// unknown name is an Error listing the known ones.
template <typename T>
ModulePtr<T> buildModel(const std::string& name, int64_t classes = 10);
/// The same with any of the definition's params ("classes", and e.g. resnet20's "channels", "image",
/// "final_size", "shortcut"); a param the definition does not declare is an Error.
template <typename T>
ModulePtr<T> buildModel(const std::string& name, const ModelParams& params);
/// The names buildModel knows, sorted.
std::vector<std::string> modelNames();
/// The YAML text of a zoo model's definition.
std::string zooDefinitionText(const std::string& name);

/// BigDL's LeNet-5 for 1x28x28 input: conv 1->6 5x5, tanh, maxpool 2, tanh, conv 6->12 5x5, maxpool 2,
/// reshape 192, linear 100, tanh, linear classes, logsoftmax. Output: log-probabilities [N, classes].
template <typename T>
ModulePtr<T> lenet5(int64_t classes = 10);
/// A multi-layer perceptron 784-1024-1024-classes with ReLU and a final logsoftmax; input [N, 1, 28, 28] or
/// [N, 784].
template <typename T>
ModulePtr<T> mlp(int64_t classes = 10);
/// A small VGG-style convnet for 3x32x32 images (CIFAR-10; BigDL's VggForCifar10 without batch normalisation,
/// sized for CPU training): conv 3x3 (padding 1) 3->32, 32->32, maxpool 2, 64, 64, maxpool 2, 128, maxpool 2,
/// each conv followed by ReLU; reshape 2048, linear 256, ReLU, dropout 0.5, linear classes, logsoftmax. The
/// convolutions and the hidden linear layer start from He (MSRA) weights and zero biases.
/// Input [N, 3, 32, 32] (or [N, 3072]); output log-probabilities [N, classes].
template <typename T>
ModulePtr<T> vggCifar10(int64_t classes = 10);

namespace detail {
struct ZooDefinition {
  const char* name;
  const char* path;  ///< in the source tree, for error messages
  const char* text;
};
/// Generated from models/*/*.yaml (cmake/embed_zoo.cmake).
const std::vector<ZooDefinition>& zooDefinitions();
}  // namespace detail

}  // namespace ringdl
