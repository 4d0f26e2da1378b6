// The value of a record in BigDL's image layout, checked and viewed in place: shared by decodeBigDLImage and
// ImageRecordDecoder, which writes the pixels straight into its Image.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ringdl/data/record_reader.h"

namespace ringdl::detail {

/// Checks the value of a BigDL image record (its class BytesWritable or Text, or untyped; width and height as
/// big-endian int32; width * height * 3 pixel bytes after them) and returns the BGR pixels as a view into the
/// record, with the sizes in `width` and `height`. Errors are decodeBigDLImage's ("file F: record I at byte
/// O: BigDL image: ..."); the message is built only when something is wrong.
std::string_view bigDLPixels(const RecordView& record, const std::string& file, int32_t& width,
                             int32_t& height);

}  // namespace ringdl::detail
