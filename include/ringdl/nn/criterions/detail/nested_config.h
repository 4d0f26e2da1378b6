// How the composite criterions (MultiCriterion, ParallelCriterion, TimeDistributedCriterion,
// TimeDistributedMaskCriterion, TransformerCriterion) keep their inner criterions and modules in one flat
// Attributes, so config() round-trips through the registry and a checkpoint stores them with no new schema:
// an inner object under key k is its type name at k and each of its options at "k.<option>" (an inner
// composite's own nested keys nest again: "criterion.criterions.0.sizeAverage"); a list of them is the types
// at k and the options of entry i at "k.<i>.<option>"; a container module's children are listed at
// "k.children", each under "k.<i>". A composite's own options are its keys without a dot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ringdl/nn/attributes.h"
#include "ringdl/nn/criterion.h"
#include "ringdl/nn/module.h"

namespace ringdl::detail {

/// The keys of a without a dot: a composite's own options.
Attributes ownOptions(const Attributes& a);
/// The options stored under "prefix.": keys "prefix.x" as "x" (deeper keys kept whole, "prefix.x.y" as
/// "x.y").
Attributes nestedOptions(const Attributes& a, const std::string& prefix);
/// Stores config under "prefix.".
void putNested(Attributes& a, const std::string& prefix, const Attributes& config);

/// The criterion named at a[key] (a string), built with the options under "key.". where names the composite.
template <typename T>
CriterionPtr<T> nestedCriterion(const Attributes& a, const std::string& key, const std::string& where);
/// Stores c under key.
template <typename T>
void putCriterion(Attributes& a, const std::string& key, const Criterion<T>& c);
/// The criterions listed at a[key] (a list of type names), entry i built with the options under "key.<i>.".
template <typename T>
std::vector<CriterionPtr<T>> nestedCriterionList(const Attributes& a, const std::string& key,
                                                 const std::string& where);
template <typename T>
void putCriterionList(Attributes& a, const std::string& key, const std::vector<CriterionPtr<T>>& list);

/// The module named at a[key], or null when the key is absent or empty; its children, for a container, from
/// "key.children" and "key.<i>".
template <typename T>
ModulePtr<T> nestedModule(const Attributes& a, const std::string& key, const std::string& where);
/// Stores m under key (nothing for a null m). A module with parameters is an Error naming where: a config
/// holds options, not weights.
template <typename T>
void putModule(Attributes& a, const std::string& key, Module<T>* m, const std::string& where);

/// The normaliser of a sum of inner losses (Criterion::batchNormalizer): theirs when they all agree (one
/// value, or all std::nullopt), since then the sum is itself a sum of per-record terms over it. Inner
/// criterions that normalise differently have no common normaliser, and a batch split across ranks could not
/// give their sum exactly: an Error naming where and the normalisers, saying to use one normalisation for
/// all.
std::optional<double> commonNormalizer(const std::string& where,
                                       const std::vector<std::optional<double>>& ns);

/// Adds w * g into acc, Tensor by Tensor at any depth of Tables; acc takes g's structure (zeros) when empty
/// or shaped otherwise.
template <typename T>
void addScaled(Activity<T>& acc, const Activity<T>& g, double w, bool first);

}  // namespace ringdl::detail
