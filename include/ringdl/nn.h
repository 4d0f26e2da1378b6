// Umbrella header for the nn module: containers, layers, criterions, initialisers, registry.
#pragma once

#include "ringdl/nn/activity.h"
#include "ringdl/nn/container.h"
#include "ringdl/nn/criterion.h"
#include "ringdl/nn/init_method.h"
#include "ringdl/nn/module.h"
#include "ringdl/nn/sequential.h"
#include "ringdl/nn/tensor_module.h"
// Layers (alphabetical).
#include "ringdl/nn/layers/dropout.h"
#include "ringdl/nn/layers/linear.h"
#include "ringdl/nn/layers/log_soft_max.h"
#include "ringdl/nn/layers/relu.h"
#include "ringdl/nn/layers/reshape.h"
#include "ringdl/nn/layers/sigmoid.h"
#include "ringdl/nn/layers/soft_max.h"
#include "ringdl/nn/layers/spatial_average_pooling.h"
#include "ringdl/nn/layers/spatial_convolution.h"
#include "ringdl/nn/layers/spatial_max_pooling.h"
#include "ringdl/nn/layers/tanh.h"
#include "ringdl/nn/layers/view.h"
// Criterions (alphabetical).
#include "ringdl/nn/criterions/class_nll_criterion.h"
#include "ringdl/nn/criterions/cross_entropy_criterion.h"
#include "ringdl/nn/criterions/mse_criterion.h"
