// Model definition files: the zoo's YAML definitions build exactly the models the C++ zoo built (same layers,
// same initial weights for the same seed); every entry form, graphs with shared layers, nested files,
// placeholders; errors naming the file, the line and the layer.
#include "ringdl/nn/model_definition.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ringdl/models/model_zoo.h"
#include "ringdl/nn.h"
#include "ringdl/tensor/math.h"
#include "ringdl/tensor/random.h"

namespace ringdl {
namespace {

namespace fs = std::filesystem;

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

ModulePtr<double> parse(const std::string& yaml, const ModelParams& params = {}) {
  return parseModelDefinition<double>(yaml, "net.yaml", ".", params);
}

void expectSameModel(Module<double>& a, Module<double>& b) {
  EXPECT_EQ(a.toString(), b.toString());
  const auto pa = a.parameters(), pb = b.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].name, pb[i].name);
    EXPECT_TRUE(allClose(*pa[i].weight, *pb[i].weight, 0, 0)) << pa[i].name;
  }
}

// The zoo as it was written in C++ before it became YAML files: the same calls in the same order.
ModulePtr<double> lenet5ByHand(int64_t classes) {
  auto m = std::make_shared<Sequential<double>>();
  m->setName("lenet5");
  m->add(std::make_shared<Reshape<double>>(Shape{1, 28, 28}));
  m->add(std::make_shared<SpatialConvolution<double>>(1, 6, 5, 5));
  m->add(std::make_shared<Tanh<double>>());
  m->add(std::make_shared<SpatialMaxPooling<double>>(2, 2, 2, 2));
  m->add(std::make_shared<Tanh<double>>());
  m->add(std::make_shared<SpatialConvolution<double>>(6, 12, 5, 5));
  m->add(std::make_shared<SpatialMaxPooling<double>>(2, 2, 2, 2));
  m->add(std::make_shared<Reshape<double>>(Shape{12 * 4 * 4}));
  m->add(std::make_shared<Linear<double>>(12 * 4 * 4, 100));
  m->add(std::make_shared<Tanh<double>>());
  m->add(std::make_shared<Linear<double>>(100, classes));
  m->add(std::make_shared<LogSoftMax<double>>());
  return m;
}

ModulePtr<double> vggByHand(int64_t classes) {
  auto m = std::make_shared<Sequential<double>>();
  m->setName("vgg_cifar10");
  m->add(std::make_shared<Reshape<double>>(Shape{3, 32, 32}));
  auto convRelu = [&](int64_t in, int64_t out) {
    auto conv = std::make_shared<SpatialConvolution<double>>(in, out, 3, 3, 1, 1, 1, 1);
    conv->setInitMethod(InitMethod::msra(), InitMethod::zeros());
    m->add(conv);
    m->add(std::make_shared<ReLU<double>>());
  };
  convRelu(3, 32);
  convRelu(32, 32);
  m->add(std::make_shared<SpatialMaxPooling<double>>(2, 2, 2, 2));
  convRelu(32, 64);
  convRelu(64, 64);
  m->add(std::make_shared<SpatialMaxPooling<double>>(2, 2, 2, 2));
  convRelu(64, 128);
  m->add(std::make_shared<SpatialMaxPooling<double>>(2, 2, 2, 2));
  m->add(std::make_shared<Reshape<double>>(Shape{128 * 4 * 4}));
  auto hidden = std::make_shared<Linear<double>>(128 * 4 * 4, 256);
  hidden->setInitMethod(InitMethod::msra(), InitMethod::zeros());
  m->add(hidden);
  m->add(std::make_shared<ReLU<double>>());
  m->add(std::make_shared<Dropout<double>>(0.5));
  m->add(std::make_shared<Linear<double>>(256, classes));
  m->add(std::make_shared<LogSoftMax<double>>());
  return m;
}

