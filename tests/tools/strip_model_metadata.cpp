// Rewrites a model file without its metadata (run config and class names), as files were before they carried
// any, for the CLI tests of what evaluate and predict say about such a file.
// Usage: strip_model_metadata IN.ringdl OUT.ringdl
#include <iostream>

#include "ringdl/io/model_io.h"
#include "ringdl/util/error.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: strip_model_metadata IN.ringdl OUT.ringdl\n";
    return 2;
  }
  try {
    // Empty metadata writes no field of it: the payload is the one files without metadata always had.
    ringdl::saveModel<float>(argv[2], *ringdl::loadModel<float>(argv[1]));
  } catch (const ringdl::Error& e) {
    std::cerr << e.message() << "\n";
    return 1;
  }
  return 0;
}
