// The flat encoding of a composite criterion's inner criterions and modules
// (criterions/detail/nested_config.h).
#include "ringdl/nn/criterions/detail/nested_config.h"

#include "ringdl/nn/container.h"
#include "ringdl/nn/registry.h"
#include "ringdl/tensor/math.h"

namespace ringdl::detail {

Attributes ownOptions(const Attributes& a) {
  Attributes own;
  for (const auto& [key, value] : a.values())
    if (key.find('.') == std::string::npos) own.set(key, value);
  return own;
}

Attributes nestedOptions(const Attributes& a, const std::string& prefix) {
  Attributes inner;
  const std::string p = prefix + ".";
  for (const auto& [key, value] : a.values())
    if (key.size() > p.size() && key.compare(0, p.size(), p) == 0) inner.set(key.substr(p.size()), value);
  return inner;
}

void putNested(Attributes& a, const std::string& prefix, const Attributes& config) {
  for (const auto& [key, value] : config.values()) a.set(prefix + "." + key, value);
}

std::optional<double> commonNormalizer(const std::string& where,
                                       const std::vector<std::optional<double>>& ns) {
  if (ns.empty()) return std::nullopt;
  bool same = true;
  for (const auto& n : ns) same = same && n.has_value() == ns[0].has_value() && (!n || *n == *ns[0]);
  if (same) return ns[0];
  std::string list;
  for (const auto& n : ns)
    list += (list.empty() ? "" : ", ") + (n ? std::to_string(*n) : std::string("none (a sum)"));
  RINGDL_FAIL(where, ": its inner criterions divide their losses by different normalisers (", list,
              "), so a batch split across ranks cannot give their sum exactly; give them all the same ",
              "normalisation (sizeAverage on or off alike, no class weights in only some)");
}

namespace {
const std::string& typeAt(const Attributes& a, const std::string& key, const std::string& where,
                          const char* what) {
  RINGDL_CHECK(a.has(key), where, ": option '", key, "' is required: the type of its ", what);
  const auto* s = std::get_if<std::string>(&a.values().at(key));
  RINGDL_CHECK(s != nullptr, where, ": option '", key, "' must be a string, the type of its ", what);
  return *s;
}

template <typename F>
auto rethrowIn(const std::string& where, const std::string& key, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    RINGDL_FAIL(where, ", in '", key, "': ", e.message());
  }
}
}  // namespace

template <typename T>
CriterionPtr<T> nestedCriterion(const Attributes& a, const std::string& key, const std::string& where) {
  const std::string& type = typeAt(a, key, where, "criterion");
  return rethrowIn(where, key, [&] { return createCriterion<T>(type, nestedOptions(a, key)); });
}

template <typename T>
void putCriterion(Attributes& a, const std::string& key, const Criterion<T>& c) {
  a.set(key, c.typeName());
  putNested(a, key, c.config());
}

template <typename T>
std::vector<CriterionPtr<T>> nestedCriterionList(const Attributes& a, const std::string& key,
                                                 const std::string& where) {
  std::vector<CriterionPtr<T>> list;
  if (!a.has(key)) return list;
  const auto* types = std::get_if<std::vector<std::string>>(&a.values().at(key));
  RINGDL_CHECK(types != nullptr, where, ": option '", key, "' must be a list of criterion types");
  for (size_t i = 0; i < types->size(); ++i) {
    const std::string k = key + "." + std::to_string(i);
    list.push_back(rethrowIn(where, k, [&] { return createCriterion<T>((*types)[i], nestedOptions(a, k)); }));
  }
  return list;
}

template <typename T>
void putCriterionList(Attributes& a, const std::string& key, const std::vector<CriterionPtr<T>>& list) {
  std::vector<std::string> types;
  for (size_t i = 0; i < list.size(); ++i) {
    types.push_back(list[i]->typeName());
    putNested(a, key + "." + std::to_string(i), list[i]->config());
  }
  a.set(key, types);
}

template <typename T>
ModulePtr<T> nestedModule(const Attributes& a, const std::string& key, const std::string& where) {
  if (!a.has(key)) return nullptr;
  const std::string& type = typeAt(a, key, where, "module");
  if (type.empty()) return nullptr;
  // The module's options are its direct keys; its children's live deeper, and "children" lists them.
  Attributes options;
  const Attributes all = nestedOptions(a, key);
  for (const auto& [k, v] : all.values())
    if (k.find('.') == std::string::npos && k != "children") options.set(k, v);
  ModulePtr<T> m = rethrowIn(where, key, [&] { return createModule<T>(type, options); });
  const std::string childrenKey = key + ".children";
  if (a.has(childrenKey)) {
    auto* c = dynamic_cast<Container<T>*>(m.get());
    RINGDL_CHECK(c != nullptr, where, ": '", childrenKey, "' lists children, but ", type,
                 " is not a container");
    const size_t n = a.get<std::vector<std::string>>(childrenKey).size();
    for (size_t i = 0; i < n; ++i) c->add(nestedModule<T>(a, key + "." + std::to_string(i), where));
  }
  return m;
}

template <typename T>
void putModule(Attributes& a, const std::string& key, Module<T>* m, const std::string& where) {
  if (m == nullptr) return;
  RINGDL_CHECK(m->parameters().empty(), where, ": the ", key, " ", m->typeName(),
               " has parameters, which a criterion's config cannot keep; use modules without parameters");
  a.set(key, m->typeName());
  putNested(a, key, m->config());
  if (auto* c = dynamic_cast<Container<T>*>(m)) {
    std::vector<std::string> types;
    for (size_t i = 0; i < c->size(); ++i) {
      types.push_back(c->at(i)->typeName());
      putModule(a, key + "." + std::to_string(i), c->at(i).get(), where);
    }
    a.set(key + ".children", types);
  }
}

template <typename T>
void addScaled(Activity<T>& acc, const Activity<T>& g, double w, bool first) {
  if (g.isTable()) {
    const auto& items = g.toTable();
    if (first || !acc.isTable() || acc.toTable().size() != items.size()) {
      std::vector<Activity<T>> zeros(items.size(), Activity<T>(Tensor<T>()));
      acc = Activity<T>::table(std::move(zeros));
      first = true;
    }
    for (size_t i = 0; i < items.size(); ++i) addScaled(acc.toTable()[i], items[i], w, first);
    return;
  }
  const Tensor<T>& gt = g.toTensor();
  if (first || !acc.isTensor() || acc.toTensor().shape() != gt.shape()) {
    acc = Activity<T>(Tensor<T>(gt.shape()));
    acc.toTensor().zero();
  }
  axpy(static_cast<T>(w), gt.contiguous(), acc.toTensor());
}

#define RINGDL_NESTED(T)                                                                                   \
  template CriterionPtr<T> nestedCriterion<T>(const Attributes&, const std::string&, const std::string&);  \
  template void putCriterion<T>(Attributes&, const std::string&, const Criterion<T>&);                     \
  template std::vector<CriterionPtr<T>> nestedCriterionList<T>(const Attributes&, const std::string&,      \
                                                               const std::string&);                        \
  template void putCriterionList<T>(Attributes&, const std::string&, const std::vector<CriterionPtr<T>>&); \
  template ModulePtr<T> nestedModule<T>(const Attributes&, const std::string&, const std::string&);        \
  template void putModule<T>(Attributes&, const std::string&, Module<T>*, const std::string&);             \
  template void addScaled<T>(Activity<T>&, const Activity<T>&, double, bool);
RINGDL_NESTED(float)
RINGDL_NESTED(double)
#undef RINGDL_NESTED

}  // namespace ringdl::detail
