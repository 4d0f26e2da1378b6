// RunConfig: the flat key/value training configuration of `ringdl train` (a YAML file plus --key=value
// overrides), with one table of fields that drives validation, defaults and --help.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ringdl::tools {

struct ConfigField {
  enum class Type { kInt, kDouble, kBool, kString };
  std::string name;
  Type type;
  std::string defaultValue;
  std::string help;
  double min = -1e300;  ///< inclusive lower bound for numbers
  double max = 1e300;   ///< inclusive upper bound for numbers
  bool maxExclusive = false;
  std::vector<std::string> choices;  ///< allowed values for strings (empty: any)
};

class RunConfig {
 public:
  /// All fields at their defaults.
  RunConfig();

  /// Every field, in the order --help lists them.
  static const std::vector<ConfigField>& fields();
  /// The field of that name, or nullptr.
  static const ConfigField* find(const std::string& name);
  /// The closest field name by edit distance (for "did you mean").
  static std::string closest(const std::string& name);

  /// Reads a flat YAML map; `source` names the file in errors. Unknown keys and bad values are Errors.
  void loadYaml(const std::string& text, const std::string& source);
  void loadFile(const std::string& path);
  /// Sets one field from text, validating type and range; `source` says where the value came from.
  void set(const std::string& name, const std::string& value, const std::string& source);

  const std::string& str(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  double number(const std::string& name) const;
  bool flag(const std::string& name) const;

  /// The whole configuration as YAML (saved in checkpoints so a resumed run knows its settings).
  std::string toYaml() const;

 private:
  std::map<std::string, std::string> values_;
};

/// Parses "true/false/yes/no/on/off/1/0"; anything else is an Error naming the field.
bool parseBool(const std::string& field, const std::string& text);

}  // namespace ringdl::tools