ModulePtr<double> mlpByHand(int64_t classes) {
  auto m = std::make_shared<Sequential<double>>();
  m->setName("mlp");
  m->add(std::make_shared<Reshape<double>>(Shape{784}));
  m->add(std::make_shared<Linear<double>>(784, 1024));
  m->add(std::make_shared<ReLU<double>>());
  m->add(std::make_shared<Linear<double>>(1024, 1024));
  m->add(std::make_shared<ReLU<double>>());
  m->add(std::make_shared<Linear<double>>(1024, classes));
  m->add(std::make_shared<LogSoftMax<double>>());
  return m;
}

TEST(ModelDefinition, TheZooFilesBuildWhatTheCppZooBuilt) {
  const std::vector<std::pair<std::string, ModulePtr<double> (*)(int64_t)>> zoo = {
      {"lenet5", lenet5ByHand}, {"mlp", mlpByHand}, {"vgg_cifar10", vggByHand}};
  EXPECT_EQ(modelNames(),
            (std::vector<std::string>{"char_lm", "inception_v1", "lenet5", "lstm_fashion_mnist", "mlp",
                                      "package_sections", "resnet18", "resnet20", "resnet32", "resnet50",
                                      "resnet56", "vgg16", "vgg_cifar10"}));
  for (const auto& [name, byHand] : zoo) {
    SCOPED_TRACE(name);
    for (int64_t classes : {10, 7}) {
      Random::global().seed(42);
      ModulePtr<double> expected = byHand(classes);
      Random::global().seed(42);
      ModulePtr<double> fromFile = buildModel<double>(name, classes);
      expectSameModel(*fromFile, *expected);
      // And from the file in the source tree itself.
      Random::global().seed(42);
      ModulePtr<double> fromTree = loadModelDefinition<double>(
          std::string(RINGDL_SOURCE_DIR) + "/models/" + name + "/" + name + ".yaml",
          {{"classes", std::to_string(classes)}});
      expectSameModel(*fromTree, *expected);
    }
  }
}

TEST(ModelDefinition, EntryFormsNamesInitAndPlaceholders) {
  ModelDefinitionInfo info;
  ModulePtr<double> m = parseModelDefinition<double>(R"(
name: small
input_shape: [4]
params: {hidden: 3}
layers:
  - Linear: {inputSize: 4, outputSize: $hidden, name: fc1, weightInit: "constant:0.5", biasInit: zeros}
  - Tanh
  - {type: Linear, name: fc2, inputSize: $hidden, outputSize: $classes}
  - LogSoftMax:
)",
                                                     "net.yaml", ".", {{"classes", "2"}}, &info);
  EXPECT_EQ(info.name, "small");
  EXPECT_EQ(info.inputShape, (std::vector<int64_t>{4}));
  EXPECT_EQ(m->name(), "small");
  const auto params = m->parameters();
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].name, "fc1.weight");
  EXPECT_EQ(params[2].name, "fc2.weight");
  EXPECT_EQ(params[0].weight->shape(), (Shape{3, 4}));
  EXPECT_EQ(params[2].weight->shape(), (Shape{2, 3}));
  EXPECT_EQ(params[0].weight->data()[5], 0.5);
  EXPECT_EQ(params[1].weight->data()[0], 0.0);
}

TEST(ModelDefinition, AGraphWithASharedLayerAndANestedFile) {
  const fs::path dir = fs::temp_directory_path() / "ringdl_model_definition_test";
  fs::create_directories(dir);
  std::ofstream(dir / "block.yaml") << R"(
# a residual block: relu(conv(x) + x)
params: {channels: 2}
inputs: [x]
nodes:
  - {name: conv, type: SpatialConvolution, inputs: x, nInputPlane: $channels, nOutputPlane: $channels,
     kernelW: 3, kernelH: 3, padW: 1, padH: 1}
  - {name: sum, type: CAddTable, inputs: [conv, x]}
  - {name: out, type: ReLU, inputs: sum}
outputs: [out]
)";
  std::ofstream(dir / "net.yaml") << R"(
