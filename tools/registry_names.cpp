// Registry names <-> config spellings, in one direction (snakeCase) so the two cannot disagree.
#include "registry_names.h"

#include <cctype>

#include "ringdl/nn/registry.h"
#include "ringdl/optim/registry.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace {
const std::string kCriterionSuffix = "_criterion";
const std::string kAccuracySuffix = "_accuracy";

std::string withoutSuffix(std::string s, const std::string& suffix) {
  if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), std::string::npos, suffix) == 0)
    s.resize(s.size() - suffix.size());
  return s;
}

// The snake_case type without its "criterion" word, at the end or inside (BCECriterionWithLogits ->
// bce_with_logits).
std::string criterionSpelling(const std::string& type) {
  std::string s = withoutSuffix(snakeCase(type), kCriterionSuffix);
  const size_t inside = s.find(kCriterionSuffix + "_");
  if (inside != std::string::npos && inside > 0) s.erase(inside, kCriterionSuffix.size());
  return s;
}

// The registered type whose spelling is `value`; `key` names the config key in the error.
template <typename Spell>
std::string typeFor(const std::string& key, const std::string& value, const std::vector<std::string>& types,
                    Spell spell) {
  std::string known;
  for (const std::string& type : types) {
    if (spell(type) == value) return type;
    known += (known.empty() ? "" : ", ") + spell(type);
  }
  RINGDL_FAIL("config field '", key, "' must be one of ", known, ", got '", value, "'");
}
}  // namespace

std::string snakeCase(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0) {
      // A word starts at an upper-case letter after a lower-case one or a digit (learningRate, Top1Accuracy),
      // or at the last capital of an acronym followed by lower case (NLL|Criterion).
      const char prev = name[i - 1];
      const bool next = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      if (std::islower(static_cast<unsigned char>(prev)) || std::isdigit(static_cast<unsigned char>(prev)) ||
          (std::isupper(static_cast<unsigned char>(prev)) && next))
        out += '_';
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> criterionChoices() {
  std::vector<std::string> choices;
  for (const std::string& type : registeredCriterionTypes()) choices.push_back(criterionSpelling(type));
  return choices;
}

namespace {
// An optim method's config spelling: snake_case, but whole for the names PyTorch writes as one word.
std::string optimSpelling(const std::string& type) {
  if (type == "AdamW" || type == "RMSprop") {
    std::string s = type;
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  return snakeCase(type);
}
}  // namespace

std::vector<std::string> optimizerChoices() {
  std::vector<std::string> choices;
  for (const std::string& type : registeredOptimMethodTypes()) choices.push_back(optimSpelling(type));
  return choices;
}

std::string validationSpelling(const std::string& type) {
  return withoutSuffix(snakeCase(type), kAccuracySuffix);
}

std::vector<std::string> validationChoices() {
  std::vector<std::string> choices;
  for (const std::string& type : registeredValidationMethodTypes())
    choices.push_back(validationSpelling(type));
  return choices;
}

std::string validationMethodType(const std::string& configValue) {
  return typeFor("validation", configValue, registeredValidationMethodTypes(), validationSpelling);
}

std::vector<std::string> scheduleChoices() {
  std::vector<std::string> choices;
  for (const std::string& type : registeredLearningRateScheduleTypes())
    if (type != "SequentialSchedule") choices.push_back(snakeCase(type));
  return choices;
}

std::string criterionType(const std::string& configValue) {
  return typeFor("criterion", configValue, registeredCriterionTypes(), criterionSpelling);
}

std::string optimMethodType(const std::string& configValue) {
  return typeFor("optimizer", configValue, registeredOptimMethodTypes(), optimSpelling);
}

std::string scheduleType(const std::string& configValue) {
  return typeFor("lr_schedule", configValue, registeredLearningRateScheduleTypes(), snakeCase);
}

}  // namespace ringdl::tools
