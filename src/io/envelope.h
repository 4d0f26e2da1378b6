// Internal: the 24-byte envelope around every RingDL file (verified reads, atomic writes). No protobuf here.
#pragma once

#include <cstdint>
#include <string>

namespace ringdl::io_detail {

/// Writes header + payload to path atomically: a temp file in the same directory, fsync, rename over path,
/// fsync of the directory. kind ("checkpoint", "model file") starts every error message. On failure the temp
/// file is removed and an Error names path and the system's reason.
void writeEnvelope(const std::string& path, const std::string& payload, const std::string& kind);

/// Reads path and returns its payload after checking magic, format version, payload length and CRC-32.
/// Errors read "<kind> <path> is truncated: ...", "... checksum mismatch ...", and so on. The header's format
/// version is stored in *formatVersion when given.
std::string readEnvelope(const std::string& path, const std::string& kind, uint32_t* formatVersion = nullptr);

/// The temp file name writeEnvelope uses for path (hidden, with a ".tmp-" suffix), exposed so directory
/// scans can recognise leftovers of interrupted writes.
bool isTempFileName(const std::string& fileName);

}  // namespace ringdl::io_detail
