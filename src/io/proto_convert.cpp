// Object <-> protobuf conversions for model and checkpoint files. Tensors are copied bit for bit (memcpy when
// the scalar type matches), so a resumed run sees exactly the saved values.
#include "proto_convert.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <set>

#include "envelope.h"
#include "ringdl/io/file_format.h"
#include "ringdl/nn/container.h"
#include "ringdl/nn/registry.h"
#include "ringdl/optim/registry.h"

namespace ringdl::io_detail {

namespace {

template <typename T>
constexpr proto::DataType dataTypeOf() {
  return std::is_same_v<T, float> ? proto::DT_FLOAT : proto::DT_DOUBLE;
}

// Copies n stored values into dst, converting when the file was written with the other scalar type.
template <typename T, typename S>
void copyValues(const S* src, T* dst, int64_t n) {
  if constexpr (std::is_same_v<T, S>) {
    if (n > 0) std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(T));
  } else {
    for (int64_t i = 0; i < n; ++i) dst[i] = static_cast<T>(src[i]);
  }
}

template <typename T, typename Field>
void storeValues(const Tensor<T>& tensor, Field* field) {
  const Tensor<T> c = tensor.contiguous();
  const int64_t n = c.numel();
  field->Resize(static_cast<int>(n), T(0));
  if (n > 0) std::memcpy(field->mutable_data(), c.data(), static_cast<size_t>(n) * sizeof(T));
}

std::string configText(const Attributes& a) {
  std::string s;
  for (const auto& [k, v] : a.values()) {
    s += (s.empty() ? "" : ", ") + k + "=";
    std::visit(
        [&s](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::string>) {
            s += "\"" + x + "\"";
          } else if constexpr (std::is_same_v<X, bool>) {
            s += x ? "true" : "false";
          } else if constexpr (std::is_same_v<X, int64_t> || std::is_same_v<X, double>) {
            s += detail::concat(x);
          } else {
            s += "[";
            for (size_t i = 0; i < x.size(); ++i) s += (i ? "," : "") + detail::concat(x[i]);
            s += "]";
          }
        },
        v);
  }
  return s;
}

// Parameters a module shares with one earlier in the tree, found while rebuilding it and joined once the
// whole tree exists: (the sharing parameter, the dotted name of its first place, the source of the name).
template <typename T>
struct PendingShare {
  ParamRef<T> param;
  std::string target;
};

// Fills the own tensors named in `saved` (parameters or buffers) from the file; every tensor must be there
// with exactly its shape, and nothing may be left over: a mismatch means the file and the layer disagree,
// and silently reshaping would load garbage.
template <typename T>
void loadNamedTensors(const google::protobuf::RepeatedPtrField<proto::NamedTensorProto>& stored,
                      const std::vector<std::pair<std::string, Tensor<T>*>>& own,
                      const std::set<std::string>& sharedNames, const char* kind, const std::string& source,
                      const std::string& prefix, const std::string& label, const std::string& type,
                      const Attributes& config) {
  std::map<std::string, const proto::TensorProto*> saved;
  for (const proto::NamedTensorProto& np : stored) {
    RINGDL_CHECK(saved.emplace(np.name(), &np.value()).second, source, ": ", kind, " '", prefix, np.name(),
                 "' is saved twice");
  }
  for (const auto& [name, tensor] : own) {
    if (sharedNames.count(name)) continue;
    const std::string full = prefix + name;
    auto it = saved.find(name);
    RINGDL_CHECK(it != saved.end(), source, ": ", kind, " '", full, "' of ", label, " (", type,
                 ") is missing from the file");
    const proto::TensorProto& tp = *it->second;
    const Shape savedShape(tp.shape().begin(), tp.shape().end());
    RINGDL_CHECK(savedShape == tensor->shape(), source, ": ", kind, " '", full, "' has shape ",
                 toString(savedShape), " in the file, but ", label, " (", type, "(", configText(config),
                 ")) expects ", toString(tensor->shape()));
    tensor->copyFrom(tensorFromProto<T>(tp, source + ", " + kind + " '" + full + "'"));
    saved.erase(it);
  }
  RINGDL_CHECK(saved.empty(), source, ": ", kind, " '", prefix, saved.empty() ? "" : saved.begin()->first,
               "' is in the file, but ", label, " (", type, ") has no ", kind, " of that name");
}

