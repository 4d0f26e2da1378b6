// loadModelWeights: layers matched by path, parameters and buffers compared by name and shape, then copied.
#include "ringdl/io/model_weights.h"

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "ringdl/io/checkpoint.h"
#include "ringdl/io/model_io.h"
#include "ringdl/util/error.h"

namespace ringdl {

namespace {

std::string label(const std::string& path) { return path.empty() ? "(the model itself)" : path; }

// Why `mine` cannot take `saved`'s values ("" if it can).
template <typename T>
std::string mismatch(Module<T>& mine, Module<T>& saved) {
  std::ostringstream why;
  const auto& p = mine.ownParameters();
  const auto& q = saved.ownParameters();
  const auto& b = mine.ownBuffers();
  const auto& c = saved.ownBuffers();
  const bool sameType = mine.typeName() == saved.typeName();
  auto names = [](const auto& refs) {
    std::string s;
    for (const auto& r : refs) s += (s.empty() ? "" : ", ") + r.name;
    return s.empty() ? std::string("none") : s;
  };
  if (p.size() != q.size() || b.size() != c.size()) {
    why << "its parameters and buffers (" << names(p) << "; " << names(b) << ") are not the saved layer's ("
        << names(q) << "; " << names(c) << ")";
  } else {
    for (size_t i = 0; i < p.size() && why.str().empty(); ++i) {
      if (p[i].name != q[i].name) {
        why << "parameter " << i << " is '" << p[i].name << "' here but '" << q[i].name
            << "' in the saved model";
      } else if (p[i].weight->shape() != q[i].weight->shape()) {
        why << p[i].name << " " << toString(p[i].weight->shape()) << " here but "
            << toString(q[i].weight->shape()) << " in the saved model";
      }
    }
    for (size_t i = 0; i < b.size() && why.str().empty(); ++i) {
      if (b[i].name != c[i].name) {
        why << "buffer " << i << " is '" << b[i].name << "' here but '" << c[i].name
            << "' in the saved model";
      } else if (b[i].tensor->shape() != c[i].tensor->shape()) {
        why << b[i].name << " " << toString(b[i].tensor->shape()) << " here but "
            << toString(c[i].tensor->shape()) << " in the saved model";
      }
    }
  }
  if (!why.str().empty() && !sameType)
    why << " (a " << mine.typeName() << " here, a " << saved.typeName() << " there)";
  return why.str();
}

template <typename T>
bool holdsValues(Module<T>& m) {
  return !m.ownParameters().empty() || !m.ownBuffers().empty();
}

}  // namespace

std::string WeightLoadReport::toString() const {
  std::ostringstream os;
  for (const Skipped& s : skipped)
    os << "  " << label(s.layer) << ": kept its own initialisation: " << s.reason << "\n";
  if (!unused.empty()) {
    os << "  not used from the saved model:";
    for (size_t i = 0; i < unused.size(); ++i) os << (i ? ", " : " ") << label(unused[i]);
    os << "\n";
  }
  return os.str();
}

template <typename T>
WeightLoadReport loadModelWeights(Module<T>& source, Module<T>& target, bool matchAll) {
  std::map<std::string, Module<T>*> saved;
  for (const auto& [path, m] : source.namedModules())
    if (holdsValues(*m)) saved.emplace(path, m);
  WeightLoadReport report;
  std::vector<std::pair<Module<T>*, Module<T>*>> copies;  // (target layer, saved layer)
  std::set<std::string> taken;
  for (const auto& [path, m] : target.namedModules()) {
    if (!holdsValues(*m)) continue;
    auto it = saved.find(path);
    if (it == saved.end()) {
      report.skipped.push_back({path, "not in the saved model"});
      continue;
    }
    taken.insert(path);
    const std::string why = mismatch(*m, *it->second);
    if (!why.empty()) {
      report.skipped.push_back({path, why});
      continue;
    }
    report.loaded.push_back(path);
    copies.emplace_back(m, it->second);
  }
  for (const auto& [path, m] : saved)
    if (!taken.count(path)) report.unused.push_back(path);
  if (matchAll && !report.skipped.empty()) {
    std::string list;
    for (const auto& s : report.skipped) list += "\n  " + label(s.layer) + ": " + s.reason;
    RINGDL_FAIL("loadModelWeights with matchAll: ", report.skipped.size(), " layer(s) of ", target.name(),
                " do not match the saved model, so nothing was loaded:", list,
                "\n(without matchAll, init_from_match_all: false, they keep their own initialisation)");
  }
  for (auto& [mine, from] : copies) {
    const auto& p = mine->ownParameters();
    const auto& q = from->ownParameters();
    for (size_t i = 0; i < p.size(); ++i) p[i].weight->copyFrom(*q[i].weight);
    const auto& b = mine->ownBuffers();
    const auto& c = from->ownBuffers();
    for (size_t i = 0; i < b.size(); ++i) b[i].tensor->copyFrom(*c[i].tensor);
  }
  return report;
}

template <typename T>
WeightLoadReport loadModelWeights(const std::string& path, Module<T>& target, bool matchAll) {
  const std::string file = std::filesystem::is_directory(path) ? latestCheckpoint(path) : path;
  ModulePtr<T> source = loadModel<T>(file);
  try {
    return loadModelWeights(*source, target, matchAll);
  } catch (const Error& e) {
    RINGDL_FAIL("initialising from ", file, ": ", e.message());
  }
}

template <typename T>
SavedModelLoader<T> savedModelLoader() {
  return [](const std::string& path) {
    return loadModel<T>(std::filesystem::is_directory(path) ? latestCheckpoint(path) : path);
  };
}

template SavedModelLoader<float> savedModelLoader<float>();
template SavedModelLoader<double> savedModelLoader<double>();
template WeightLoadReport loadModelWeights<float>(Module<float>&, Module<float>&, bool);
template WeightLoadReport loadModelWeights<double>(Module<double>&, Module<double>&, bool);
template WeightLoadReport loadModelWeights<float>(const std::string&, Module<float>&, bool);
template WeightLoadReport loadModelWeights<double>(const std::string&, Module<double>&, bool);

}  // namespace ringdl
