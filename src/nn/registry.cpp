// The registry table. Add one line per layer or criterion, keeping each list alphabetical; every entry
// must have an `explicit Layer(const Attributes&)` constructor that inverts config().
#include "ringdl/nn/registry.h"

#include <functional>
#include <map>
#include <memory>

#include "ringdl/nn.h"

namespace ringdl {

namespace {
template <typename T>
using ModuleFactory = std::function<ModulePtr<T>(const Attributes&)>;
template <typename T>
using CriterionFactory = std::function<CriterionPtr<T>(const Attributes&)>;

template <template <typename> class M, typename T>
ModuleFactory<T> moduleFactory() {
  return [](const Attributes& a) { return std::make_shared<M<T>>(a); };
}
template <template <typename> class C, typename T>
CriterionFactory<T> criterionFactory() {
  return [](const Attributes& a) { return std::make_shared<C<T>>(a); };
}

template <typename T>
const std::map<std::string, ModuleFactory<T>>& moduleTable() {
  static const std::map<std::string, ModuleFactory<T>> table = {
      {"Abs", moduleFactory<Abs, T>()},
      {"Add", moduleFactory<Add, T>()},
      {"AddConstant", moduleFactory<AddConstant, T>()},
      {"BatchNormalization", moduleFactory<BatchNormalization, T>()},
      {"Bilinear", moduleFactory<Bilinear, T>()},
      {"BinaryThreshold", moduleFactory<BinaryThreshold, T>()},
      {"BiRecurrent", moduleFactory<BiRecurrent, T>()},
      {"Bottle", moduleFactory<Bottle, T>()},
      {"CAdd", moduleFactory<CAdd, T>()},
      {"CAddTable", moduleFactory<CAddTable, T>()},
      {"CAveTable", moduleFactory<CAveTable, T>()},
      {"CDivTable", moduleFactory<CDivTable, T>()},
      {"Clamp", moduleFactory<Clamp, T>()},
      {"CMaxTable", moduleFactory<CMaxTable, T>()},
      {"CMinTable", moduleFactory<CMinTable, T>()},
      {"CMul", moduleFactory<CMul, T>()},
      {"CMulTable", moduleFactory<CMulTable, T>()},
      {"Concat", moduleFactory<Concat, T>()},
      {"ConcatTable", moduleFactory<ConcatTable, T>()},
      {"Contiguous", moduleFactory<Contiguous, T>()},
      {"ConvLSTMPeephole", moduleFactory<ConvLSTMPeephole, T>()},
      {"ConvLSTMPeephole3D", moduleFactory<ConvLSTMPeephole3D, T>()},
      {"Cosine", moduleFactory<Cosine, T>()},
      {"CosineDistance", moduleFactory<CosineDistance, T>()},
      {"Cropping2D", moduleFactory<Cropping2D, T>()},
      {"Cropping3D", moduleFactory<Cropping3D, T>()},
      {"CSubTable", moduleFactory<CSubTable, T>()},
      {"DotProduct", moduleFactory<DotProduct, T>()},
      {"Dropout", moduleFactory<Dropout, T>()},
      {"ELU", moduleFactory<ELU, T>()},
      {"Euclidean", moduleFactory<Euclidean, T>()},
      {"Exp", moduleFactory<Exp, T>()},
      {"FeedForwardNetwork", moduleFactory<FeedForwardNetwork, T>()},
      {"Flatten", moduleFactory<Flatten, T>()},
      {"FlattenTable", moduleFactory<FlattenTable, T>()},
      {"GaussianDropout", moduleFactory<GaussianDropout, T>()},
      {"GaussianNoise", moduleFactory<GaussianNoise, T>()},
      {"GELU", moduleFactory<GELU, T>()},
      {"GlobalAveragePooling2D", moduleFactory<GlobalAveragePooling2D, T>()},
      {"GlobalMaxPooling2D", moduleFactory<GlobalMaxPooling2D, T>()},
      {"GradientReversal", moduleFactory<GradientReversal, T>()},
      {"Graph", moduleFactory<Graph, T>()},
      {"GRU", moduleFactory<GRU, T>()},
      {"HardShrink", moduleFactory<HardShrink, T>()},
      {"HardSigmoid", moduleFactory<HardSigmoid, T>()},
      {"HardSwish", moduleFactory<HardSwish, T>()},
      {"HardTanh", moduleFactory<HardTanh, T>()},
      {"Highway", moduleFactory<Highway, T>()},
      {"Identity", moduleFactory<Identity, T>()},
      {"InferReshape", moduleFactory<InferReshape, T>()},
      {"JoinTable", moduleFactory<JoinTable, T>()},
      {"LayerNormalization", moduleFactory<LayerNormalization, T>()},
      {"LeakyReLU", moduleFactory<LeakyReLU, T>()},
      {"LearnedPositionEmbedding", moduleFactory<LearnedPositionEmbedding, T>()},
      {"Linear", moduleFactory<Linear, T>()},
      {"LocallyConnected1D", moduleFactory<LocallyConnected1D, T>()},
      {"LocallyConnected2D", moduleFactory<LocallyConnected2D, T>()},
      {"Log", moduleFactory<Log, T>()},
      {"LogSigmoid", moduleFactory<LogSigmoid, T>()},
      {"LogSoftMax", moduleFactory<LogSoftMax, T>()},
      {"LookupTable", moduleFactory<LookupTable, T>()},
      {"LookupTableSparse", moduleFactory<LookupTableSparse, T>()},
      {"LSTM", moduleFactory<LSTM, T>()},
      {"LSTMPeephole", moduleFactory<LSTMPeephole, T>()},
      {"MapTable", moduleFactory<MapTable, T>()},
      {"Masking", moduleFactory<Masking, T>()},
      {"Max", moduleFactory<Max, T>()},
      {"Maxout", moduleFactory<Maxout, T>()},
      {"Mean", moduleFactory<Mean, T>()},
      {"Min", moduleFactory<Min, T>()},
      {"Mish", moduleFactory<Mish, T>()},
      {"MixtureTable", moduleFactory<MixtureTable, T>()},
      {"MM", moduleFactory<MM, T>()},
      {"Mul", moduleFactory<Mul, T>()},
      {"MulConstant", moduleFactory<MulConstant, T>()},
      {"MultiHeadAttention", moduleFactory<MultiHeadAttention, T>()},
      {"MultiRNNCell", moduleFactory<MultiRNNCell, T>()},
      {"MV", moduleFactory<MV, T>()},
      {"Narrow", moduleFactory<Narrow, T>()},
      {"NarrowTable", moduleFactory<NarrowTable, T>()},
      {"Negative", moduleFactory<Negative, T>()},
      {"Normalize", moduleFactory<LpNormalize, T>()},
      {"NormalizeScale", moduleFactory<NormalizeScale, T>()},
      {"Padding", moduleFactory<Padding, T>()},
      {"PairwiseDistance", moduleFactory<PairwiseDistance, T>()},
      {"ParallelTable", moduleFactory<ParallelTable, T>()},
      {"Power", moduleFactory<Power, T>()},
      {"PReLU", moduleFactory<PReLU, T>()},
      {"Recurrent", moduleFactory<Recurrent, T>()},
      {"RecurrentDecoder", moduleFactory<RecurrentDecoder, T>()},
      {"ReLU", moduleFactory<ReLU, T>()},
      {"ReLU6", moduleFactory<ReLU6, T>()},
      {"Replicate", moduleFactory<Replicate, T>()},
      {"Reshape", moduleFactory<Reshape, T>()},
      {"ResizeBilinear", moduleFactory<ResizeBilinear, T>()},
      {"Reverse", moduleFactory<Reverse, T>()},
      {"RnnCell", moduleFactory<RnnCell, T>()},
      {"RoiAlign", moduleFactory<RoiAlign, T>()},
      {"RoiPooling", moduleFactory<RoiPooling, T>()},
      {"RReLU", moduleFactory<RReLU, T>()},
      {"Scale", moduleFactory<ScaleLayer, T>()},
      {"Select", moduleFactory<Select, T>()},
      {"SelectTable", moduleFactory<SelectTable, T>()},
      {"SELU", moduleFactory<SELU, T>()},
      {"Sequential", moduleFactory<Sequential, T>()},
      {"Sigmoid", moduleFactory<Sigmoid, T>()},
      {"SiLU", moduleFactory<SiLU, T>()},
      {"SinusoidalPositionEncoding", moduleFactory<SinusoidalPositionEncoding, T>()},
      {"SoftMax", moduleFactory<SoftMax, T>()},
      {"SoftMin", moduleFactory<SoftMin, T>()},
      {"SoftPlus", moduleFactory<SoftPlus, T>()},
      {"SoftShrink", moduleFactory<SoftShrink, T>()},
      {"SoftSign", moduleFactory<SoftSign, T>()},
      {"SpatialAveragePooling", moduleFactory<SpatialAveragePooling, T>()},
      {"SpatialBatchNormalization", moduleFactory<SpatialBatchNormalization, T>()},
      {"SpatialConvolution", moduleFactory<SpatialConvolution, T>()},
      {"SpatialCrossMapLRN", moduleFactory<SpatialCrossMapLRN, T>()},
      {"SpatialDilatedConvolution", moduleFactory<SpatialDilatedConvolution, T>()},
      {"SpatialDropout1D", moduleFactory<SpatialDropout1D, T>()},
      {"SpatialDropout2D", moduleFactory<SpatialDropout2D, T>()},
      {"SpatialDropout3D", moduleFactory<SpatialDropout3D, T>()},
      {"SpatialFullConvolution", moduleFactory<SpatialFullConvolution, T>()},
      {"SpatialMaxPooling", moduleFactory<SpatialMaxPooling, T>()},
      {"SpatialSeparableConvolution", moduleFactory<SpatialSeparableConvolution, T>()},
      {"SpatialShareConvolution", moduleFactory<SpatialShareConvolution, T>()},
      {"SpatialWithinChannelLRN", moduleFactory<SpatialWithinChannelLRN, T>()},
      {"SpatialZeroPadding", moduleFactory<SpatialZeroPadding, T>()},
      {"SplitTable", moduleFactory<SplitTable, T>()},
      {"Sqrt", moduleFactory<Sqrt, T>()},
      {"Square", moduleFactory<Square, T>()},
      {"Squeeze", moduleFactory<Squeeze, T>()},
      {"Sum", moduleFactory<Sum, T>()},
      {"Swish", moduleFactory<Swish, T>()},
      {"Tanh", moduleFactory<Tanh, T>()},
      {"TanhShrink", moduleFactory<TanhShrink, T>()},
      {"TemporalConvolution", moduleFactory<TemporalConvolution, T>()},
      {"TemporalMaxPooling", moduleFactory<TemporalMaxPooling, T>()},
      {"Threshold", moduleFactory<Threshold, T>()},
      {"Tile", moduleFactory<Tile, T>()},
      {"TimeDistributed", moduleFactory<TimeDistributed, T>()},
      {"Transformer", moduleFactory<TransformerModel, T>()},
      {"TransformerDecoderLayer", moduleFactory<TransformerDecoderLayer, T>()},
      {"TransformerEncoderLayer", moduleFactory<TransformerEncoderLayer, T>()},
      {"Transpose", moduleFactory<Transpose, T>()},
      {"Unsqueeze", moduleFactory<Unsqueeze, T>()},
      {"UpSampling1D", moduleFactory<UpSampling1D, T>()},
      {"UpSampling2D", moduleFactory<UpSampling2D, T>()},
      {"UpSampling3D", moduleFactory<UpSampling3D, T>()},
      {"View", moduleFactory<View, T>()},
      {"VolumetricAveragePooling", moduleFactory<VolumetricAveragePooling, T>()},
      {"VolumetricConvolution", moduleFactory<VolumetricConvolution, T>()},
      {"VolumetricFullConvolution", moduleFactory<VolumetricFullConvolution, T>()},
      {"VolumetricMaxPooling", moduleFactory<VolumetricMaxPooling, T>()},
  };
  return table;
}

template <typename T>
const std::map<std::string, CriterionFactory<T>>& criterionTable() {
  static const std::map<std::string, CriterionFactory<T>> table = {
      {"AbsCriterion", criterionFactory<AbsCriterion, T>()},
      {"BCECriterion", criterionFactory<BCECriterion, T>()},
      {"BCECriterionWithLogits", criterionFactory<BCECriterionWithLogits, T>()},
      {"CategoricalCrossEntropy", criterionFactory<CategoricalCrossEntropy, T>()},
      {"ClassNLLCriterion", criterionFactory<ClassNLLCriterion, T>()},
      {"ClassSimplexCriterion", criterionFactory<ClassSimplexCriterion, T>()},
      {"CosineDistanceCriterion", criterionFactory<CosineDistanceCriterion, T>()},
      {"CosineEmbeddingCriterion", criterionFactory<CosineEmbeddingCriterion, T>()},
      {"CosineProximityCriterion", criterionFactory<CosineProximityCriterion, T>()},
      {"CrossEntropyCriterion", criterionFactory<CrossEntropyCriterion, T>()},
      {"DiceCoefficientCriterion", criterionFactory<DiceCoefficientCriterion, T>()},
      {"DistKLDivCriterion", criterionFactory<DistKLDivCriterion, T>()},
      {"DotProductCriterion", criterionFactory<DotProductCriterion, T>()},
      {"GaussianCriterion", criterionFactory<GaussianCriterion, T>()},
      {"HingeEmbeddingCriterion", criterionFactory<HingeEmbeddingCriterion, T>()},
      {"KLDCriterion", criterionFactory<KLDCriterion, T>()},
      {"KullbackLeiblerDivergenceCriterion", criterionFactory<KullbackLeiblerDivergenceCriterion, T>()},
      {"L1Cost", criterionFactory<L1Cost, T>()},
      {"L1HingeEmbeddingCriterion", criterionFactory<L1HingeEmbeddingCriterion, T>()},
      {"MarginCriterion", criterionFactory<MarginCriterion, T>()},
      {"MarginRankingCriterion", criterionFactory<MarginRankingCriterion, T>()},
      {"MeanAbsolutePercentageCriterion", criterionFactory<MeanAbsolutePercentageCriterion, T>()},
      {"MeanSquaredLogarithmicCriterion", criterionFactory<MeanSquaredLogarithmicCriterion, T>()},
      {"MSECriterion", criterionFactory<MSECriterion, T>()},
      {"MultiCriterion", criterionFactory<MultiCriterion, T>()},
      {"MultiLabelMarginCriterion", criterionFactory<MultiLabelMarginCriterion, T>()},
      {"MultiLabelSoftMarginCriterion", criterionFactory<MultiLabelSoftMarginCriterion, T>()},
      {"MultiMarginCriterion", criterionFactory<MultiMarginCriterion, T>()},
      {"ParallelCriterion", criterionFactory<ParallelCriterion, T>()},
      {"PGCriterion", criterionFactory<PGCriterion, T>()},
      {"PoissonCriterion", criterionFactory<PoissonCriterion, T>()},
      {"SmoothL1Criterion", criterionFactory<SmoothL1Criterion, T>()},
      {"SmoothL1CriterionWithWeights", criterionFactory<SmoothL1CriterionWithWeights, T>()},
      {"SoftMarginCriterion", criterionFactory<SoftMarginCriterion, T>()},
      {"SoftmaxWithCriterion", criterionFactory<SoftmaxWithCriterion, T>()},
      {"TimeDistributedCriterion", criterionFactory<TimeDistributedCriterion, T>()},
      {"TimeDistributedMaskCriterion", criterionFactory<TimeDistributedMaskCriterion, T>()},
      {"TransformerCriterion", criterionFactory<TransformerCriterion, T>()},
  };
  return table;
}

template <typename Table>
std::string knownNames(const Table& table) {
  std::string s;
  for (const auto& [name, f] : table) s += (s.empty() ? "" : ", ") + name;
  return s;
}
}  // namespace

template <typename T>
ModulePtr<T> createModule(const std::string& typeName, const Attributes& config) {
  const auto& table = moduleTable<T>();
  auto it = table.find(typeName);
  RINGDL_CHECK(it != table.end(), "unknown layer type '", typeName, "' (known types: ", knownNames(table),
               ")");
  return it->second(config);
}

std::vector<std::string> registeredModuleTypes() {
  std::vector<std::string> names;
  for (const auto& [name, f] : moduleTable<float>()) names.push_back(name);
  return names;
}

template <typename T>
CriterionPtr<T> createCriterion(const std::string& typeName, const Attributes& config) {
  const auto& table = criterionTable<T>();
  auto it = table.find(typeName);
  RINGDL_CHECK(it != table.end(), "unknown criterion type '", typeName, "' (known types: ", knownNames(table),
               ")");
  return it->second(config);
}

std::vector<std::string> registeredCriterionTypes() {
  std::vector<std::string> names;
  for (const auto& [name, f] : criterionTable<float>()) names.push_back(name);
  return names;
}

template ModulePtr<float> createModule<float>(const std::string&, const Attributes&);
template ModulePtr<double> createModule<double>(const std::string&, const Attributes&);
template CriterionPtr<float> createCriterion<float>(const std::string&, const Attributes&);
template CriterionPtr<double> createCriterion<double>(const std::string&, const Attributes&);

}  // namespace ringdl