inputs: [image]
nodes:
  - {name: block1, file: block.yaml, inputs: image, params: {channels: 2}}
  - {name: block2, share: block1, inputs: block1}
  - {name: flat, type: Reshape, inputs: block2, size: [32]}
  - {name: fc, type: Linear, inputs: flat, inputSize: 32, outputSize: 3}
outputs: [fc]
)";
  ModulePtr<double> m = loadModelDefinition<double>((dir / "net.yaml").string());
  fs::remove_all(dir);
  // block2 reuses block1's parameters: conv weight and bias once, plus fc's.
  EXPECT_EQ(m->parameters().size(), 4u);
  Tensor<double> x({2, 2, 4, 4});
  x.fill(0.25);
  EXPECT_EQ(m->forward(x).toTensor().shape(), (Shape{2, 3}));
  EXPECT_NE(m->toString().find("block2 <- (block1)"), std::string::npos) << m->toString();
}

TEST(ModelDefinition, ContainersTakeTheirChildrenAsANestedLayersList) {
  // The same model in YAML and in C++, from the same seed: a ConcatTable of two branches inside a Sequential,
  // a MapTable and a Bottle with their one child, a Concat and a ParallelTable.
  Random::global().seed(7);
  ModulePtr<double> fromFile = parse(R"(
layers:
  - {type: Bottle, name: perStep, nInputDim: 2, layers: [Linear: {inputSize: 4, outputSize: 3}]}
  - Reshape: {size: [15]}
  - type: ConcatTable
    name: branches
    layers:
      - {type: Sequential, layers: [Linear: {inputSize: 15, outputSize: 3}, Tanh]}
      - Linear: {inputSize: 15, outputSize: 3}
  - {type: MapTable, layers: [{type: Linear, name: shared, inputSize: 3, outputSize: 3}]}
  - type: ParallelTable
    layers:
      - {type: Concat, dimension: 1, layers: [Tanh, Linear: {inputSize: 3, outputSize: 2}]}
      - Sigmoid
)");
  Random::global().seed(7);
  auto byHand = std::make_shared<Sequential<double>>();
  auto perStep = std::make_shared<Bottle<double>>(std::make_shared<Linear<double>>(4, 3), 2);
  perStep->setName("perStep");
  auto first = std::make_shared<Sequential<double>>();
  first->add(std::make_shared<Linear<double>>(15, 3)).add(std::make_shared<Tanh<double>>());
  auto branches = std::make_shared<ConcatTable<double>>();
  branches->setName("branches");
  branches->add(first).add(std::make_shared<Linear<double>>(15, 3));
  auto shared = std::make_shared<Linear<double>>(3, 3);
  shared->setName("shared");
  auto concat = std::make_shared<Concat<double>>(1);
  concat->add(std::make_shared<Tanh<double>>()).add(std::make_shared<Linear<double>>(3, 2));
  auto parallel = std::make_shared<ParallelTable<double>>();
  parallel->add(concat).add(std::make_shared<Sigmoid<double>>());
  byHand->add(perStep).add(std::make_shared<Reshape<double>>(Shape{15})).add(branches);
  byHand->add(std::make_shared<MapTable<double>>(shared)).add(parallel);
  expectSameModel(*fromFile, *byHand);
  EXPECT_EQ(fromFile->parameters()[6].name, "3.shared.weight");

  Tensor<double> x({2, 5, 4});
  x.fill(0.5);
  const Activity<double>& y = fromFile->forward(x);
  ASSERT_TRUE(y.isTable());
  EXPECT_EQ(y[0].toTensor().shape(), (Shape{2, 5}));
  EXPECT_EQ(y[1].toTensor().shape(), (Shape{2, 3}));
}

