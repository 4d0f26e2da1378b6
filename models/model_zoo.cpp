// The model zoo: every models/<name>/<name>.yaml, embedded at build time (cmake/embed_zoo.cmake), built
// through the model definition reader like any user's file.
#include "ringdl/models/model_zoo.h"

#include "ringdl/nn/model_definition.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {
const detail::ZooDefinition* findDefinition(const std::string& name) {
  for (const detail::ZooDefinition& d : detail::zooDefinitions())
    if (name == d.name) return &d;
  return nullptr;
}
}  // namespace

template <typename T>
ModulePtr<T> buildModel(const std::string& name, int64_t classes) {
  RINGDL_CHECK(classes >= 2, "a classifier needs at least 2 classes, got ", classes);
  return buildModel<T>(name, ModelParams{{"classes", std::to_string(classes)}});
}

template <typename T>
ModulePtr<T> buildModel(const std::string& name, const ModelParams& params) {
  const detail::ZooDefinition* d = findDefinition(name);
  if (d == nullptr) {
    std::string known;
    for (const std::string& n : modelNames()) known += (known.empty() ? "" : ", ") + n;
    RINGDL_FAIL("unknown model '", name, "' (zoo models: ", known,
                "; or give a model definition file, e.g. model: nets/my_net.yaml)");
  }
  return parseModelDefinition<T>(d->text, d->path, "models/" + std::string(d->name), params);
}

std::vector<std::string> modelNames() {
  std::vector<std::string> names;
  for (const detail::ZooDefinition& d : detail::zooDefinitions()) names.push_back(d.name);
  return names;
}

std::string zooDefinitionText(const std::string& name) {
  const detail::ZooDefinition* d = findDefinition(name);
  RINGDL_CHECK(d != nullptr, "unknown model '", name, "'");
  return d->text;
}

template <typename T>
ModulePtr<T> lenet5(int64_t classes) {
  return buildModel<T>("lenet5", classes);
}
template <typename T>
ModulePtr<T> mlp(int64_t classes) {
  return buildModel<T>("mlp", classes);
}
template <typename T>
ModulePtr<T> vggCifar10(int64_t classes) {
  return buildModel<T>("vgg_cifar10", classes);
}

template ModulePtr<float> buildModel<float>(const std::string&, int64_t);
template ModulePtr<double> buildModel<double>(const std::string&, int64_t);
template ModulePtr<float> buildModel<float>(const std::string&, const ModelParams&);
template ModulePtr<double> buildModel<double>(const std::string&, const ModelParams&);
template ModulePtr<float> lenet5<float>(int64_t);
template ModulePtr<double> lenet5<double>(int64_t);
template ModulePtr<float> mlp<float>(int64_t);
template ModulePtr<double> mlp<double>(int64_t);
template ModulePtr<float> vggCifar10<float>(int64_t);
template ModulePtr<double> vggCifar10<double>(int64_t);

}  // namespace ringdl
