// Cifar10Decoder<T>: CIFAR-10 binary records (Cifar10Reader) as images [3, 32, 32] in [0, 1] and labels
// 0..9, for ShardDataSet.
#pragma once

#include <string>

#include "ringdl/data/record_decoder.h"

namespace ringdl {

/// Decodes a 3073-byte CIFAR-10 record: the label byte (0..9, already 0-based) and the R, G, B planes as
/// features [3, 32, 32] = byte / 255 in T, the same values loadCifar10 gives. A record of another length or a
/// label above 9 is an Error naming the file, the record index and its byte offset.
template <typename T>
class Cifar10Decoder : public RecordDecoder<T> {
 public:
  void decode(const RecordView& record, const std::string& file, DecodedRecord<T>& out) override;
  std::string describe() const override;
};

extern template class Cifar10Decoder<float>;
extern template class Cifar10Decoder<double>;

}  // namespace ringdl
