// The process-wide HDF5 lock and the guard that silences HDF5's error printing while it is held.
#include "hdf5_lock.h"

namespace ringdl {
namespace detail {

std::recursive_mutex& hdf5Mutex() {
  static std::recursive_mutex m;
  return m;
}

Hdf5Calls::Hdf5Calls() : lock_(hdf5Mutex()) {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Hdf5Calls::~Hdf5Calls() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

std::string Hdf5Calls::lastError() {
  std::string message;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
        if (e->desc && *e->desc)
          *static_cast<std::string*>(out) = std::string(e->func_name ? e->func_name : "") + ": " + e->desc;
        return 0;
      },
      &message);
  H5Eclear2(H5E_DEFAULT);
  return message;
}

}  // namespace detail
}  // namespace ringdl
