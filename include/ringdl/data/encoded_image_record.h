// Finding the encoded image (JPEG, PNG, ...) a shard record holds, without decoding it.
#pragma once

#include <string>

#include "ringdl/data/record_reader.h"

namespace ringdl {

/// The encoded image a shard record holds: a SequenceFile record's value (records with key and value
/// classes), or the one bytes value of feature `imageFeature` of a tf.train.Example (TFRecord records, which
/// have no classes), when those bytes start as an image format does (imageFormatOf). Empty when the record
/// holds no encoded image: raw or BigDL-layout pixels, text, a CIFAR-10 record, an image-folder record (a
/// path), a value that is not an Example, an Example without that feature. Never throws on bad bytes; what
/// the bytes are is left to the record's decoder.
std::string encodedImageOf(const Record& record, const std::string& imageFeature = "image");

}  // namespace ringdl