TEST(ModelDefinition, BlocksAreInstantiatedWithTheirParamsAndRepeated) {
  Random::global().seed(3);
  ModulePtr<double> m = parse(R"(
params: {kind: wide, n: 2}
blocks:
  narrow:
    params: {size: 4}
    inputs: [x]
    nodes:
      - {name: fc, type: Linear, inputs: x, inputSize: $size, outputSize: $size}
      - {name: sum, type: CAddTable, inputs: [fc, x]}
    outputs: [sum]
  wide:
    params: {size: 4}
    layers:
      - Linear: {inputSize: $size, outputSize: $size}
      - {type: Sequential, layers: [Tanh, {type: Linear, inputSize: $size, outputSize: $size}]}
layers:
  - {block: narrow, name: a, params: {size: 3}, repeat: $n}
  - Linear: {inputSize: 3, outputSize: 5}
  - {block: $kind, name: b, params: {size: 5}}
  - {type: Tanh, repeat: 2}
)");
  Random::global().seed(3);
  auto byHand = std::make_shared<Sequential<double>>();
  for (const char* name : {"a_1", "a_2"}) {
    auto x = Input<double>("x");
    auto fc = node(std::make_shared<Linear<double>>(3, 3), x);
    fc->setName("fc");
    auto sum = node(std::make_shared<CAddTable<double>>(), {fc, x});
    sum->setName("sum");
    auto g =
        std::make_shared<Graph<double>>(std::vector<NodePtr<double>>{x}, std::vector<NodePtr<double>>{sum});
    g->setName(name);
    byHand->add(g);
  }
  byHand->add(std::make_shared<Linear<double>>(3, 5));
  auto wide = std::make_shared<Sequential<double>>();
  wide->add(std::make_shared<Linear<double>>(5, 5));
  auto inner = std::make_shared<Sequential<double>>();
  inner->add(std::make_shared<Tanh<double>>());
  inner->add(std::make_shared<Linear<double>>(5, 5));
  wide->add(inner);
  wide->setName("b");
  byHand->add(wide);
  byHand->add(std::make_shared<Tanh<double>>());
  byHand->add(std::make_shared<Tanh<double>>());
  expectSameModel(*m, *byHand);
  EXPECT_EQ(m->parameters()[0].name, "a_1.fc.weight");
}

TEST(ModelDefinition, BlockRepeatAndParamErrorsSayWhere) {
  const std::string blocks =
      "blocks:\n  one:\n    params: {size: 2}\n    layers: [Linear: {inputSize: $size, outputSize: 2}]\n";
  std::string e = errorOf([&] { parse(blocks + "layers:\n  - {block: two}\n"); });
  EXPECT_NE(e.find("net.yaml line 6: no block named 'two' (the file's blocks: one)"), std::string::npos) << e;
  e = errorOf([&] { parse(blocks + "layers:\n  - {block: one, params: {sise: 3}}\n"); });
  EXPECT_NE(e.find("parameter 'sise' is given but the definition has no such parameter (its params: size)"),
            std::string::npos)
      << e;
  e = errorOf([&] { parse(blocks + "layers:\n  - {block: one, repeat: 0}\n"); });
  EXPECT_NE(e.find("net.yaml line 6: layer 0: repeat must be a whole number >= 1"), std::string::npos) << e;
  e = errorOf(
      [] { parse("inputs: [x]\nnodes:\n  - {name: a, type: Tanh, inputs: x, repeat: 2}\noutputs: [a]\n"); });
  EXPECT_NE(e.find("repeat: is for entries of a layers: list"), std::string::npos) << e;
  e = errorOf([] { parse("layers:\n  - {type: Tanh, name: t}\n  - {type: Sigmoid, name: t}\n"); });
  EXPECT_NE(e.find("child 1 is named 't' as child 0 is"), std::string::npos) << e;
  e = errorOf([] { parse("layers: [Tanh]\n", {{"depth", "3"}}); });
  EXPECT_NE(e.find("parameter 'depth' is given but the definition has no such parameter (it declares none"),
            std::string::npos)
      << e;
  EXPECT_NO_THROW(parse("layers: [Tanh]\n", {{"classes", "3"}})) << "classes is given to every model";
}