template <typename T>
ModulePtr<T> rebuildModule(const proto::ModuleProto& p, const std::string& source, const std::string& path,
                           std::vector<PendingShare<T>>& pending) {
  const std::string label = path.empty() ? std::string("the root module") : "module '" + path + "'";
  RINGDL_CHECK(!p.type().empty(), source, ": ", label, " has no type");
  const Attributes config = attributesFromProto(p.config(), source + ", " + label);
  ModulePtr<T> module;
  try {
    module = createModule<T>(p.type(), config);
  } catch (const Error& e) {
    RINGDL_FAIL(source, ": cannot rebuild ", label, " of type ", p.type(), ": ", e.message());
  }
  if (!p.name().empty()) module->setName(p.name());

  if (p.children_size() > 0) {
    auto* container = dynamic_cast<Container<T>*>(module.get());
    RINGDL_CHECK(container != nullptr, source, ": ", label, " (", p.type(), ") lists ", p.children_size(),
                 " children but ", p.type(), " is not a container");
    RINGDL_CHECK(container->size() == 0, source, ": ", label, " (", p.type(), ") already has ",
                 container->size(), " children after construction; saved children cannot be added in order");
    for (int i = 0; i < p.children_size(); ++i) {
      const proto::ModuleProto& child = p.children(i);
      // Container::add names an unnamed child by its position, exactly as when the model was built.
      const std::string childName = child.name().empty() ? std::to_string(i) : child.name();
      container->add(
          rebuildModule<T>(child, source, path.empty() ? childName : path + "." + childName, pending));
    }
  }

  const std::string prefix = path.empty() ? "" : path + ".";
  std::set<std::string> sharedNames;
  for (const auto& [name, target] : p.shared_parameters()) {
    const auto& own = module->ownParameters();
    auto it =
        std::find_if(own.begin(), own.end(), [&name = name](const ParamRef<T>& r) { return r.name == name; });
    RINGDL_CHECK(it != own.end(), source, ": shared parameter '", prefix, name, "' is in the file, but ",
                 label, " (", p.type(), ") has no parameter of that name");
    sharedNames.insert(name);
    pending.push_back({{prefix + name, it->weight, it->grad}, target});
  }
  std::vector<std::pair<std::string, Tensor<T>*>> params, buffers;
  for (const ParamRef<T>& r : module->ownParameters()) params.emplace_back(r.name, r.weight);
  for (const BufferRef<T>& b : module->ownBuffers()) buffers.emplace_back(b.name, b.tensor);
  loadNamedTensors(p.parameters(), params, sharedNames, "parameter", source, prefix, label, p.type(), config);
  loadNamedTensors(p.buffers(), buffers, {}, "buffer", source, prefix, label, p.type(), config);
  return module;
}

}  // namespace

template <typename T>
void tensorToProto(const Tensor<T>& tensor, proto::TensorProto* out) {
  RINGDL_CHECK(tensor.numel() <= INT_MAX, "a tensor of shape ", toString(tensor.shape()),
               " has more elements than one protobuf field can hold (2^31 - 1)");
  out->set_dtype(dataTypeOf<T>());
  for (int64_t s : tensor.shape()) out->add_shape(s);
  if constexpr (std::is_same_v<T, float>) {
    storeValues(tensor, out->mutable_float_data());
  } else {
    storeValues(tensor, out->mutable_double_data());
  }
}

template <typename T>
Tensor<T> tensorFromProto(const proto::TensorProto& p, const std::string& what) {
  Shape shape(p.shape().begin(), p.shape().end());
  int64_t numel = 1;
  for (int64_t s : shape) {
    RINGDL_CHECK(s >= 0 && (s == 0 || numel <= INT64_MAX / s), what, " has an invalid shape ",
                 toString(shape));
    numel *= s;
  }
  int64_t stored = 0;
  if (p.dtype() == proto::DT_FLOAT) {
    stored = p.float_data_size();
  } else if (p.dtype() == proto::DT_DOUBLE) {
    stored = p.double_data_size();
  } else {
    RINGDL_FAIL(what, " has an unknown scalar type (", static_cast<int>(p.dtype()),
                "); this build reads float and double");
  }
  RINGDL_CHECK(stored == numel, what, " has shape ", toString(shape), " (", numel, " values) but stores ",
               stored, " values");
  Tensor<T> t(shape);
  if (p.dtype() == proto::DT_FLOAT) {
    copyValues(p.float_data().data(), t.data(), numel);
  } else {
    copyValues(p.double_data().data(), t.data(), numel);
  }
  return t;
}

