// Umbrella header for the io module: model files and checkpoints, tf.train.Example records.
#pragma once

#include "ringdl/io/checkpoint.h"
#include "ringdl/io/file_format.h"
#include "ringdl/io/model_io.h"
#include "ringdl/io/model_weights.h"