TEST(ModelDefinition, AContainersChildrenErrorsSayWhere) {
  std::string e = errorOf([] { parse("layers:\n  - {type: MapTable, layers: [Tanh, Sigmoid]}\n"); });
  EXPECT_NE(e.find("net.yaml line 2: layer 0 (MapTable): layer 'MapTable' (MapTable) applies one module"),
            std::string::npos)
      << e;
  e = errorOf([] { parse("layers:\n  - {type: Linear, inputSize: 2, outputSize: 2, layers: [Tanh]}\n"); });
  EXPECT_NE(e.find("net.yaml line 2: layer 0 (Linear): Linear is not a container"), std::string::npos) << e;
  e = errorOf([] { parse("layers:\n  - type: ConcatTable\n    layers:\n      - Tanh\n      - Conv2D\n"); });
  EXPECT_NE(e.find("net.yaml line 5: layer 1 (Conv2D): unknown layer type"), std::string::npos) << e;
  e = errorOf([] { parse("layers:\n  - {type: ConcatTable, layers: []}\n"); });
  EXPECT_NE(e.find("layers: must be a non-empty list"), std::string::npos) << e;
}

TEST(ModelDefinition, ErrorsNameTheFileTheLineAndTheLayer) {
  std::string e = errorOf([] { parse("layers:\n  - Tanh\n  - Conv2D: {a: 1}\n"); });
  EXPECT_NE(e.find("net.yaml line 3: layer 1 (Conv2D): unknown layer type 'Conv2D'"), std::string::npos) << e;

  e = errorOf([] {
    parse(
        "layers:\n  - Linear: {inputSize: 4, outputSize: 2, name: fc}\n  - Linear: {inputSize: "
        "4}\n");
  });
  EXPECT_NE(e.find("net.yaml line 3: layer 1 (Linear)"), std::string::npos) << e;
  EXPECT_NE(e.find("outputSize"), std::string::npos) << e;

  e = errorOf([] { parse("layers:\n  - Linear: {inputSize: 4, outputSize: $classes}\n"); });
  EXPECT_NE(e.find("placeholder '$classes' has no value"), std::string::npos) << e;

  e = errorOf([] {
    parse(
        "inputs: [x]\nnodes:\n  - {name: a, type: Tanh, inputs: b}\n  - {name: b, type: Tanh, "
        "inputs: x}\noutputs: [b]\n");
  });
  EXPECT_NE(e.find("line 3: node 'a' takes input 'b', which is neither a graph input nor an earlier node"),
            std::string::npos)
      << e;

  e = errorOf([] { parse("inputs: [x, y]\nnodes:\n  - {name: a, type: Tanh, inputs: x}\noutputs: [a]\n"); });
  EXPECT_NE(e.find("input 'y' is not used by any output"), std::string::npos) << e;

  e = errorOf([] { parse("layer:\n  - Tanh\n"); });
  EXPECT_NE(e.find("net.yaml line 1: unknown key 'layer'"), std::string::npos) << e;

  e = errorOf([] { parse("layers: [Tanh\n"); });
  EXPECT_NE(e.find("net.yaml line"), std::string::npos) << e;
  EXPECT_NE(e.find("not valid YAML"), std::string::npos) << e;

  e = errorOf([] { parse("layers:\n  - Linear: {inputSize: 4, outputSize: 2, weightInit: sideways}\n"); });
  EXPECT_NE(e.find("net.yaml line 2: layer 0 (Linear)"), std::string::npos) << e;

  e = errorOf([] { parse("layers:\n  - Tanh: {weightInit: msra}\n"); });
  EXPECT_NE(e.find("has no weight and bias initialisers"), std::string::npos) << e;
}

}  // namespace
}  // namespace ringdl
