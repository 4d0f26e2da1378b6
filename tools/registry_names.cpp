// Registry names <-> config spellings, in one direction (snakeCase) so the two cannot disagree.
#include "registry_names.h"

#include <cctype>

#include "ringdl/nn/registry.h"
#include "ringdl/optim/registry.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace {
const std::string kCriterionSuffix = "_criterion";

// The snake_case type without its "criterion" word, at the end or inside (BCECriterionWithLogits ->
// bce_with_logits).
std::string criterionSpelling(const std::string& type) {
  std::string s = snakeCase(type);
  if (s.size() > kCriterionSuffix.size() &&
      s.compare(s.size() - kCriterionSuffix.size(), std::string::npos, kCriterionSuffix) == 0)
    s.resize(s.size() - kCriterionSuffix.size());
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

std::vector<std::string> optimizerChoices() {
  std::vector<std::string> choices;
  for (const std::string& type : registeredOptimMethodTypes()) choices.push_back(snakeCase(type));
  return choices;
}

std::string criterionType(const std::string& configValue) {
  return typeFor("criterion", configValue, registeredCriterionTypes(), criterionSpelling);
}

std::string optimMethodType(const std::string& configValue) {
  return typeFor("optimizer", configValue, registeredOptimMethodTypes(), snakeCase);
}

}  // namespace ringdl::tools
