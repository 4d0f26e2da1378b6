// Everything RingDL offers to a C++ program, in one include.
#pragma once

#include "ringdl/data.h"
#include "ringdl/io.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/optim.h"
#include "ringdl/tensor.h"
