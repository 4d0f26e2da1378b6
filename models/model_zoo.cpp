// The model zoo's name table (explicit and alphabetical).
#include "ringdl/models/model_zoo.h"

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
ModulePtr<T> buildModel(const std::string& name, int64_t classes) {
  RINGDL_CHECK(classes >= 2, "a classifier needs at least 2 classes, got ", classes);
  if (name == "lenet5") return lenet5<T>(classes);
  if (name == "mlp") return mlp<T>(classes);
  if (name == "vgg_cifar10") return vggCifar10<T>(classes);
  RINGDL_FAIL("unknown model '", name, "' (known models: lenet5, mlp, vgg_cifar10)");
}

std::vector<std::string> modelNames() { return {"lenet5", "mlp", "vgg_cifar10"}; }

template ModulePtr<float> buildModel<float>(const std::string&, int64_t);
template ModulePtr<double> buildModel<double>(const std::string&, int64_t);

}  // namespace ringdl
