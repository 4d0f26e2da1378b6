// Umbrella header for the optim module: optim methods, triggers, validation methods, the training engine.
#pragma once

#include "ringdl/optim/adam.h"
#include "ringdl/optim/learning_rate_schedule.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/registry.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/optim/training_state.h"
#include "ringdl/optim/trigger.h"
#include "ringdl/optim/validation_method.h"
