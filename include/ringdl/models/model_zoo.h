// The model zoo: ready model definitions by name (their sources and training configs live in models/<name>/).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/module.h"

namespace ringdl {

/// BigDL's LeNet-5 for 1x28x28 input: conv 1->6 5x5, tanh, maxpool 2, tanh, conv 6->12 5x5, maxpool 2,
/// reshape 192, linear 100, tanh, linear classes, logsoftmax. Output: log-probabilities [N, classes].
template <typename T>
ModulePtr<T> lenet5(int64_t classes = 10);

/// A multi-layer perceptron 784-1024-1024-classes with ReLU and a final logsoftmax; input [N, 1, 28, 28] or
/// [N, 784].
template <typename T>
ModulePtr<T> mlp(int64_t classes = 10, std::vector<int64_t> hidden = {1024, 1024}, int64_t inputSize = 784);

/// Builds a zoo model by name ("lenet5", "mlp"); an unknown name is an Error listing the known ones.
template <typename T>
ModulePtr<T> buildModel(const std::string& name, int64_t classes = 10);

/// The names buildModel knows, sorted.
std::vector<std::string> modelNames();

}  // namespace ringdl
