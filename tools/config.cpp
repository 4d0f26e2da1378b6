// RunConfig: the field table, YAML loading and validation.
#include "config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "ringdl/data/idx_data_set.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/util/error.h"

namespace ringdl::tools {

namespace {
using Type = ConfigField::Type;
const std::string kFm = std::string(kFashionMnistDir) + "/";

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string rangeText(const ConfigField& f) {
  std::ostringstream os;
  if (f.max < 1e300) {
    os << "[" << f.min << ", " << f.max << (f.maxExclusive ? ")" : "]");
  } else {
    os << ">= " << f.min;
  }
  return os.str();
}
}  // namespace

const std::vector<ConfigField>& RunConfig::fields() {
  static const std::vector<ConfigField> table = [] {
    std::vector<ConfigField> t = {
        {"model", Type::kString, "lenet5", "model from the zoo", 0, 0, false, modelNames()},
        {"classes", Type::kInt, "10", "number of classes", 2, 1e9},
        {"train_images", Type::kString, kFm + "train-images-idx3-ubyte.gz",
         "training images (train_format idx: IDX, raw or .gz)"},
        {"train_labels", Type::kString, kFm + "train-labels-idx1-ubyte.gz", "training labels (IDX, 0-based)"},
        {"test_images", Type::kString, kFm + "t10k-images-idx3-ubyte.gz", "test images (IDX, raw or .gz)"},
        {"test_labels", Type::kString, kFm + "t10k-labels-idx1-ubyte.gz", "test labels (IDX, 0-based)"},
        {"train_format",
         Type::kString,
         "idx",
         "training data: idx (train_images/train_labels, held in memory), shard files read by each rank "
         "(train_data), or imagefolder (train_data is root/<class>/<image files>)",
         0,
         0,
         false,
         {"idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "hdf5", "imagefolder"}},
        {"test_format",
         Type::kString,
         "same",
         "validation data: same (as train_format), idx (test_images/test_labels), shard files or an image "
         "folder (test_data)",
         0,
         0,
         false,
         {"same", "idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "hdf5",
          "imagefolder"}},
        {"train_data", Type::kString, "",
         "training shards (sequencefile, tfrecord, csv, tsv, libsvm, cifar10): a file, a glob (data/part-*), "
         "a "
         "directory or @list.txt"},
        {"test_data", Type::kString, "", "validation shards, as train_data"},
        {"image_feature", Type::kString, "image", "tfrecord: the tf.train.Example feature holding the image"},
        {"label_feature", Type::kString, "label",
         "tfrecord: the tf.train.Example feature holding the 0-based label"},
        {"image_channels",
         Type::kString,
         "rgb",
         "sequencefile in BigDL's image layout: BGR pixels as rgb or bgr planes, or grey (their mean, 1 "
         "plane); decoded images (imagefolder, transforms): rgb, bgr or grey",
         0,
         0,
         false,
         {"rgb", "bgr", "grey"}},
        {"image_shape", Type::kString, "",
         "shards: the shape of one image (e.g. 1,28,28) when the records do not say (empty: from the data)"},
        {"transforms", Type::kString, "",
         "image folders and shards of images (JPEG/PNG or raw): per-image steps for training, e.g. "
         "'resize 36; random_crop 32; hflip 0.5; to_tensor; normalize 0.49,0.48,0.45 0.25,0.24,0.26'"},
        {"test_transforms", Type::kString, "",
         "per-image steps for validation images (empty: transforms without its random steps)"},
        {"label_offset", Type::kInt, "0",
         "image shards: subtracted from labels stored as numbers (1 for classes numbered from 1)", 0, 1e9},
        {"feature_dataset", Type::kString, "/features",
         "hdf5: the dataset of the features [N, ...] in the train_data/test_data file"},
        {"label_dataset", Type::kString, "/labels", "hdf5: the dataset of the 0-based labels [N]"},
        {"label_column", Type::kString, "first",
         "csv/tsv: the label's column: first, last or a 0-based index (negative counts from the end)"},
        {"header_lines", Type::kInt, "0",
         "csv/tsv: header lines at the start of every file, skipped (1 for Spark's header)", 0, 1e9},
        {"label_mapping",
         Type::kString,
         "zero_based",
         "csv/tsv/libsvm: labels as written: zero_based (0..K-1), one_based (1..K), signed (-1/+1) or value "
         "(any number, for regression)",
         0,
         0,
         false,
         {"zero_based", "one_based", "signed", "value"}},
        {"features", Type::kInt, "0",
         "libsvm: the feature count (0: the largest index in the files, from a pass over them)", 0, 1e9},
        {"shuffle_buffer", Type::kInt, "10000",
         "shards: records in the shuffle buffer (0: file order; the shard order is shuffled every epoch)", 0,
         1e9},
        {"prefetch_batches", Type::kInt, "4",
         "shards: batches read and decoded ahead of training by a thread", 1, 1e6},
        {"skip_corrupt", Type::kBool, "false",
         "shards: skip records that cannot be read or decoded (counted and reported each epoch) instead of "
         "stopping"},
        {"normalize", Type::kString, "auto",
         "input normalisation after scaling pixels to [0,1]: auto (training-set mean/std; for shards a pass "
         "over them), none, or MEAN,STD"},
        {"batch_size", Type::kInt, "128", "records per iteration", 1, 1e9},
        {"optimizer", Type::kString, "sgd", "update rule", 0, 0, false, {"sgd", "adam"}},
        {"learning_rate", Type::kDouble, "0.05", "learning rate", 0, 1e6},
        {"learning_rate_decay", Type::kDouble, "0", "BigDL decay: lr / (1 + iteration * decay)", 0, 1e6},
        {"momentum", Type::kDouble, "0", "SGD momentum", 0, 1, true},
        {"dampening", Type::kDouble, "0", "SGD dampening", 0, 1},
        {"nesterov", Type::kBool, "false", "SGD Nesterov momentum (needs momentum > 0, dampening 0)"},
        {"weight_decay", Type::kDouble, "0", "L2 weight decay", 0, 1e6},
        {"beta1", Type::kDouble, "0.9", "Adam beta1", 0, 1, true},
        {"beta2", Type::kDouble, "0.999", "Adam beta2", 0, 1, true},
        {"epsilon", Type::kDouble, "1e-8", "Adam epsilon", 1e-300, 1},
        {"criterion",
         Type::kString,
         "class_nll",
         "loss: class_nll (model ends in LogSoftMax), cross_entropy (model outputs scores), mse",
         0,
         0,
         false,
         {"class_nll", "cross_entropy", "mse"}},
        {"epochs", Type::kInt, "10", "stop after this many epochs (0: no epoch limit)", 0, 1e9},
        {"max_iterations", Type::kInt, "0", "stop after this many iterations (0: no limit)", 0, 1e15},
        {"min_loss", Type::kDouble, "0", "stop once the training loss is below this (0: off)", 0, 1e300},
        {"max_score", Type::kDouble, "0", "stop once validation top-1 accuracy is above this (0: off)", 0, 1},
        {"validate_every", Type::kString, "epoch",
         "validate on the test set: epoch, N (iterations) or never"},
        {"checkpoint_dir", Type::kString, "", "directory for checkpoints (empty: none)"},
        {"checkpoint_every", Type::kString, "epoch", "checkpoint: epoch or N (iterations)"},
        {"save_model", Type::kString, "", "write the trained model to this file (empty: don't)"},
        {"seed", Type::kInt, "1", "seed for initialisation, shuffling and dropout", 0, 9.2e18},
        {"log_every", Type::kInt, "10", "one log line per this many iterations", 1, 1e9},
        {"threads", Type::kInt, "0",
         "BLAS threads per rank (0: OPENBLAS_NUM_THREADS, else the node's cores shared among its ranks)", 0,
         4096},
        {"bucket_mb", Type::kDouble, "25",
         "several ranks: gradient bucket size in MiB, summed while backward runs (0: all at once after it)",
         0, 1e6},
        {"shard_optimizer_state", Type::kBool, "false",
         "several ranks: each rank keeps only its slice of the optimizer state (same results, less memory)"},
        {"gradient_wire",
         Type::kString,
         "native",
         "several ranks: how gradients travel between ranks (bf16/fp16 halve the traffic, rounding sums)",
         0,
         0,
         false,
         {"native", "bf16", "fp16"}},
        {"dist_timeout", Type::kDouble, "600",
         "several ranks: seconds without progress before a silent rank is reported and the job stops", 0.001,
         1e9},
        {"progress",
         Type::kString,
         "auto",
         "progress bar: auto (when stdout is a terminal), on, off",
         0,
         0,
         false,
         {"auto", "on", "off"}},
    };
    return t;
  }();
  return table;
}

const ConfigField* RunConfig::find(const std::string& name) {
  for (const ConfigField& f : fields())
    if (f.name == name) return &f;
  return nullptr;
}

std::string RunConfig::closest(const std::string& name) {
  std::string best;
  size_t bestD = static_cast<size_t>(-1);
  for (const ConfigField& f : fields()) {
    const size_t d = editDistance(name, f.name);
    if (d < bestD) bestD = d, best = f.name;
  }
  return best;
}

RunConfig::RunConfig() {
  for (const ConfigField& f : fields()) values_[f.name] = f.defaultValue;
}

bool parseBool(const std::string& field, const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  if (t == "true" || t == "yes" || t == "on" || t == "1") return true;
  if (t == "false" || t == "no" || t == "off" || t == "0") return false;
  RINGDL_FAIL("config field '", field, "' must be true or false, got '", text, "'");
}

void RunConfig::set(const std::string& name, const std::string& value, const std::string& source) {
  const ConfigField* f = find(name);
  RINGDL_CHECK(f != nullptr, source, ": unknown config key '", name, "'; did you mean '", closest(name),
               "'? (ringdl train --help lists every key)");
  switch (f->type) {
    case Type::kInt:
    case Type::kDouble: {
      double v = 0;
      size_t used = 0;
      try {
        v = std::stod(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      RINGDL_CHECK(used == value.size() && !value.empty() && std::isfinite(v), source, ": config field '",
                   name, "' must be a number, got '", value, "'");
      if (f->type == Type::kInt)
        RINGDL_CHECK(v == std::floor(v), source, ": config field '", name, "' must be an integer, got '",
                     value, "'");
      const bool ok = v >= f->min && (f->maxExclusive ? v < f->max : v <= f->max);
      RINGDL_CHECK(ok, source, ": config field '", name, "' must be in ", rangeText(*f), ", got ", value);
      break;
    }
    case Type::kBool:
      parseBool(name, value);
      break;
    case Type::kString:
      if (!f->choices.empty()) {
        const bool ok = std::find(f->choices.begin(), f->choices.end(), value) != f->choices.end();
        std::string allowed;
        for (const auto& c : f->choices) allowed += (allowed.empty() ? "" : ", ") + c;
        RINGDL_CHECK(ok, source, ": config field '", name, "' must be one of ", allowed, ", got '", value,
                     "'");
      }
      break;
  }
  values_[name] = value;
}

void RunConfig::loadYaml(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    RINGDL_FAIL(source, ": not valid YAML at line ", e.mark.line + 1, ", column ", e.mark.column + 1, ": ",
                e.msg);
  }
  if (root.IsNull()) return;
  RINGDL_CHECK(root.IsMap(), source, ": a config is a map of key: value pairs");
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    RINGDL_CHECK(kv.second.IsScalar() || kv.second.IsNull(), source, ": key '", key,
                 "' must hold a single value; configs are flat key: value pairs (e.g. learning_rate: 0.05)");
    set(key, kv.second.IsNull() ? "" : kv.second.as<std::string>(), source);
  }
}

void RunConfig::loadFile(const std::string& path) {
  std::ifstream in(path);
  RINGDL_CHECK(in.good(), "cannot read config file ", path, " (does it exist?)");
  std::stringstream ss;
  ss << in.rdbuf();
  loadYaml(ss.str(), path);
}

const std::string& RunConfig::str(const std::string& name) const {
  auto it = values_.find(name);
  RINGDL_CHECK(it != values_.end(), "no config field '", name, "'");
  return it->second;
}

int64_t RunConfig::integer(const std::string& name) const {
  return static_cast<int64_t>(std::stod(str(name)));
}
double RunConfig::number(const std::string& name) const { return std::stod(str(name)); }
bool RunConfig::flag(const std::string& name) const { return parseBool(name, str(name)); }

std::string RunConfig::toYaml() const {
  YAML::Emitter out;
  out << YAML::BeginMap;
  for (const ConfigField& f : fields()) out << YAML::Key << f.name << YAML::Value << values_.at(f.name);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ringdl::tools
