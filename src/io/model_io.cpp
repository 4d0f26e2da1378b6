// saveModel / loadModel: a CheckpointProto holding the model (and the metadata of how its inputs were
// prepared), in the verified envelope.
#include "ringdl/io/model_io.h"

#include "proto_convert.h"

namespace ringdl {

namespace {
const char kKind[] = "model file";
}  // namespace

template <typename T>
void saveModel(const std::string& path, Module<T>& model, const ModelMetadata& metadata) {
  proto::CheckpointProto message;
  io_detail::moduleToProto(model, message.mutable_model());
  message.set_run_config(metadata.runConfig);
  for (const std::string& name : metadata.classNames) message.add_class_names(name);
  io_detail::writeCheckpointProto(path, message, kKind);
}

template <typename T>
ModelFile<T> loadModelFile(const std::string& path) {
  // A checkpoint holds a model too, so loadModel also serves "take the weights out of a checkpoint".
  const proto::CheckpointProto message = io_detail::readCheckpointProto(path, kKind);
  GlobalRandomGuard keepRandom;
  ModelFile<T> file;
  file.model = io_detail::moduleFromProto<T>(message.model(), std::string(kKind) + " " + path);
  file.metadata.runConfig = message.run_config();
  file.metadata.classNames.assign(message.class_names().begin(), message.class_names().end());
  return file;
}

template <typename T>
ModulePtr<T> loadModel(const std::string& path) {
  return loadModelFile<T>(path).model;
}

template void saveModel<float>(const std::string&, Module<float>&, const ModelMetadata&);
template void saveModel<double>(const std::string&, Module<double>&, const ModelMetadata&);
template ModelFile<float> loadModelFile<float>(const std::string&);
template ModelFile<double> loadModelFile<double>(const std::string&);
template ModulePtr<float> loadModel<float>(const std::string&);
template ModulePtr<double> loadModel<double>(const std::string&);

}  // namespace ringdl
