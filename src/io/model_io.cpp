// saveModel / loadModel: a CheckpointProto holding only the model, in the verified envelope.
#include "ringdl/io/model_io.h"

#include "proto_convert.h"

namespace ringdl {

namespace {
const char kKind[] = "model file";
}  // namespace

template <typename T>
void saveModel(const std::string& path, Module<T>& model) {
  proto::CheckpointProto message;
  io_detail::moduleToProto(model, message.mutable_model());
  io_detail::writeCheckpointProto(path, message, kKind);
}

template <typename T>
ModulePtr<T> loadModel(const std::string& path) {
  // A checkpoint holds a model too, so loadModel also serves "take the weights out of a checkpoint".
  const proto::CheckpointProto message = io_detail::readCheckpointProto(path, kKind);
  GlobalRandomGuard keepRandom;
  return io_detail::moduleFromProto<T>(message.model(), std::string(kKind) + " " + path);
}

template void saveModel<float>(const std::string&, Module<float>&);
template void saveModel<double>(const std::string&, Module<double>&);
template ModulePtr<float> loadModel<float>(const std::string&);
template ModulePtr<double> loadModel<double>(const std::string&);

}  // namespace ringdl
