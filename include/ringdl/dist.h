// Umbrella header for the dist module: communicators, wire formats, the gradient reducer and the DistriOptimizer
// (link RingDL::ringdl_dist).
#pragma once

#include "ringdl/dist/communicator.h"
#include "ringdl/dist/distri_optimizer.h"
#include "ringdl/dist/gradient_reducer.h"
#include "ringdl/dist/local_communicator.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/dist/wire_format.h"
#include "ringdl/util/error.h"
