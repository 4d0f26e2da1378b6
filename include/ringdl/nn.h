// Umbrella header for the nn module: containers, layers, criterions, initialisers, registry.
#pragma once

#include "ringdl/nn/activity.h"
#include "ringdl/nn/container.h"
#include "ringdl/nn/criterion.h"
#include "ringdl/nn/graph.h"
#include "ringdl/nn/init_method.h"
#include "ringdl/nn/module.h"
#include "ringdl/nn/sequential.h"
#include "ringdl/nn/tensor_module.h"
// Layers, by family (alphabetical).
#include "ringdl/nn/layers/activation/activations.h"
#include "ringdl/nn/layers/activation/log_soft_max.h"
#include "ringdl/nn/layers/activation/prelu.h"
#include "ringdl/nn/layers/activation/rrelu.h"
#include "ringdl/nn/layers/activation/soft_max.h"
#include "ringdl/nn/layers/convolution/spatial_convolution.h"
#include "ringdl/nn/layers/dropout/dropout.h"
#include "ringdl/nn/layers/linear/linear.h"
#include "ringdl/nn/layers/pooling/spatial_average_pooling.h"
#include "ringdl/nn/layers/pooling/spatial_max_pooling.h"
#include "ringdl/nn/layers/shape/reshape.h"
#include "ringdl/nn/layers/shape/view.h"
#include "ringdl/nn/layers/table/c_add_table.h"
// Criterions (alphabetical).
#include "ringdl/nn/criterions/class_nll_criterion.h"
#include "ringdl/nn/criterions/cross_entropy_criterion.h"
#include "ringdl/nn/criterions/mse_criterion.h"