void attributesToProto(const Attributes& attributes, AttrMapProto* out) {
  for (const auto& [key, value] : attributes.values()) {
    proto::AttrValue& v = (*out)[key];
    std::visit(
        [&v](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, int64_t>) {
            v.set_int_value(x);
          } else if constexpr (std::is_same_v<X, double>) {
            v.set_double_value(x);
          } else if constexpr (std::is_same_v<X, bool>) {
            v.set_bool_value(x);
          } else if constexpr (std::is_same_v<X, std::string>) {
            v.set_string_value(x);
          } else if constexpr (std::is_same_v<X, std::vector<int64_t>>) {
            auto* list = v.mutable_int_list();  // set even when empty, so the list's type survives
            for (int64_t e : x) list->add_values(e);
          } else if constexpr (std::is_same_v<X, std::vector<double>>) {
            auto* list = v.mutable_double_list();
            for (double e : x) list->add_values(e);
          } else {
            auto* list = v.mutable_string_list();
            for (const std::string& e : x) list->add_values(e);
          }
        },
        value);
  }
}

Attributes attributesFromProto(const AttrMapProto& map, const std::string& what) {
  // protobuf maps iterate in no fixed order; Attributes is ordered, so the result does not depend on it.
  Attributes a;
  for (const auto& [key, v] : map) {
    switch (v.value_case()) {
      case proto::AttrValue::kIntValue:
        a.set(key, AttrValue(int64_t{v.int_value()}));
        break;
      case proto::AttrValue::kDoubleValue:
        a.set(key, AttrValue(v.double_value()));
        break;
      case proto::AttrValue::kBoolValue:
        a.set(key, AttrValue(v.bool_value()));
        break;
      case proto::AttrValue::kStringValue:
        a.set(key, AttrValue(v.string_value()));
        break;
      case proto::AttrValue::kIntList:
        a.set(key,
              AttrValue(std::vector<int64_t>(v.int_list().values().begin(), v.int_list().values().end())));
        break;
      case proto::AttrValue::kDoubleList:
        a.set(key, AttrValue(std::vector<double>(v.double_list().values().begin(),
                                                 v.double_list().values().end())));
        break;
      case proto::AttrValue::kStringList:
        a.set(key, AttrValue(std::vector<std::string>(v.string_list().values().begin(),
                                                      v.string_list().values().end())));
        break;
      default:
        RINGDL_FAIL(what, ": config key '", key,
                    "' has no value of a known type (was the file written by a newer RingDL?)");
    }
  }
  return a;
}

namespace {
// firstPlace: each parameter tensor already written (by its first element) -> its dotted name.
template <typename T>
void moduleToProto(Module<T>& module, proto::ModuleProto* out, const std::string& prefix,
                   std::map<const T*, std::string>& firstPlace) {
  out->set_type(module.typeName());
  if (module.hasName()) out->set_name(module.name());
  attributesToProto(module.config(), out->mutable_config());
  for (const ParamRef<T>& param : module.ownParameters()) {
    if (param.weight->numel() > 0) {
      auto [it, first] = firstPlace.emplace(param.weight->data(), prefix + param.name);
      if (!first) {
        (*out->mutable_shared_parameters())[param.name] = it->second;
        continue;
      }
    }
    proto::NamedTensorProto* np = out->add_parameters();
    np->set_name(param.name);
    tensorToProto(*param.weight, np->mutable_value());
  }
  for (const BufferRef<T>& buffer : module.ownBuffers()) {
    proto::NamedTensorProto* np = out->add_buffers();
    np->set_name(buffer.name);
    tensorToProto(*buffer.tensor, np->mutable_value());
  }
  const std::vector<Module<T>*> children = module.children();
  RINGDL_CHECK(children.empty() || dynamic_cast<Container<T>*>(&module) != nullptr, "cannot save ",
               module.typeName(), " '", module.name(),
               "': it has children but is not a Container, so it could", " not be rebuilt by adding them");
  for (Module<T>* child : children)
    moduleToProto(*child, out->add_children(), prefix + child->name() + ".", firstPlace);
}
}  // namespace

