// The one process-wide lock around every HDF5 call RingDL makes (reading and writing), and the guard that
// holds it with HDF5's automatic error printing switched off. Internal to src/data.
#pragma once

#include <hdf5.h>

#include <mutex>
#include <string>

namespace ringdl {
namespace detail {

/// The lock every HDF5 call of libringdl is made under. HDF5 built without thread safety (its own default
/// configuration) must not be entered from two threads at once, and the error-printing switch Hdf5Calls
/// turns off is global to such a build, so readers (hdf5_data_set.cpp) and writers (hdf5_writer.cpp) share
/// this one lock. Recursive: a guarded function may call another.
std::recursive_mutex& hdf5Mutex();

/// Holds hdf5Mutex() for its lifetime and turns HDF5's automatic printing of its error stack off meanwhile
/// (restored after), so that a failed call becomes one ringdl::Error rather than a page of stack dump on
/// stderr.
class Hdf5Calls {
 public:
  Hdf5Calls();
  ~Hdf5Calls();
  Hdf5Calls(const Hdf5Calls&) = delete;
  Hdf5Calls& operator=(const Hdf5Calls&) = delete;

  /// HDF5's own words for the last failure (the innermost entry of its error stack), or ""; clears the stack.
  /// Call it with the lock held (inside an Hdf5Calls scope).
  static std::string lastError();

 private:
  std::lock_guard<std::recursive_mutex> lock_;
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

}  // namespace detail
}  // namespace ringdl
