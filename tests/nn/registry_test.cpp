// The layer and criterion registry: every layer and criterion that the headers under
// include/ringdl/nn/{layers,criterions}/ declare has an entry, and an unknown type name lists the known ones
// (every registered type is built from the registry and its config() round-trips in conformance_test.cpp).
#include "ringdl/nn/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/error_text.h"

namespace ringdl {
namespace {

using test::errorOf;

namespace fs = std::filesystem;

// Stems whose type name is not the UpperCamel form of the stem: acronyms and Torch's spellings (and
// LpNormalize, BigDL's Normalize, whose class name ringdl::Normalize the data pipeline has).
const std::map<std::string, std::string>& typeNameExceptions() {
  static const std::map<std::string, std::string> exceptions = {
      {"class_nll_criterion", "ClassNLLCriterion"},
      {"conv_lstm_peephole", "ConvLSTMPeephole"},
      {"conv_lstm_peephole_3d", "ConvLSTMPeephole3D"},
      {"cropping_2d", "Cropping2D"},
      {"cropping_3d", "Cropping3D"},
      {"global_average_pooling_2d", "GlobalAveragePooling2D"},
      {"global_max_pooling_2d", "GlobalMaxPooling2D"},
      {"gru", "GRU"},
      {"locally_connected_1d", "LocallyConnected1D"},
      {"locally_connected_2d", "LocallyConnected2D"},
      {"lp_normalize", "Normalize"},
      {"lstm", "LSTM"},
      {"lstm_peephole", "LSTMPeephole"},
      {"mm", "MM"},
      {"mse_criterion", "MSECriterion"},
      {"multi_rnn_cell", "MultiRNNCell"},
      {"mv", "MV"},
      {"pg_criterion", "PGCriterion"},
      {"prelu", "PReLU"},
      {"rrelu", "RReLU"},
      {"spatial_cross_map_lrn", "SpatialCrossMapLRN"},
      {"spatial_dropout_1d", "SpatialDropout1D"},
      {"spatial_dropout_2d", "SpatialDropout2D"},
      {"spatial_dropout_3d", "SpatialDropout3D"},
      {"spatial_within_channel_lrn", "SpatialWithinChannelLRN"},
      {"up_sampling_1d", "UpSampling1D"},
      {"up_sampling_2d", "UpSampling2D"},
      {"up_sampling_3d", "UpSampling3D"},
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

// The family bases: headers of a base that layers derive from, not layers themselves.
const std::set<std::string> kFamilyBases = {
    "cell",          "cell_options",       "element_wise",    "element_wise_criterion", "fused_cell",
    "input_view",    "local_response_norm", "row_criterion",  "row_pair_criterion",     "spatial_dropout",
    "table_to_tensor"};

// The layer types the headers under include/ringdl/nn/<dir> declare: one per header, named after its stem,
// except in a family file of functors over a base (activations.h: one per "using X = ElementWise<T, XFn>";
// the criterions' ElementWiseCriterion, RowCriterion, RowPairCriterion and GaussianTermCriterion likewise),
// the family bases themselves (kFamilyBases) and headers under detail/.
std::vector<std::string> declaredTypes(const std::string& dir) {
  const fs::path root = fs::path(RINGDL_SOURCE_DIR) / "include" / "ringdl" / "nn" / dir;
  std::vector<std::string> types;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".h") continue;
    const std::string stem = entry.path().stem().string();
    if (kFamilyBases.count(stem) || entry.path().parent_path().filename() == "detail") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::regex alias(
        R"(using (\w+) = (ElementWise|ElementWiseCriterion|RowCriterion|RowPairCriterion|GaussianTermCriterion)<)");
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
  const std::vector<std::string> types = declaredTypes("criterions");
  ASSERT_FALSE(types.empty());
  EXPECT_TRUE(contains(types, "AbsCriterion") && contains(types, "CosineEmbeddingCriterion") &&
              contains(types, "KLDCriterion") && contains(types, "MarginCriterion") &&
              contains(types, "MultiMarginCriterion"))
      << "the criterion families' aliases not found";
  const std::vector<std::string> registered = registeredCriterionTypes();
  for (const std::string& type : types)
    EXPECT_TRUE(contains(registered, type))
        << "a header under include/ringdl/nn/criterions/ declares " << type
        << ", which has no entry in the criterion table of src/nn/registry.cpp (or its type name needs an "
        << "exception in " << __FILE__ << ")";
}

TEST(Registry, EveryNameExceptionStillHasAHeader) {
  std::vector<std::string> stems = headerStems("layers");
  const std::vector<std::string> criterions = headerStems("criterions");
  stems.insert(stems.end(), criterions.begin(), criterions.end());
  for (const auto& [stem, name] : typeNameExceptions())
    EXPECT_TRUE(contains(stems, stem)) << "stale exception " << stem << " -> " << name;
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