template <typename T>
void moduleToProto(Module<T>& module, proto::ModuleProto* out) {
  std::map<const T*, std::string> firstPlace;
  moduleToProto(module, out, "", firstPlace);
}

template <typename T>
ModulePtr<T> moduleFromProto(const proto::ModuleProto& p, const std::string& source) {
  std::vector<PendingShare<T>> pending;
  ModulePtr<T> model = rebuildModule<T>(p, source, "", pending);
  if (pending.empty()) return model;
  std::map<std::string, ParamRef<T>> places;
  for (const ParamRef<T>& r : model->parameters()) places.emplace(r.name, r);
  for (const PendingShare<T>& s : pending) {
    auto it = places.find(s.target);
    RINGDL_CHECK(it != places.end() && it->first != s.param.name, source, ": parameter '", s.param.name,
                 "' is saved as shared with '", s.target, "', which the model has no parameter of");
    RINGDL_CHECK(it->second.weight->shape() == s.param.weight->shape(), source, ": parameter '", s.param.name,
                 "' ", toString(s.param.weight->shape()), " is saved as shared with '", s.target, "' ",
                 toString(it->second.weight->shape()), ", which has another shape");
    s.param.weight->set(*it->second.weight);
    s.param.grad->set(*it->second.grad);
  }
  return model;
}

template <typename T>
void optimToProto(const OptimMethod<T>& optim, proto::OptimProto* out) {
  out->set_type(optim.typeName());
  attributesToProto(optim.config(), out->mutable_config());
  out->set_step(optim.state().step);
  for (const auto& [name, tensor] : optim.state().tensors)
    tensorToProto(tensor, &(*out->mutable_state())[name]);
  for (const auto& [name, value] : optim.state().scalars) (*out->mutable_scalars())[name] = value;
  out->set_schedule_type(optim.learningRateSchedule()->typeName());
  attributesToProto(optim.learningRateSchedule()->config(), out->mutable_schedule_config());
  for (const auto& [name, value] : optim.state().schedule) (*out->mutable_schedule_state())[name] = value;
}

template <typename T>
OptimMethodPtr<T> optimFromProto(const proto::OptimProto& p, const std::string& source) {
  const Attributes config = attributesFromProto(p.config(), source + ", optimizer " + p.type());
  OptimMethodPtr<T> optim;
  try {
    optim = createOptimMethod<T>(p.type(), config);
  } catch (const Error& e) {
    RINGDL_FAIL(source, ": cannot rebuild optimizer ", p.type(), ": ", e.message());
  }
  OptimState<T> state;
  state.step = p.step();
  for (const auto& [name, tp] : p.state())
    state.tensors[name] = tensorFromProto<T>(tp, source + ", optimizer state '" + name + "'");
  for (const auto& [name, value] : p.scalars()) state.scalars[name] = value;
  for (const auto& [name, value] : p.schedule_state()) state.schedule[name] = value;
  if (!p.schedule_type().empty()) {
    const Attributes scheduleConfig =
        attributesFromProto(p.schedule_config(), source + ", learning-rate schedule " + p.schedule_type());
    try {
      optim->setLearningRateSchedule(createLearningRateSchedule(p.schedule_type(), scheduleConfig));
    } catch (const Error& e) {
      RINGDL_FAIL(source, ": cannot rebuild learning-rate schedule ", p.schedule_type(), ": ", e.message());
    }
  }
  optim->setState(std::move(state));
  return optim;
}

