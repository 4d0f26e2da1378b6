// Layer options: one struct per layer whose single field list gives both construction from Attributes (the
// registry, model files, YAML model definitions) and config() (saving), so no key is written twice.
//
//   struct LeakyReLUOptions {
//     double negval = 0.01;
//     template <typename V> void fields(V& v) { v("negval", negval); }
//   };
//   LeakyReLUOptions o = optionsFrom<LeakyReLUOptions>(attributes, "LeakyReLU");  // missing keys: defaults
//   Attributes a = attributesOf(o);
//
// A field without a sensible default is declared required: v("inputSize", inputSize, kRequired).
// Field types: int64_t, double, bool, std::string, std::vector<int64_t>, std::vector<double>,
// std::vector<std::string> (AttrValue's), plus int (stored as int64_t), and std::optional of any of them for
// an option whose absence means something (Reshape's batchMode: unset decides per input); an unset optional
// is not written.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "ringdl/nn/attributes.h"
#include "ringdl/util/error.h"

namespace ringdl {

enum FieldKind { kOptional, kRequired };

namespace detail {
template <typename F>
struct StoredAs {
  using type = F;
};
template <>
struct StoredAs<int> {
  using type = int64_t;
};

// What a value of the stored type is called in errors.
template <typename S>
const char* typeWord() {
  if constexpr (std::is_same_v<S, int64_t>) return "an integer";
  if constexpr (std::is_same_v<S, double>) return "a number";
  if constexpr (std::is_same_v<S, bool>) return "true or false";
  if constexpr (std::is_same_v<S, std::string>) return "a string";
  if constexpr (std::is_same_v<S, std::vector<int64_t>>) return "a list of integers";
  if constexpr (std::is_same_v<S, std::vector<double>>) return "a list of numbers";
  if constexpr (std::is_same_v<S, std::vector<std::string>>) return "a list of strings";
  return "a value";
}

class OptionsReader {
 public:
  OptionsReader(const Attributes& a, const std::string& layer) : a_(a), layer_(layer) {}

  template <typename F>
  void operator()(const char* name, std::optional<F>& field, FieldKind kind = kOptional) {
    F value{};
    const bool present = a_.has(name);
    (*this)(name, value, kind);
    if (present) field = value;
  }

  template <typename F>
  void operator()(const char* name, F& field, FieldKind kind = kOptional) {
    using S = typename StoredAs<F>::type;
    known_.insert(name);
    auto it = a_.values().find(name);
    if (it == a_.values().end()) {
      RINGDL_CHECK(kind == kOptional, layer_, ": option '", name, "' is required (", typeWord<S>(), ")");
      return;
    }
    if (const S* v = std::get_if<S>(&it->second)) {
      field = static_cast<F>(*v);
      return;
    }
    // Numbers written without a fraction arrive as integers (YAML "momentum: 1"): accept them for doubles,
    // and integer lists for lists of numbers.
    if constexpr (std::is_same_v<S, double>) {
      if (const int64_t* i = std::get_if<int64_t>(&it->second)) {
        field = static_cast<F>(*i);
        return;
      }
    }
    if constexpr (std::is_same_v<S, std::vector<double>>) {
      if (const auto* i = std::get_if<std::vector<int64_t>>(&it->second)) {
        field.assign(i->begin(), i->end());
        return;
      }
    }
    RINGDL_FAIL(layer_, ": option '", name, "' must be ", typeWord<S>());
  }

  /// Every attribute must be a field: a misspelt option is an error, not silently ignored.
  void checkNoneLeft() const {
    for (const auto& [key, value] : a_.values()) {
      if (known_.count(key)) continue;
      std::string list;
      for (const std::string& k : known_) list += (list.empty() ? "" : ", ") + k;
      RINGDL_FAIL(layer_, " has no option '", key, "'",
                  list.empty() ? std::string(" (it takes none)") : " (its options: " + list + ")");
    }
  }

 private:
  const Attributes& a_;
  const std::string& layer_;
  std::set<std::string> known_;
};

class OptionsWriter {
 public:
  template <typename F>
  void operator()(const char* name, const std::optional<F>& field, FieldKind kind = kOptional) {
    if (field) (*this)(name, *field, kind);
  }
  template <typename F>
  void operator()(const char* name, const F& field, FieldKind = kOptional) {
    a_.set(name, AttrValue(static_cast<typename StoredAs<F>::type>(field)));
  }
  Attributes take() { return std::move(a_); }

 private:
  Attributes a_;
};

// fields() is a non-const member template (it hands out references to read into); writing calls it on a copy.
class NameCollector {
 public:
  template <typename F>
  void operator()(const char* name, const F&, FieldKind = kOptional) {
    names.push_back(name);
  }
  std::vector<std::string> names;
};
}  // namespace detail

/// Options from Attributes: listed fields are read (type-checked), missing optional ones keep their defaults,
/// missing required ones and unknown keys are Errors naming `layer`.
template <typename O>
O optionsFrom(const Attributes& a, const std::string& layer) {
  O o{};
  detail::OptionsReader reader(a, layer);
  o.fields(reader);
  reader.checkNoneLeft();
  return o;
}

/// Options to Attributes: every field, defaults included, so a saved file does not depend on today's defaults
/// (an unset std::optional field excepted: its absence is its value).
template <typename O>
Attributes attributesOf(const O& options) {
  O copy = options;
  detail::OptionsWriter writer;
  copy.fields(writer);
  return writer.take();
}

/// The option names of O, in the order fields() lists them (for help and model summaries).
template <typename O>
std::vector<std::string> optionNames() {
  O o{};
  detail::NameCollector names;
  o.fields(names);
  return names.names;
}

}  // namespace ringdl
