// The options of the fused cells (RnnCell adds its activation).
#pragma once

#include <string>

#include "ringdl/nn/options.h"

namespace ringdl {

struct CellOptions {
  int64_t inputSize = 0;
  int64_t hiddenSize = 0;
  bool withBias = true;  ///< both biases, b_ih and b_hh, as PyTorch's bias=True
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("hiddenSize", hiddenSize, kRequired);
    v("withBias", withBias);
  }
};

struct RnnCellOptions {
  int64_t inputSize = 0;
  int64_t hiddenSize = 0;
  std::string activation = "tanh";  ///< "tanh" or "relu" (PyTorch's nonlinearity)
  bool withBias = true;
  template <typename V>
  void fields(V& v) {
    v("inputSize", inputSize, kRequired);
    v("hiddenSize", hiddenSize, kRequired);
    v("activation", activation);
    v("withBias", withBias);
  }
};

}  // namespace ringdl