void stateToProto(const TrainingState& s, proto::TrainingStateProto* out) {
  out->set_epoch(s.epoch);
  out->set_iteration(s.iteration);
  out->set_records_in_epoch(s.recordsInEpoch);
  out->set_epoch_ended(s.epochEnded);
  out->set_loss(s.loss);
  out->set_score(s.score);
  out->set_wall_clock_seconds(s.wallClockSeconds);
  out->set_rng_state(s.rngState);
  out->set_data_state(s.dataState);
  for (const auto& [name, value] : s.lastValidation) (*out->mutable_last_validation())[name] = value;
  for (int64_t d : s.recordShape) out->add_record_shape(d);
  out->set_best_score(s.bestScore);
  out->set_best_iteration(s.bestIteration);
  out->set_stale_validations(s.staleValidations);
}

TrainingState stateFromProto(const proto::TrainingStateProto& p) {
  TrainingState s;
  s.epoch = p.epoch();
  s.iteration = p.iteration();
  s.recordsInEpoch = p.records_in_epoch();
  s.epochEnded = p.epoch_ended();
  s.loss = p.loss();
  s.score = p.score();
  s.wallClockSeconds = p.wall_clock_seconds();
  s.rngState = p.rng_state();
  s.dataState = p.data_state();
  for (const auto& [name, value] : p.last_validation()) s.lastValidation[name] = value;
  s.recordShape.assign(p.record_shape().begin(), p.record_shape().end());
  if (p.best_iteration() > 0) s.bestScore = p.best_score();  // older checkpoints: no best yet
  s.bestIteration = p.best_iteration();
  s.staleValidations = p.stale_validations();
  return s;
}

void writeCheckpointProto(const std::string& path, proto::CheckpointProto& message, const std::string& kind) {
  message.set_format_version(kFileFormatVersion);
  message.set_ringdl_version(ringdlVersion());
  const size_t size = message.ByteSizeLong();
  RINGDL_CHECK(size <= static_cast<size_t>(INT_MAX), "cannot write ", kind, " ", path, ": it would be ", size,
               " bytes, more than protobuf's 2 GiB message limit");
  std::string payload;
  payload.reserve(size);
  {
    // Deterministic: map entries in key order, so saving the same state twice gives the same bytes.
    google::protobuf::io::StringOutputStream stream(&payload);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    RINGDL_CHECK(message.SerializeToCodedStream(&coded) && !coded.HadError(), "cannot write ", kind, " ",
                 path, ": protobuf serialization failed");
  }
  writeEnvelope(path, payload, kind);
}

proto::CheckpointProto readCheckpointProto(const std::string& path, const std::string& kind) {
  uint32_t headerVersion = 0;
  const std::string payload = readEnvelope(path, kind, &headerVersion);
  RINGDL_CHECK(payload.size() <= static_cast<size_t>(INT_MAX), kind, " ", path, " has a payload of ",
               payload.size(), " bytes, more than protobuf's 2 GiB message limit");
  proto::CheckpointProto message;
  google::protobuf::io::CodedInputStream coded(reinterpret_cast<const uint8_t*>(payload.data()),
                                               static_cast<int>(payload.size()));
  coded.SetRecursionLimit(10000);  // deep module trees nest one message per level
  RINGDL_CHECK(message.ParseFromCodedStream(&coded) && coded.ConsumedEntireMessage(), kind, " ", path,
               " passed its checksum but its payload is not a valid RingDL protobuf message");
  RINGDL_CHECK(message.format_version() == headerVersion, kind, " ", path, " says format version ",
               message.format_version(), " in its payload but ", headerVersion, " in its header");
  RINGDL_CHECK(message.has_model(), kind, " ", path, " holds no model");
  return message;
}

#define RINGDL_IO_INSTANTIATE(T)                                                           \
  template void tensorToProto<T>(const Tensor<T>&, proto::TensorProto*);                   \
  template Tensor<T> tensorFromProto<T>(const proto::TensorProto&, const std::string&);    \
  template void moduleToProto<T>(Module<T>&, proto::ModuleProto*);                         \
  template ModulePtr<T> moduleFromProto<T>(const proto::ModuleProto&, const std::string&); \
  template void optimToProto<T>(const OptimMethod<T>&, proto::OptimProto*);                \
  template OptimMethodPtr<T> optimFromProto<T>(const proto::OptimProto&, const std::string&);
RINGDL_IO_INSTANTIATE(float)
RINGDL_IO_INSTANTIATE(double)
#undef RINGDL_IO_INSTANTIATE

}  // namespace ringdl::io_detail
