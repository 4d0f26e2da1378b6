// The optim registry tables. Add one line per optim or validation method, keeping each table alphabetical;
// every entry has an `explicit Method(const Attributes&)` constructor that inverts config().
#include "ringdl/optim/registry.h"

#include <functional>
#include <map>
#include <memory>

#include "ringdl/optim/adadelta.h"
#include "ringdl/optim/adagrad.h"
#include "ringdl/optim/adam.h"
#include "ringdl/optim/adamax.h"
#include "ringdl/optim/adamw.h"
#include "ringdl/optim/ftrl.h"
#include "ringdl/optim/lars_sgd.h"
#include "ringdl/optim/lbfgs.h"
#include "ringdl/optim/rmsprop.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/optim/submodule_methods.h"
#include "ringdl/optim/validation/classification.h"
#include "ringdl/optim/validation/confusion.h"
#include "ringdl/optim/validation/language_model.h"
#include "ringdl/optim/validation/precision_curves.h"
#include "ringdl/optim/validation/ranking.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {
template <typename Ptr>
using Factory = std::function<Ptr(const Attributes&)>;

template <typename Ptr, typename M>
Factory<Ptr> factory() {
  return [](const Attributes& a) -> Ptr { return std::make_shared<M>(a); };
}

template <typename T>
const std::map<std::string, Factory<OptimMethodPtr<T>>>& optimTable() {
  static const std::map<std::string, Factory<OptimMethodPtr<T>>> table = {
      {"Adadelta", factory<OptimMethodPtr<T>, Adadelta<T>>()},
      {"Adagrad", factory<OptimMethodPtr<T>, Adagrad<T>>()},
      {"Adam", factory<OptimMethodPtr<T>, Adam<T>>()},
      {"AdamW", factory<OptimMethodPtr<T>, AdamW<T>>()},
      {"Adamax", factory<OptimMethodPtr<T>, Adamax<T>>()},
      {"Ftrl", factory<OptimMethodPtr<T>, Ftrl<T>>()},
      {"LBFGS", factory<OptimMethodPtr<T>, LBFGS<T>>()},
      {"LarsSGD", factory<OptimMethodPtr<T>, LarsSGD<T>>()},
      {"RMSprop", factory<OptimMethodPtr<T>, RMSprop<T>>()},
      {"SGD", factory<OptimMethodPtr<T>, SGD<T>>()},
  };
  return table;
}

const std::map<std::string, Factory<LearningRateSchedulePtr>>& scheduleTable() {
  using P = LearningRateSchedulePtr;
  namespace s = schedule;
  static const std::map<std::string, Factory<P>> table = {
      {"CosineAnnealing", factory<P, s::CosineAnnealing>()},
      {"Default", factory<P, s::Default>()},
      {"EpochDecay", factory<P, s::EpochDecay>()},
      {"EpochDecayWithWarmUp", factory<P, s::EpochDecayWithWarmUp>()},
      {"EpochSchedule", factory<P, s::EpochSchedule>()},
      {"EpochStep", factory<P, s::EpochStep>()},
      {"Exponential", factory<P, s::Exponential>()},
      {"MultiStep", factory<P, s::MultiStep>()},
      {"NaturalExp", factory<P, s::NaturalExp>()},
      {"OneCycle", factory<P, s::OneCycle>()},
      {"Plateau", factory<P, s::Plateau>()},
      {"Poly", factory<P, s::Poly>()},
      {"SequentialSchedule", factory<P, s::SequentialSchedule>()},
      {"Step", factory<P, s::Step>()},
      {"Warmup", factory<P, s::Warmup>()},
  };
  return table;
}

template <typename T>
const std::map<std::string, Factory<ValidationMethodPtr<T>>>& validationTable() {
  static const std::map<std::string, Factory<ValidationMethodPtr<T>>> table = {
      {"BitsPerCharacter", factory<ValidationMethodPtr<T>, BitsPerCharacter<T>>()},
      {"ConfusionMatrix", factory<ValidationMethodPtr<T>, ConfusionMatrix<T>>()},
      {"F1", factory<ValidationMethodPtr<T>, F1<T>>()},
      {"HitRatio", factory<ValidationMethodPtr<T>, HitRatio<T>>()},
      {"Loss", factory<ValidationMethodPtr<T>, Loss<T>>()},
      {"MAE", factory<ValidationMethodPtr<T>, MAE<T>>()},
      {"MeanAveragePrecision", factory<ValidationMethodPtr<T>, MeanAveragePrecision<T>>()},
      {"NDCG", factory<ValidationMethodPtr<T>, NDCG<T>>()},
      {"Perplexity", factory<ValidationMethodPtr<T>, Perplexity<T>>()},
      {"Precision", factory<ValidationMethodPtr<T>, Precision<T>>()},
      {"PrecisionRecallAUC", factory<ValidationMethodPtr<T>, PrecisionRecallAUC<T>>()},
      {"Recall", factory<ValidationMethodPtr<T>, Recall<T>>()},
      {"Top1Accuracy", factory<ValidationMethodPtr<T>, Top1Accuracy<T>>()},
      {"Top5Accuracy", factory<ValidationMethodPtr<T>, Top5Accuracy<T>>()},
      {"TopKAccuracy", factory<ValidationMethodPtr<T>, TopKAccuracy<T>>()},
      {"TreeNNAccuracy", factory<ValidationMethodPtr<T>, TreeNNAccuracy<T>>()},
  };
  return table;
}

template <typename Table>
std::vector<std::string> namesOf(const Table& table) {
  std::vector<std::string> names;
  for (const auto& [name, f] : table) names.push_back(name);
  return names;
}

template <typename Table>
auto create(const Table& table, const char* what, const std::string& typeName, const Attributes& config) {
  auto it = table.find(typeName);
  if (it == table.end()) {
    std::string known;
    for (const auto& [name, f] : table) known += (known.empty() ? "" : ", ") + name;
    RINGDL_FAIL("unknown ", what, " type '", typeName, "' (known types: ", known, ")");
  }
  return it->second(config);
}
}  // namespace

template <typename T>
OptimMethodPtr<T> createOptimMethod(const std::string& typeName, const Attributes& config) {
  // The composite of other methods is built by name but not listed with the update rules (its config holds
  // theirs, so it has no default).
  if (typeName == "SubmoduleMethods") return std::make_shared<SubmoduleMethods<T>>(config);
  return create(optimTable<T>(), "optim method", typeName, config);
}

std::vector<std::string> registeredOptimMethodTypes() { return namesOf(optimTable<float>()); }

LearningRateSchedulePtr createLearningRateSchedule(const std::string& typeName, const Attributes& config) {
  return create(scheduleTable(), "learning-rate schedule", typeName, config);
}

std::vector<std::string> registeredLearningRateScheduleTypes() { return namesOf(scheduleTable()); }

template <typename T>
ValidationMethodPtr<T> createValidationMethod(const std::string& typeName, const Attributes& config) {
  return create(validationTable<T>(), "validation method", typeName, config);
}

std::vector<std::string> registeredValidationMethodTypes() { return namesOf(validationTable<float>()); }

template OptimMethodPtr<float> createOptimMethod<float>(const std::string&, const Attributes&);
template OptimMethodPtr<double> createOptimMethod<double>(const std::string&, const Attributes&);
template ValidationMethodPtr<float> createValidationMethod<float>(const std::string&, const Attributes&);
template ValidationMethodPtr<double> createValidationMethod<double>(const std::string&, const Attributes&);

}  // namespace ringdl
