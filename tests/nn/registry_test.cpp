// The layer and criterion registry: every layer and criterion that the headers under
// include/ringdl/nn/{layers,criterions}/ declare has an entry, configs round-trip through the registry, and an
// unknown type name lists the known ones.
#include "ringdl/nn/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace ringdl {
namespace {

namespace fs = std::filesystem;

// Stems whose type name is not the UpperCamel form of the stem: acronyms and Torch's spellings.
const std::map<std::string, std::string>& typeNameExceptions() {
  static const std::map<std::string, std::string> exceptions = {
      {"class_nll_criterion", "ClassNLLCriterion"},
      {"mse_criterion", "MSECriterion"},
  };
  return exceptions;
}

// soft_max -> SoftMax.
std::string upperCamel(const std::string& stem) {
  std::string out;
  bool upper = true;
  for (char c : stem) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string expectedTypeName(const std::string& stem) {
  auto it = typeNameExceptions().find(stem);
  return it != typeNameExceptions().end() ? it->second : upperCamel(stem);
}

// Stems of the public headers under include/ringdl/nn/<dir>, family folders included (helpers under detail/
// are not types).
std::vector<std::string> headerStems(const std::string& dir) {
  const fs::path path = fs::path(RINGDL_SOURCE_DIR) / "include" / "ringdl" / "nn" / dir;
  std::vector<std::string> stems;
  for (const auto& entry : fs::recursive_directory_iterator(path))
    if (entry.is_regular_file() && entry.path().extension() == ".h" &&
        entry.path().parent_path().filename() != "detail")
      stems.push_back(entry.path().stem().string());
  std::sort(stems.begin(), stems.end());
  return stems;
}

// The layer types the headers under include/ringdl/nn/<dir> declare: one per header, named after its stem,
// except in a family file of functors over a base (activations.h: one per "using X = ElementWise<T, XFn>"),
// and the bases themselves.
std::vector<std::string> declaredTypes(const std::string& dir) {
  const fs::path root = fs::path(RINGDL_SOURCE_DIR) / "include" / "ringdl" / "nn" / dir;
  std::vector<std::string> types;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".h") continue;
    const std::string stem = entry.path().stem().string();
    if (stem == "element_wise" || entry.path().parent_path().filename() == "detail") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::regex alias(R"(using (\w+) = ElementWise<)");
    const std::string body = text.str();
    bool family = false;
    for (std::sregex_iterator it(body.begin(), body.end(), alias), end; it != end; ++it) {
      types.push_back((*it)[1]);
      family = true;
    }
    if (!family) types.push_back(expectedTypeName(stem));
  }
  std::sort(types.begin(), types.end());
  return types;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(Registry, TypeNamesFollowFileStems) {
  EXPECT_EQ(expectedTypeName("tanh"), "Tanh");
  EXPECT_EQ(expectedTypeName("soft_max"), "SoftMax");
  EXPECT_EQ(expectedTypeName("log_soft_max"), "LogSoftMax");
  EXPECT_EQ(expectedTypeName("spatial_max_pooling"), "SpatialMaxPooling");
  EXPECT_EQ(expectedTypeName("class_nll_criterion"), "ClassNLLCriterion");
  EXPECT_EQ(expectedTypeName("mse_criterion"), "MSECriterion");
}

TEST(Registry, EveryLayerHeaderHasAnEntry) {
  const std::vector<std::string> types = declaredTypes("layers");
  ASSERT_GT(types.size(), 10u);
  EXPECT_TRUE(contains(types, "ReLU") && contains(types, "Sigmoid")) << "activations.h's aliases not found";
  const std::vector<std::string> registered = registeredModuleTypes();
  for (const std::string& type : types)
    EXPECT_TRUE(contains(registered, type))
        << "a header under include/ringdl/nn/layers/ declares " << type
        << ", which has no entry in the module table of src/nn/registry.cpp (or its type name needs an "
        << "exception in " << __FILE__ << ")";
}

TEST(Registry, EveryCriterionHeaderHasAnEntry) {
  const std::vector<std::string> stems = headerStems("criterions");
  ASSERT_FALSE(stems.empty());
  const std::vector<std::string> registered = registeredCriterionTypes();
  for (const std::string& stem : stems)
    EXPECT_TRUE(contains(registered, expectedTypeName(stem)))
        << "include/ringdl/nn/criterions/" << stem << ".h has no entry '" << expectedTypeName(stem)
        << "' in the criterion table of src/nn/registry.cpp (or its type name needs an exception in "
        << __FILE__ << ")";
}

TEST(Registry, EveryNameExceptionStillHasAHeader) {
  std::vector<std::string> stems = headerStems("layers");
  const std::vector<std::string> criterions = headerStems("criterions");
  stems.insert(stems.end(), criterions.begin(), criterions.end());
  for (const auto& [stem, name] : typeNameExceptions())
    EXPECT_TRUE(contains(stems, stem)) << "stale exception " << stem << " -> " << name;
}

// Configs for registered types whose constructor has required arguments, so that they are covered too; types
// that are neither here nor default-constructible are skipped (and listed in the test output).
const std::map<std::string, Attributes>& exampleConfigs() {
  static const std::map<std::string, Attributes> examples = {
      {"Linear", Attributes().set("inputSize", 4).set("outputSize", 3).set("withBias", false)},
      {"Reshape", Attributes().set("size", std::vector<int64_t>{3, 4}).set("batchMode", true)},
      {"SpatialAveragePooling", Attributes().set("kW", 2).set("kH", 3).set("padH", 1).set("ceilMode", true)},
      {"SpatialConvolution", Attributes()
                                 .set("nInputPlane", 2)
                                 .set("nOutputPlane", 4)
                                 .set("kernelW", 3)
                                 .set("kernelH", 2)
                                 .set("nGroup", 2)},
      {"SpatialMaxPooling", Attributes().set("kW", 2).set("kH", 2).set("dW", 2).set("dH", 2)},
      {"View", Attributes().set("sizes", std::vector<int64_t>{-1, 4}).set("numInputDims", 2)},
  };
  return examples;
}

template <typename T>
void expectModuleConfigsRoundTrip() {
  std::vector<std::string> skipped;
  int built = 0;
  for (const std::string& type : registeredModuleTypes()) {
    SCOPED_TRACE(type);
    auto example = exampleConfigs().find(type);
    ModulePtr<T> m;
    try {
      m = createModule<T>(type, example == exampleConfigs().end() ? Attributes() : example->second);
    } catch (const Error&) {
      skipped.push_back(type);
      continue;
    }
    ++built;
    EXPECT_EQ(m->typeName(), type);
    ModulePtr<T> rebuilt = createModule<T>(type, m->config());
    EXPECT_EQ(rebuilt->typeName(), type);
    EXPECT_TRUE(rebuilt->config() == m->config()) << m->toString() << " rebuilt as " << rebuilt->toString();
  }
  EXPECT_GT(built, 0);
  if (!skipped.empty()) {
    std::string list;
    for (const auto& t : skipped) list += " " + t;
    std::cout << "[ NOTE ] layer types without a default or example config:" << list << "\n";
  }
}

TEST(Registry, ModuleConfigsRoundTrip) {
  expectModuleConfigsRoundTrip<float>();
  expectModuleConfigsRoundTrip<double>();
}

template <typename T>
void expectCriterionConfigsRoundTrip() {
  for (const std::string& type : registeredCriterionTypes()) {
    SCOPED_TRACE(type);
    CriterionPtr<T> c;
    try {
      c = createCriterion<T>(type);
    } catch (const Error&) {
      continue;
    }
    EXPECT_EQ(c->typeName(), type);
    CriterionPtr<T> rebuilt = createCriterion<T>(type, c->config());
    EXPECT_TRUE(rebuilt->config() == c->config());
  }
}

TEST(Registry, CriterionConfigsRoundTrip) {
  expectCriterionConfigsRoundTrip<float>();
  expectCriterionConfigsRoundTrip<double>();
  // A non-default config too: class weights survive as doubles and come back as the same floats.
  const Attributes weighted =
      Attributes().set("weights", std::vector<double>{0.5, 0.25, 3}).set("sizeAverage", false);
  for (const char* type : {"ClassNLLCriterion", "CrossEntropyCriterion"})
    EXPECT_TRUE(createCriterion<float>(type, weighted)->config() == weighted) << type;
}

template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Registry, UnknownTypeListsTheKnownTypes) {
  const std::string layerMsg = errorOf([] { createModule<float>("Conv2D"); });
  EXPECT_NE(layerMsg.find("unknown layer type 'Conv2D'"), std::string::npos) << layerMsg;
  for (const std::string& type : registeredModuleTypes())
    EXPECT_NE(layerMsg.find(type), std::string::npos) << type << " missing from: " << layerMsg;

  const std::string criterionMsg = errorOf([] { createCriterion<double>("NLLLoss"); });
  EXPECT_NE(criterionMsg.find("unknown criterion type 'NLLLoss'"), std::string::npos) << criterionMsg;
  for (const std::string& type : registeredCriterionTypes())
    EXPECT_NE(criterionMsg.find(type), std::string::npos) << type << " missing from: " << criterionMsg;
}

TEST(Registry, TypeListsAreSorted) {
  const std::vector<std::string> modules = registeredModuleTypes(), criterions = registeredCriterionTypes();
  EXPECT_TRUE(std::is_sorted(modules.begin(), modules.end()));
  EXPECT_TRUE(std::is_sorted(criterions.begin(), criterions.end()));
}

}  // namespace
}  // namespace ringdl
