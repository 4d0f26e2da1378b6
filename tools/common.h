// Pieces shared by the ringdl subcommands: turning a RunConfig into data sets, criterion, optimizer and
// triggers, and printing validation results.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config.h"
#include "ringdl/data/array_data_set.h"
#include "ringdl/nn/criterion.h"
#include "ringdl/nn/model_definition.h"
#include "ringdl/nn/module.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/optim/optimizer.h"
#include "ringdl/optim/trigger.h"
#include "ringdl/optim/validation_method.h"

namespace CLI {
class App;
}

namespace ringdl::tools {

/// Declares --KEY for every config field that `command` (train, evaluate or predict: its name) reads, except
/// those in `skip` (which the subcommand declares itself), with the field's help, choices and default, in the
/// option group of its section ("Config keys: optimizer"); the last of repeated options wins. The values land
/// in `overrides`; applyConfigOptions sets those given.
void addConfigOptions(CLI::App& command, std::map<std::string, std::string>& overrides,
                      const std::set<std::string>& skip = {});
/// Sets every config field whose --KEY option was given on the command line (source "command line"); relative
/// paths resolve against the working directory (made absolute, so a checkpoint's saved config holds from
/// any).
void applyConfigOptions(const CLI::App& command, const std::map<std::string, std::string>& overrides,
                        RunConfig& config);

/// Applies the config's normalisation to features already scaled to [0, 1]. If the config says "auto", the
/// mean and std of `features` are used (resolveAuto must be set) and written back into the config as
/// "MEAN,STD", so that evaluation of the saved run normalises identically.
void normalizeFeatures(Tensor<float>& features, RunConfig& config, bool resolveAuto);

/// The records of the classes select_classes lists, relabelled 0..k-1 in its order (selectClasses); `data`
/// itself without select_classes. Errors name the key; `labels` names the file.
LabeledData<float> selectConfiguredClasses(const LabeledData<float>& data, const RunConfig& config,
                                           const std::string& labels);

/// Loads an IDX image/label pair scaled to [0, 1], keeps the classes of select_classes, checks the labels
/// against `classes`, and normalises the features with normalizeFeatures.
LabeledData<float> loadNormalized(const std::string& images, const std::string& labels, RunConfig& config,
                                  bool resolveAuto);

/// The params of a model definition: classes, then "NAME=VALUE,..." (the model_params key, or
/// --model_params).
ModelParams parseModelParams(const std::string& text, const std::string& classes);

/// The config's model: a zoo model by name, or a model definition file (its $classes from the classes key);
/// `info` receives what a definition declares (its input_shape).
ModulePtr<float> makeModel(const RunConfig& config, ModelDefinitionInfo* info = nullptr);

/// init_from: loads the saved model's weights into `model` by layer path (loadModelWeights, with
/// init_from_match_all); returns the log lines (what was loaded, each layer that kept its own
/// initialisation and why), "" without init_from.
std::string initFrom(const RunConfig& config, Module<float>& model);
/// freeze: freezes the layers the patterns name (Module::freeze); returns the log line naming the frozen
/// layers with parameters and their parameter count, "" without freeze.
std::string freezeLayers(const RunConfig& config, Module<float>& model);

CriterionPtr<float> makeCriterion(const RunConfig& config);
OptimMethodPtr<float> makeOptimMethod(const RunConfig& config);
/// The config's learning-rate schedule (lr_schedule and its options, behind a Warmup as BigDL's
/// SequentialSchedule composes them when warmup.iterations > 0); iterationsPerEpoch is the training set's
/// iterations per epoch (SequentialSchedule's epochs).
LearningRateSchedulePtr makeLearningRateSchedule(const RunConfig& config, int64_t iterationsPerEpoch);
/// The method ringdl train updates with: the optimizer section's method under the lr_schedule (and warmup),
/// or with submodule_optimizers a SubmoduleMethods whose entries are built from their own optimizer keys (the
/// others at their defaults), each under the same schedule, the optimizer section's method taking the rest.
OptimMethodPtr<float> makeTrainingMethod(const RunConfig& config, int64_t iterationsPerEpoch);
/// Sets the config's gradient clipping and global regulariser on the engine.
void setGradientProcessing(const RunConfig& config, Optimizer<float>& optimizer);
/// The end trigger from epochs, max_iterations, min_loss and max_score (any of them ends training).
Trigger makeEndTrigger(const RunConfig& config);
/// "" if the end trigger does not fire on `state`; otherwise what to change to train further, for the first
/// of the conditions that fires (e.g. "raise --epochs to train further").
std::string endReached(const RunConfig& config, const TrainingState& state);
/// "epoch" -> everyEpoch, "N" -> severalIteration(N); "never" -> nullptr when allowNever.
std::shared_ptr<Trigger> parseTrigger(const std::string& field, const std::string& value, bool allowNever);
/// The methods the validation key lists, in order, with their options from the validation section's keys
/// (Loss with the config's criterion).
std::vector<ValidationMethodPtr<float>> makeValidationMethods(const RunConfig& config);
/// The early_stopping section: its monitor (a method the validation key lists), patience, min_delta, mode.
EarlyStoppingOptions makeEarlyStopping(const RunConfig& config);

/// The layer whose output is the model's: the last module of the last container, down to a leaf.
Module<float>& lastLayer(Module<float>& model);
/// The shape of one record the model takes, without the batch dimension, from its first layer when that is a
/// Reshape (every zoo model starts with one: lenet5 [1, 28, 28], mlp [784], vgg_cifar10 [3, 32, 32]), so the
/// model takes any record of as many values. Empty when the first layer does not say.
Shape modelInputShape(Module<float>& model);

}  // namespace ringdl::tools
