// RunConfig: the key/value training configuration of `ringdl train` (a YAML file plus --key=value
// overrides), with one table of fields that drives validation, defaults, path resolution, --help (by section)
// and which subcommands accept which keys. A key may be written flat (`learning_rate: 0.01`) or in its
// section (`optimizer: {learning_rate: 0.01}`, on the command line `--optimizer.learning_rate=0.01`).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ringdl::tools {

struct ConfigField {
  /// kPath: a file or directory, or a shard spec naming files (a glob, a directory or @list.txt); relative
  /// paths resolve against the directory of the config file that gives them (see RunConfig::set).
  /// kModel: a zoo model's name, or a model definition file (.yaml/.yml, resolved as a kPath).
  enum class Type { kInt, kDouble, kBool, kString, kPath, kModel };
  /// The subcommands that read the field: every field is read by ringdl train; evaluate and predict read
  /// those that say how the validation set is found and decoded (kAll), evaluate also the labels' and the
  /// loss's (kTrainEvaluate).
  enum class ReadBy { kTrain, kTrainEvaluate, kAll };
  std::string name;
  Type type;
  std::string defaultValue;
  std::string help;
  double min = -1e300;  ///< inclusive lower bound for numbers
  double max = 1e300;   ///< inclusive upper bound for numbers
  bool maxExclusive = false;
  std::vector<std::string> choices;  ///< allowed values for strings (empty: any)
  /// A list of strings (each one of the choices, or any words without choices): a YAML sequence
  /// (`freeze: [conv1, conv2]`), or the items separated by commas (`--validation=top1,loss`); held as the
  /// comma-separated text.
  bool list = false;
  /// A map of maps (`submodule_optimizers`): a nested map in a file, YAML flow text on the command line
  /// (`--submodule_optimizers='{fc: {type: adam}}'`); held as one line of flow YAML.
  bool yamlMap = false;
  ReadBy readBy = ReadBy::kTrain;
  std::string section;  ///< the group --help lists it in (model, data, decoding, optimizer, training, ...)
  /// Its name inside its section when that differs from its name (`clip_min` is `gradient_clipping.min`):
  /// section keys that would clash as flat names (Adam's epsilon and Plateau's) or read badly without their
  /// section. Empty: keyInSection() decides.
  std::string key;

  /// Whether ringdl `subcommand` (train, evaluate or predict; false for others) reads the field.
  bool readByCommand(const std::string& subcommand) const;
  /// The field's name inside its section: its key if it has one, else its name, or `type` for the field named
  /// like its section (the model's and the optimizer's type: `optimizer: {type: adam}`).
  std::string keyInSection() const { return !key.empty() ? key : name == section ? "type" : name; }
  /// Its dotted path, "optimizer.learning_rate", "optimizer.type".
  std::string dottedName() const { return section + "." + keyInSection(); }
};

class RunConfig {
 public:
  /// All fields at their defaults.
  RunConfig();

  /// Every field, in the order --help lists them.
  static const std::vector<ConfigField>& fields();
  /// The field of that name, or nullptr.
  static const ConfigField* find(const std::string& name);
  /// The field of a dotted path ("optimizer.learning_rate", "model.type"), or nullptr.
  static const ConfigField* findDotted(const std::string& path);
  /// Whether `name` is a section (model, data, decoding, optimizer, training, checkpoints, ...).
  static bool isSection(const std::string& name);
  /// The error for an unknown key, `source` saying where it was given: "did you mean" for a close one, else
  /// the keys of the nearest section (tools/suggest.h).
  [[noreturn]] static void failUnknown(const std::string& name, const std::string& source);

  /// Reads a YAML map of keys, flat or nested in their sections (`optimizer: {type: adam, ...}`); `source`
  /// names the file in errors (with the line of a bad key). Relative paths (kPath fields) resolve against
  /// `baseDir` unless it is empty. Unknown keys, keys in another section than theirs, a key given twice and
  /// bad values are Errors.
  void loadYaml(const std::string& text, const std::string& source, const std::string& baseDir = "");
  /// A config file: relative paths in it resolve against its directory.
  void loadFile(const std::string& path);
  /// Sets one field from text, validating type and range; `source` says where the value came from. For a
  /// kPath field, a relative path (of a shard spec: its glob or list file) becomes `baseDir`/path when
  /// `baseDir` is not empty; absolute paths and the empty value stay as they are.
  void set(const std::string& name, const std::string& value, const std::string& source,
           const std::string& baseDir = "");

  const std::string& str(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  double number(const std::string& name) const;
  bool flag(const std::string& name) const;
  /// A list field's words (empty for the empty value).
  std::vector<std::string> list(const std::string& name) const;

  /// The whole configuration as YAML (saved in checkpoints so a resumed run knows its settings).
  std::string toYaml() const;

 private:
  std::map<std::string, std::string> values_;
};

/// Parses "true/false/yes/no/on/off/1/0"; anything else is an Error naming the field.
bool parseBool(const std::string& field, const std::string& text);

}  // namespace ringdl::tools
