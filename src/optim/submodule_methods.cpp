// SubmoduleMethods<T>: each method updates its submodule's part of the flat buffers with its own state.
#include "ringdl/optim/submodule_methods.h"

#include <algorithm>
#include <set>

#include "ringdl/nn/criterions/detail/nested_config.h"
#include "ringdl/optim/registry.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {
const char* const kWhat = "SubmoduleMethods";

bool owns(const std::string& path, const std::string& parameter) {
  return parameter == path || (parameter.size() > path.size() && parameter.compare(0, path.size(), path) == 0 &&
                               parameter[path.size()] == '.');
}

// Moves the entries of `from` whose key starts with prefix into `to`, without the prefix.
template <typename V>
void takePrefixed(std::map<std::string, V>& from, const std::string& prefix, std::map<std::string, V>& to) {
  for (auto it = from.lower_bound(prefix); it != from.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
    to[it->first.substr(prefix.size())] = std::move(it->second);
    it = from.erase(it);
  }
}
template <typename V>
void putPrefixed(const std::map<std::string, V>& from, const std::string& prefix, std::map<std::string, V>& to) {
  for (const auto& [name, value] : from) to[prefix + name] = value;
}
}  // namespace

template <typename T>
SubmoduleMethods<T>::SubmoduleMethods(std::vector<SubmoduleMethod<T>> entries, OptimMethodPtr<T> rest)
    : OptimMethod<T>(kWhat), entries_(std::move(entries)) {
  if (rest) entries_.push_back({"", std::move(rest)});
  init();
}

template <typename T>
SubmoduleMethods<T>::SubmoduleMethods(const Attributes& config) : OptimMethod<T>(kWhat) {
  RINGDL_CHECK(config.has("paths") && config.has("methods"), kWhat,
               " needs 'paths' and 'methods' (lists of equal length)");
  const auto paths = config.get<std::vector<std::string>>("paths");
  const auto types = config.get<std::vector<std::string>>("methods");
  const auto schedules = config.getOr<std::vector<std::string>>("schedules", {});
  RINGDL_CHECK(paths.size() == types.size() && (schedules.empty() || schedules.size() == types.size()), kWhat,
               ": 'paths' (", paths.size(), "), 'methods' (", types.size(), ") and 'schedules' (",
               schedules.size(), ") must be lists of equal length");
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string at = "methods." + std::to_string(i);
    OptimMethodPtr<T> method = createOptimMethod<T>(types[i], detail::nestedOptions(config, at));
    if (!schedules.empty()) {
      const std::string sat = "schedules." + std::to_string(i);
      method->setLearningRateSchedule(createLearningRateSchedule(schedules[i], detail::nestedOptions(config, sat)));
    }
    entries_.push_back({paths[i], std::move(method)});
  }
  init();
}

template <typename T>
void SubmoduleMethods<T>::init() {
  RINGDL_CHECK(!entries_.empty(), kWhat, " needs at least one submodule and its method");
  std::set<std::string> seen;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const SubmoduleMethod<T>& e = entries_[i];
    RINGDL_CHECK(e.method != nullptr, kWhat, ": submodule '", e.path, "' has no method");
    RINGDL_CHECK(!e.path.empty() || i + 1 == entries_.size(), kWhat,
                 ": an empty submodule path names the rest, given as the last method only");
    RINGDL_CHECK(seen.insert(e.path).second, kWhat, ": submodule '", e.path, "' is given twice");
    RINGDL_CHECK(e.method->evaluatesOnce(), kWhat, ": ", e.method->typeName(), " (for '", e.path,
                 "') evaluates the loss several times per step, so it cannot share a step with other methods; "
                 "use it for the whole model");
    RINGDL_CHECK(dynamic_cast<const SubmoduleMethods<T>*>(e.method.get()) == nullptr, kWhat,
                 ": submodule '", e.path, "' is given SubmoduleMethods; list its submodules here instead");
  }
  for (size_t i = 0; i < entries_.size(); ++i)
    for (size_t j = 0; j < entries_.size(); ++j) {
      const std::string &a = entries_[i].path, &b = entries_[j].path;
      RINGDL_CHECK(i == j || a.empty() || b.empty() || !owns(a, b), kWhat, ": submodule '", b, "' lies inside '",
                   a, "'; give each parameter one method");
    }
}

