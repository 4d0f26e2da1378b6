// ImageRecordDecoder<T>: images of shard records (encoded JPEG/PNG in SequenceFile values or tf.train.Example
// bytes features, BigDL's BGR layout, raw uint8 pixels) and of image-folder files, decoded and run through an
// ImagePipeline (resize, crops, flips, jitter, to tensor, normalize) for ShardDataSet.
#pragma once

#include <cstdint>
#include <string>

#include "ringdl/data/image.h"
#include "ringdl/data/image_pipeline.h"
#include "ringdl/data/record_decoder.h"

namespace ringdl {

/// Record::valueType of the records an image folder's reader gives (imageFolderReaderFactory): the key is the
/// 0-based label as decimal text, the value the image file's path, and Record::index the file's position in
/// the folder's sorted listing. ImageRecordDecoder reads the file when it decodes the record.
inline constexpr const char* kImageFileRecordType = "ringdl.ImageFile";

struct ImageRecordDecoderOptions {
  ImageDecodeOptions decode;           ///< channel order and grey handling of decoded images
  std::string imageFeature = "image";  ///< tf.train.Example: the bytes feature holding the image
  std::string labelFeature = "label";  ///< tf.train.Example: the int64 (or float) feature holding the class
  /// Subtracted from labels stored as numbers (Example features, IntWritable/LongWritable keys): 1 for files
  /// whose classes run from 1 (TF-Slim's ImageNet: 1..1000, 0 being "background"). BigDL's text keys are
  /// always 1-based and folder labels always 0-based; neither is affected.
  int64_t labelOffset = 0;
  /// Raw uint8 records (not encoded) whose file does not give their shape: [C, H, W] (C 1 or 3) or [H, W].
  /// CIFAR-10 records have their fixed shape and ignore it.
  Shape shape;

  ImageRecordDecoderOptions& withDecode(ImageDecodeOptions d) {
    decode = d;
    return *this;
  }
  ImageRecordDecoderOptions& withFeatures(std::string image, std::string label) {
    imageFeature = std::move(image);
    labelFeature = std::move(label);
    return *this;
  }
  ImageRecordDecoderOptions& withLabelOffset(int64_t offset) {
    labelOffset = offset;
    return *this;
  }
  ImageRecordDecoderOptions& withShape(Shape s) {
    shape = std::move(s);
    return *this;
  }
};

/// Decodes a record to an Image and a 0-based label, then runs the pipeline on the image with the
/// generator of imageRecordSeed(seed, epoch, identity), where seed and epoch are those beginEpoch() gave (the
/// ShardDataSet's seed, restored with its state, and epoch; 1 and 0 before any call) and identity the
/// record's: for image-folder records the file's position in the listing; for shard
/// records a hash of the shard file's name (not its directory) combined with Record::index, so the same
/// shards read from another path or by another number of ranks augment identically.
///
/// The record layouts, chosen by the record's classes (any image the decoder reads may be encoded, i.e.
/// JPEG, PNG or another format decodeImage reads, recognised by its first bytes):
///   - image-folder records (kImageFileRecordType): the file at the value's path;
///   - CIFAR-10 records (kCifar10RecordType, cifar10.h): the label byte (0-9) and a 3x32x32 RGB image;
///   - SequenceFile, key Text: BigDL's key "label" or "name\nlabel" (1-based label, made 0-based); the value
///     is an encoded image or BigDL's layout (width, height, BGR pixels; see decodeBigDLImage);
///   - SequenceFile, key IntWritable or LongWritable: the label (minus labelOffset); the value an encoded
///     image or raw uint8 pixels [C, H, W] of the shape in the file's ringdl.shape metadata (or
///     options.shape), as `ringdl data convert` writes;
///   - TFRecord (records without classes): a tf.train.Example whose image feature is one bytes value, encoded
///     or raw uint8 pixels [C, H, W] shaped by the feature "<image>/shape" or "shape", "height", "width" and
///     "depth"/"channels", or options.shape, and whose label feature is one whole number (minus labelOffset).
/// Raw pixels with 3 channels are taken as R, G, B planes. Errors name the file (and for folders, the
/// image's position), the record's byte offset and index, and what was wrong.
template <typename T>
class ImageRecordDecoder : public RecordDecoder<T> {
 public:
  explicit ImageRecordDecoder(ImagePipeline<T> pipeline, ImageRecordDecoderOptions options = {});

  void beginEpoch(uint64_t seed, int64_t epoch) override {
    seed_ = seed;
    epoch_ = epoch;
  }
  void beginShard(const RecordReader& reader) override;
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

  /// The record's image before the pipeline, its 0-based label and its identity (see above).
  Image decodeImageOf(const RecordView& record, const std::string& file, int64_t& label, uint64_t& identity);

  const ImagePipeline<T>& pipeline() const { return pipeline_; }
  const ImageRecordDecoderOptions& options() const { return options_; }
  uint64_t seed() const { return seed_; }
  int64_t epoch() const { return epoch_; }

 private:
  ImagePipeline<T> pipeline_;
  ImageRecordDecoderOptions options_;
  uint64_t seed_ = 1;
  int64_t epoch_ = 0;
  std::string shapeFeature_;  // "<imageFeature>/shape", a tf.train.Example's shape of the raw image
  Shape fileShape_;           // the current shard's ringdl.shape metadata, if any
  std::string fileShapeError_;
  std::string shardName_;  // the current shard's file name and its hash
  uint64_t shardHash_ = 0;
  Shape firstShape_;  // the features' shape of the first record decoded, for a helpful error on a change
};

extern template class ImageRecordDecoder<float>;
extern template class ImageRecordDecoder<double>;

}  // namespace ringdl
