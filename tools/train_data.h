// The data sets of ringdl train (and the shard readers ringdl data shares): IDX arrays held in memory, or
// SequenceFile / TFRecord shard sets and image folders streamed by each rank.
#pragma once

#include <memory>
#include <string>

#include "config.h"
#include "ringdl/data/data_set.h"
#include "ringdl/data/record_decoder.h"
#include "ringdl/data/sequence_file_image_decoder.h"
#include "ringdl/data/shard_set.h"
#include "ringdl/dist/communicator.h"

namespace ringdl::tools {

/// How the records of a shard set are decoded.
struct ShardDecoding {
  std::string imageFeature = "image";            ///< tf.train.Example feature holding the pixels
  std::string labelFeature = "label";            ///< tf.train.Example feature holding the class
  ImageChannels channels = ImageChannels::kRgb;  ///< BigDL image records
  Shape shape;  ///< raw SequenceFile records without ringdl.shape metadata, or Examples without a shape
  std::string labelColumn = "first";  ///< csv/tsv: first, last or a column index (negative from the end)
  int64_t headerLines = 0;            ///< csv/tsv: 1 when every file starts with a header line
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

/// The training and validation sets of a run.
struct TrainData {
  std::shared_ptr<DataSet<float>> train;
  std::shared_ptr<DataSet<float>> test;
  std::string describe;  ///< one line for the log: formats and where the records come from
};

/// Builds the data sets the config names: train_format / test_format idx (the arrays of train_images,
/// train_labels, ... scaled and normalised in memory, as before) or sequencefile / tfrecord / csv / tsv /
/// libsvm / cifar10 (train_data / test_data shard sets, read by this rank of `comm`, with the Communicator's
/// allGather as the count exchange). "normalize: auto" on shard data computes the training set's mean and std
/// in a pass over the shards (summed over ranks) and writes them into the config as MEAN,STD, as for IDX.
///
/// hdf5: train_data / test_data is one HDF5 file whose feature_dataset and label_dataset are loaded whole on
/// every rank into an ArrayDataSet (normalised like IDX); the engine gives each rank its rows of each batch.
///
/// imagefolder (train_data / test_data a root/<class>/ tree, streamed as a shard set) and shard sets with
/// `transforms` decode images and run them through ImagePipelines: `transforms` for training,
/// `test_transforms` (or the training pipeline without its random steps) for validation. A normalize step in
/// the transforms replaces the normalize key (auto becomes none; MEAN,STD is an error). A validation folder
/// must have the training folder's classes.
TrainData loadTrainData(RunConfig& config, Communicator& comm);

}  // namespace ringdl::tools
