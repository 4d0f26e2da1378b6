// BigDL's image SequenceFiles (BGRImgToLocalSeqFile, as its ImageNet tools write them): decoding a record
// into an image with a 0-based label, and encoding one.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "ringdl/data/record_reader.h"

namespace ringdl {

/// One image of a BigDL SequenceFile.
struct BigDLImageRecord {
  std::string name;    ///< the image's name; empty when the key holds the label only
  int32_t label = 0;   ///< 0-based class: BigDL's 1-based label minus 1
  int32_t width = 0;   ///< pixels per row
  int32_t height = 0;  ///< rows
  std::string pixels;  ///< height * width * 3 bytes: rows top to bottom, each pixel B, G, R (HWC, BGR)
};

/// BigDL's Text key: the image's name (empty when the key holds the label only) and its 0-based class.
struct BigDLKey {
  std::string name;
  int32_t label = 0;
};

/// Parses BigDL's key "label" or "name\nlabel" (split at the last newline; the label 1-based, a whole number
/// from 1, surrounding whitespace ignored as Java's Float.parseFloat does, which BigDL uses). Throws
/// ringdl::Error starting with `where` and quoting the label and the key.
BigDLKey parseBigDLKey(std::string_view key, const std::string& where);

/// The largest 0-based label BigDL's layout holds: written 1-based, it must fit a Java int.
inline constexpr int32_t kLargestBigDLLabel = std::numeric_limits<int32_t>::max() - 1;

/// BigDL's key for an image `name` (empty: the key holds the label only) of 0-based class `label`:
/// "name\nlabel" or "label", the label written 1-based (label + 1) as BigDL writes it. Throws ringdl::Error
/// for a label that is negative or whose 1-based form does not fit BigDL's int (above 2^31 - 2).
std::string encodeBigDLKey(const std::string& name, int64_t label);

/// Decodes a record in BigDL's layout. Key (Text): "label" or "name\nlabel" (split at the last newline),
/// where label is BigDL's 1-based class as text ("3", or as a float, "3.0"); it is returned 0-based (label -
/// 1), so class 1 becomes 0. Value (BytesWritable, or Text as BigDL's own writer uses): width and height as
/// big-endian int32, then width * height * 3 bytes of BGR pixels.
///
/// Throws ringdl::Error naming `file` (when given), the record's byte offset and index for a label that is
/// not a whole number >= 1, a value shorter than 8 bytes, non-positive sizes, or a pixel count that disagrees
/// with the value's length.
BigDLImageRecord decodeBigDLImage(const RecordView& record, const std::string& file = "");

/// Encodes an image in BigDL's layout: key encodeBigDLKey(image.name, image.label), value width, height and
/// the pixels. Write them with SequenceFileWriter(path, kTextClass, kBytesWritableClass) (or kTextClass
/// values, as BigDL does). Throws ringdl::Error on a label encodeBigDLKey refuses, non-positive sizes or a
/// pixel count other than width * height * 3.
void encodeBigDLImage(const BigDLImageRecord& image, std::string& key, std::string& value);

}  // namespace ringdl
