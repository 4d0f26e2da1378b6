// SequenceFileImageDecoder<T>: images with labels from SequenceFile records, in BigDL's image layout or the
// raw uint8 layout `ringdl data convert` writes by default.
#pragma once

#include <memory>
#include <string>

#include "ringdl/data/record_decoder.h"

namespace ringdl {

/// The SequenceFile metadata key giving the shape of one record's pixels in the raw layout ("1,28,28").
inline constexpr const char* kRawShapeMetadata = "ringdl.shape";

/// The shape a shard declares for its raw records in its kRawShapeMetadata metadata. Both are empty when the
/// reader is not a SequenceFileReader or the file declares none; a malformed value leaves the shape empty and
/// `error` saying why, for the first raw record to report (a file whose records are all encoded is fine).
struct RawShapeMetadata {
  Shape shape;
  std::string error;
};
RawShapeMetadata rawShapeMetadata(const RecordReader& reader);

/// How a BGR image (BigDL's layout) becomes channel planes.
enum class ImageChannels {
  kRgb,   ///< [3, H, W], planes R, G, B (BigDL's BGRImgToBatch default, toRGB = true)
  kBgr,   ///< [3, H, W], planes B, G, R as stored
  kGrey,  ///< [1, H, W], the mean of B, G and R (exactly the stored value when they are equal)
};

/// "rgb", "bgr", "grey"; and the inverse (also "gray"), an Error listing the names otherwise.
const char* imageChannelsName(ImageChannels channels);
ImageChannels parseImageChannels(const std::string& name);

struct SequenceFileImageDecoderOptions {
  ImageChannels channels = ImageChannels::kRgb;  ///< BigDL layout only
  Shape shape;  ///< raw layout: the pixels' shape when a file has no ringdl.shape metadata (empty: required)

  SequenceFileImageDecoderOptions& withChannels(ImageChannels c) {
    channels = c;
    return *this;
  }
  SequenceFileImageDecoderOptions& withShape(Shape s) {
    shape = std::move(s);
    return *this;
  }
};

/// Decodes SequenceFile records, choosing the layout by the record's key class:
///   - key Text: BigDL's image layout (see decodeBigDLImage): BigDL's 1-based label becomes 0-based, the BGR
///     pixels become [3, H, W] or [1, H, W] planes (ImageChannels) scaled by 1/255;
///   - key IntWritable or LongWritable: the raw layout, the 0-based label in the key and the pixels as uint8
///     bytes in the value (BytesWritable or Text), row-major, of the shape in the file's ringdl.shape
///     metadata (or options.shape), scaled by 1/255.
/// Pixels are divided by 255 in T exactly as loadIdxDataSet does, so the same image gives the same values
/// from IDX, SequenceFile and TFRecord. Any other key class, a value whose length disagrees with the shape,
/// or a negative label is an Error naming the file, the record's byte offset and index.
template <typename T>
class SequenceFileImageDecoder : public RecordDecoder<T> {
 public:
  explicit SequenceFileImageDecoder(SequenceFileImageDecoderOptions options = {});
  void beginShard(const RecordReader& reader) override;
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;

 private:
  SequenceFileImageDecoderOptions options_;
  Shape fileShape_;  // the current shard's ringdl.shape, if any
  std::string fileShapeError_;
};

extern template class SequenceFileImageDecoder<float>;
extern template class SequenceFileImageDecoder<double>;

}  // namespace ringdl
