// Umbrella header for the tensor module.
#pragma once

#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"
#include "ringdl/tensor/shape.h"
#include "ringdl/tensor/tensor.h"
