// The layer and criterion registry: type name + Attributes -> object. One explicit, alphabetical table in
// src/nn/registry.cpp (no static initialisers, so it survives static linking).
#pragma once

#include <string>
#include <vector>

#include "ringdl/nn/attributes.h"
#include "ringdl/nn/criterion.h"
#include "ringdl/nn/module.h"

namespace ringdl {

/// Builds a module of the named type from its config(); an unknown type is an Error listing the known ones.
template <typename T>
ModulePtr<T> createModule(const std::string& typeName, const Attributes& config = {});
/// Every registered module type, sorted.
std::vector<std::string> registeredModuleTypes();

template <typename T>
CriterionPtr<T> createCriterion(const std::string& typeName, const Attributes& config = {});
std::vector<std::string> registeredCriterionTypes();

}  // namespace ringdl
