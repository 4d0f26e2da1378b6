// RunConfig: the field table, YAML loading and validation.
#include "config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "registry_names.h"
#include "ringdl/data/idx_data_set.h"
#include "ringdl/models/model_zoo.h"
#include "ringdl/util/error.h"
#include "suggest.h"

namespace ringdl::tools {

namespace fs = std::filesystem;

namespace {
using Type = ConfigField::Type;
const std::string kFm = std::string(kFashionMnistDir) + "/";

// Table entries read by evaluate and predict as well as train (see ConfigField::ReadBy).
ConfigField validation(ConfigField f) {
  f.readBy = ConfigField::ReadBy::kAll;
  return f;
}
// Table entries read by evaluate as well as train (labels and loss; predict reads neither).
ConfigField scoring(ConfigField f) {
  f.readBy = ConfigField::ReadBy::kTrainEvaluate;
  return f;
}
// A list of choices (ConfigField::list).
ConfigField listOf(ConfigField f) {
  f.list = true;
  return f;
}
// A map of maps written as YAML (ConfigField::yamlMap).
ConfigField yamlMapOf(ConfigField f) {
  f.yamlMap = true;
  return f;
}

// A YAML map as one line of flow YAML, {a: {b: 1}}: a yamlMap field's value.
std::string flowYaml(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// The items of a list value, "a, b,c" -> {a, b, c}.
std::vector<std::string> listItems(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    const size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    items.push_back(b == std::string::npos ? "" : item.substr(b, e - b + 1));
  }
  return items;
}

// A field written inside its section under another key than its flat name (ConfigField::key).
ConfigField keyed(const char* key, ConfigField f) {
  f.key = key;
  return f;
}

// `path` relative to `base` unless it is absolute or empty, resolved as the file system resolves it (symbolic
// links and ".." in the part that exists; the rest, such as a glob's pattern, kept as written but for "."
// and ".."), so that logs and saved configs show /proj/data/tfr rather than /proj/cfg/../data/tfr.
std::string resolvePath(const std::string& path, const std::string& base) {
  if (path.empty() || base.empty() || fs::path(path).is_absolute()) return path;
  const fs::path joined = fs::path(base) / path;
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(joined, ec);
  return ec ? joined.string() : resolved.string();
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
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
    // The table is written section by section, in the order --help lists them. Each field says which
    // subcommands read it: train alone unless wrapped in validation() (evaluate and predict read it too: it
    // says where the validation set is and how it is decoded) or scoring() (evaluate too: labels and loss).
    const std::vector<std::pair<std::string, std::vector<ConfigField>>> sections = {
        {"model",
         {
             {"model", Type::kModel, "lenet5",
              "a zoo model (" + joined(modelNames()) +
                  ") or a model definition file (.yaml, docs/model-files.md)"},
             validation({"classes", Type::kInt, "10", "number of classes", 2, 1e9}),
             validation(
                 {"model_params", Type::kString, "",
                  "the model definition's params besides classes, NAME=VALUE,... (e.g. for resnet20 on "
                  "Fashion-MNIST: channels=1,image=28,final_size=7)"}),
             {"init_from", Type::kPath, "",
              "fine-tuning: start from this model file or checkpoint (a file, or a directory's newest): each "
              "layer takes the weights and buffers of the saved layer at its path, if they have the same "
              "shapes; the others keep their initialisation and are logged"},
             {"init_from_match_all", Type::kBool, "false",
              "init_from: a layer without a saved twin of the same shapes is an error naming every such "
              "layer"},
             listOf({"freeze", Type::kString, "",
              "layers to train not at all: names or globs of their paths as ringdl model summary prints them "
              "(conv1, 'conv*', block1.*); no gradient, no update, no optimizer state"}),
         }},
        // The criterion and its options. An option left empty keeps the criterion's own default, and an
        // option the criterion does not have is an error naming it (tools/common.cpp, makeCriterion).
        {"criterion",
         {
             scoring({"criterion", Type::kString, "class_nll",
                      "loss: class_nll (model ends in LogSoftMax), cross_entropy (model outputs scores), "
                      "mse, ... "
                      "(docs/training.md lists them)",
                      0, 0, false, criterionChoices()}),
             scoring({"size_average",
                      Type::kString,
                      "",
                      "true: divide the loss by the records (or elements) of the batch, false: sum it "
                      "(empty: the "
                      "criterion's default)",
                      0,
                      0,
                      false,
                      {"", "true", "false"}}),
             scoring({"weights", Type::kString, "",
                      "comma-separated weights: one per class (class_nll, cross_entropy) or per element of a "
                      "record (bce, bce_with_logits) (empty: none)"}),
             scoring(
                 {"label_smoothing", Type::kString, "",
                  "cross_entropy: the share of the target spread over all classes, in [0, 1] (empty: 0)"}),
             scoring({"padding_value", Type::kString, "",
                      "class_nll, cross_entropy: rows whose label is this integer are left out (PyTorch's "
                      "ignore_index; empty: none)"}),
             scoring(
                 {"margin", Type::kString, "",
                  "cosine_embedding, hinge_embedding, l1_hinge_embedding: the margin (empty: the criterion's "
                  "default)"}),
             scoring({"criterion_epsilon", Type::kString, "",
                      "dice_coefficient: the smoothing epsilon (empty: 1)"}),
             scoring({"time_distributed", Type::kBool, "false",
                      "the criterion at every time step of outputs [N, T, ...] and targets [N, T, ...] "
                      "(TimeDistributedCriterion; text_lm: the next token at every step), averaged over the "
                      "steps unless size_average is false"}),
         }},
        {"data",
         {
             {"train_format",
              Type::kString,
              "idx",
              "training data: idx (train_images/train_labels, held in memory), shard files read by each rank "
              "(train_data), or imagefolder (train_data is root/<class>/<image files>)",
              0,
              0,
              false,
              {"idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "hdf5", "imagefolder",
               "text_csv", "text_tsv", "text_lm"}},
             {"train_images", Type::kPath, kFm + "train-images-idx3-ubyte.gz",
              "training images (train_format idx: IDX, raw or .gz)"},
             {"train_labels", Type::kPath, kFm + "train-labels-idx1-ubyte.gz",
              "training labels (IDX, 0-based)"},
             {"train_data", Type::kPath, "",
              "training shards (sequencefile, tfrecord, csv, tsv, libsvm, cifar10): a file, a glob "
              "(data/part-*), a directory or @list.txt; the HDF5 file; the image folder"},
             validation(
                 {"test_format",
                  Type::kString,
                  "same",
                  "validation data: same (as train_format), idx (test_images/test_labels), shard files "
                  "or an image folder (test_data)",
                  0,
                  0,
                  false,
                  {"same", "idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "hdf5",
                   "imagefolder", "text_csv", "text_tsv", "text_lines", "text_lm"}}),
             validation({"test_images", Type::kPath, kFm + "t10k-images-idx3-ubyte.gz",
                         "test images (IDX, raw or .gz)"}),
             scoring({"test_labels", Type::kPath, kFm + "t10k-labels-idx1-ubyte.gz",
                      "test labels (IDX, 0-based)"}),
             validation({"test_data", Type::kPath, "", "validation shards, as train_data"}),
             scoring(
                 listOf({"select_classes", Type::kString, "",
                         "idx: train, validate and test on the records of these classes only, relabelled 0..k-1 "
                         "in the order given (e.g. [5, 6, 7, 8, 9]; classes: k); empty: all"})),
             {"validation_split", Type::kDouble, "0",
              "hold out this fraction of the training set (records chosen by seed, the same on any number of "
              "ranks) to validate on, and test on the test set only once, at the end (0: see "
              "validation_data)",
              0, 1, true},
             {"validation_format",
              Type::kString,
              "same",
              "validation set apart from the test set: same (as train_format), idx (validation_images / "
              "validation_labels), shard files, an HDF5 file or an image folder (validation_data)",
              0,
              0,
              false,
              {"same", "idx", "sequencefile", "tfrecord", "csv", "tsv", "libsvm", "cifar10", "hdf5",
               "imagefolder", "text_csv", "text_tsv", "text_lm"}},
             {"validation_data", Type::kPath, "",
              "validation records, as train_data; validate (validate_every, max_score) on them and test on "
              "the "
              "test set only once, at the end (empty, and validation_split 0: validate on the test set)"},
             {"validation_images", Type::kPath, "", "validation_format idx: validation images (IDX)"},
             {"validation_labels", Type::kPath, "",
              "validation_format idx: validation labels (IDX, 0-based)"},
             {"shuffle_buffer", Type::kInt, "10000",
              "shards: records in the shuffle buffer (0: file order; the shard order is shuffled every "
              "epoch)",
              0, 1e9},
             validation({"prefetch_batches", Type::kInt, "4",
                         "shards: batches read and decoded ahead of training by a thread", 1, 1e6}),
             validation(
                 {"skip_corrupt", Type::kBool, "false",
                  "shards: skip records that cannot be read or decoded (counted and reported each epoch) "
                  "instead of stopping"}),
             validation(
                 {"normalize", Type::kString, "auto",
                  "input normalisation after scaling pixels to [0,1]: auto (training-set mean/std; for "
                  "shards a pass over them), none, or MEAN,STD"}),
         }},
        {"decoding",
         {
             validation({"image_feature", Type::kString, "image",
                         "tfrecord: the tf.train.Example feature holding the image"}),
             validation({"label_feature", Type::kString, "label",
                         "tfrecord: the tf.train.Example feature holding the 0-based label"}),
             validation(
                 {"image_channels",
                  Type::kString,
                  "rgb",
                  "sequencefile in BigDL's image layout: BGR pixels as rgb or bgr planes, or grey (their "
                  "mean, 1 plane); decoded images (imagefolder, transforms): rgb, bgr or grey",
                  0,
                  0,
                  false,
                  {"rgb", "bgr", "grey"}}),
             validation(
                 {"image_shape", Type::kString, "",
                  "shards: the shape of one image (e.g. 1,28,28) when the records do not say (empty: from "
                  "the data)"}),
             validation(
                 {"transforms", Type::kString, "",
                  "image folders and shards of images (JPEG/PNG or raw): per-image steps for training, "
                  "e.g. 'resize 36; random_crop 32; hflip 0.5; to_tensor; normalize 0.49,0.48,0.45 "
                  "0.25,0.24,0.26'"}),
             validation(
                 {"test_transforms", Type::kString, "",
                  "per-image steps for validation images (empty: transforms without its random steps)"}),
             validation(
                 {"label_offset", Type::kInt, "0",
                  "image shards: subtracted from labels stored as numbers (1 for classes numbered from 1)", 0,
                  1e9}),
             validation({"feature_dataset", Type::kString, "/features",
                         "hdf5: the dataset of the features [N, ...] in the train_data/test_data file"}),
             validation(
                 {"label_dataset", Type::kString, "/labels", "hdf5: the dataset of the 0-based labels [N]"}),
             validation(
                 {"label_column", Type::kString, "first",
                  "csv/tsv: the label's column: first, last or a 0-based index (negative counts from the "
                  "end)"}),
             validation({"header_lines", Type::kInt, "0",
                         "csv/tsv: header lines at the start of every file, skipped (1 for Spark's header)",
                         0, 1e9}),
             validation({"label_mapping",
                         Type::kString,
                         "zero_based",
                         "csv/tsv/libsvm: labels as written: zero_based (0..K-1), one_based (1..K), signed "
                         "(-1/+1) or value (any number, for regression)",
                         0,
                         0,
                         false,
                         {"zero_based", "one_based", "signed", "value"}}),
             validation(
                 {"features", Type::kInt, "0",
                  "libsvm: the feature count (0: the largest index in the files, from a pass over them)", 0,
                  1e9}),
         }},
        {"text",
         {
             // Text formats (text_csv, text_tsv, text_lines, text_lm; docs/data.md "Text data").
             validation({"tokenizer", Type::kString, "word",
                         "text: word (words, each punctuation mark a token), char (one token per UTF-8 "
                         "character) or byte",
                         0, 0, false, {"word", "char", "byte"}}),
             validation({"lowercase", Type::kBool, "false", "text: lower-case letters before tokenizing"}),
             {"vocab_size", Type::kInt, "20000",
              "text: the dictionary's most tokens, padding and unknown included (0: no limit); the most "
              "frequent tokens of the training files are kept",
              0, 1e9},
             {"min_count", Type::kInt, "1",
              "text: tokens seen fewer times in the training files read as unknown", 1, 1e12},
             validation({"vocab", Type::kPath, "",
                         "text: a vocabulary file to use instead of building one (empty: built from train_data "
                         "and saved as <save_model>.vocab, or checkpoint_dir/vocab; the saved model's config "
                         "names it, so evaluate and predict read it)"}),
             validation({"label_names", Type::kString, "",
                         "text_csv/text_tsv: the class names in label order (e.g. neg,pos), or auto (the "
                         "training files' labels in sorted order); empty: labels are numbers (label_mapping)"}),
             validation({"seq_len", Type::kInt, "0",
                         "text_lm: steps per record (windows of seq_len + 1 tokens; 0: 35); text_csv/text_tsv "
                         "with padding fixed: ignored (the padding gives the length)",
                         0, 1e9}),
             validation({"padding", Type::kString, "longest",
                         "text: longest (pad each batch to its longest record) or 'fixed N' (pad or truncate "
                         "every record to N tokens)"}),
             validation({"truncate", Type::kString, "end",
                         "text, padding fixed N: which tokens of a longer record go: end (keep the first N) "
                         "or start (keep the last N)",
                         0, 0, false, {"end", "start"}}),
             validation({"lengths_in_input", Type::kBool, "false",
                         "text: feed the model the table {tokens [N, T], lengths [N]} instead of tokens alone "
                         "(recurrent layers that skip padding)"}),
             {"bucket_window", Type::kInt, "0",
              "text: sort this many shuffled records by length and batch neighbours together, less padding "
              "(0: off; deterministic for the seed, so resume stays exact)",
              0, 1e9},
             {"bucket_run", Type::kInt, "0",
              "text: records per run of similar length within a bucket window (0: the batch part)", 0, 1e9},
             validation({"line_ends", Type::kBool, "true",
                         "text_lm: end every line with the <eos> token"}),
         }},
        {"optimizer",
         {
             // Each method reads the keys named like its options (docs/training.md); an empty default is the
             // method's own (which differs between methods).
             {"optimizer", Type::kString, "sgd", "update rule", 0, 0, false, optimizerChoices()},
             {"learning_rate", Type::kDouble, "0.05", "learning rate (every method)", 0, 1e6},
             {"learning_rate_decay", Type::kDouble, "",
              "BigDL decay: lr / (1 + iteration * decay) (sgd, adam, adamw, adagrad, rmsprop, lars_sgd; "
              "empty: the method's, 0.01 for lars_sgd, else 0)",
              0, 1e6},
             {"momentum", Type::kDouble, "",
              "momentum (sgd, rmsprop, lars_sgd; empty: the method's, 0.5 for lars_sgd, else 0)", 0, 1, true},
             {"dampening", Type::kDouble, "0", "SGD dampening", 0, 1},
             {"nesterov", Type::kBool, "false", "SGD Nesterov momentum (needs momentum > 0, dampening 0)"},
             {"weight_decay", Type::kDouble, "",
              "L2 weight decay (every method but ftrl and lbfgs; adamw's is decoupled; empty: the method's, "
              "0.01 for adamw, 5e-4 for lars_sgd, else 0)",
              0, 1e6},
             {"beta1", Type::kDouble, "0.9", "adam, adamw, adamax: first moment decay", 0, 1, true},
             {"beta2", Type::kDouble, "0.999", "adam, adamw, adamax: second moment decay", 0, 1, true},
             {"epsilon", Type::kDouble, "",
              "added to the denominator (adam, adamw, adamax, adagrad, adadelta, rmsprop; empty: the "
              "method's, "
              "1e-8, 1e-8, 1e-38, 1e-10, 1e-10, 1e-8)",
              1e-300, 1},
             {"decay_rate", Type::kDouble, "",
              "adadelta, rmsprop: decay of the running averages (PyTorch's rho, alpha; empty: 0.9, 0.99)", 0,
              1},
             {"centered", Type::kBool, "false",
              "rmsprop: divide by the running variance, not the mean square"},
             {"initial_accumulator_value", Type::kDouble, "",
              "adagrad, ftrl: where the sum of squared gradients starts (empty: 0, 0.1)", 0, 1e300},
             {"learning_rate_power", Type::kDouble, "-0.5", "ftrl: power of the accumulator in the rate",
              -1e300, 0},
             {"l1_regularization_strength", Type::kDouble, "0", "ftrl: L1 strength", 0, 1e300},
             {"l2_regularization_strength", Type::kDouble, "0", "ftrl: L2 strength", 0, 1e300},
             {"l2_shrinkage_regularization_strength", Type::kDouble, "0",
              "ftrl: L2 shrinkage strength (on the gradient of the linear term)", 0, 1e300},
             {"trust", Type::kDouble, "1", "lars_sgd: the trust coefficient of each layer's rate", 1e-300,
              1e300},
             {"max_iter", Type::kInt, "20", "lbfgs: iterations per training iteration", 1, 1e9},
             {"max_eval", Type::kInt, "0", "lbfgs: loss evaluations per training iteration (0: no limit)", 0,
              1e9},
             {"tol_fun", Type::kDouble, "1e-5", "lbfgs: stop a step when max |gradient| <= this", 0, 1e300},
             {"tol_x", Type::kDouble, "1e-9", "lbfgs: stop a step when the step or loss changes less", 0,
              1e300},
             {"n_correction", Type::kInt, "100", "lbfgs: curvature pairs kept", 1, 1e9},
             {"line_search",
              Type::kString,
              "none",
              "lbfgs: line search",
              0,
              0,
              false,
              {"none", "strong_wolfe"}},
             yamlMapOf({"submodule_optimizers", Type::kString, "",
                        "a method per submodule (BigDL's setOptimMethods): {path: {type: adam, learning_rate: "
                        "0.001}, ...}, paths as ringdl model summary prints them, options the keys of this "
                        "section (unset ones the method's defaults); the other parameters train with this "
                        "section's method; lr_schedule and warmup apply to every method"}),
         }},
        {"lr_schedule",
         {
             {"lr_schedule", Type::kString, "default",
              "learning-rate schedule (BigDL's; docs/training.md): default (learning_rate / (1 + iteration * "
              "learning_rate_decay)), step, multi_step, epoch_step, epoch_decay, epoch_schedule, poly, "
              "exponential, natural_exp, plateau, warmup, epoch_decay_with_warm_up, cosine_annealing, "
              "one_cycle; its options below (empty: the schedule's default)",
              0, 0, false, scheduleChoices()},
             {"step_size", Type::kString, "", "step, epoch_step: iterations (epochs) between decays"},
             {"gamma", Type::kString, "",
              "step, multi_step, epoch_step: decay factor [0.1]; natural_exp: rate"},
             {"step_sizes", Type::kString, "",
              "multi_step: iterations at which to decay, e.g. 500,1000,2000"},
             {"decay_epochs", Type::kString, "",
              "epoch_decay, epoch_decay_with_warm_up: epochs from which the rate is 10x lower, e.g. 30,60"},
             keyed("start_epochs", {"schedule_start_epochs", Type::kString, "",
                                    "epoch_schedule: each regime's first epoch, e.g. 1,10"}),
             keyed("end_epochs", {"schedule_end_epochs", Type::kString, "",
                                  "epoch_schedule: each regime's last epoch, e.g. 9,20"}),
             keyed("learning_rates", {"schedule_learning_rates", Type::kString, "",
                                      "epoch_schedule: each regime's learning rate, e.g. 0.1,0.01"}),
             {"power", Type::kString, "", "poly: exponent"},
             {"max_iteration", Type::kString, "", "poly: the iteration at which the rate reaches 0"},
             {"decay_step", Type::kString, "", "exponential, natural_exp: iterations per decay"},
             keyed("decay_rate", {"schedule_decay_rate", Type::kString, "",
                                  "exponential: decay factor per decay_step"}),
             {"stair_case", Type::kString, "", "exponential: decay in whole steps (true) [false]"},
             keyed("monitor", {"plateau_monitor", Type::kString, "",
                               "plateau: score (first validation result), loss (training loss) or a "
                               "validation method's name [score]"}),
             {"factor", Type::kString, "", "plateau: multiplies the rate on a plateau [0.1]"},
             keyed("patience", {"plateau_patience", Type::kString, "",
                                "plateau: epochs without improvement before reducing [10]"}),
             keyed("mode", {"plateau_mode", Type::kString, "", "plateau: min or max (what improving means) [min]"}),
             keyed("epsilon",
                   {"plateau_epsilon", Type::kString, "", "plateau: the smallest improvement [1e-4]"}),
             {"cooldown", Type::kString, "", "plateau: epochs after a reduction before counting again [0]"},
             {"min_lr", Type::kString, "", "plateau: lower bound of the rate [0]"},
             keyed("delta", {"schedule_delta", Type::kString, "", "warmup: rate added per iteration"}),
             {"warm_up_iteration", Type::kString, "", "epoch_decay_with_warm_up: iterations of warm-up"},
             {"warm_up_delta", Type::kString, "",
              "epoch_decay_with_warm_up: rate added per warm-up iteration"},
             {"t0", Type::kString, "", "cosine_annealing: iterations of the first period"},
             {"t_mult", Type::kString, "", "cosine_annealing: each period this many times longer [1]"},
             {"eta_min", Type::kString, "", "cosine_annealing: the lowest rate [0]"},
             {"max_lr", Type::kString, "", "one_cycle: the peak rate [learning_rate]"},
             {"total_iterations", Type::kString, "", "one_cycle: iterations of the cycle"},
             {"pct_start", Type::kString, "", "one_cycle: fraction of the cycle spent rising [0.3]"},
             {"anneal_strategy", Type::kString, "", "one_cycle: cos or linear [cos]"},
             {"div_factor", Type::kString, "", "one_cycle: initial rate = max_lr / div_factor [25]"},
             {"final_div_factor", Type::kString, "",
              "one_cycle: final rate = initial / final_div_factor [1e4]"},
             {"three_phase", Type::kString, "", "one_cycle: back to the initial rate before the end [false]"},
         }},
        {"warmup",
         {
             keyed("iterations", {"warmup_iterations", Type::kInt, "0",
                                  "iterations of BigDL's Warmup before lr_schedule, as SequentialSchedule "
                                  "composes them (0: none)",
                                  0, 1e15}),
             keyed("delta", {"warmup_delta", Type::kDouble, "0",
                             "rate added per warm-up iteration; the schedule starts from the rate reached",
                             -1e6, 1e6}),
         }},
        {"gradient_clipping",
         {
             {"gradient_clipping",
              Type::kString,
              "none",
              "clip the summed gradient before the update: none, constant (to [min, max]) or l2_norm (its "
              "L2 norm to max_norm)",
              0,
              0,
              false,
              {"none", "constant", "l2_norm"}},
             keyed("min", {"clip_min", Type::kDouble, "-1", "constant: the lowest gradient value"}),
             keyed("max", {"clip_max", Type::kDouble, "1", "constant: the highest gradient value"}),
             {"max_norm", Type::kDouble, "1", "l2_norm: the largest L2 norm of the whole gradient", 1e-300,
              1e300},
         }},
        {"regularizer",
         {
             keyed("l1", {"regularizer_l1", Type::kDouble, "0",
                          "L1 penalty on every parameter (gradient + l1 sign(w)); layers may have their own",
                          0, 1e6}),
             keyed("l2", {"regularizer_l2", Type::kDouble, "0",
                          "L2 penalty on every parameter (gradient + l2 w, as weight_decay)", 0, 1e6}),
         }},
        {"training",
         {
             validation({"batch_size", Type::kInt, "128", "records per iteration", 1, 1e9}),
             {"epochs", Type::kInt, "10", "stop after this many epochs (0: no epoch limit)", 0, 1e9},
             {"max_iterations", Type::kInt, "0", "stop after this many iterations (0: no limit)", 0, 1e15},
             {"min_loss", Type::kDouble, "0", "stop once the training loss is below this (0: off)", 0, 1e300},
             {"max_score", Type::kDouble, "0", "stop once validation top-1 accuracy is above this (0: off)",
              0, 1},
             {"validate_every", Type::kString, "epoch",
              "validate (on the validation set, else the test set): epoch, N (iterations) or never"},
             {"seed", Type::kInt, "1", "seed for initialisation, shuffling and dropout", 0, 9.2e18},
             validation(
                 {"threads", Type::kInt, "0",
                  "BLAS threads per rank (0: OPENBLAS_NUM_THREADS, else the node's cores shared among its "
                  "ranks)",
                  0, 4096}),
         }},
        {"validation",
         {
             scoring(listOf({"validation", Type::kString, "top1,top5,loss",
                             "validation methods, in order (the first gives max_score's score and the test "
                             "line), a list or comma-separated",
                             0, 0, false, validationChoices()})),
             scoring({"top_k", Type::kInt, "1", "top_k: the k of TopKAccuracy", 1, 1e9}),
             scoring({"ranking_k", Type::kInt, "10", "hit_ratio, ndcg: the cut-off rank k", 1, 1e9}),
             scoring({"neg_num", Type::kInt, "100",
                      "hit_ratio, ndcg: negative items scored with each positive one (negNum)", 0, 1e9}),
             scoring({"map_k", Type::kInt, "0",
                      "mean_average_precision: only the k highest scores of each class count (0: all)", 0,
                      1e9}),
         }},
        {"early_stopping",
         {
             {"monitor", Type::kString, "",
              "the validation method watched by patience and keep_best, as in validation (empty: the first)"},
             {"patience", Type::kInt, "0",
              "stop once this many validations in a row have not improved the monitored figure (0: off)", 0,
              1e9},
             {"min_delta", Type::kDouble, "0", "an improvement must exceed this", 0, 1e300},
             {"mode",
              Type::kString,
              "auto",
              "max or min: which way is better (auto: min for loss and mae, max otherwise)",
              0,
              0,
              false,
              {"auto", "max", "min"}},
         }},
        {"checkpoints",
         {
             {"checkpoint_dir", Type::kPath, "", "directory for checkpoints (empty: none)"},
             {"checkpoint_every", Type::kString, "epoch", "checkpoint: epoch or N (iterations)"},
             {"keep_last", Type::kInt, "0",
              "keep only the newest N periodic checkpoints, deleting older ones (0: keep all; never the "
              "best)",
              0, 1e9},
             {"keep_best", Type::kBool, "false",
              "also checkpoint after every validation that improves the monitored figure, kept as "
              "checkpoint.best.ringdl"},
             {"save_model", Type::kPath, "", "write the trained model to this file (empty: don't)"},
         }},
        {"distributed",
         {
             {"bucket_mb", Type::kDouble, "25",
              "several ranks: gradient bucket size in MiB, summed while backward runs (0: all at once after "
              "it)",
              0, 1e6},
             {"shard_optimizer_state", Type::kBool, "false",
              "several ranks: each rank keeps only its slice of the optimizer state (same results, less "
              "memory)"},
             {"gradient_wire",
              Type::kString,
              "native",
              "several ranks: how gradients travel between ranks (bf16/fp16 halve the traffic, rounding "
              "sums)",
              0,
              0,
              false,
              {"native", "bf16", "fp16"}},
             {"sync_batchnorm", Type::kBool, "false",
              "several ranks: batch normalisation with the statistics of the whole global batch (N ranks "
              "train "
              "as one; gradients are then summed after backward)"},
             {"dist_timeout", Type::kDouble, "600",
              "several ranks: seconds without progress before a silent rank is reported and the job stops",
              0.001, 1e9},
         }},
        {"output",
         {
             {"log_every", Type::kInt, "10", "one log line per this many iterations", 1, 1e9},
             {"progress",
              Type::kString,
              "auto",
              "progress bar (step/total, records/s, ETA): auto (when stdout is a terminal), on, off",
              0,
              0,
              false,
              {"auto", "on", "off"}},
         }},
    };
    std::vector<ConfigField> t;
    for (const auto& [section, fields] : sections)
      for (ConfigField f : fields) {
        f.section = section;
        t.push_back(std::move(f));
      }
    return t;
  }();
  return table;
}

bool ConfigField::readByCommand(const std::string& subcommand) const {
  if (subcommand == "train") return true;
  if (subcommand == "evaluate") return readBy != ReadBy::kTrain;
  if (subcommand == "predict") return readBy == ReadBy::kAll;
  return false;  // ringdl data reads no run config
}

const ConfigField* RunConfig::find(const std::string& name) {
  for (const ConfigField& f : fields())
    if (f.name == name) return &f;
  return nullptr;
}

const ConfigField* RunConfig::findDotted(const std::string& path) {
  for (const ConfigField& f : fields())
    if (f.dottedName() == path) return &f;
  return nullptr;
}

bool RunConfig::isSection(const std::string& name) {
  for (const ConfigField& f : fields())
    if (f.section == name) return true;
  return false;
}

void RunConfig::failUnknown(const std::string& name, const std::string& source) {
  std::vector<KnownName> known;
  for (const ConfigField& f : fields()) known.push_back({f.name, f.section});
  RINGDL_FAIL(source, ": unknown config key '", name, "'; ", unknownNameHint(name, known, ""),
              " (ringdl train --help lists every key by section)");
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

void RunConfig::set(const std::string& name, const std::string& value, const std::string& source,
                    const std::string& baseDir) {
  const ConfigField* f = find(name);
  if (f == nullptr) failUnknown(name, source);
  if (value.empty() && f->defaultValue.empty()) {  // the default: unset (a written config gives it back)
    values_[name] = value;
    return;
  }
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
      if (f->yamlMap) {
        YAML::Node node;
        try {
          node = YAML::Load(value);
        } catch (const YAML::Exception& e) {
          RINGDL_FAIL(source, ": config field '", name, "' is not YAML (", e.msg, "): '", value,
                      "'; write it as {path: {type: adam, learning_rate: 0.001}}");
        }
        RINGDL_CHECK(node.IsMap(), source, ": config field '", name,
                     "' must be a map such as {path: {type: adam, learning_rate: 0.001}}, got '", value, "'");
        for (const auto& entry : node)
          RINGDL_CHECK(entry.first.IsScalar() && entry.second.IsMap(), source, ": config field '", name,
                       "' maps each path to a map of options, as {path: {type: adam}}, got '", value, "'");
        values_[name] = flowYaml(node);
        return;
      }
      if (f->list && f->choices.empty()) {  // any words: "[a, b]", "a,b" and "a, b" are the same list
        std::string text = value;
        if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
        std::string words;
        for (const std::string& item : text.empty() ? std::vector<std::string>{} : listItems(text)) {
          RINGDL_CHECK(!item.empty(), source, ": config field '", name, "' has an empty entry in '", value,
                       "' (a list is words separated by commas)");
          words += (words.empty() ? "" : ",") + item;
        }
        values_[name] = words;
        return;
      }
      if (f->list) {
        std::vector<std::string> items = listItems(value), seen;
        std::string allowed;
        for (const auto& c : f->choices) allowed += (allowed.empty() ? "" : ", ") + c;
        RINGDL_CHECK(!value.empty(), source, ": config field '", name, "' needs at least one of ", allowed);
        for (const std::string& item : items) {
          RINGDL_CHECK(std::find(f->choices.begin(), f->choices.end(), item) != f->choices.end(), source,
                       ": config field '", name, "' lists '", item, "', which is not one of ", allowed);
          RINGDL_CHECK(std::find(seen.begin(), seen.end(), item) == seen.end(), source, ": config field '",
                       name, "' lists '", item, "' twice");
          seen.push_back(item);
        }
        std::string text;
        for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
        values_[name] = text;
        return;
      }
      if (!f->choices.empty()) {
        const bool ok = std::find(f->choices.begin(), f->choices.end(), value) != f->choices.end();
        std::string allowed;
        for (const auto& c : f->choices) allowed += (allowed.empty() ? "" : ", ") + c;
        RINGDL_CHECK(ok, source, ": config field '", name, "' must be one of ", allowed, ", got '", value,
                     "'");
      }
      break;
    case Type::kModel: {
      const std::string ext = std::filesystem::path(value).extension().string();
      if (ext == ".yaml" || ext == ".yml") {
        values_[name] = resolvePath(value, baseDir);
        return;
      }
      const std::vector<std::string> zoo = modelNames();
      RINGDL_CHECK(std::find(zoo.begin(), zoo.end(), value) != zoo.end(), source, ": config field '", name,
                   "' must be a zoo model (", joined(zoo),
                   ") or a model definition file ending in .yaml, got '", value, "'");
      break;
    }
    case Type::kPath:
      // Shard specs are one path each (listShards takes no lists): a file, a directory, a glob (its
      // directory part resolves, the pattern stays) or @list.txt, whose file resolves here and whose entries
      // are relative to the list file's own directory (listShards).
      if (!value.empty() && value[0] == '@') {
        values_[name] = "@" + resolvePath(value.substr(1), baseDir);
      } else {
        values_[name] = resolvePath(value, baseDir);
      }
      return;
  }
  values_[name] = value;
}

namespace {
// "FILE line N" when yaml-cpp knows where the node is (it always does for parsed text).
std::string lineOf(const YAML::Node& node, const std::string& source) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? source : source + " line " + std::to_string(mark.line + 1);
}

std::string sectionNames() {
  std::vector<std::string> names;
  for (const ConfigField& f : RunConfig::fields())
    if (std::find(names.begin(), names.end(), f.section) == names.end()) names.push_back(f.section);
  return joined(names);
}

std::vector<KnownName> keysOfSection(const std::string& section) {
  std::vector<KnownName> keys;
  for (const ConfigField& f : RunConfig::fields())
    if (f.section == section) keys.push_back({f.keyInSection(), section});
  return keys;
}
}  // namespace

