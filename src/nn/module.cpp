// Module<T>: parameter and buffer collection (shared tensors once), flattening, sharing, cloning, printing.
#include "ringdl/nn/module.h"

#include <fnmatch.h>

#include <cstring>
#include <map>
#include <sstream>

#include "ringdl/nn/registry.h"
#include "ringdl/tensor/random.h"

namespace ringdl {

namespace {
// Groups parameter places (with repeats: a shared parameter appears once per module that registered it) by
// the tensor they hold. first[g] is group g's first place; groupOf[i] the group of place i. Two places hold
// the same parameter when their weights start at the same element; they must then agree on shape and share
// their gradients too, else the sharing is half made and training would be silently wrong.
template <typename T>
struct ParamGroups {
  std::vector<size_t> first;
  std::vector<size_t> groupOf;

  explicit ParamGroups(const std::vector<ParamRef<T>>& places) {
    std::map<const T*, size_t> groupAt;
    for (size_t i = 0; i < places.size(); ++i) {
      const ParamRef<T>& p = places[i];
      const T* key = p.weight->numel() > 0 ? p.weight->data() : nullptr;
      auto it = key ? groupAt.find(key) : groupAt.end();
      if (it == groupAt.end()) {
        if (key) groupAt.emplace(key, first.size());
        groupOf.push_back(first.size());
        first.push_back(i);
        continue;
      }
      const ParamRef<T>& q = places[first[it->second]];
      RINGDL_CHECK(p.weight->shape() == q.weight->shape(), "parameters '", q.name, "' ", ringdl::toString(q.weight->shape()), " and '", p.name, "' ",
                   ringdl::toString(p.weight->shape()), " overlap in memory without being the same tensor");
      RINGDL_CHECK(p.grad->numel() == 0 || p.grad->data() == q.grad->data(), "parameter '", p.name,
                   "' shares its weights with '", q.name,
                   "' but not its gradients; share parameters with Module::shareParameters or clone(true)");
      groupOf.push_back(it->second);
    }
  }
};
}  // namespace

template <typename T>
void Module<T>::collectParameters(const std::string& prefix, std::vector<ParamRef<T>>& out,
                                  std::vector<char>* frozen) {
  for (const ParamRef<T>& p : ownParameters_) {
    out.push_back({prefix + p.name, p.weight, p.grad});
    if (frozen) frozen->push_back(frozen_);
  }
  for (Module* c : children()) c->collectParameters(prefix + c->name() + ".", out, frozen);
}

template <typename T>
void Module<T>::collectModules(const std::string& path, std::vector<std::pair<std::string, Module*>>& out) {
  out.emplace_back(path, this);
  for (Module* c : children()) c->collectModules(path.empty() ? c->name() : path + "." + c->name(), out);
}

template <typename T>
std::vector<std::pair<std::string, Module<T>*>> Module<T>::namedModules() {
  std::vector<std::pair<std::string, Module*>> out;
  collectModules("", out);
  return out;
}

template <typename T>
Module<T>* Module<T>::findModule(const std::string& path) {
  for (const auto& [p, m] : namedModules())
    if (p == path) return m;
  return nullptr;
}

template <typename T>
void Module<T>::setFrozenTree(bool on) {
  frozen_ = on;
  for (Module* c : children()) c->setFrozenTree(on);
}

template <typename T>
void Module<T>::setFrozen(const std::vector<std::string>& patterns, bool on, const char* call) {
  if (patterns.empty()) {
    setFrozenTree(on);
    return;
  }
  const auto modules = namedModules();
  // Every pattern is checked before anything changes, so a typo leaves the model as it was.
  std::vector<Module*> matched;
  for (const std::string& pattern : patterns) {
    RINGDL_CHECK(!pattern.empty(), call, " on ", where(), ": a layer name is empty");
    bool any = false;
    for (size_t i = 1; i < modules.size(); ++i) {
      if (fnmatch(pattern.c_str(), modules[i].first.c_str(), 0) != 0) continue;
      matched.push_back(modules[i].second);
      any = true;
    }
    if (any) continue;
    std::string names;
    for (size_t i = 1; i < modules.size(); ++i) names += (i > 1 ? ", " : "") + modules[i].first;
    RINGDL_FAIL(call, " on ", where(), ": '", pattern, "' matches no layer; the layers are ",
                names.empty() ? "(none)" : names,
                " (paths as ringdl model summary prints them, a nested layer's name after its container's "
                "and a '.'; a pattern may use * and ?)");
  }
  for (Module* m : matched) m->setFrozenTree(on);
}

template <typename T>
Module<T>& Module<T>::freeze(const std::vector<std::string>& patterns) {
  setFrozen(patterns, true, "freeze");
  return *this;
}

template <typename T>
Module<T>& Module<T>::unFreeze(const std::vector<std::string>& patterns) {
  setFrozen(patterns, false, "unFreeze");
  return *this;
}

template <typename T>
void Module<T>::collectBuffers(const std::string& prefix, std::vector<BufferRef<T>>& out) {
  for (const BufferRef<T>& b : ownBuffers_) out.push_back({prefix + b.name, b.tensor});
  for (Module* c : children()) c->collectBuffers(prefix + c->name() + ".", out);
}

template <typename T>
std::vector<ParamRef<T>> Module<T>::parameters() {
  std::vector<ParamRef<T>> places;
  collectParameters("", places);
  const ParamGroups<T> groups(places);
  if (groups.first.size() == places.size()) return places;
  std::vector<ParamRef<T>> out;
  for (size_t i : groups.first) out.push_back(places[i]);
  return out;
}

template <typename T>
std::vector<ParamRef<T>> Module<T>::trainableParameters() {
  std::vector<ParamRef<T>> places;
  std::vector<char> frozen;
  collectParameters("", places, &frozen);
  const ParamGroups<T> groups(places);
  std::vector<ParamRef<T>> out;
  for (size_t i : groups.first)
    if (!frozen[i]) out.push_back(places[i]);
  return out;
}

template <typename T>
std::vector<BufferRef<T>> Module<T>::buffers() {
  std::vector<BufferRef<T>> places, out;
  collectBuffers("", places);
  std::map<const T*, size_t> seen;
  for (const BufferRef<T>& b : places)
    if (b.tensor->numel() == 0 || seen.emplace(b.tensor->data(), out.size()).second) out.push_back(b);
  return out;
}

template <typename T>
void Module<T>::shareParameters(Module& other) {
  std::vector<ParamRef<T>> mine, theirs;
  collectParameters("", mine);
  other.collectParameters("", theirs);
  RINGDL_CHECK(mine.size() == theirs.size(), where(), " has ", mine.size(), " parameters but ", other.where(),
               " has ", theirs.size(), "; only modules of the same structure can share parameters");
  for (size_t i = 0; i < mine.size(); ++i) {
    RINGDL_CHECK(mine[i].name == theirs[i].name && mine[i].weight->shape() == theirs[i].weight->shape(), where(),
                 " cannot share parameter '", mine[i].name, "' ", ringdl::toString(mine[i].weight->shape()), " with '",
                 theirs[i].name, "' ", ringdl::toString(theirs[i].weight->shape()), " of ", other.where());
  }
  for (size_t i = 0; i < mine.size(); ++i) {
    mine[i].weight->set(*theirs[i].weight);
    mine[i].grad->set(*theirs[i].grad);
  }
}

template <typename T>
ModulePtr<T> Module<T>::cloneStructure() {
  RINGDL_CHECK(children().empty(), "cannot clone ", where(),
               ": it has children but does not say how to rebuild them (override cloneStructure)");
  ModulePtr<T> m = createModule<T>(typeName_, config());
  if (hasName()) m->setName(name_);
  return m;
}

template <typename T>
ModulePtr<T> Module<T>::clone(bool shareWeights) {
  GlobalRandomGuard keepRandom;  // rebuilding runs initialisers
  ModulePtr<T> copy = cloneStructure();
  copy->setTrainingMode(training_);
  copy->setGradInputNeeded(gradInputNeeded_);
  std::vector<ParamRef<T>> mine, theirs;
  collectParameters("", mine);
  copy->collectParameters("", theirs);
  RINGDL_CHECK(mine.size() == theirs.size(), "clone of ", where(), " has ", theirs.size(),
               " parameter places instead of ", mine.size(), "; its cloneStructure does not rebuild it faithfully");
  const ParamGroups<T> groups(mine);
  for (size_t i = 0; i < mine.size(); ++i) {
    const size_t first = groups.first[groups.groupOf[i]];
    RINGDL_CHECK(mine[i].weight->shape() == theirs[i].weight->shape(), "clone of ", where(), ": parameter '",
                 mine[i].name, "' has shape ", ringdl::toString(theirs[i].weight->shape()), " instead of ",
                 ringdl::toString(mine[i].weight->shape()));
    if (first != i) {  // shared inside this module: shared inside the clone
      theirs[i].weight->set(*theirs[first].weight);
      theirs[i].grad->set(*theirs[first].grad);
    } else if (shareWeights) {
      theirs[i].weight->set(*mine[i].weight);
      theirs[i].grad->set(*mine[i].grad);
    } else {
      theirs[i].weight->copyFrom(*mine[i].weight);
      theirs[i].grad->copyFrom(*mine[i].grad);
    }
  }
  const auto myModules = namedModules(), theirModules = copy->namedModules();
  if (myModules.size() == theirModules.size())
    for (size_t i = 0; i < myModules.size(); ++i)
      theirModules[i].second->frozen_ = myModules[i].second->frozen_;
  std::vector<BufferRef<T>> myBuffers, theirBuffers;
  collectBuffers("", myBuffers);
  copy->collectBuffers("", theirBuffers);
  RINGDL_CHECK(myBuffers.size() == theirBuffers.size(), "clone of ", where(), " has ", theirBuffers.size(),
               " buffers instead of ", myBuffers.size());
  for (size_t i = 0; i < myBuffers.size(); ++i) {
    theirBuffers[i].tensor->resize(myBuffers[i].tensor->shape());
    theirBuffers[i].tensor->copyFrom(*myBuffers[i].tensor);
  }
  return copy;
}

namespace {
// True if the tensors lie back to back, in order, in flat (which they share), covering all of it.
template <typename T>
bool packedIn(const std::vector<Tensor<T>*>& ts, const Tensor<T>& flat) {
  int64_t off = 0;
  for (const Tensor<T>* t : ts) {
    if (!t->sharesStorageWith(flat) || !t->isContiguous() || t->data() != flat.data() + off) return false;
    off += t->numel();
  }
  return off == flat.numel();
}
}  // namespace

template <typename T>
std::pair<Tensor<T>, Tensor<T>> Module<T>::getParameters() {
  std::vector<ParamRef<T>> places;
  std::vector<char> frozenPlace;
  collectParameters("", places, &frozenPlace);
  const ParamGroups<T> groups(places);
  std::vector<char> frozenGroup(groups.first.size());
  for (size_t g = 0; g < groups.first.size(); ++g) frozenGroup[g] = frozenPlace[groups.first[g]];
  for (size_t i = 0; i < places.size(); ++i) {
    const size_t first = groups.first[groups.groupOf[i]];
    RINGDL_CHECK(frozenPlace[i] == frozenPlace[first], "parameter '", places[first].name, "' is shared by ",
                 frozenPlace[first] ? "a frozen" : "a trainable", " layer and by '", places[i].name, "' of ",
                 frozenPlace[i] ? "a frozen" : "a trainable",
                 " one; freeze both or neither (a shared parameter is trained as one tensor)");
  }
  std::vector<size_t> trainable;  // parameter groups in the flat buffers
  for (size_t g = 0; g < groups.first.size(); ++g)
    if (!frozenGroup[g]) trainable.push_back(g);
  std::vector<Tensor<T>*> weights, grads;
  int64_t total = 0;
  for (size_t g : trainable) {
    const ParamRef<T>& p = places[groups.first[g]];
    RINGDL_CHECK(p.weight->numel() == p.grad->numel(), "parameter '", p.name, "' has ", p.weight->numel(),
                 " weights but ", p.grad->numel(), " gradients");
    weights.push_back(p.weight);
    grads.push_back(p.grad);
    total += p.weight->numel();
  }
  if (flatWeights_.numel() == total && total > 0 && packedIn(weights, flatWeights_) && packedIn(grads, flatGrads_))
    return {flatWeights_, flatGrads_};
  Tensor<T> flatW({total}), flatG({total});
  std::vector<Tensor<T>> weightViews(groups.first.size()), gradViews(groups.first.size());
  std::vector<char> moved(groups.first.size(), 0);  // groups whose users are re-pointed
  int64_t off = 0;
  for (size_t g : trainable) {
    const ParamRef<T>& p = places[groups.first[g]];
    const int64_t n = p.weight->numel();
    const Shape shape = p.weight->shape();
    Tensor<T> w = flatW.narrow(0, off, n);
    Tensor<T> gr = flatG.narrow(0, off, n);
    w.copyFrom(*p.weight);
    gr.copyFrom(*p.grad);
    weightViews[g] = w.view(shape);
    gradViews[g] = gr.view(shape);
    moved[g] = 1;
    off += n;
  }
  // A frozen parameter still inside an earlier flat buffer gets tensors of its own, so that the old buffer
  // is not kept alive for it.
  for (size_t g = 0; g < groups.first.size(); ++g) {
    if (!frozenGroup[g]) continue;
    const ParamRef<T>& p = places[groups.first[g]];
    const bool inOld = flatWeights_.numel() > 0 &&
                       (p.weight->sharesStorageWith(flatWeights_) || p.grad->sharesStorageWith(flatGrads_));
    if (!inOld) continue;
    weightViews[g] = p.weight->clone();
    gradViews[g] = p.grad->clone();
    moved[g] = 1;
  }
  // Every user of a shared parameter points at its one place.
  for (size_t i = 0; i < places.size(); ++i) {
    const size_t g = groups.groupOf[i];
    if (!moved[g]) continue;  // frozen, and already in tensors of its own
    places[i].weight->set(weightViews[g]);
    places[i].grad->set(gradViews[g]);
  }
  flatWeights_ = flatW;
  flatGrads_ = flatG;
  return {flatW, flatG};
}

template <typename T>
void Module<T>::zeroGradParameters() {
  for (auto& p : parameters()) p.grad->zero();
}

template <typename T>
std::string Module<T>::toString(int indent) const {
  std::ostringstream os;
  os << std::string(indent * 2, ' ') << typeName_;
  if (!name_.empty()) os << " '" << name_ << "'";
  const Attributes cfg = config();
  if (!cfg.values().empty()) {
    os << "(";
    bool first = true;
    for (const auto& [k, v] : cfg.values()) {
      os << (first ? "" : ", ") << k << "=";
      first = false;
      std::visit(
          [&os](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, std::vector<int64_t>> || std::is_same_v<X, std::vector<double>> ||
                          std::is_same_v<X, std::vector<std::string>>) {
              os << "[";
              for (size_t i = 0; i < x.size(); ++i) os << (i ? "," : "") << x[i];
              os << "]";
            } else {
              os << x;
            }
          },
          v);
    }
    os << ")";
  }
  auto* self = const_cast<Module*>(this);
  for (Module* c : self->children()) os << "\n" << c->toString(indent + 1);
  return os.str();
}

template class Module<float>;
template class Module<double>;

}  // namespace ringdl
