// Umbrella header for the dist module: communicators and wire formats (link RingDL::ringdl_dist).
#pragma once

#include "ringdl/dist/communicator.h"
#include "ringdl/dist/local_communicator.h"
#include "ringdl/dist/mpi_communicator.h"
#include "ringdl/dist/wire_format.h"
#include "ringdl/util/error.h"
