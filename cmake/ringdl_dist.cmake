# ringdl_dist: the dist module (communicators, the ring all-reduce) as its own library, the only one that
# links MPI, privately. libringdl stays free of MPI; programs that train across ranks link RingDL::ringdl_dist
# (docs/distributed.md explains the split).
# RingDL calls MPI's C API only, so it links libmpi alone (MPI::MPI_CXX would add the deprecated C++ bindings).
enable_language(C)
find_package(MPI REQUIRED COMPONENTS C)
add_library(ringdl_dist SHARED ${RINGDL_DIST_SOURCES})  # globbed next to RINGDL_SOURCES
add_library(RingDL::ringdl_dist ALIAS ringdl_dist)
target_link_libraries(ringdl_dist PUBLIC ringdl PRIVATE MPI::MPI_C)
# <mpi.h> compiled as C++ would otherwise declare the C++ bindings and need libmpi_cxx.
set(RINGDL_MPI_C_ONLY OMPI_SKIP_MPICXX MPICH_SKIP_MPICXX)
target_compile_definitions(ringdl_dist PRIVATE ${RINGDL_MPI_C_ONLY})
target_compile_options(ringdl_dist PRIVATE -Wall -Wextra -Wno-unused-parameter)
if(RINGDL_NATIVE)
  target_compile_options(ringdl_dist PRIVATE -march=native)
endif()
set_target_properties(ringdl_dist PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
