// The release string recorded in every file RingDL writes.
#include "ringdl/io/file_format.h"

namespace ringdl {

// Keep in step with project(RingDL VERSION ...) in CMakeLists.txt; it is informational only (readers decide
// compatibility by the envelope's format version), so a stale value cannot break loading.
const char* ringdlVersion() { return "0.1.0"; }

}  // namespace ringdl
