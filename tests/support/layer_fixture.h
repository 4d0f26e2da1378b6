// Runs a module on a PyTorch fixture case in the format tests/fixtures/gen_conformance.py writes (input,
// param.<name>, buffer.<name>, gradOutput, output, bufferAfter.<name>, gradInput, gradParam.<name>; a Table
// as <key>.0, <key>.1, ...) and compares output, gradInput and every parameter gradient, in the module's own
// scalar type.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "ringdl/nn/module.h"
#include "support/activities.h"
#include "support/fixture.h"
#include "support/fixture_compare.h"

namespace ringdl::test {

/// Whether the fixture holds an Activity under key: the array key, or a Table of key.0, key.1, ...
inline bool hasActivity(const Fixture& f, const std::string& key) { return f.has(key) || f.has(key + ".0"); }

/// The Activity stored under key, converted to T.
template <typename T>
Activity<T> activityOf(const Fixture& f, const std::string& key) {
  if (f.has(key)) return Activity<T>(f.get(key).to<T>());
  RINGDL_CHECK(f.has(key + ".0"), "fixture ", f.path(), " has no array '", key, "' (nor a Table '", key,
               ".0', ...)");
  std::vector<Activity<T>> items;
  for (size_t i = 0; hasActivity(f, key + "." + std::to_string(i)); ++i)
    items.push_back(activityOf<T>(f, key + "." + std::to_string(i)));
  return Activity<T>::table(std::move(items));
}

/// Same structure as `expected`, every tensor within matchesReference's tolerance for T; `what` names it.
template <typename T>
::testing::AssertionResult matchesReference(const Activity<T>& actual, const Activity<double>& expected,
                                            const std::string& what) {
  if (describe(actual) != describe(expected))
    return ::testing::AssertionFailure()
           << what << " is " << describe(actual) << ", the reference " << describe(expected);
  const auto a = leaves(actual);
  const auto e = leaves(expected);
  for (size_t k = 0; k < a.size(); ++k) {
    ::testing::AssertionResult r = matchesReference(*a[k], *e[k]);
    if (!r) return r << " in " << what << (a.size() > 1 ? " entry " + std::to_string(k) : std::string());
  }
  return ::testing::AssertionSuccess();
}

/// The same against the fixture's Activity under key.
template <typename T>
::testing::AssertionResult matchesReference(const Activity<T>& actual, const Fixture& f,
                                            const std::string& key) {
  return matchesReference(actual, activityOf<double>(f, key), key);
}

/// Sets every parameter of the module to the fixture's param.<name>: all must be there with their shapes, and
/// the fixture may hold no others.
template <typename T>
::testing::AssertionResult loadParameters(Module<T>& module, const Fixture& f) {
  std::set<std::string> expected;
  for (const std::string& name : f.names())
    if (name.rfind("param.", 0) == 0) expected.insert(name.substr(6));
  for (const ParamRef<T>& p : module.parameters()) {
    if (!expected.erase(p.name))
      return ::testing::AssertionFailure() << "the module has a parameter '" << p.name << "' that "
                                           << f.path() << " lacks (param." << p.name << ")";
    const Tensor<double>& value = f.get("param." + p.name);
    if (value.shape() != p.weight->shape())
      return ::testing::AssertionFailure()
             << "parameter '" << p.name << "' is " << toString(p.weight->shape()) << " but " << f.path()
             << " gives " << toString(value.shape());
    p.weight->copyFrom(value.to<T>());
  }
  if (!expected.empty())
    return ::testing::AssertionFailure()
           << f.path() << " has parameter '" << *expected.begin() << "', which the module does not";
  return ::testing::AssertionSuccess();
}

/// Sets every buffer of the module (running statistics) to the fixture's buffer.<name>, which must hold each,
/// with its shape, and no others.
template <typename T>
::testing::AssertionResult loadBuffers(Module<T>& module, const Fixture& f) {
  std::set<std::string> expected;
  for (const std::string& name : f.names())
    if (name.rfind("buffer.", 0) == 0) expected.insert(name.substr(7));
  for (const BufferRef<T>& b : module.buffers()) {
    if (!expected.erase(b.name))
      return ::testing::AssertionFailure() << "the module has a buffer '" << b.name << "' that " << f.path()
                                           << " lacks (buffer." << b.name << ")";
    const Tensor<double>& value = f.get("buffer." + b.name);
    if (value.shape() != b.tensor->shape())
      return ::testing::AssertionFailure() << "buffer '" << b.name << "' is " << toString(b.tensor->shape())
                                           << " but " << f.path() << " gives " << toString(value.shape());
    b.tensor->copyFrom(value.to<T>());
  }
  if (!expected.empty())
    return ::testing::AssertionFailure()
           << f.path() << " has buffer '" << *expected.begin() << "', which the module does not";
  return ::testing::AssertionSuccess();
}

/// Loads the parameters and buffers, runs forward and backward on the fixture's input and gradOutput, and
/// compares the output, the buffers after forward (bufferAfter.<name>: running statistics), gradInput and
/// parameter gradients with PyTorch's.
template <typename T>
void expectModuleMatchesFixture(Module<T>& module, const Fixture& f) {
  SCOPED_TRACE(f.path() + (sizeof(T) == 4 ? " in float" : " in double"));
  ASSERT_TRUE(loadParameters(module, f));
  ASSERT_TRUE(loadBuffers(module, f));
  const Activity<T> input = activityOf<T>(f, "input");
  const Activity<T> gradOutput = activityOf<T>(f, "gradOutput");
  EXPECT_TRUE(matchesReference(module.forward(input), f, "output"));
  for (const BufferRef<T>& b : module.buffers())
    EXPECT_TRUE(matchesReference(*b.tensor, f.get("bufferAfter." + b.name)))
        << "buffer " << b.name << " after forward";
  module.zeroGradParameters();
  EXPECT_TRUE(matchesReference(module.backward(input, gradOutput), f, "gradInput"));
  for (const ParamRef<T>& p : module.parameters())
    EXPECT_TRUE(matchesReference(*p.grad, f.get("gradParam." + p.name)))
        << "gradient of parameter " << p.name;
}

}  // namespace ringdl::test
