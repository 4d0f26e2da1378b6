// The optim registries, like the layer registry (nn/registry.h): type name + Attributes -> object, for optim
// methods (checkpoints, ringdl's optimizer key), learning-rate schedules and validation methods (ringdl's
// validation results). One explicit, alphabetical table each in src/optim/registry.cpp (no static
// initialisers).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/attributes.h"
#include "ringdl/optim/learning_rate_schedule.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// Builds an optim method ("Adam", "SGD", or "SubmoduleMethods", which composes them) from its config();
/// unknown types and options are Errors that list the known ones.
template <typename T>
OptimMethodPtr<T> createOptimMethod(const std::string& typeName, const Attributes& config = {});
/// Every registered update rule, sorted (not SubmoduleMethods).
std::vector<std::string> registeredOptimMethodTypes();

/// Builds a learning-rate schedule ("Step", "Plateau", "SequentialSchedule", ...) from its config(); unknown
/// types and options are Errors that list the known ones.
LearningRateSchedulePtr createLearningRateSchedule(const std::string& typeName,
                                                   const Attributes& config = {});
/// Every registered learning-rate schedule type, sorted.
std::vector<std::string> registeredLearningRateScheduleTypes();

/// Builds a validation method ("Loss", "Top1Accuracy", "TopKAccuracy", "HitRatio", ...) from its config();
/// Loss names its criterion by registry type ({"criterion": "CrossEntropyCriterion"}), TopKAccuracy takes
/// {"k": 3}.
template <typename T>
ValidationMethodPtr<T> createValidationMethod(const std::string& typeName, const Attributes& config = {});
/// Every registered validation method type, sorted.
std::vector<std::string> registeredValidationMethodTypes();

}  // namespace ringdl
