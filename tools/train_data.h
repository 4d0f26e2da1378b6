// The data sets of ringdl train, evaluate and predict (and the shard readers ringdl data shares): IDX arrays
// held in memory, each rank's rows of an HDF5 file, or shard sets and image folders streamed by each rank.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config.h"
#include "ringdl/data/data_set.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/sequence_file_image_decoder.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/dist/communicator.h"
#include "ringdl/nn/module.h"

namespace ringdl::tools {

/// How the records of a shard set are decoded.
struct ShardDecoding {
  std::string imageFeature = "image";            ///< tf.train.Example feature holding the pixels
  std::string labelFeature = "label";            ///< tf.train.Example feature holding the class
  ImageChannels channels = ImageChannels::kRgb;  ///< BigDL image records
  Shape shape;  ///< raw SequenceFile records without ringdl.shape metadata, or Examples without a shape
  std::string labelColumn = "first";  ///< csv/tsv: first, last or a column index (negative from the end)
  int64_t headerLines = 0;            ///< csv/tsv: lines skipped at the start of every file
  std::string labelMapping = "zero_based";  ///< csv/tsv/libsvm: how written labels become 0-based classes
  int64_t features = 0;                     ///< libsvm: the feature count (0: the largest index in the files)
  int64_t classes = 0;  ///< csv/tsv/libsvm: class labels must be below this (0: unchecked)
};

/// The decoder for records of `format` (sequencefile, tfrecord, csv, tsv, libsvm or cifar10). `shards` are
/// the files a libsvm feature count of 0 is inferred from (a pass over every line).
std::shared_ptr<RecordDecoder<float>> makeDecoder(ShardFormat format, const ShardDecoding& decoding,
                                                  const std::vector<std::string>& shards = {});
/// The readers of shards of `format` (text files with decoding.headerLines header lines).
RecordReaderFactory shardReaders(ShardFormat format, const ShardDecoding& decoding);

/// The format of a shard set from its first file, checked against `expected` unless that is kUnknown;
/// `what` names the config key or option in errors.
ShardFormat shardSetFormat(const std::vector<std::string>& shards, ShardFormat expected,
                           const std::string& what);

/// The shape of one record's features as the model receives them, told before any batch is read, so that a
/// model that cannot take them is refused with a message saying what to change (checkModelInput).
struct RecordShape {
  Shape shape;                 ///< without the batch dimension; empty when no record could be read
  bool imageChannels = false;  ///< decoded images whose channels image_channels chooses
  std::string source;          ///< where the records come from, for messages ("image folder photos/train")
};

/// Refuses, before training or evaluation starts, records that `model` cannot take (modelInputShape: a zoo
/// model takes any record of as many values as its input shape): an Error naming the source, both shapes
/// and the fix, e.g. "image folder x: the images have 3 channels but model lenet5 takes 1 (input shape
/// 1x28x28): set image_channels: grey (or use a model for 3 channels)". Unknown shapes pass.
void checkModelInput(Module<float>& model, const RecordShape& record);

/// How the test set (or the validation set) of a run is built.
struct TestDataOptions {
  /// The config keys naming the set: "test" (test_format, test_data, test_images, test_labels) or
  /// "validation" (validation_format, validation_data, ...).
  std::string which = "test";
  /// A training image folder's classes: a validation folder must have the same (else its labels would not
  /// match). Empty: not checked.
  std::vector<std::string> trainClasses;
  /// false: IDX test sets read only test_images (prediction needs no labels; the labels are zeros), and an
  /// image folder may be a folder of unlabelled images (root/*.png; ImageFolderOptions::unlabelled). Other
  /// formats hold their labels in the records and read them anyway.
  bool labels = true;
  /// Appended to the error for a missing test_data (e.g. how the subcommand's options give it).
  std::string dataHint;
  /// For predictions, matched to records by their place: skip_corrupt is an Error (a skipped record would
  /// shift every line after it), and for image folders DescribedDataSet::names gets each record's file, in
  /// the order of an unshuffled pass on one rank.
  bool recordNames = false;
};

/// A data set with one line for the log.
struct DescribedDataSet {
  std::shared_ptr<DataSet<float>> set;
  std::string describe;              ///< the format and where the records come from
  std::vector<std::string> names;    ///< see TestDataOptions::recordNames (empty otherwise)
  std::vector<std::string> classes;  ///< an image folder's class names in label order (empty otherwise)
  RecordShape record;                ///< the first record's
};

/// The test set the config names, as `ringdl train` tests (and by default validates) on it and `ringdl
/// evaluate` and `ringdl predict` read it (or, with options.which "validation", the validation set of the
/// validation_* keys): test_format (same: train_format) idx (test_images / test_labels in memory,
/// normalised), hdf5 (this rank's rows of the test_data file, see loadTrainData), a shard set or an image
/// folder (test_data, read by this rank of `comm`, decoded with the config's keys, images through
/// test_transforms or the training transforms without their random steps). The normalize field must be
/// resolved (none or MEAN,STD; a normalize step in the validation transforms replaces it). reset() gives the
/// records in a fixed order: IDX and HDF5 rows in storage order, shards in list order with their records in
/// file order, image folders in the order of their parts (a fixed permutation of the listing; see names).
DescribedDataSet loadTestData(RunConfig& config, Communicator& comm, const TestDataOptions& options = {});

/// A normalize step at the end of the image transforms (the training pipeline, or the validation one when
/// `training` is false) replaces the normalize key: auto becomes none; MEAN,STD is an Error (it would
/// normalise twice). Formats without image transforms (idx, hdf5) are left alone.
void resolveTransformNormalize(RunConfig& config, bool training);

/// The training, validation and test sets of a run.
struct TrainData {
  std::shared_ptr<DataSet<float>> train;
  /// What training validates on (validate_every, max_score): the records held out of the training set
  /// (validation_split), the validation set (validation_data / validation_images), or else the test set
  /// itself (the same pointer as `test`).
  std::shared_ptr<DataSet<float>> validation;
  std::shared_ptr<DataSet<float>> test;
  /// "validation_split F" when the validation set is held out of the training set, else "".
  std::string heldOut;
  std::string describe;  ///< one line for the log: formats and where the records come from
  /// Several ranks on HDF5 files: which rows each rank holds and how many values it read from the files
  /// (rank 0 prints it), e.g. "rank 0 rows [0, 50) of 100, 450 values read; rank 1 ...". Empty otherwise.
  std::string hdf5Ranks;
  /// The training image folder's class names in label order (empty for other formats), saved with the model.
  std::vector<std::string> classes;
};

/// Builds the data sets the config names: train_format / test_format idx (the arrays of train_images,
/// train_labels, ... scaled and normalised in memory, as before) or sequencefile / tfrecord / csv / tsv /
/// libsvm / cifar10 (train_data / test_data shard sets, read by this rank of `comm`, with the Communicator's
/// allGather as the count exchange). "normalize: auto" on shard data computes the training set's mean and std
/// in a pass over the shards (summed over ranks) and writes them into the config as MEAN,STD, as for IDX.
///
/// hdf5: train_data / test_data is one HDF5 file of which rank r of W reads only the rows
/// [floor(r N / W), floor((r + 1) N / W)) of feature_dataset and label_dataset (hyperslabs) into a
/// PartitionedArrayDataSet, uint8 features as pixels k / 255 as the IDX images are; "normalize: auto" sums
/// the values, their count and then the squared deviations over the ranks, so every rank gets the statistics
/// of the whole file.
///
/// imagefolder (train_data / test_data a root/<class>/ tree, streamed as a shard set) and shard sets with
/// `transforms` decode images and run them through ImagePipelines: `transforms` for training,
/// `test_transforms` (or the training pipeline without its random steps) for validation. A normalize step in
/// the transforms replaces the normalize key (auto becomes none; MEAN,STD is an error). A validation folder
/// must have the training folder's classes. The test set (and a validation set of its own) is built by
/// loadTestData.
///
/// validation_split F > 0 holds out the training records HoldOut(F, seed) chooses (the same records on any
/// number of ranks, and in a resumed run): IDX rows split in memory (normalize: auto from the rows trained
/// on), each rank's HDF5 rows split (splitHeldOut), shard sets and image folders read twice, the training
/// side through the training transforms and the held-out side through the validation ones. It and a
/// validation set of its own (validation_data or validation_images) exclude each other.
///
/// With a `model`, the first record of each set (training, held-out, validation and test) is checked against
/// it (checkModelInput) as soon as the set is opened, before any pass over the data (normalize: auto), so
/// that records it cannot take stop the run at once; the training set's unless `checkTraining` is false (a
/// resumed run whose checkpoint knows the shape it was trained on: the Optimizer checks against that).
TrainData loadTrainData(RunConfig& config, Communicator& comm, Module<float>* model = nullptr,
                        bool checkTraining = true);

}  // namespace ringdl::tools
