// How ringdl's config spells the library's registry names: snake_case, criterions without their "Criterion"
// suffix, validation methods without their "Accuracy" one (top1, top_k, tree_nn). `criterion: cross_entropy`
// is CrossEntropyCriterion, `optimizer: sgd` is SGD, and an optim method's option learningRate is the config
// key learning_rate. The config keys' choices come from the registries through these, so a newly registered
// type is accepted without editing the config table.
#pragma once

#include <string>
#include <vector>

namespace ringdl::tools {

/// A registry name in snake_case: ClassNLLCriterion -> class_nll_criterion, learningRate -> learning_rate.
std::string snakeCase(const std::string& name);

/// The config spellings of every registered criterion (class_nll, cross_entropy, mse) and optim method
/// (adam, sgd), sorted as the registries are.
std::vector<std::string> criterionChoices();
std::vector<std::string> optimizerChoices();
std::vector<std::string> validationChoices();
/// The learning-rate schedules the config can name (step, plateau, ...; not sequential_schedule, which the
/// warmup section composes).
std::vector<std::string> scheduleChoices();

/// The registry type a config value names (class_nll -> ClassNLLCriterion); an unknown value is an Error
/// listing the choices.
std::string criterionType(const std::string& configValue);
std::string optimMethodType(const std::string& configValue);
std::string validationMethodType(const std::string& configValue);
/// The config spelling of a validation method type (Top1Accuracy -> top1, MeanAveragePrecision ->
/// mean_average_precision).
std::string validationSpelling(const std::string& type);
std::string scheduleType(const std::string& configValue);

}  // namespace ringdl::tools
