// The envelope every RingDL model and checkpoint file starts with: a fixed 24-byte header that lets a reader
// refuse truncated, corrupt or foreign files before parsing anything (layout in docs/checkpoints.md).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringdl {

/// The first 8 bytes of every RingDL file.
inline constexpr char kFileMagic[8] = {'R', 'I', 'N', 'G', 'D', 'L', 'C', 'K'};
/// The format version this build writes, and the newest it reads. Bumped only for changes that old readers
/// would misread; adding protobuf fields does not bump it.
inline constexpr uint32_t kFileFormatVersion = 1;
/// Header layout, all integers little-endian: magic[8], format version u32, payload length u64, CRC-32 (zlib,
/// the polynomial of gzip and PNG) of the payload u32; the serialized payload follows.
inline constexpr size_t kFileHeaderSize = 24;
inline constexpr size_t kFileVersionOffset = 8;
inline constexpr size_t kFileLengthOffset = 12;
inline constexpr size_t kFileCrcOffset = 20;

/// The RingDL release recorded in every file written by this build (diagnostics only, never checked).
const char* ringdlVersion();

}  // namespace ringdl
