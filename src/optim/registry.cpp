// The optim registry tables. Add one line per optim or validation method, keeping each table alphabetical;
// every entry has an `explicit Method(const Attributes&)` constructor that inverts config().
#include "ringdl/optim/registry.h"

#include <functional>
#include <map>
#include <memory>

#include "ringdl/optim/adam.h"
#include "ringdl/optim/sgd.h"
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
      {"Adam", factory<OptimMethodPtr<T>, Adam<T>>()},
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
      {"Loss", factory<ValidationMethodPtr<T>, Loss<T>>()},
      {"Top1Accuracy", factory<ValidationMethodPtr<T>, Top1Accuracy<T>>()},
      {"Top5Accuracy", factory<ValidationMethodPtr<T>, Top5Accuracy<T>>()},
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
