// Internal: conversions between RingDL objects (tensors, attributes, module trees, optimizers, training
// state) and the generated protobuf messages, plus whole-file read/write of a CheckpointProto through the
// envelope.
#pragma once

#include <string>

#include "ringdl/nn/attributes.h"
#include "ringdl/nn/module.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/optim/training_state.h"
#include "ringdl/proto/ringdl.pb.h"
#include "ringdl/tensor/random.h"

namespace ringdl::io_detail {

using AttrMapProto = google::protobuf::Map<std::string, proto::AttrValue>;

template <typename T>
void tensorToProto(const Tensor<T>& tensor, proto::TensorProto* out);
/// Converts to T if the file holds the other scalar type. what names the tensor in errors ("checkpoint
/// /x/c.ringdl, parameter '1.weight'").
template <typename T>
Tensor<T> tensorFromProto(const proto::TensorProto& p, const std::string& what);

void attributesToProto(const Attributes& attributes, AttrMapProto* out);
Attributes attributesFromProto(const AttrMapProto& map, const std::string& what);

/// Saves a module tree; a module with children must be a Container (else it could not be rebuilt).
template <typename T>
void moduleToProto(Module<T>& module, proto::ModuleProto* out);
/// Rebuilds a module tree through createModule<T> and restores its parameters by name and shape.
/// source is "<kind> <path>", for error messages.
template <typename T>
ModulePtr<T> moduleFromProto(const proto::ModuleProto& p, const std::string& source);

template <typename T>
void optimToProto(const OptimMethod<T>& optim, proto::OptimProto* out);
template <typename T>
OptimMethodPtr<T> optimFromProto(const proto::OptimProto& p, const std::string& source);

void stateToProto(const TrainingState& state, proto::TrainingStateProto* out);
TrainingState stateFromProto(const proto::TrainingStateProto& p);

/// Fills the version fields, serializes deterministically and writes atomically through the envelope.
void writeCheckpointProto(const std::string& path, proto::CheckpointProto& message, const std::string& kind);
/// Reads, verifies and parses a file; any failure is an Error naming the file.
proto::CheckpointProto readCheckpointProto(const std::string& path, const std::string& kind);


}  // namespace ringdl::io_detail
