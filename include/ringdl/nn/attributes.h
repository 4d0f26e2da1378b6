// Attributes: a module's constructor arguments as a name -> value map, used to save and rebuild any layer
// without a per-layer schema (the checkpoint format stores this map generically).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "ringdl/util/error.h"

namespace ringdl {

using AttrValue = std::variant<int64_t, double, bool, std::string, std::vector<int64_t>, std::vector<double>,
                               std::vector<std::string>>;

class Attributes {
 public:
  Attributes& set(const std::string& key, AttrValue value) {
    values_[key] = std::move(value);
    return *this;
  }
  // Overloads that pick the stored type explicitly: without them bool and int would convert to each other.
  Attributes& set(const std::string& key, bool value) { return set(key, AttrValue(value)); }
  Attributes& set(const std::string& key, int value) { return set(key, AttrValue(int64_t{value})); }
  Attributes& set(const std::string& key, int64_t value) { return set(key, AttrValue(value)); }
  Attributes& set(const std::string& key, double value) { return set(key, AttrValue(value)); }
  Attributes& set(const std::string& key, const char* value) { return set(key, AttrValue(std::string(value))); }
  Attributes& set(const std::string& key, const std::string& value) { return set(key, AttrValue(value)); }
  bool has(const std::string& key) const { return values_.count(key) != 0; }
  const std::map<std::string, AttrValue>& values() const { return values_; }

  /// The value under key as type V; a missing key or another type is an Error naming the key.
  template <typename V>
  const V& get(const std::string& key) const {
    auto it = values_.find(key);
    RINGDL_CHECK(it != values_.end(), "attribute '", key, "' is missing");
    const V* v = std::get_if<V>(&it->second);
    RINGDL_CHECK(v != nullptr, "attribute '", key, "' has the wrong type (index ", it->second.index(), ")");
    return *v;
  }
  template <typename V>
  V getOr(const std::string& key, V fallback) const {
    return has(key) ? get<V>(key) : fallback;
  }
  bool operator==(const Attributes& o) const { return values_ == o.values_; }

 private:
  std::map<std::string, AttrValue> values_;
};

}  // namespace ringdl