void RunConfig::loadYaml(const std::string& text, const std::string& source, const std::string& baseDir) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    RINGDL_FAIL(source, ": not valid YAML at line ", e.mark.line + 1, ", column ", e.mark.column + 1, ": ",
                e.msg);
  }
  if (root.IsNull()) return;
  RINGDL_CHECK(root.IsMap(), source, ": a config is a map of key: value pairs (or of sections holding them)");
  std::map<std::string, std::string> givenAt;  // field -> where this file gave it, to refuse a second time
  auto setOnce = [&](const ConfigField& f, const YAML::Node& value, const std::string& where) {
    auto [it, fresh] = givenAt.emplace(f.name, where);
    RINGDL_CHECK(fresh, where, ": config field '", f.name, "' (", f.dottedName(), ") is given twice in ",
                 source, ", first at ", it->second, "; keep one");
    std::string text;
    if (value.IsMap() && f.yamlMap) {
      text = flowYaml(value);
    } else if (value.IsSequence()) {  // a list field's items (checked by the caller)
      for (const auto& item : value) {
        RINGDL_CHECK(item.IsScalar(), where, ": config field '", f.name, "' lists names (e.g. [top1, loss])");
        text += (text.empty() ? "" : ",") + item.as<std::string>();
      }
    } else if (!value.IsNull()) {
      text = value.as<std::string>();
    }
    set(f.name, text, where, baseDir);
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    const std::string where = lineOf(kv.first, source);
    if (kv.second.IsMap() && isSection(key)) {
      // A section: its keys by their names (the field named like the section as `type`).
      for (const auto& inner : kv.second) {
        const std::string name = inner.first.as<std::string>();
        const std::string innerWhere = lineOf(inner.first, source);
        const ConfigField* f = findDotted(key + "." + name);
        if (f == nullptr) {
          const ConfigField* elsewhere = find(name);
          RINGDL_CHECK(elsewhere == nullptr || elsewhere->section == key, innerWhere, ": config key '", name,
                       "' belongs in section '", elsewhere->section, "', not '", key, "' (write it as ",
                       elsewhere->dottedName(), ", or flat)");
          RINGDL_CHECK(elsewhere == nullptr, innerWhere, ": in section '", key, "', the key '", name,
                       "' is written 'type'");
          RINGDL_FAIL(innerWhere, ": unknown config key '", name, "' in section '", key, "'; ",
                      unknownNameHint(name, keysOfSection(key), ""),
                      " (ringdl train --help lists every key)");
        }
        RINGDL_CHECK(
            inner.second.IsScalar() || inner.second.IsNull() || (f->list && inner.second.IsSequence()) ||
                (f->yamlMap && inner.second.IsMap()),
            innerWhere, ": key '", key, ".", name,
            "' must hold a single value (sections hold key: value pairs, one level deep)");
        setOnce(*f, inner.second, innerWhere);
      }
      continue;
    }
    if ((kv.second.IsSequence() && find(key) != nullptr && find(key)->list) ||
        (kv.second.IsMap() && find(key) != nullptr && find(key)->yamlMap)) {
      setOnce(*find(key), kv.second, where);
      continue;
    }
    if (kv.second.IsMap() || kv.second.IsSequence()) {
      RINGDL_CHECK(
          find(key) == nullptr, where, ": key '", key,
          "' must hold a single value (e.g. learning_rate: 0.05); a map is a section, and the sections "
          "are ",
          sectionNames());
    }
    const ConfigField* f = find(key);
    if (f == nullptr && isSection(key)) {
      std::string keys;
      for (const KnownName& k : keysOfSection(key)) keys += (keys.empty() ? "" : ", ") + k.name;
      RINGDL_FAIL(where, ": '", key, "' is a section: give its keys (", keys, ") in it, e.g. ", key, ": {",
                  keysOfSection(key).front().name, ": ...}");
    }
    if (f == nullptr) failUnknown(key, where);
    RINGDL_CHECK(kv.second.IsScalar() || kv.second.IsNull(), where, ": key '", key,
                 "' must hold a single value (e.g. learning_rate: 0.05)");
    setOnce(*f, kv.second, where);
  }
}

void RunConfig::loadFile(const std::string& path) {
  std::ifstream in(path);
  RINGDL_CHECK(in.good(), "cannot read config file ", path, " (does it exist?)");
  std::stringstream ss;
  ss << in.rdbuf();
  // Absolute, so that the resolved paths (saved in checkpoints) hold from any working directory.
  loadYaml(ss.str(), path, fs::absolute(path).parent_path().string());
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

std::vector<std::string> RunConfig::list(const std::string& name) const {
  std::vector<std::string> words;
  std::stringstream ss(str(name));
  for (std::string w; std::getline(ss, w, ',');) words.push_back(w);
  return words;
}

std::string RunConfig::toYaml() const {
  YAML::Emitter out;
  out << YAML::BeginMap;
  for (const ConfigField& f : fields()) out << YAML::Key << f.name << YAML::Value << values_.at(f.name);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ringdl::tools