template <typename T>
void SubmoduleMethods<T>::setParameterLayout(const std::vector<ParamSpan>& layout) {
  parts_.assign(entries_.size(), Part{});
  std::vector<std::string> unowned;
  for (const ParamSpan& span : layout) {
    size_t owner = entries_.size();
    for (size_t i = 0; i < entries_.size() && owner == entries_.size(); ++i)
      if (!entries_[i].path.empty() && owns(entries_[i].path, span.name)) owner = i;
    if (owner == entries_.size() && entries_.back().path.empty()) owner = entries_.size() - 1;
    if (owner == entries_.size()) {
      unowned.push_back(span.name);
      continue;
    }
    parts_[owner].spans.push_back(span);
  }
  if (!unowned.empty()) {
    std::string names;
    for (const std::string& n : unowned) names += (names.empty() ? "" : ", ") + n;
    RINGDL_FAIL(kWhat, ": no method for the parameters ", names,
                "; give their submodules methods, or a method for the rest");
  }
  for (size_t i = 0; i < entries_.size(); ++i) {
    Part& part = parts_[i];
    RINGDL_CHECK(!part.spans.empty(), kWhat, ": ",
                 entries_[i].path.empty() ? std::string("the rest") : "submodule '" + entries_[i].path + "'",
                 " has no trainable parameters (a layer path as ringdl model summary prints it, not frozen)");
    std::sort(part.spans.begin(), part.spans.end(),
              [](const ParamSpan& a, const ParamSpan& b) { return a.begin < b.begin; });
    std::vector<ParamSpan> local;
    for (const ParamSpan& s : part.spans) {
      if (!local.empty() && part.spans[local.size() - 1].end != s.begin) part.contiguous = false;
      local.push_back({s.name, part.size, part.size + s.size()});
      part.size += s.size();
    }
    if (!part.contiguous) {
      part.weights = Tensor<T>({part.size});
      part.grads = Tensor<T>({part.size});
    }
    entries_[i].method->setParameterLayout(local);
  }
}

template <typename T>
void SubmoduleMethods<T>::lend(size_t i) {
  OptimState<T> mine;
  const std::string prefix = std::to_string(i) + "/";
  mine.step = this->state_.step;
  takePrefixed(this->state_.tensors, prefix, mine.tensors);
  takePrefixed(this->state_.scalars, prefix, mine.scalars);
  takePrefixed(this->state_.schedule, prefix, mine.schedule);
  entries_[i].method->setState(std::move(mine));
}

template <typename T>
void SubmoduleMethods<T>::takeBack(size_t i) {
  const OptimState<T>& theirs = entries_[i].method->state();
  const std::string prefix = std::to_string(i) + "/";
  putPrefixed(theirs.tensors, prefix, this->state_.tensors);
  putPrefixed(theirs.scalars, prefix, this->state_.scalars);
  putPrefixed(theirs.schedule, prefix, this->state_.schedule);
}

template <typename T>
void SubmoduleMethods<T>::update(Tensor<T>& weights, const Tensor<T>& grads) {
  RINGDL_CHECK(parts_.size() == entries_.size(), kWhat,
               "::update needs the parameter layout first (setParameterLayout; the engines give it)");
  RINGDL_CHECK(weights.numel() == grads.numel() && weights.isContiguous() && grads.isContiguous(), kWhat,
               "::update needs contiguous weights and gradients of equal size");
  for (size_t i = 0; i < entries_.size(); ++i) {
    Part& part = parts_[i];
    lend(i);
    if (part.contiguous) {
      const int64_t begin = part.spans.front().begin;
      Tensor<T> w = weights.narrow(0, begin, part.size);
      entries_[i].method->update(w, grads.narrow(0, begin, part.size));
    } else {
      T* pw = part.weights.data();
      T* pg = part.grads.data();
      for (const ParamSpan& s : part.spans) {
        std::copy(weights.data() + s.begin, weights.data() + s.end, pw);
        std::copy(grads.data() + s.begin, grads.data() + s.end, pg);
        pw += s.size(), pg += s.size();
      }
      entries_[i].method->update(part.weights, part.grads);
      const T* from = part.weights.data();
      for (const ParamSpan& s : part.spans) {
        std::copy(from, from + s.size(), weights.data() + s.begin);
        from += s.size();
      }
    }
    takeBack(i);
  }
  ++this->state_.step;
}

template <typename T>
std::string SubmoduleMethods<T>::elementwiseProblem() const {
  return "SubmoduleMethods gives each submodule's parameters to a method of their own, and "
         "shard_optimizer_state's ranges would cut across them";
}

template <typename T>
double SubmoduleMethods<T>::currentLearningRate() const {
  const size_t i = entries_.back().path.empty() ? entries_.size() - 1 : 0;
  // The method reads its schedule state, so it is given its part of this state on a copy.
  OptimMethod<T>& method = *entries_[i].method;
  OptimState<T> saved = method.state();
  OptimState<T> mine;
  mine.step = this->state_.step;
  const std::string prefix = std::to_string(i) + "/";
  for (const auto& [name, value] : this->state_.schedule)
    if (name.compare(0, prefix.size(), prefix) == 0) mine.schedule[name.substr(prefix.size())] = value;
  method.setState(std::move(mine));
  const double rate = method.currentLearningRate();
  method.setState(std::move(saved));
  return rate;
}

template <typename T>
void SubmoduleMethods<T>::updateHyperParameter(const TrainingState& training) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    lend(i);
    entries_[i].method->updateHyperParameter(training);
    takeBack(i);
  }
}

template <typename T>
Attributes SubmoduleMethods<T>::config() const {
  Attributes a;
  std::vector<std::string> paths, types, schedules;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const OptimMethod<T>& m = *entries_[i].method;
    paths.push_back(entries_[i].path);
    types.push_back(m.typeName());
    schedules.push_back(m.learningRateSchedule()->typeName());
    detail::putNested(a, "methods." + std::to_string(i), m.config());
    detail::putNested(a, "schedules." + std::to_string(i), m.learningRateSchedule()->config());
  }
  a.set("paths", paths).set("methods", types).set("schedules", schedules);
  return a;
}

template class SubmoduleMethods<float>;
template class SubmoduleMethods<double>;

}  // namespace ringdl
