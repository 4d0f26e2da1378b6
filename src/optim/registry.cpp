// createOptimMethod: the optimizer registry (explicit, alphabetical).
#include "ringdl/optim/optim_method.h"

#include "ringdl/optim/adam.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
OptimMethodPtr<T> createOptimMethod(const std::string& typeName, const Attributes& config) {
  if (typeName == "Adam") return std::make_shared<Adam<T>>(config);
  if (typeName == "SGD") return std::make_shared<SGD<T>>(config);
  RINGDL_FAIL("unknown optimizer '", typeName, "' (known: Adam, SGD)");
}

template OptimMethodPtr<float> createOptimMethod<float>(const std::string&, const Attributes&);
template OptimMethodPtr<double> createOptimMethod<double>(const std::string&, const Attributes&);

}  // namespace ringdl
