// The conformance harness: one table with a row per configuration of every registered layer and criterion,
// and the same checks for every row, with no code of its own:
//   GradientCheck: double-precision central differences on inputs (Tensors or nested Tables) and parameters
//     (not for a layer whose backward is by design no derivative: GradientReversal).
//   MatchesPyTorchInDouble/InFloat: forward and backward (output, gradInput, parameter gradients) against
//     PyTorch 1.13, from tests/fixtures/conformance/<row>.txt written by tests/fixtures/gen_conformance.py
//     (parameters are loaded by name), or against the row's hand-derived values where PyTorch has no such
//     layer.
//   RegistryAndConfig: built by createModule(type, options); config() holds the options given and rebuilds
//     the same layer through the registry.
//   SaveAndLoad: saveModel/loadModel gives the same outputs and gradients, bit for bit.
//   Clones: clone() and clone(true) give the same outputs; clone(true) shares the parameters.
//   BadInputNamesTheLayer: the row's bad input is an Error naming the layer (a row of a layer that takes any
//     input says why instead).
// Criterions get the gradient check (w.r.t. the input), PyTorch, registry and bad-input checks (they are not
// saved or cloned), and PartsCombineAsTheWholeBatch: the row's batch split in two along dimension 0 and the
// parts' losses and gradients combined by their batchNormalizer() as the distributed engine combines ranks'
// equal the whole batch's (a row that cannot be split says why: Flags().wholeBatchOnly). The Completeness
// tests fail for a registered type without a row.
//
// Adding a layer or a configuration: a row below, its case in gen_conformance.py (same name), then
// `/usr/bin/python3 tests/fixtures/gen_conformance.py <name>` (docs/layers.md, "How to add a layer").
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "ringdl/io/model_io.h"
#include "ringdl/nn.h"
#include "ringdl/tensor/random.h"
#include "support/activities.h"
#include "support/criterion_fixture.h"
#include "support/grad_check.h"
#include "support/layer_fixture.h"

namespace ringdl {
namespace {

namespace fs = std::filesystem;

/// Where the rows live, for messages (__FILE__ is relative to the build directory).
constexpr const char* kThisFile = "tests/nn/conformance_test.cpp";

// ---- what a row is ----

/// A module's or criterion's input: one shape is a Tensor, several are a Table of Tensors, and tableOf()
/// makes a Table of any entries (nested Tables, a Table of one entry).
struct Inputs {
  Inputs(std::initializer_list<Shape> s) : isTable(s.size() != 1) {
    if (!isTable) shape = *s.begin();
    for (const Shape& entry : s)
      if (isTable) entries.push_back({entry});
  }
  bool isTable;
  Shape shape;                  ///< a Tensor's
  std::vector<Inputs> entries;  ///< a Table's
};

/// A Table of these entries: tableOf({{{2, 3}}, tableOf({{{4}}, {{5}}})}) is {[2, 3], {[4], [5]}}.
Inputs tableOf(std::vector<Inputs> entries) {
  Inputs in{};  // an empty Table
  in.entries = std::move(entries);
  return in;
}

/// A row's hand-derived reference values, for behaviour PyTorch has no layer for.
struct Expected {
  Activity<double> input, gradOutput, output, gradInput;
};

/// The optional part of a row.
struct Flags {
  double lo = -1, hi = 1;  ///< generated inputs are U(lo, hi)
  double margin = 0;       ///< and at least this far from 0 (a non-smooth point, as ReLU's)
  bool evaluate = false;   ///< run in evaluate() mode
  bool checkParameters = true;
  std::string noReference;           ///< why the row has neither a fixture nor expected values
  std::string notAGradient;          ///< why backward is by design not the derivative of forward
  std::string noBadInput;            ///< why the layer rejects no input (it takes any Activity)
  std::string wholeBatch;            ///< why a criterion's loss cannot be split into parts of its batch
  std::optional<Expected> expected;  ///< hand-derived values instead of a PyTorch fixture
  /// Entries of a flat Table input given as they are instead of drawn (RoI boxes, which must lie in the image
  /// and name an image of the batch), the same in gen_conformance.py; they select rather than weigh, so the
  /// gradient check leaves them out (their gradient, zeros, is still compared with PyTorch's).
  std::map<size_t, Tensor<double>> given;
  /// Entries (0 for a Tensor input; an entry of a flat Table) that hold indices: whole numbers drawn in
  /// [from, count) instead of U(lo, hi), the same in gen_conformance.py (indices={entry: (from, count)}). They
  /// select rather than weigh, so the gradient check leaves them out (their gradient, zeros, is still compared
  /// with PyTorch's).
  std::map<size_t, std::pair<int64_t, int64_t>> indexEntries;

  Flags& range(double l, double h) {
    lo = l, hi = h;
    return *this;
  }
  Flags& awayFromZero(double m) {
    margin = m;
    return *this;
  }
  Flags& inEvaluateMode() {
    evaluate = true;
    return *this;
  }
  Flags& withoutParameterCheck() {
    checkParameters = false;
    return *this;
  }
  Flags& withoutGradientCheck(std::string why) {
    notAGradient = std::move(why);
    return *this;
  }
  Flags& withoutReference(std::string why) {
    noReference = std::move(why);
    return *this;
  }
  Flags& acceptsEveryInput(std::string why) {
    noBadInput = std::move(why);
    return *this;
  }
  /// A criterion row whose batch cannot be split along dimension 0 (one sample, a loss over the whole batch).
  Flags& wholeBatchOnly(std::string why) {
    wholeBatch = std::move(why);
    return *this;
  }
  Flags& handDerived(Expected e) {
    expected = std::move(e);
    return *this;
  }
  Flags& givenEntry(size_t entry, Tensor<double> values) {
    given[entry] = std::move(values);
    return *this;
  }
  /// A Tensor input of indices in [0, count) (an embedding's).
  Flags& indices(int64_t count) { return indicesIn(0, count); }
  /// Entry `entry` of a flat Table holds indices in [from, count) (from < 0 draws padding ids too).
  Flags& indicesIn(size_t entry, int64_t count, int64_t from = 0) {
    indexEntries[entry] = {from, count};
    return *this;
  }
};

/// A container row builds its module from a small fixed model (one function per scalar type).
struct Builder {
  ModulePtr<float> (*asFloat)() = nullptr;
  ModulePtr<double> (*asDouble)() = nullptr;
};

/// How a row's module is made: createModule(type, options), or a builder.
struct Make {
  Make(Attributes o) : options(std::move(o)) {}  // NOLINT: implicit, so rows read as data
  Make(Builder b) : builder(b) {}                // NOLINT
  Attributes options;
  Builder builder;
  bool byBuilder() const { return builder.asFloat != nullptr; }
};

struct ModuleRow {
  std::string type;
  Make make;
  Inputs input;
  std::string name;  ///< the fixture case: tests/fixtures/conformance/<name>.txt
  Inputs badInput;   ///< an input the module must reject with an Error naming it
  Flags flags = {};
};

/// A criterion's target: class labels 0..classes-1, or (classes == 0) real values in [lo, hi); or another
/// kind drawn for criterions that need it (1s and -1s, one-hot rows along the last dimension, ...); or a
/// Table of targets (targetTable).
struct Target {
  enum Kind { kDrawn, kSigns, kMultiLabels, kPaddedLabels, kOneHot };
  Shape shape;
  int64_t classes = 0;
  Kind kind = kDrawn;
  double lo = -1, hi = 1;
  bool isTable = false;
  std::vector<Target> entries;  ///< a Table's
};
Target labels(Shape shape, int64_t classes) { return {std::move(shape), classes}; }
Target values(Shape shape) { return {std::move(shape), 0}; }
Target valuesIn(Shape shape, double lo, double hi) { return {std::move(shape), 0, Target::kDrawn, lo, hi}; }
/// +1 or -1 (the margin and embedding criterions' classes and labels).
Target signs(Shape shape) { return {std::move(shape), 0, Target::kSigns}; }
/// One-hot rows along the last dimension (CategoricalCrossEntropy's).
Target oneHot(Shape shape) { return {shape, shape.back(), Target::kOneHot}; }
/// Per row of [N, C] (or a [C]): distinct labels in 0..classes-1, then -1s (MultiLabelMarginCriterion's).
Target multiLabels(Shape shape, int64_t classes) { return {std::move(shape), classes, Target::kMultiLabels}; }
/// Labels in 0..classes-1 or -1, the padding (TimeDistributedMaskCriterion's).
Target paddedLabels(Shape shape, int64_t classes) {
  return {std::move(shape), classes, Target::kPaddedLabels};
}
Target targetTable(std::vector<Target> entries) {
  Target t;
  t.isTable = true;
  t.entries = std::move(entries);
  return t;
}

struct CriterionRow {
  std::string type;
  Attributes options;
  Inputs input;
  Target target;
  std::string name;
  Inputs badInput;  ///< rejected with the row's target
  Flags flags = {};
};

void PrintTo(const ModuleRow& row, std::ostream* os) { *os << row.type << " row '" << row.name << "'"; }
void PrintTo(const CriterionRow& row, std::ostream* os) { *os << row.type << " row '" << row.name << "'"; }

// ---- the small models of the container rows (their PyTorch twins are in gen_conformance.py) ----

template <typename M, typename... A>
std::shared_ptr<M> make(A&&... a) {
  return std::make_shared<M>(std::forward<A>(a)...);
}

template <typename T>
NodePtr<T> named(NodePtr<T> n, const std::string& name) {
  n->setName(name);
  return n;
}

template <typename T>
ModulePtr<T> graphOf(std::vector<NodePtr<T>> inputs, std::vector<NodePtr<T>> outputs) {
  return make<Graph<T>>(std::move(inputs), std::move(outputs));
}

// Reshape{1, 6, 6} -> SpatialConvolution(1, 2, 3, 3) -> Tanh -> Reshape{32} -> Linear(32, 3)
template <typename T>
ModulePtr<T> convSequential() {
  auto s = make<Sequential<T>>();
  s->add(make<Reshape<T>>(Shape{1, 6, 6}));
  s->add(make<SpatialConvolution<T>>(1, 2, 3, 3));
  s->add(make<Tanh<T>>());
  s->add(make<Reshape<T>>(Shape{2 * 4 * 4}));
  s->add(make<Linear<T>>(32, 3));
  return s;
}

// [[Linear(4, 5), Tanh], Linear(5, 2)]
template <typename T>
ModulePtr<T> nestedSequential() {
  auto inner = make<Sequential<T>>();
  inner->add(make<Linear<T>>(4, 5));
  inner->add(make<Tanh<T>>());
  auto s = make<Sequential<T>>();
  s->add(inner);
  s->add(make<Linear<T>>(5, 2));
  return s;
}

// relu(conv2(relu(conv1(x))) + x): ResNet's basic block without batch norm.
template <typename T>
ModulePtr<T> residualGraph() {
  auto x = Input<T>("x");
  auto h = named(node(make<SpatialConvolution<T>>(2, 2, 3, 3, 1, 1, 1, 1), x), "conv1");
  h = node(make<ReLU<T>>(), h);
  h = named(node(make<SpatialConvolution<T>>(2, 2, 3, 3, 1, 1, 1, 1), h), "conv2");
  auto y = node(make<ReLU<T>>(), node(make<CAddTable<T>>(), {h, x}));
  return graphOf<T>({x}, {y});
}

// b1 + tanh(b3) + b1 with parallel 1x1 and 3x3 branches of one input; b1 feeds the sum twice.
template <typename T>
ModulePtr<T> inceptionGraph() {
  auto x = Input<T>("x");
  auto b1 = named(node(make<SpatialConvolution<T>>(2, 3, 1, 1), x), "branch1x1");
  auto b3 = named(node(make<SpatialConvolution<T>>(2, 3, 3, 3, 1, 1, 1, 1), x), "branch3x3");
  auto y = node(make<CAddTable<T>>(), {b1, node(make<Tanh<T>>(), b3), b1});
  return graphOf<T>({x}, {y});
}

// la(a) + lb(b): a Table input.
template <typename T>
ModulePtr<T> twoInputGraph() {
  auto a = Input<T>("a"), b = Input<T>("b");
  auto la = named(node(make<Linear<T>>(3, 4), a), "la");
  auto lb = named(node(make<Linear<T>>(2, 4), b), "lb");
  return graphOf<T>({a, b}, {node(make<CAddTable<T>>(), {la, lb})});
}

// (l(x), sigmoid(l(x))): a Table output.
template <typename T>
ModulePtr<T> twoOutputGraph() {
  auto x = Input<T>("x");
  auto l = named(node(make<Linear<T>>(3, 2), x), "l");
  return graphOf<T>({x}, {l, node(make<Sigmoid<T>>(), l)});
}

// lin(tanh(lin(x))): one module in two nodes, whose gradients add up in one parameter.
template <typename T>
ModulePtr<T> moduleUsedTwiceGraph() {
  auto lin = make<Linear<T>>(3, 3);
  lin->setName("lin");
  auto x = Input<T>("x");
  return graphOf<T>({x}, {node(lin, node(make<Tanh<T>>(), node(lin, x)))});
}

// ConcatTable(Linear(4, 3), [Linear(4, 2), Tanh]) of one Tensor.
template <typename T>
ModulePtr<T> concatTableOfTensor() {
  auto branch = make<Sequential<T>>();
  branch->add(make<Linear<T>>(4, 2));
  branch->add(make<Tanh<T>>());
  auto c = make<ConcatTable<T>>();
  c->add(make<Linear<T>>(4, 3));
  c->add(branch);
  return c;
}

// ConcatTable(CAddTable, ParallelTable(Linear(4, 2), Tanh)) of a Table {a, b}: output {a + b, {la(a),
// tanh(b)}}; the gradInputs (Tables) are summed entry by entry.
template <typename T>
ModulePtr<T> concatTableOfTable() {
  auto parallel = make<ParallelTable<T>>();
  parallel->add(make<Linear<T>>(4, 2));
  parallel->add(make<Tanh<T>>());
  auto c = make<ConcatTable<T>>();
  c->add(make<CAddTable<T>>());
  c->add(parallel);
  return c;
}

// Concat(1) of SpatialConvolution(2, 3, 1, 1) and [SpatialConvolution(2, 2, 3, 3, pad 1), Tanh]: channels.
template <typename T>
ModulePtr<T> concatChannels() {
  auto branch = make<Sequential<T>>();
  branch->add(make<SpatialConvolution<T>>(2, 2, 3, 3, 1, 1, 1, 1));
  branch->add(make<Tanh<T>>());
  auto c = make<Concat<T>>(1);
  c->add(make<SpatialConvolution<T>>(2, 3, 1, 1));
  c->add(branch);
  return c;
}

// Concat(0) of Linear(4, 3) and Linear(4, 3): along the batch.
template <typename T>
ModulePtr<T> concatBatch() {
  auto c = make<Concat<T>>(0);
  c->add(make<Linear<T>>(4, 3));
  c->add(make<Linear<T>>(4, 3));
  return c;
}

// Concat(1) of Linear(4, 3), Tanh and Linear(4, 1): features of [N, 4].
template <typename T>
ModulePtr<T> concatFeatures() {
  auto c = make<Concat<T>>(1);
  c->add(make<Linear<T>>(4, 3));
  c->add(make<Tanh<T>>());
  c->add(make<Linear<T>>(4, 1));
  return c;
}

// ParallelTable(Linear(3, 2), [Linear(2, 4), Tanh]).
template <typename T>
ModulePtr<T> parallelTableTwo() {
  auto branch = make<Sequential<T>>();
  branch->add(make<Linear<T>>(2, 4));
  branch->add(make<Tanh<T>>());
  auto p = make<ParallelTable<T>>();
  p->add(make<Linear<T>>(3, 2));
  p->add(branch);
  return p;
}

// ParallelTable(Tanh, Sigmoid, Linear(2, 3)).
template <typename T>
ModulePtr<T> parallelTableThree() {
  auto p = make<ParallelTable<T>>();
  p->add(make<Tanh<T>>());
  p->add(make<Sigmoid<T>>());
  p->add(make<Linear<T>>(2, 3));
  return p;
}

// MapTable(Linear(3, 2)): one Linear over three entries, its gradients summed over them.
template <typename T>
ModulePtr<T> mapTableLinear() {
  return make<MapTable<T>>(make<Linear<T>>(3, 2));
}

// MapTable([Linear(3, 3), Tanh]).
template <typename T>
ModulePtr<T> mapTableSequential() {
  auto s = make<Sequential<T>>();
  s->add(make<Linear<T>>(3, 3));
  s->add(make<Tanh<T>>());
  return make<MapTable<T>>(s);
}

// Bottle(Linear(4, 3)): [A, B, 4] as [A*B, 4].
template <typename T>
ModulePtr<T> bottleLinear() {
  return make<Bottle<T>>(make<Linear<T>>(4, 3));
}

// Bottle(SpatialConvolution(1, 2, 3, 3), 4): [A, B, 1, H, W] as [A*B, 1, H, W].
template <typename T>
ModulePtr<T> bottleConvolution() {
  return make<Bottle<T>>(make<SpatialConvolution<T>>(1, 2, 3, 3), 4);
}

// Bottle([Reshape{6}, Linear(6, 2)], 3, 2): [A, B, 2, 3] as [A*B, 2, 3], giving [A*B, 2] and then [A, B, 2].
template <typename T>
ModulePtr<T> bottleFewerOutputDims() {
  auto s = make<Sequential<T>>();
  s->add(make<Reshape<T>>(Shape{6}));
  s->add(make<Linear<T>>(6, 2));
  return make<Bottle<T>>(s, 3, 2);
}

// Recurrent(LSTM(4, 5)) over [N, T, 4]: one layer of torch.nn.LSTM(batch_first=True).
template <typename T>
ModulePtr<T> recurrentLstm() {
  return make<Recurrent<T>>(make<LSTM<T>>(4, 5));
}

// Recurrent(LSTM(4, 5), returnSequences = false): each sample's output at its last real step.
template <typename T>
ModulePtr<T> recurrentLstmLast() {
  return make<Recurrent<T>>(make<LSTM<T>>(4, 5), false);
}

// Recurrent(GRU(3, 4)).
template <typename T>
ModulePtr<T> recurrentGru() {
  return make<Recurrent<T>>(make<GRU<T>>(3, 4));
}

// Recurrent(RnnCell(3, 4, relu)).
template <typename T>
ModulePtr<T> recurrentRnnRelu() {
  return make<Recurrent<T>>(make<RnnCell<T>>(3, 4, "relu"));
}

// Recurrent(LSTMPeephole(3, 4)).
template <typename T>
ModulePtr<T> recurrentPeephole() {
  return make<Recurrent<T>>(make<LSTMPeephole<T>>(3, 4));
}

// Recurrent(ConvLSTMPeephole(2, 3, 3, 2)) over [N, T, 2, H, W]: a cell unrolled through clones sharing its
// weights; kernelC = 2 pads "same" unevenly.
template <typename T>
ModulePtr<T> recurrentConvLstm() {
  return make<Recurrent<T>>(make<ConvLSTMPeephole<T>>(2, 3, 3, 2));
}

// Recurrent(ConvLSTMPeephole3D(2, 2, 2, 3, 1, 1)) over [N, T, 2, D, H, W]: explicit padding 1, so the states
// are one larger than the input along each dimension.
template <typename T>
ModulePtr<T> recurrentConvLstm3d() {
  return make<Recurrent<T>>(make<ConvLSTMPeephole3D<T>>(2, 2, 2, 3, 1, 1));
}

// Recurrent(MultiRNNCell(LSTM(4, 5), LSTM(5, 3))): torch.nn.LSTM of two layers, unless their sizes differ.
template <typename T>
ModulePtr<T> recurrentStacked() {
  return make<Recurrent<T>>(
      make<MultiRNNCell<T>>(std::vector<ModulePtr<T>>{make<LSTM<T>>(4, 5), make<LSTM<T>>(5, 3)}));
}

// BiRecurrent(LSTM(4, 3)), concatenated: torch.nn.LSTM(bidirectional=True).
template <typename T>
ModulePtr<T> biRecurrentLstm() {
  return make<BiRecurrent<T>>(make<LSTM<T>>(4, 3));
}

// BiRecurrent(GRU(3, 4), "sum").
template <typename T>
ModulePtr<T> biRecurrentGruSum() {
  return make<BiRecurrent<T>>(make<GRU<T>>(3, 4), "sum");
}

// BiRecurrent(GRU(3, 2), "mul", returnSequences = false).
template <typename T>
ModulePtr<T> biRecurrentGruMulLast() {
  return make<BiRecurrent<T>>(make<GRU<T>>(3, 2), "mul", false);
}

// RecurrentDecoder(3) of GRU(4, 4): each step's output the next step's input.
template <typename T>
ModulePtr<T> recurrentDecoderGru() {
  return make<RecurrentDecoder<T>>(3, make<GRU<T>>(4, 4));
}

// MultiRNNCell(RnnCell(3, 4), LSTM(4, 2)) as one step: states {h1, h2, c2}.
template <typename T>
ModulePtr<T> multiRnnCell() {
  return make<MultiRNNCell<T>>(std::vector<ModulePtr<T>>{make<RnnCell<T>>(3, 4), make<LSTM<T>>(4, 2)});
}

// TimeDistributed(Linear(4, 3)) over [N, T, 4].
template <typename T>
ModulePtr<T> timeDistributedLinear() {
  return make<TimeDistributed<T>>(make<Linear<T>>(4, 3));
}

// The builder of a container row: the model's function template, for each scalar type.
#define RINGDL_BUILDER(f) \
  Builder { f<float>, f<double> }

// ---- the rows ----

using Sizes = std::vector<int64_t>;
using Reals = std::vector<double>;

Attributes conv(int64_t in, int64_t out, int64_t kW, int64_t kH, int64_t dW = 1, int64_t dH = 1,
                int64_t padW = 0, int64_t padH = 0, int64_t groups = 1, bool bias = true) {
  return Attributes()
      .set("nInputPlane", in)
      .set("nOutputPlane", out)
      .set("kernelW", kW)
      .set("kernelH", kH)
      .set("strideW", dW)
      .set("strideH", dH)
      .set("padW", padW)
      .set("padH", padH)
      .set("nGroup", groups)
      .set("withBias", bias);
}

// BigDL's SpatialDilatedConvolution options.
Attributes dilated(int64_t in, int64_t out, int64_t kW, int64_t kH, int64_t dW = 1, int64_t dH = 1,
                   int64_t padW = 0, int64_t padH = 0, int64_t dilationW = 1, int64_t dilationH = 1) {
  return Attributes()
      .set("nInputPlane", in)
      .set("nOutputPlane", out)
      .set("kW", kW)
      .set("kH", kH)
      .set("dW", dW)
      .set("dH", dH)
      .set("padW", padW)
      .set("padH", padH)
      .set("dilationW", dilationW)
      .set("dilationH", dilationH);
}

// BigDL's SpatialFullConvolution options.
Attributes full(int64_t in, int64_t out, int64_t kW, int64_t kH, int64_t dW = 1, int64_t dH = 1,
                int64_t padW = 0, int64_t padH = 0, int64_t adjW = 0, int64_t adjH = 0, int64_t groups = 1,
                bool noBias = false) {
  return Attributes()
      .set("nInputPlane", in)
      .set("nOutputPlane", out)
      .set("kW", kW)
      .set("kH", kH)
      .set("dW", dW)
      .set("dH", dH)
      .set("padW", padW)
      .set("padH", padH)
      .set("adjW", adjW)
      .set("adjH", adjH)
      .set("nGroup", groups)
      .set("noBias", noBias);
}

Attributes temporal(int64_t inputFrameSize, int64_t outputFrameSize, int64_t kernelW, int64_t strideW) {
  return Attributes()
      .set("inputFrameSize", inputFrameSize)
      .set("outputFrameSize", outputFrameSize)
      .set("kernelW", kernelW)
      .set("strideW", strideW);
}

// BigDL's VolumetricConvolution options (kernel and stride in T, W, H order).
Attributes volumetric(int64_t in, int64_t out, int64_t kT, int64_t kW, int64_t kH, int64_t dT = 1,
                      int64_t dW = 1, int64_t dH = 1, int64_t padT = 0, int64_t padW = 0, int64_t padH = 0,
                      bool withBias = true) {
  return Attributes()
      .set("nInputPlane", in)
      .set("nOutputPlane", out)
      .set("kT", kT)
      .set("kW", kW)
      .set("kH", kH)
      .set("dT", dT)
      .set("dW", dW)
      .set("dH", dH)
      .set("padT", padT)
      .set("padW", padW)
      .set("padH", padH)
      .set("withBias", withBias);
}

// BigDL's VolumetricFullConvolution options.
Attributes volumetricFull(int64_t in, int64_t out, int64_t kT, int64_t kW, int64_t kH, int64_t dT = 1,
                          int64_t dW = 1, int64_t dH = 1, int64_t padT = 0, int64_t padW = 0,
                          int64_t padH = 0, int64_t adjT = 0, int64_t adjW = 0, int64_t adjH = 0,
                          int64_t groups = 1, bool noBias = false) {
  return Attributes()
      .set("nInputPlane", in)
      .set("nOutputPlane", out)
      .set("kT", kT)
      .set("kW", kW)
      .set("kH", kH)
      .set("dT", dT)
      .set("dW", dW)
      .set("dH", dH)
      .set("padT", padT)
      .set("padW", padW)
      .set("padH", padH)
      .set("adjT", adjT)
      .set("adjW", adjW)
      .set("adjH", adjH)
      .set("nGroup", groups)
      .set("noBias", noBias);
}

Attributes local1d(int64_t nInputFrame, int64_t inputFrameSize, int64_t outputFrameSize, int64_t kernelW,
                   int64_t strideW = 1, bool withBias = true) {
  return Attributes()
      .set("nInputFrame", nInputFrame)
      .set("inputFrameSize", inputFrameSize)
      .set("outputFrameSize", outputFrameSize)
      .set("kernelW", kernelW)
      .set("strideW", strideW)
      .set("withBias", withBias);
}

// BigDL's LocallyConnected2D options (input width before height, as BigDL).
Attributes local2d(int64_t in, int64_t inputWidth, int64_t inputHeight, int64_t out, int64_t kW, int64_t kH,
                   int64_t dW = 1, int64_t dH = 1, int64_t padW = 0, int64_t padH = 0, bool withBias = true) {
  return Attributes()
      .set("nInputPlane", in)
      .set("inputWidth", inputWidth)
      .set("inputHeight", inputHeight)
      .set("nOutputPlane", out)
      .set("kernelW", kW)
      .set("kernelH", kH)
      .set("strideW", dW)
      .set("strideH", dH)
      .set("padW", padW)
      .set("padH", padH)
      .set("withBias", withBias);
}

// BigDL's SpatialSeparableConvolution options.
Attributes separable(int64_t in, int64_t out, int64_t depthMultiplier, int64_t kW, int64_t kH, int64_t sW = 1,
                     int64_t sH = 1, int64_t pW = 0, int64_t pH = 0, bool hasBias = true) {
  return Attributes()
      .set("nInputChannel", in)
      .set("nOutputChannel", out)
      .set("depthMultiplier", depthMultiplier)
      .set("kW", kW)
      .set("kH", kH)
      .set("sW", sW)
      .set("sH", sH)
      .set("pW", pW)
      .set("pH", pH)
      .set("hasBias", hasBias);
}

Attributes pool(int64_t kW, int64_t kH, int64_t dW, int64_t dH, int64_t padW = 0, int64_t padH = 0,
                bool ceil = false) {
  return Attributes()
      .set("kW", kW)
      .set("kH", kH)
      .set("dW", dW)
      .set("dH", dH)
      .set("padW", padW)
      .set("padH", padH)
      .set("ceilMode", ceil);
}

Attributes linear(int64_t in, int64_t out) {
  return Attributes().set("inputSize", in).set("outputSize", out);
}

Attributes volumetric(Sizes kernel, Sizes stride, Sizes pad = {0, 0, 0}, bool ceil = false) {
  return Attributes()
      .set("kT", kernel[0])
      .set("kW", kernel[1])
      .set("kH", kernel[2])
      .set("dT", stride[0])
      .set("dW", stride[1])
      .set("dH", stride[2])
      .set("padT", pad[0])
      .set("padW", pad[1])
      .set("padH", pad[2])
      .set("ceilMode", ceil);
}

// RoI boxes (batch index, x1, y1, x2, y2) in image coordinates, binary fractions so that float and double see
// the same boxes; gen_conformance.py has the same (ROIS_BATCH, ROIS_ONE_IMAGE).
Tensor<double> roisOfBatch() {  // for features [2, C, 8, 10] at spatialScale 0.5 (an image of 16 x 20)
  return Tensor<double>::fromVector({4, 5}, {0, 1.25, 2.5,  12.75, 9.5,   // inside
                                             1, 0,    0,    19.5,  15.5,  // the whole image, to the last cell
                                             1, 6.25, 3.25, 8.5,   14.75,  // narrower than the bins
                                             0, 15.5, 1,    18.75, 5.75});
}
Tensor<double> roisOfOneImage() {  // for features [1, C, 6, 7] at spatialScale 0.25 (an image of 24 x 28)
  return Tensor<double>::fromVector({3, 5}, {0, 2.5, 3.25, 20.75, 17.5,  //
                                             0, 0, 0, 27.5, 23.5,        // the whole image
                                             0, 10, 10, 10, 10});        // one point
}

// Rows are data: one per line where it fits, so the table reads as a table.
// clang-format off
const std::vector<ModuleRow>& moduleRows() {
  const Attributes none;
  auto avg = [](Attributes a, bool countIncludePad = true) { return a.set("countIncludePad", countIncludePad); };
  auto size = [](Sizes s) { return Attributes().set("size", s); };
  auto sizes = [](Sizes s) { return Attributes().set("sizes", s); };
  auto bn = [](int64_t channels) { return Attributes().set("nOutput", channels); };
  auto hidden = [](int64_t size) { return Attributes().set("hiddenSize", size); };
  auto cell = [](int64_t in, int64_t hiddenSize) {
    return Attributes().set("inputSize", in).set("hiddenSize", hiddenSize);
  };
  auto convLstm = [](int64_t in, int64_t out, int64_t kernelI, int64_t kernelC) {
    return Attributes().set("inputSize", in).set("outputSize", out).set("kernelI", kernelI).set("kernelC", kernelC);
  };
  auto lookup = [](int64_t nIndex, int64_t nOutput) {
    return Attributes().set("nIndex", nIndex).set("nOutput", nOutput);
  };
  auto sparse = [](int64_t nIndex, int64_t nOutput, const char* combiner) {
    return Attributes().set("nIndex", nIndex).set("nOutput", nOutput).set("combiner", std::string(combiner));
  };
  auto attention = [](int64_t hiddenSize, int64_t numHeads) {
    return Attributes().set("hiddenSize", hiddenSize).set("numHeads", numHeads);
  };
  auto transformerLayer = [](int64_t dModel, int64_t nHead, int64_t dimFeedforward) {
    return Attributes().set("dModel", dModel).set("nHead", nHead).set("dimFeedforward", dimFeedforward)
        .set("dropout", 0.0);
  };
  auto transformerLm = [](int64_t vocab, int64_t hidden, int64_t heads, int64_t filter, int64_t layers) {
    return Attributes().set("vocabSize", vocab).set("hiddenSize", hidden).set("numHeads", heads)
        .set("filterSize", filter).set("numHiddenlayers", layers);
  };
  auto positions = [](int64_t maxLength, int64_t hiddenSize) {
    return Attributes().set("maxLength", maxLength).set("hiddenSize", hiddenSize);
  };
  auto mm = [](bool transA, bool transB) { return Attributes().set("transA", transA).set("transB", transB); };
  auto mv = [](bool trans) { return Attributes().set("trans", trans); };
  auto norm = [](double p) { return Attributes().set("norm", p); };
  auto crop2 = [](Sizes h, Sizes w) { return Attributes().set("heightCrop", h).set("widthCrop", w); };
  auto crop3 = [](Sizes a, Sizes b, Sizes c) {
    return Attributes().set("dim1Crop", a).set("dim2Crop", b).set("dim3Crop", c);
  };
  auto narrowAt = [](int64_t dimension, int64_t offset, int64_t length) {
    return Attributes().set("dimension", dimension).set("offset", offset).set("length", length);
  };
  auto selectAt = [](int64_t dimension, int64_t index) {
    return Attributes().set("dimension", dimension).set("index", index);
  };
  auto padding = [](int64_t dim, int64_t pad, int64_t nInputDim) {
    return Attributes().set("dim", dim).set("pad", pad).set("nInputDim", nInputDim);
  };
  auto zeroPad = [](int64_t l, int64_t r, int64_t t, int64_t b) {
    return Attributes().set("padLeft", l).set("padRight", r).set("padTop", t).set("padBottom", b);
  };
  auto resize = [](int64_t h, int64_t w) { return Attributes().set("outputHeight", h).set("outputWidth", w); };
  auto initP = [](double p) { return Attributes().set("initP", p); };
  const std::string maps = "the masks are random (spatial_dropout_test.cpp checks them)";
  auto lp = [](double p) { return Attributes().set("p", p); };
  auto lpScale = [](double p, double scale, Sizes size) {
    return Attributes().set("p", p).set("scale", scale).set("size", size);
  };
  auto lrn = [](int64_t size, double alpha, double beta, double k) {
    return Attributes().set("size", size).set("alpha", alpha).set("beta", beta).set("k", k);
  };
  auto lrnWithin = [](int64_t size, double alpha, double beta) {
    return Attributes().set("size", size).set("alpha", alpha).set("beta", beta);
  };
  const Flags wide = Flags().range(-3, 3);
  const Flags large = Flags().range(990, 1010);  // exp() overflows here without max subtraction
  const Flags evaluate = Flags().inEvaluateMode();
  const std::string random = "the mask is random (dropout_test.cpp checks its statistics)";
  const Flags reversed = Flags().withoutGradientCheck("it reverses the gradient (PyTorch's twin checks it)");
  auto join = [](int64_t d, int64_t nInputDims = 0) {
    return Attributes().set("dimension", d).set("nInputDims", nInputDims);
  };
  auto split = join;
  auto select = [](int64_t index) { return Attributes().set("index", index); };
  auto narrow = [](int64_t offset, int64_t length = 1) {
    return Attributes().set("offset", offset).set("length", length);
  };
  auto mixture = [](int64_t dim) { return Attributes().set("dim", dim); };
  const Flags anything = Flags().acceptsEveryInput("the output is the input, whatever it is");
  const Inputs twoVectors = {{7}, {7}};  // a Table, for single-tensor layers
  const Inputs rank5 = {{2, 2, 2, 2, 2}};
  auto bilinear = [](int64_t in1, int64_t in2, int64_t out) {
    return Attributes().set("inputSize1", in1).set("inputSize2", in2).set("outputSize", out);
  };
  auto maxout = [](int64_t in, int64_t out, int64_t groups) {
    return linear(in, out).set("maxoutNumber", groups);
  };
  auto highway = [](int64_t size, bool withBias, std::string activation) {
    return Attributes().set("size", size).set("withBias", withBias).set("activation", activation);
  };
  auto global = [](Attributes a) { return a.set("globalPooling", true); };
  auto temporalPool = [](int64_t kW, int64_t dW) { return Attributes().set("kW", kW).set("dW", dW); };
  auto volumetricAvg = [](Attributes a, bool countIncludePad) { return a.set("countIncludePad", countIncludePad); };
  auto roiPooling = [](int64_t pooledW, int64_t pooledH, double scale) {
    return Attributes().set("pooledW", pooledW).set("pooledH", pooledH).set("spatialScale", scale);
  };
  auto roiAlign = [](double scale, int64_t samplingRatio, int64_t pooledH, int64_t pooledW, bool aligned = false,
                     const char* mode = "avg") {
    return Attributes()
        .set("spatialScale", scale)
        .set("samplingRatio", samplingRatio)
        .set("pooledH", pooledH)
        .set("pooledW", pooledW)
        .set("mode", mode)
        .set("aligned", aligned);
  };
  const Flags batchRois = Flags().givenEntry(1, roisOfBatch());
  const Flags oneImageRois = Flags().givenEntry(1, roisOfOneImage());
  static const std::vector<ModuleRow> rows = {
      {"Abs", none, {{4, 5}}, "abs", twoVectors, Flags().awayFromZero(0.1)},

      // BigDL's Add: [inputSize], or a batch [N, ...] of inputSize elements per sample.
      {"Add", Attributes().set("inputSize", int64_t{5}), {{4, 5}}, "add_batch", {{4, 6}}},
      {"Add", Attributes().set("inputSize", int64_t{5}), {{5}}, "add_vector", {{6}}},
      {"Add", Attributes().set("inputSize", int64_t{6}), {{3, 2, 3}}, "add_batch_of_matrices", {{6, 1}}},

      {"AddConstant", Attributes().set("constantScalar", 1.5), {{4, 5}}, "addconstant", twoVectors},

      {"BatchNormalization", bn(3), {{5, 3}}, "batchnorm_training", {{5, 4}}},
      {"BatchNormalization", bn(3).set("affine", false).set("eps", 1e-3).set("momentum", 0.3), {{4, 3}},
       "batchnorm_noaffine", {{4, 3, 1, 1}}},
      {"BatchNormalization", bn(3), {{4, 3}}, "batchnorm_evaluate", {{4, 2}}, evaluate},
      {"BatchNormalization", bn(2), {{6, 2}}, "batchnorm_large_mean", {{6, 3}}, Flags().range(990, 1010)},

      {"Bilinear", bilinear(3, 4, 2), {{5, 3}, {5, 4}}, "bilinear_batch", {{5, 3}, {5, 5}}},
      {"Bilinear", bilinear(2, 3, 3).set("biasRes", false), {{4, 2}, {4, 3}}, "bilinear_nobias", {{4, 2}}},
      {"Bilinear", bilinear(3, 4, 2), {{3}, {4}}, "bilinear_one_sample", {{3}, {4}, {4}}},

      {"BinaryThreshold", none, {{4, 5}}, "binarythreshold_default", twoVectors, Flags().awayFromZero(0.01)},
      {"BinaryThreshold", Attributes().set("th", 0.3), {{2, 3, 4}}, "binarythreshold_th", twoVectors},

      {"BiRecurrent", RINGDL_BUILDER(biRecurrentLstm), {{2, 4, 4}}, "birecurrent_lstm", {{2, 4, 3}}},
      {"BiRecurrent", RINGDL_BUILDER(biRecurrentLstm), {{3, 4, 4}, {3}}, "birecurrent_lstm_lengths", {{3, 4, 4}, {2}},
       Flags().givenEntry(1, Tensor<double>::fromVector({3}, {4, 1, 3}))},
      {"BiRecurrent", RINGDL_BUILDER(biRecurrentGruSum), {{2, 3, 3}}, "birecurrent_gru_sum", {{2, 3}}},
      {"BiRecurrent", RINGDL_BUILDER(biRecurrentGruMulLast), {{3, 4, 3}, {3}}, "birecurrent_gru_mul_last",
       {{3, 4}}, Flags().givenEntry(1, Tensor<double>::fromVector({3}, {2, 4, 1}))},

      {"Bottle", RINGDL_BUILDER(bottleLinear), {{2, 3, 4}}, "bottle_linear", {{2, 3, 5}}},
      {"Bottle", RINGDL_BUILDER(bottleLinear), {{5, 4}}, "bottle_not_folded", {{5, 3}}},
      {"Bottle", RINGDL_BUILDER(bottleConvolution), {{2, 3, 1, 5, 5}}, "bottle_convolution", {{2, 3, 2, 5, 5}}},
      {"Bottle", RINGDL_BUILDER(bottleFewerOutputDims), {{2, 4, 2, 3}}, "bottle_fewer_output_dims", {{2, 4, 3, 3}}},

      // BigDL's size rule: as many elements (any shape), or the input's rank or one less with 1s broadcast.
      {"CAdd", size({1, 3}), {{4, 3}}, "cadd_batch_row", {{4, 4}}},
      {"CAdd", size({3, 1}), {{2, 3, 4}}, "cadd_batch_column", {{2, 4, 4}}},
      {"CAdd", size({2, 1, 4}), {{2, 3, 4}}, "cadd_same_rank", {{2, 3, 3}}},
      {"CAdd", size({3, 4}), {{3, 4}}, "cadd_one_sample", {{4, 3, 2}}},
      {"CAdd", size({6}), {{2, 3}}, "cadd_as_many_elements", {{2, 4}}},

      {"CAddTable", none, {{3, 4}, {3, 4}}, "caddtable_two", {{2, 3}, {3, 2}}},
      {"CAddTable", none, {{2, 3, 2}, {2, 3, 2}, {2, 3, 2}}, "caddtable_three", {{2, 3}}},

      {"CAveTable", none, {{3, 4}, {3, 4}}, "cavetable_two", {{3, 4}, {4, 3}}},
      {"CAveTable", none, {{2, 3, 2}, {2, 3, 2}, {2, 3, 2}}, "cavetable_three", {{2, 3, 2}}},

      // The divisor kept away from 0, on either side (both entries share the row's range).
      {"CDivTable", none, {{3, 4}, {3, 4}}, "cdivtable_positive", {{3, 4}, {3, 4}, {3, 4}}, Flags().range(0.5, 2)},
      {"CDivTable", none, {{2, 3, 2}, {2, 3, 2}}, "cdivtable_negative", {{2, 3, 2}, {2, 3}},
       Flags().range(-2, -0.5)},

      {"Clamp", Attributes().set("min", -0.5).set("max", 0.7), {{4, 5}}, "clamp", twoVectors},

      {"CMaxTable", none, {{3, 4}, {3, 4}}, "cmaxtable_two", {{3, 4}}},
      {"CMaxTable", none, {{2, 3, 2}, {2, 3, 2}, {2, 3, 2}}, "cmaxtable_three", {{2, 3, 2}, {2, 3, 2}, {2, 2, 2}}},

      {"CMinTable", none, {{3, 4}, {3, 4}}, "cmintable_two", {{3, 4}}},
      {"CMinTable", none, {{2, 3, 2}, {2, 3, 2}, {2, 3, 2}}, "cmintable_three", {{2, 3, 2}, {2, 3, 3}}},

      {"CMul", size({1, 3}), {{4, 3}}, "cmul_batch_row", {{4, 4}}},
      {"CMul", size({3, 1, 1}), {{2, 3, 4, 4}}, "cmul_channels", {{2, 4, 4, 4}}},
      {"CMul", size({2, 1, 4}), {{2, 3, 4}}, "cmul_same_rank", {{3, 3, 4}}},
      {"CMul", size({5}), {{5}}, "cmul_one_sample", {{6}}},
      {"CMul", size({2, 3}), {{3, 2}}, "cmul_as_many_elements", {{3, 3}}},

      {"CMulTable", none, {{3, 4}, {3, 4}}, "cmultable_two", {{3, 4}, {3, 5}}},
      {"CMulTable", none, {{2, 3, 2}, {2, 3, 2}, {2, 3, 2}}, "cmultable_three", {{2, 3, 2}}},
      {"CMulTable", none, {{5}, {5}, {5}, {5}}, "cmultable_four", {{5}, {5}, {6}, {5}}},

      {"Concat", RINGDL_BUILDER(concatChannels), {{2, 2, 4, 4}}, "concat_channels", {{2, 3, 4, 4}}},
      {"Concat", RINGDL_BUILDER(concatBatch), {{2, 4}}, "concat_batch", {{2, 5}}},
      {"Concat", RINGDL_BUILDER(concatFeatures), {{3, 4}}, "concat_features", {{4}}},

      {"ConcatTable", RINGDL_BUILDER(concatTableOfTensor), {{3, 4}}, "concattable_tensor", {{3, 5}}},
      {"ConcatTable", RINGDL_BUILDER(concatTableOfTable), {{3, 4}, {3, 4}}, "concattable_table",
       {{3, 4}, {3, 4}, {3, 4}}},

      {"Contiguous", none, {{3, 4}}, "contiguous", twoVectors},

      // A step {x, {h, c}}; the bad input has 3 channels for inputSize 2.
      {"ConvLSTMPeephole", convLstm(2, 3, 3, 2), tableOf({{{2, 2, 5, 4}}, tableOf({{{2, 3, 5, 4}}, {{2, 3, 5, 4}}})}),
       "convlstmpeephole_step", tableOf({{{2, 3, 5, 4}}, tableOf({{{2, 3, 5, 4}}, {{2, 3, 5, 4}}})})},
      // Stride 2 on the input (states [N, 2, 3, 3] for x 5 x 6), no peepholes.
      {"ConvLSTMPeephole", convLstm(2, 2, 2, 3).set("stride", int64_t{2}).set("withPeephole", false),
       tableOf({{{2, 2, 5, 6}}, tableOf({{{2, 2, 3, 3}}, {{2, 2, 3, 3}}})}), "convlstmpeephole_step_stride_nopeephole",
       tableOf({{{2, 2, 5, 6}}, tableOf({{{2, 2, 5, 6}}, {{2, 2, 5, 6}}})})},
      {"ConvLSTMPeephole3D", convLstm(2, 2, 3, 2),
       tableOf({{{2, 2, 3, 4, 3}}, tableOf({{{2, 2, 3, 4, 3}}, {{2, 2, 3, 4, 3}}})}), "convlstmpeephole3d_step",
       tableOf({{{2, 2, 3, 4}}, tableOf({{{2, 2, 3, 4}}, {{2, 2, 3, 4}}})})},

      {"Cosine", linear(5, 3), {{4, 5}}, "cosine_batch", {{4, 6}}},
      {"Cosine", linear(5, 3), {{5}}, "cosine_vector", {{2, 3, 5}}},

      {"CosineDistance", none, {{4, 5}, {4, 5}}, "cosinedistance_batch", {{4, 5}, {4, 6}}},
      {"CosineDistance", none, {{5}, {5}}, "cosinedistance_vector", {{5}}},

      {"Cropping2D", crop2(Sizes{1, 0}, Sizes{0, 2}), {{2, 2, 4, 5}}, "cropping2d_nchw", {{2, 4, 5}}},
      {"Cropping2D", crop2(Sizes{1, 1}, Sizes{2, 1}).set("dataFormat", "NHWC"), {{2, 4, 5, 3}}, "cropping2d_nhwc",
       {{2, 2, 3, 3}}},

      {"Cropping3D", crop3(Sizes{1, 0}, Sizes{0, 1}, Sizes{1, 1}), {{2, 2, 3, 4, 5}}, "cropping3d_channel_first",
       {{2, 2, 3, 4}}},
      {"Cropping3D", crop3(Sizes{0, 1}, Sizes{1, 1}, Sizes{2, 0}).set("dataFormat", "channel_last"), {{1, 3, 4, 4, 2}},
       "cropping3d_channel_last", {{1, 1, 4, 4, 2}}},

      {"CSubTable", none, {{3, 4}, {3, 4}}, "csubtable_matrix", {{3, 4}, {3, 4}, {3, 4}}},
      {"CSubTable", none, {{2, 3, 2}, {2, 3, 2}}, "csubtable_rank3", {{2, 3, 2}}},

      {"DotProduct", none, {{4, 5}, {4, 5}}, "dotproduct_batch", {{2, 4, 5}, {2, 4, 5}}},
      {"DotProduct", none, {{5}, {5}}, "dotproduct_vector", {{5}, {4}}},

      {"Dropout", Attributes().set("p", 0.4), {{4, 5}}, "dropout_training", twoVectors,
       Flags().withoutReference(random)},
      {"Dropout", Attributes().set("p", 0.3).set("scale", false), {{2, 3, 4}}, "dropout_unscaled_training",
       twoVectors, Flags().withoutReference(random)},
      {"Dropout", Attributes().set("p", 0.4), {{4, 5}}, "dropout_evaluate", twoVectors, evaluate},
      // BigDL's Dropout without scale multiplies by 1 - p in evaluate(); PyTorch has no such mode.
      {"Dropout", Attributes().set("p", 0.25).set("scale", false), {{2, 2}}, "dropout_unscaled_evaluate",
       twoVectors, Flags().inEvaluateMode().handDerived({
           Tensor<double>::fromVector({2, 2}, {1, -2, 3, 0.5}),          // input
           Tensor<double>::fromVector({2, 2}, {1, 1, 2, -4}),            // gradOutput
           Tensor<double>::fromVector({2, 2}, {0.75, -1.5, 2.25, 0.375}),  // output = 0.75 input
           Tensor<double>::fromVector({2, 2}, {0.75, 0.75, 1.5, -3})})},    // gradInput = 0.75 gradOutput

      {"ELU", none, {{4, 5}}, "elu_default", twoVectors, wide},
      {"ELU", Attributes().set("alpha", 0.5), {{2, 3, 4}}, "elu_alpha", twoVectors, wide},

      {"Euclidean", linear(5, 3), {{4, 5}}, "euclidean_batch", {{4, 3}}},
      {"Euclidean", linear(5, 3), {{5}}, "euclidean_vector", twoVectors},

      {"Exp", none, {{4, 5}}, "exp", twoVectors, wide},

      {"Flatten", none, {{2, 3, 4}}, "flatten", {{5}}},
      {"Flatten", none, {{1, 2, 2, 2}}, "flatten_batch_of_one", {{4}}},

      {"FlattenTable", none, tableOf({{{2}}, tableOf({{{3}}, tableOf({{{2, 2}}}), {{1}}}), {{4}}}),
       "flattentable_nested", {{2, 3}}},
      {"FlattenTable", none, {{2, 3}, {4}}, "flattentable_flat", {{4}}},

      {"GaussianDropout", Attributes().set("rate", 0.3), {{4, 5}}, "gaussiandropout_training", twoVectors,
       Flags().withoutReference("the noise is random (gaussian_dropout_test.cpp checks its statistics)")},
      {"GaussianDropout", Attributes().set("rate", 0.3), {{4, 5}}, "gaussiandropout_evaluate", twoVectors, evaluate},

      {"GaussianNoise", Attributes().set("stddev", 0.2), {{4, 5}}, "gaussiannoise_training", twoVectors,
       Flags().withoutReference("the noise is random (gaussian_noise_test.cpp checks its statistics)")},
      {"GaussianNoise", Attributes().set("stddev", 0.2), {{4, 5}}, "gaussiannoise_evaluate", twoVectors, evaluate},

      {"GELU", none, {{4, 5}}, "gelu", twoVectors, wide},

      // Keras-in-BigDL's shapes: [N, C] (SpatialAveragePooling's globalPooling keeps [N, C, 1, 1]).
      {"GlobalAveragePooling2D", none, {{2, 3, 4, 5}}, "globalaveragepooling2d_batch", {{3, 4}}},
      {"GlobalAveragePooling2D", none, {{3, 5, 4}}, "globalaveragepooling2d_single", {{2, 1, 3, 4, 5}}},

      {"GlobalMaxPooling2D", none, {{2, 3, 4, 5}}, "globalmaxpooling2d_batch", {{3, 4}}},
      {"GlobalMaxPooling2D", none, {{3, 5, 4}}, "globalmaxpooling2d_single", {{2, 1, 3, 4, 5}}},

      {"GradientReversal", none, {{4, 5}}, "gradientreversal_default", twoVectors, reversed},
      {"GradientReversal", Attributes().set("lambda", 0.5), {{2, 3, 4}}, "gradientreversal_lambda", twoVectors,
       reversed},

      {"Graph", RINGDL_BUILDER(residualGraph), {{2, 2, 5, 5}}, "graph_residual", {{2, 3, 5, 5}}},
      {"Graph", RINGDL_BUILDER(inceptionGraph), {{2, 2, 3, 3}}, "graph_inception", {{2, 3, 3, 3}}},
      {"Graph", RINGDL_BUILDER(twoInputGraph), {{5, 3}, {5, 2}}, "graph_two_inputs", {{5, 3}}},
      {"Graph", RINGDL_BUILDER(twoOutputGraph), {{4, 3}}, "graph_two_outputs", {{4, 2}}},
      {"Graph", RINGDL_BUILDER(moduleUsedTwiceGraph), {{2, 3}}, "graph_module_used_twice", {{2, 4}}},

      {"GRU", cell(3, 4), tableOf({{{2, 3}}, tableOf({{{2, 4}}})}), "gru_step", tableOf({{{2, 4}}, tableOf({{{2, 4}}})})},
      {"GRU", cell(3, 4).set("withBias", false), tableOf({{{3, 3}}, tableOf({{{3, 4}}})}), "gru_step_nobias", {{3, 3}}},

      {"HardShrink", none, {{4, 5}}, "hardshrink_default", twoVectors, wide},
      {"HardShrink", Attributes().set("lambda", 1.0), {{4, 5}}, "hardshrink_lambda", twoVectors, wide},

      {"HardSigmoid", none, {{4, 5}}, "hardsigmoid", twoVectors, Flags().range(-4, 4)},

      {"HardSwish", none, {{4, 5}}, "hardswish", twoVectors, Flags().range(-5, 5)},

      {"HardTanh", none, {{4, 5}}, "hardtanh_default", twoVectors, wide},
      {"HardTanh", Attributes().set("minValue", -2.0).set("maxValue", 0.5), {{4, 5}}, "hardtanh_bounds", twoVectors,
       wide},

      {"Highway", highway(4, true, ""), {{3, 4}}, "highway_linear", {{3, 5}}},
      {"Highway", highway(4, true, "Tanh"), {{3, 4}}, "highway_tanh", {{4}, {4}}},
      {"Highway", highway(4, false, "Sigmoid"), {{4}}, "highway_sigmoid_nobias_vector", {{2, 2}}},

      {"Identity", none, {{2, 3}}, "identity_tensor", {}, anything},
      {"Identity", none, tableOf({{{2, 3}}, tableOf({{{4}}, {{2, 2}}})}), "identity_table", {}, anything},

      // BigDL's rule: with nInputDims > 0, entries of nInputDims + 1 dimensions are a batch.
      // BigDL's 0 (the input's size at that position) and -1 (inferred).
      {"InferReshape", size({0, -1}), {{2, 3, 4}}, "inferreshape_keep_first", {{}}},
      {"InferReshape", size({4, 0, -1}), {{2, 3, 4}}, "inferreshape_zero_and_inferred", {{5, 2}}},
      {"InferReshape", size({-1, 2}).set("batchMode", true), {{3, 2, 4}}, "inferreshape_batch", {{3, 5}}},

      {"JoinTable", join(0), {{2, 3}, {4, 3}}, "jointable_dim0", {{2, 3}, {2, 4}}},
      {"JoinTable", join(1), {{2, 3}, {2, 1}, {2, 4}}, "jointable_dim1_three", {{2}, {2}}},
      {"JoinTable", join(-1), {{2, 3, 2}, {2, 3, 4}}, "jointable_negative", {{2, 3, 2}}},
      {"JoinTable", join(0, 2), {{2, 3, 4}, {2, 1, 4}}, "jointable_batch", {{2, 3, 4}, {3, 3, 4}}},
      {"JoinTable", join(0, 2), {{3, 4}, {1, 4}}, "jointable_batch_rule_single_sample", {{3, 4}, {3, 5}}},

      {"LayerNormalization", hidden(5), {{4, 5}}, "layernorm_matrix", {{4, 6}}},
      {"LayerNormalization", hidden(4).set("eps", 1e-3), {{2, 3, 4}}, "layernorm_rank3_eps", {{2, 4, 3}}},
      {"LayerNormalization", hidden(6), {{6}}, "layernorm_vector", {{5}}},
      {"LayerNormalization", hidden(8), {{3, 8}}, "layernorm_large_mean", {{3, 7}}, Flags().range(990, 1010)},

      {"LeakyReLU", none, {{4, 5}}, "leakyrelu_default", twoVectors, Flags().awayFromZero(0.1)},
      {"LeakyReLU", Attributes().set("negval", 0.2), {{2, 3, 4}}, "leakyrelu_negval", twoVectors,
       Flags().awayFromZero(0.1)},

      {"Linear", linear(5, 3), {{4, 5}}, "linear_batch", {{4, 6}}},
      {"Linear", linear(5, 3), {{5}}, "linear_vector", {{6}}},
      {"Linear", linear(5, 3).set("withBias", false), {{4, 5}}, "linear_nobias", {{4, 5, 1}}},

      {"LocallyConnected1D", local1d(7, 4, 3, 3, 1), {{2, 7, 4}}, "locallyconnected1d_batch", {{2, 6, 4}}},
      {"LocallyConnected1D", local1d(9, 3, 2, 3, 2, false), {{2, 9, 3}}, "locallyconnected1d_stride2_nobias",
       {{2, 9, 4}}},
      {"LocallyConnected1D", local1d(8, 2, 3, 2, 3), {{8, 2}}, "locallyconnected1d_single_stride_over_kernel", {{8}}},

      {"LocallyConnected2D", local2d(2, 5, 4, 3, 3, 2), {{2, 2, 4, 5}}, "locallyconnected2d_batch", {{2, 2, 5, 4}}},
      {"LocallyConnected2D", local2d(3, 6, 5, 2, 2, 3, 2, 1, 1, 1, false), {{2, 3, 5, 6}},
       "locallyconnected2d_stride_pad_nobias", {{2, 2, 5, 6}}},
      {"LocallyConnected2D", local2d(2, 4, 4, 2, 2, 2, 2, 2), {{2, 4, 4}}, "locallyconnected2d_input3d", {{2, 4}}},

      {"Log", none, {{4, 5}}, "log", twoVectors, Flags().range(0.1, 3)},

      {"LogSigmoid", none, {{4, 5}}, "logsigmoid", twoVectors, wide},
      {"LogSigmoid", none, {{3, 4}}, "logsigmoid_large", twoVectors, Flags().range(-40, 40)},

      {"LogSoftMax", none, {{7}}, "logsoftmax_vector", rank5, wide},
      {"LogSoftMax", none, {{4, 10}}, "logsoftmax_matrix", rank5, wide},
      {"LogSoftMax", none, {{3, 4, 5}}, "logsoftmax_image", rank5, wide},
      {"LogSoftMax", none, {{2, 3, 4, 5}}, "logsoftmax_batch", rank5, wide},
      {"LogSoftMax", none, {{3, 6}}, "logsoftmax_large", rank5, large},

      {"LSTM", cell(4, 3), tableOf({{{2, 4}}, tableOf({{{2, 3}}, {{2, 3}}})}), "lstm_step", tableOf({{{2, 4}}, tableOf({{{2, 3}}})})},
      {"LSTMPeephole", cell(3, 4), tableOf({{{2, 3}}, tableOf({{{2, 4}}, {{2, 4}}})}), "lstmpeephole_step",
       tableOf({{{2, 3}}, tableOf({{{2, 4}}, {{2, 5}}})})},

      {"MapTable", RINGDL_BUILDER(mapTableLinear), {{4, 3}, {4, 3}, {4, 3}}, "maptable_linear", {{4, 3}, {4, 4}}},
      {"MapTable", RINGDL_BUILDER(mapTableSequential), {{2, 3}, {2, 3}}, "maptable_sequential", {{2, 3}}},

      {"Masking", Attributes().set("maskValue", 0.5), {{2, 3, 4}}, "masking", {{2, 3}}},

      {"Max", none, {{3, 4}}, "max_default", {{}}},
      {"Max", Attributes().set("dim", 0).set("numInputDims", 2), {{2, 3, 4}}, "max_batch", {{}}},
      {"Max", Attributes().set("dim", -1), {{2, 3, 4}}, "max_negative", {{}}},
      {"Max", none, {{5}}, "max_vector", {{}}},

      // BigDL's grouping: the Linear's output k * outputSize + j is group k's candidate for output j.
      {"Maxout", maxout(5, 3, 4), {{4, 5}}, "maxout_batch", {{4, 4}}},
      {"Maxout", maxout(5, 3, 2).set("withBias", false), {{5}}, "maxout_nobias_vector", {{3, 5, 1}}},
      {"Maxout", maxout(4, 2, 1), {{3, 4}}, "maxout_one_group", twoVectors},
      // Random inputs never equal maskValue: masking_test.cpp checks the masked steps.
      // BigDL's rules: a negative dimension counts from the end; with nInputDims (numInputDims) an input of one
      // more dimension is a batch; the reduced dimension is dropped unless the input has one dimension.

      {"Mean", none, {{3, 4}}, "mean_default", {{}}},
      {"Mean", Attributes().set("dimension", 1).set("nInputDims", 2), {{2, 3, 4}}, "mean_batch", {{4}}},
      {"Mean", Attributes().set("dimension", 1).set("squeeze", false), {{3, 4}}, "mean_no_squeeze", {{3}}},

      {"Min", none, {{3, 4}}, "min_default", {{}}},
      {"Min", Attributes().set("dim", 1).set("numInputDims", 1), {{2, 3, 4}}, "min_batch", {{}}},
      {"Min", none, {{5}}, "min_vector", {{}}},

      {"Mish", none, {{4, 5}}, "mish", twoVectors, wide},

      {"MixtureTable", none, {{3, 4}, {3, 4, 5}}, "mixturetable_tensor", {{3, 4}, {3, 5, 5}}},
      {"MixtureTable", mixture(2), {{2, 3}, {2, 4, 3}}, "mixturetable_tensor_dim2", {{2, 3}, {2, 3, 4}}},
      {"MixtureTable", none, {{3}, {3, 4}}, "mixturetable_tensor_one_sample", {{3}, {4, 3}}},
      {"MixtureTable", none, tableOf({{{3, 2}}, tableOf({{{3, 4}}, {{3, 4}}})}), "mixturetable_table",
       tableOf({{{3, 3}}, tableOf({{{3, 4}}, {{3, 4}}})})},
      {"MixtureTable", none, tableOf({{{2, 3}}, tableOf({{{2, 2, 3}}, {{2, 2, 3}}, {{2, 2, 3}}})}),
       "mixturetable_table_rank3", tableOf({{{2, 2}}, tableOf({{{2, 3}}, {{2, 4}}})})},
      {"MixtureTable", none, tableOf({{{2}}, tableOf({{{4}}, {{4}}})}), "mixturetable_table_one_sample",
       {{2}, {2, 4}, {2, 4}}},

      {"MM", mm(false, false), {{3, 4}, {4, 2}}, "mm_plain", {{3, 4}, {5, 2}}},
      {"MM", mm(true, false), {{4, 3}, {4, 2}}, "mm_trans_a", {{3, 4}, {4, 2}}},
      {"MM", mm(false, true), {{3, 4}, {2, 4}}, "mm_trans_b", {{3, 4}, {4, 2}}},
      {"MM", mm(true, true), {{4, 3}, {2, 4}}, "mm_trans_both", {{4, 3}, {2, 4}, {2, 4}}},
      {"MM", mm(false, false), {{2, 3, 4}, {2, 4, 5}}, "mm_batch", {{2, 3, 4}, {3, 4, 5}}},
      {"MM", mm(true, true), {{2, 4, 3}, {2, 5, 4}}, "mm_batch_trans_both", {{2, 4, 3}, {5, 4}}},
      {"MM", mm(false, true), {{2, 2, 3, 4}, {2, 2, 2, 4}}, "mm_batch_4d", {{2, 2, 3, 4}, {2, 3, 2, 4}}},

      {"Mul", none, {{4, 5}}, "mul_matrix", twoVectors},
      {"Mul", none, {{3}}, "mul_vector", twoVectors},

      {"MulConstant", Attributes().set("scalar", -2.5), {{4, 5}}, "mulconstant", twoVectors},

      {"MultiRNNCell", RINGDL_BUILDER(multiRnnCell), tableOf({{{2, 3}}, tableOf({{{2, 4}}, {{2, 2}}, {{2, 2}}})}),
       "multirnncell_step", tableOf({{{2, 3}}, tableOf({{{2, 4}}, {{2, 2}}})})},

      {"MV", mv(false), {{3, 4}, {4}}, "mv_plain", {{3, 4}, {3}}},
      {"MV", mv(true), {{4, 3}, {4}}, "mv_trans", {{4, 3}, {3}}},
      {"MV", mv(false), {{2, 3, 4}, {2, 4}}, "mv_batch", {{2, 3, 4}, {3, 4}}},
      {"MV", mv(true), {{2, 4, 3}, {2, 4}}, "mv_batch_trans", {{2, 4, 3}, {4}}},

      {"Narrow", narrowAt(1, 1, 2), {{3, 4}}, "narrow_dim1", {{3, 2}}},
      {"Narrow", narrowAt(0, 2, 1), {{4, 3}}, "narrow_dim0", {{2, 3}}},
      // Negative: the last dimension, from 3 before the end, up to the end (BigDL's -1 length).
      {"Narrow", narrowAt(-1, -3, -1), {{2, 3, 5}}, "narrow_negative", {{2, 3, 2}}},

      {"NarrowTable", narrow(1), {{2}, {3}, {4}}, "narrowtable_one", tableOf({{{2}}})},
      {"NarrowTable", narrow(0, 2), {{2}, {3}, {4}}, "narrowtable_two", {{2, 3}}},
      {"NarrowTable", narrow(1, -1), tableOf({{{2}}, {{3}}, tableOf({{{2, 2}}, {{1}}}), {{4}}}),
       "narrowtable_to_the_end", tableOf({{{2}}})},
      {"NarrowTable", narrow(0, -2), {{2}, {3}, {4}}, "narrowtable_all_but_last", tableOf({{{2}}})},

      {"Negative", none, {{4, 5}}, "negative", twoVectors},

      {"Normalize", lp(2), {{4, 5}}, "normalize_p2", {{2, 3, 4}}},
      {"Normalize", lp(1), {{4, 5}}, "normalize_p1", {{2, 3, 4}}, Flags().awayFromZero(0.05)},
      {"Normalize", lp(3), {{2, 3, 2, 2}}, "normalize_p3_image", {{3, 2, 2}}},
      {"Normalize", lp(2), {{2, 4, 3, 3}}, "normalize_p2_image", {{2, 4, 3, 3, 1}}},
      {"Normalize", lp(1.5), {{6}}, "normalize_vector_p1_5", twoVectors},
      {"Normalize", lp(2).set("eps", 0.5), {{3, 4}}, "normalize_eps_inside_root", {{3, 4, 1}}},
      // p = infinity as BigDL spells it, Double.MaxValue (normalize_test checks inf gives the same).
      {"Normalize", lp(std::numeric_limits<double>::max()), {{4, 5}}, "normalize_pinf", {{2, 3, 4}}},

      {"NormalizeScale", lpScale(2, 20, {1, 3, 1, 1}), {{2, 3, 2, 2}}, "normalizescale_ssd", {{2, 4, 2, 2}}},
      {"NormalizeScale", lpScale(1, 2, {5}), {{4, 5}}, "normalizescale_p1_matrix", {{4, 6}},
       Flags().awayFromZero(0.05)},
      {"NormalizeScale", lpScale(3, 0.5, {1}), {{2, 3, 2, 2}}, "normalizescale_shared", {{2, 3, 2}}},
      {"NormalizeScale", lpScale(2, 1, {1, 4}), {{4}}, "normalizescale_vector", {{5}}},

      // nInputDim: an input of another rank is a batch and dim counts from its second.
      {"Padding", padding(1, -2, 2).set("value", 0.5), {{3, 4, 5}}, "padding_before_batch", {{4}}},
      {"Padding", padding(0, 3, 2).set("value", -1.0), {{4, 5}}, "padding_after", {{4}}},
      {"Padding", padding(0, -1, 1).set("nIndex", 2), {{2, 5}}, "padding_inside_before", {{2, 1}}},
      {"Padding", padding(1, 2, 2).set("nIndex", 1), {{3, 4}}, "padding_inside_after", {{3}}},

      {"PairwiseDistance", norm(1), {{4, 5}, {4, 5}}, "pairwisedistance_p1", {{4, 5}, {5, 4}}},
      {"PairwiseDistance", norm(2), {{4, 5}, {4, 5}}, "pairwisedistance_p2", {{4, 5}}},
      {"PairwiseDistance", norm(3), {{4, 5}, {4, 5}}, "pairwisedistance_p3", {{2, 4, 5}, {2, 4, 5}}},
      {"PairwiseDistance", norm(1.5), {{4, 5}, {4, 5}}, "pairwisedistance_p1_5", {{4, 5}, {4, 5}, {4, 5}}},
      {"PairwiseDistance", norm(2), {{5}, {5}}, "pairwisedistance_vector", {{5}, {6}}},

      {"ParallelTable", RINGDL_BUILDER(parallelTableTwo), {{4, 3}, {4, 2}}, "paralleltable_two",
       {{4, 3}, {4, 2}, {4, 2}}},
      {"ParallelTable", RINGDL_BUILDER(parallelTableThree), {{2, 5}, {2, 5}, {2, 2}}, "paralleltable_three", {{2, 5}}},

      {"Power", Attributes().set("power", 2.0), {{4, 5}}, "power_square", twoVectors, wide},
      {"Power", Attributes().set("power", 0.5).set("scale", 2.0).set("shift", 1.0), {{4, 5}}, "power_root_scaled",
       twoVectors, Flags().range(0, 2)},
      {"Power", Attributes().set("power", 3.0).set("scale", -1.0).set("shift", 0.5), {{2, 3, 4}}, "power_cube_shifted",
       twoVectors, wide},

      {"PReLU", none, {{4, 5}}, "prelu_shared", twoVectors, Flags().awayFromZero(0.1)},
      {"PReLU", Attributes().set("nOutputPlane", int64_t{3}), {{2, 3, 4, 4}}, "prelu_channels", {{2, 4, 4, 4}},
       Flags().awayFromZero(0.1)},
      {"PReLU", Attributes().set("nOutputPlane", int64_t{3}), {{3}}, "prelu_vector", {{4}}, Flags().awayFromZero(0.1)},
      // The default dim is 1 with a gater [N, E], 0 with a gater [E]; a Table of experts does not use it.

      {"Recurrent", RINGDL_BUILDER(recurrentLstm), {{2, 5, 4}}, "recurrent_lstm", {{2, 5}}},
      {"Recurrent", RINGDL_BUILDER(recurrentLstm), {{3, 4, 4}, {3}}, "recurrent_lstm_lengths", {{3, 4, 4}, {3, 5}},
       Flags().givenEntry(1, Tensor<double>::fromVector({3}, {2, 4, 1}))},
      {"Recurrent", RINGDL_BUILDER(recurrentLstmLast), {{3, 4, 4}, {3}}, "recurrent_lstm_last", {{3, 4, 5}},
       Flags().givenEntry(1, Tensor<double>::fromVector({3}, {3, 1, 4}))},
      {"Recurrent", RINGDL_BUILDER(recurrentLstm), {{2, 4, 4}, {2, 4}}, "recurrent_lstm_mask", {{2, 4, 4}, {2, 3}},
       Flags().givenEntry(1, Tensor<double>::fromVector({2, 4}, {1, 1, 0, 0, 1, 1, 1, 1}))},
      {"Recurrent", RINGDL_BUILDER(recurrentGru), {{2, 4, 3}}, "recurrent_gru", {{2, 4, 4}}},
      {"Recurrent", RINGDL_BUILDER(recurrentRnnRelu), {{3, 3, 3}}, "recurrent_rnn_relu", {{3, 3, 4}},
       Flags().awayFromZero(0.05)},
      {"Recurrent", RINGDL_BUILDER(recurrentPeephole), {{2, 3, 3}}, "recurrent_lstmpeephole", {{2, 3, 4}}},
      {"Recurrent", RINGDL_BUILDER(recurrentConvLstm), {{2, 3, 2, 4, 3}}, "recurrent_convlstmpeephole",
       {{2, 3, 3, 4, 3}}},
      {"Recurrent", RINGDL_BUILDER(recurrentConvLstm), {{3, 3, 2, 4, 3}, {3}}, "recurrent_convlstmpeephole_lengths",
       {{3, 3, 3, 4, 3}, {3}}, Flags().givenEntry(1, Tensor<double>::fromVector({3}, {2, 3, 1}))},
      {"Recurrent", RINGDL_BUILDER(recurrentConvLstm3d), {{2, 2, 2, 2, 3, 2}}, "recurrent_convlstmpeephole3d",
       {{2, 2, 2, 3, 2}}},
      {"Recurrent", RINGDL_BUILDER(recurrentStacked), {{2, 3, 4}, {2}}, "recurrent_stacked", {{2, 3, 5}},
       Flags().givenEntry(1, Tensor<double>::fromVector({2}, {3, 2}))},

      {"RecurrentDecoder", RINGDL_BUILDER(recurrentDecoderGru), {{2, 4}}, "recurrentdecoder_gru", {{2, 3}}},

      {"ReLU", none, {{4, 5}}, "relu_matrix", twoVectors, Flags().awayFromZero(0.1)},
      {"ReLU", none, {{2, 3, 4, 4}}, "relu_image", twoVectors, Flags().awayFromZero(0.1)},

      {"ReLU6", none, {{4, 5}}, "relu6", twoVectors, Flags().range(-8, 8).awayFromZero(0.1)},

      // BigDL's batch rule decides each output shape (written out by hand in gen_conformance.py).
      {"Replicate", Attributes().set("nFeatures", 3), {{2, 4}}, "replicate_default", twoVectors},
      {"Replicate", Attributes().set("nFeatures", 2).set("dim", 1), {{3, 4}}, "replicate_dim1", {{}}},
      {"Replicate", Attributes().set("nFeatures", 2).set("dim", 1).set("nDim", 1), {{3, 4}}, "replicate_batch",
       {{}}},

      {"Reshape", size({3, 4}), {{2, 12}}, "reshape_batch", {{5, 5}}},
      {"Reshape", size({2, 6}), {{12}}, "reshape_one_sample", {{11}}},
      {"Reshape", size({12}), {{3, 2, 6}}, "reshape_flatten", {{3, 2, 5}}},
      {"Reshape", size({2, 3}), {{1, 6}}, "reshape_leading_one_is_a_batch", {{1, 5}}},
      {"Reshape", size({6}).set("batchMode", false), {{1, 6}}, "reshape_batch_mode_off", {{2, 6}}},
      {"Reshape", size({4}).set("batchMode", true), {{1, 2, 2}}, "reshape_batch_mode_on", {{4}}},

      // TensorFlow's (BigDL's) sampling, composed from gathers in gen_conformance.py.
      {"ResizeBilinear", resize(5, 7), {{2, 2, 3, 4}}, "resizebilinear_up", {{2, 3, 4}}},
      {"ResizeBilinear", resize(2, 3), {{1, 2, 5, 7}}, "resizebilinear_down", {{5, 7}}},
      {"ResizeBilinear", resize(5, 6).set("alignCorners", true), {{2, 1, 3, 4}}, "resizebilinear_align_corners",
       {{1, 2, 1, 3, 4}}},

      {"Reverse", none, {{4, 3}}, "reverse_dim0", {{}}},
      {"Reverse", Attributes().set("dimension", -1), {{2, 3, 4}}, "reverse_negative", {{}}},
      // The boxes are given (roisOfBatch, roisOfOneImage): inside the image, one over the whole image and one
      // of a single point; they get no gradient.

      {"RnnCell", cell(3, 4), tableOf({{{2, 3}}, tableOf({{{2, 4}}})}), "rnncell_tanh_step", tableOf({{{2, 3}}, tableOf({{{3, 4}}})})},
      {"RnnCell", cell(3, 4).set("activation", "relu"), tableOf({{{2, 3}}, {{2, 4}}}), "rnncell_relu_hidden_tensor",
       {{2, 4}, {2, 4}}, Flags().awayFromZero(0.05)},

      {"RoiAlign", roiAlign(0.5, 2, 2, 3), {{2, 3, 8, 10}, {4, 5}}, "roialign_batch", {{2, 3, 8, 10}, {4, 4}},
       batchRois},
      {"RoiAlign", roiAlign(0.5, 0, 3, 2), {{2, 2, 8, 10}, {4, 5}}, "roialign_adaptive_sampling", {{2, 2, 8, 10}},
       batchRois},
      {"RoiAlign", roiAlign(0.25, 2, 2, 2, true), {{1, 2, 6, 7}, {3, 5}}, "roialign_one_image_aligned",
       {{2, 6, 7}, {3, 5}}, oneImageRois},
      {"RoiAlign", roiAlign(0.5, 2, 2, 2, false, "max"), {{2, 2, 8, 10}, {4, 5}}, "roialign_max", {{4, 5}, {4, 5}},
       batchRois},

      {"RoiPooling", roiPooling(3, 2, 0.5), {{2, 3, 8, 10}, {4, 5}}, "roipooling_batch", {{2, 3, 8, 10}, {4, 4}},
       batchRois},
      {"RoiPooling", roiPooling(2, 2, 0.25), {{1, 2, 6, 7}, {3, 5}}, "roipooling_one_image", {{1, 2, 6, 7}},
       oneImageRois},

      {"RReLU", none, {{4, 5}}, "rrelu_training", twoVectors,
       Flags().awayFromZero(0.1).withoutReference("the slopes are random (rrelu_test.cpp checks them)")},
      {"RReLU", Attributes().set("lower", 0.1).set("upper", 0.3), {{4, 5}}, "rrelu_evaluate", twoVectors,
       Flags().inEvaluateMode().awayFromZero(0.1)},

      {"Scale", size({1, 3}), {{4, 3}}, "scale_batch_row", {{4, 2}}},
      {"Scale", size({3, 1, 1}), {{2, 3, 2, 2}}, "scale_channels", {{2, 2, 2, 2}}},
      {"Scale", size({4}), {{4}}, "scale_one_sample", {{5}}},

      {"Select", selectAt(1, 2), {{3, 4}}, "select_dim1", {{3, 2}}},
      {"Select", selectAt(-1, -1), {{2, 3, 4}}, "select_negative", {{}}},

      {"SelectTable", select(0), {{2, 3}, {4}}, "selecttable_first", {{2, 3}}},
      {"SelectTable", select(-1), {{2, 3}, {4}, {3, 2}}, "selecttable_last", tableOf({})},
      {"SelectTable", select(1), tableOf({{{2, 3}}, tableOf({{{2, 2}}, {{3}}}), {{4}}}), "selecttable_nested",
       tableOf({{{2, 3}}})},
      {"SelectTable", select(-2), tableOf({{{2, 3}}, tableOf({{{2, 2}}, {{3}}}), {{4}}}),
       "selecttable_nested_negative", tableOf({{{2, 3}}})},

      {"SELU", none, {{4, 5}}, "selu", twoVectors, wide},

      {"Sequential", RINGDL_BUILDER(convSequential), {{2, 36}}, "sequential_conv", {{2, 35}}},
      {"Sequential", RINGDL_BUILDER(nestedSequential), {{3, 4}}, "sequential_nested", {{3, 5}}},

      {"Sigmoid", none, {{7}}, "sigmoid_vector", twoVectors, wide},
      {"Sigmoid", none, {{4, 5}}, "sigmoid_matrix", twoVectors, wide},
      {"Sigmoid", none, {{2, 3, 4, 4}}, "sigmoid_image", twoVectors, wide},

      {"SiLU", none, {{4, 5}}, "silu", twoVectors, wide},

      {"SoftMax", none, {{7}}, "softmax_vector", rank5, wide},
      {"SoftMax", none, {{4, 10}}, "softmax_matrix", rank5, wide},
      {"SoftMax", none, {{3, 4, 5}}, "softmax_image", rank5, wide},
      {"SoftMax", none, {{2, 3, 4, 5}}, "softmax_batch", rank5, wide},
      {"SoftMax", none, {{3, 6}}, "softmax_large", rank5, large},

      {"SoftMin", none, {{7}}, "softmin_vector", rank5, wide},
      {"SoftMin", none, {{4, 10}}, "softmin_matrix", rank5, wide},
      {"SoftMin", none, {{2, 3, 4, 5}}, "softmin_batch", rank5, wide},

      {"SoftPlus", none, {{4, 5}}, "softplus_default", twoVectors, wide},
      {"SoftPlus", Attributes().set("beta", 2.0), {{4, 5}}, "softplus_beta", twoVectors, wide},

      {"SoftShrink", none, {{4, 5}}, "softshrink_default", twoVectors, wide},
      {"SoftShrink", Attributes().set("lambda", 1.0), {{4, 5}}, "softshrink_lambda", twoVectors, wide},

      {"SoftSign", none, {{4, 5}}, "softsign", twoVectors, wide},

      {"SpatialAveragePooling", avg(pool(2, 2, 2, 2)), {{2, 3, 6, 6}}, "avgpool_basic", {{2, 36}}},
      {"SpatialAveragePooling", avg(pool(3, 3, 2, 2, 1, 1)), {{2, 2, 7, 7}}, "avgpool_overlap_pad",
       {{1, 2, 2, 7, 7}}},
      {"SpatialAveragePooling", avg(pool(3, 3, 2, 2, 1, 1), false), {{2, 2, 7, 7}}, "avgpool_overlap_pad_exclude",
       {{7, 7}}},
      {"SpatialAveragePooling", avg(pool(3, 3, 2, 3, 1, 1, true)), {{1, 3, 8, 10}}, "avgpool_ceil_pad", {{10, 10}}},
      {"SpatialAveragePooling", avg(pool(3, 3, 2, 3, 1, 1, true), false), {{1, 3, 8, 10}},
       "avgpool_ceil_pad_exclude", {{1, 3, 8, 10, 1}}},
      {"SpatialAveragePooling", avg(pool(3, 2, 1, 1, 1, 0)), {{2, 2, 5, 6}}, "avgpool_nonsquare_stride1",
       {{2, 2, 1, 6}}},
      {"SpatialAveragePooling", avg(pool(2, 2, 2, 2, 0, 0, true)), {{3, 5, 5}}, "avgpool_input3d", {{3, 1, 1}}},
      // globalPooling: the window is the input's whole plane, the kernel and strides given are not used.
      {"SpatialAveragePooling", global(avg(pool(2, 2, 1, 1))), {{2, 3, 5, 4}}, "avgpool_global", {{2, 3}}},
      {"SpatialAveragePooling", global(avg(pool(1, 1, 1, 1))), {{3, 4, 6}}, "avgpool_global_input3d", {{4, 6}}},

      {"SpatialBatchNormalization", bn(3), {{2, 3, 4, 4}}, "spatialbn_training", {{2, 4, 4, 4}}},
      {"SpatialBatchNormalization", bn(2).set("momentum", 0.5).set("eps", 0.01), {{3, 2, 3, 3}},
       "spatialbn_momentum_eps", {{2, 3, 3}}},
      {"SpatialBatchNormalization", bn(3), {{2, 3, 3, 2}}, "spatialbn_evaluate", {{2, 3}}, evaluate},
      {"SpatialBatchNormalization", bn(2).set("affine", false), {{2, 2, 3, 3}}, "spatialbn_noaffine_evaluate",
       {{2, 1, 3, 3}}, evaluate},

      {"SpatialConvolution", conv(3, 4, 3, 3), {{2, 3, 7, 6}}, "conv_basic", {{2, 2, 7, 6}}},
      {"SpatialConvolution", conv(2, 3, 3, 3, 2, 2, 1, 1), {{2, 2, 8, 9}}, "conv_stride2_pad1", {{2, 3, 8, 9}}},
      {"SpatialConvolution", conv(3, 2, 2, 4, 1, 2, 1, 0), {{2, 3, 9, 7}}, "conv_nonsquare", {{2, 3, 3, 7}}},
      {"SpatialConvolution", conv(4, 6, 3, 3, 1, 1, 1, 1, 2), {{2, 4, 6, 6}}, "conv_groups2", {{2, 3, 6, 6}}},
      {"SpatialConvolution", conv(6, 3, 3, 2, 2, 1, 1, 0, 3, false), {{2, 6, 7, 8}}, "conv_groups3_nobias",
       {{2, 6, 7, 8, 1}}},
      {"SpatialConvolution", conv(2, 3, 2, 2), {{2, 5, 5}}, "conv_input3d", {{3, 5, 5}}},
      {"SpatialConvolution", conv(2, 3, 3, 3, 2, 1, 0, 1), {{1, 2, 6, 7}}, "conv_batch1", {{1, 6, 7}}},
      {"SpatialConvolution", conv(2, 2, 4, 5, 1, 1, 1, 1), {{2, 2, 3, 2}}, "conv_kernel_fills_padded_input",
       {{2, 2, 2, 2}}},
      {"SpatialConvolution", conv(1, 6, 5, 5), {{3, 1, 12, 12}}, "conv_lenet", {{3, 3, 12, 12}}},
      {"SpatialConvolution", conv(2, 3, 3, 2, 1, 2, 2, 1).set("dilationW", 2).set("dilationH", 3), {{2, 2, 9, 8}},
       "conv_dilated", {{2, 2, 1, 8}}},
      {"SpatialConvolution", conv(4, 4, 3, 3, 1, 1, 2, 2, 2).set("dilationW", 2).set("dilationH", 2), {{2, 4, 6, 6}},
       "conv_dilated_groups2", {{2, 4, 6}}},

      {"SpatialCrossMapLRN", none, {{2, 7, 3, 3}}, "crossmaplrn_default", {{4, 5}}},
      {"SpatialCrossMapLRN", lrn(4, 0.5, 0.6, 2), {{2, 6, 3, 4}}, "crossmaplrn_even_size", {{2, 6, 3, 4, 1}}, wide},
      {"SpatialCrossMapLRN", lrn(3, 2, 0.75, 1), {{5, 4, 4}}, "crossmaplrn_sample", {{20}}, wide},
      {"SpatialCrossMapLRN", lrn(7, 1.5, 1.2, 0.5), {{2, 3, 2, 2}}, "crossmaplrn_window_beyond_channels", {{3, 4}},
       wide},

      {"SpatialDilatedConvolution", dilated(2, 3, 3, 3, 1, 1, 2, 2, 2, 2), {{2, 2, 7, 6}}, "dilatedconv_pad",
       {{2, 3, 7, 6}}},
      {"SpatialDilatedConvolution", dilated(3, 2, 2, 3, 2, 1, 0, 1, 3, 2), {{2, 3, 9, 10}},
       "dilatedconv_stride_nonsquare", {{2, 3, 3, 3}}},
      {"SpatialDilatedConvolution", dilated(2, 2, 3, 3), {{2, 5, 6}}, "dilatedconv_undilated_input3d", {{2, 5}}},

      // Whole channels dropped in training (spatial_dropout_test.cpp checks the masks); evaluate() is the identity,
      // or BigDL's multiplication by 1 - initP without scale.
      {"SpatialDropout1D", initP(0.4), {{2, 5, 3}}, "spatialdropout1d_training", {{3}}, Flags().withoutReference(maps)},
      {"SpatialDropout1D", initP(0.4), {{2, 5, 3}}, "spatialdropout1d_evaluate", {{3}}, evaluate},
      {"SpatialDropout1D", initP(0.4).set("scale", false), {{5, 3}}, "spatialdropout1d_unscaled_evaluate", {{3}},
       evaluate},

      {"SpatialDropout2D", initP(0.3), {{2, 3, 4, 4}}, "spatialdropout2d_training", {{2, 3}},
       Flags().withoutReference(maps)},
      {"SpatialDropout2D", initP(0.3).set("format", "NHWC"), {{2, 4, 4, 3}}, "spatialdropout2d_nhwc_training",
       {{4, 3}}, Flags().withoutReference(maps)},
      {"SpatialDropout2D", initP(0.3), {{2, 3, 4, 4}}, "spatialdropout2d_evaluate", {{2, 3}}, evaluate},
      {"SpatialDropout2D", initP(0.3).set("scale", false), {{3, 4, 4}}, "spatialdropout2d_unscaled_evaluate", {{4, 4}},
       evaluate},

      {"SpatialDropout3D", initP(0.5), {{2, 2, 2, 3, 3}}, "spatialdropout3d_training", {{2, 3, 3}},
       Flags().withoutReference(maps)},
      {"SpatialDropout3D", initP(0.5), {{2, 2, 2, 3, 3}}, "spatialdropout3d_evaluate", {{2, 3, 3}}, evaluate},

      {"SpatialFullConvolution", full(3, 2, 3, 3), {{2, 3, 4, 5}}, "fullconv_basic", {{2, 2, 4, 5}}},
      {"SpatialFullConvolution", full(2, 3, 3, 2, 2, 2, 1, 0, 1, 1), {{2, 2, 4, 3}}, "fullconv_stride_pad_adj",
       {{2, 3, 4, 3}}},
      {"SpatialFullConvolution", full(4, 6, 2, 3, 1, 2, 0, 1, 0, 1, 2, true), {{2, 4, 3, 3}},
       "fullconv_groups_adj_nobias", {{2, 4, 3}}},
      {"SpatialFullConvolution", full(2, 2, 2, 2, 2, 2), {{2, 3, 3}}, "fullconv_input3d", {{3, 3}}},
      {"SpatialFullConvolution", full(2, 2, 3, 3, 1, 1, 2, 2), {{1, 2, 4, 5}}, "fullconv_pad_batch1",
       {{1, 2, 2, 3}}},

      {"SpatialMaxPooling", pool(2, 2, 2, 2), {{2, 3, 6, 6}}, "maxpool_basic", {{2, 3}}},
      {"SpatialMaxPooling", pool(3, 3, 2, 2, 1, 1), {{2, 2, 7, 7}}, "maxpool_overlap_pad", {{49}}},
      {"SpatialMaxPooling", pool(2, 3, 2, 2, 0, 0, true), {{2, 2, 8, 7}}, "maxpool_ceil", {{2, 2, 2, 1}}},
      {"SpatialMaxPooling", pool(3, 3, 2, 3, 1, 1, true), {{1, 3, 8, 10}}, "maxpool_ceil_pad", {{8, 10}}},
      {"SpatialMaxPooling", pool(3, 2, 1, 1), {{2, 2, 5, 6}}, "maxpool_nonsquare_stride1", {{2, 2, 1, 6}}},
      {"SpatialMaxPooling", pool(3, 3, 2, 2), {{2, 2, 7, 9}}, "maxpool_window3_inside", {{2, 2, 2, 9}}},
      {"SpatialMaxPooling", pool(2, 2, 2, 2, 0, 0, true), {{3, 5, 5}}, "maxpool_input3d", {{3, 1, 5}}},
      {"SpatialMaxPooling", global(pool(2, 2, 2, 2)), {{2, 3, 5, 4}}, "maxpool_global", {{2, 3}}},
      {"SpatialMaxPooling", global(pool(1, 1, 1, 1)), {{3, 4, 6}}, "maxpool_global_input3d", {{4, 6}}},

      {"SpatialSeparableConvolution", separable(2, 3, 2, 3, 3), {{2, 2, 6, 5}}, "separableconv_multiplier2",
       {{2, 3, 6, 5}}},
      {"SpatialSeparableConvolution", separable(3, 4, 1, 3, 2, 2, 1, 1, 0, false), {{2, 3, 7, 6}},
       "separableconv_stride_pad_nobias", {{2, 3, 1, 6}}},
      {"SpatialSeparableConvolution", separable(2, 2, 3, 2, 2), {{2, 4, 4}}, "separableconv_input3d", {{4, 4}}},

      {"SpatialShareConvolution", conv(3, 4, 3, 3, 2, 1, 1, 0), {{2, 3, 7, 6}}, "shareconv_stride_pad", {{2, 4, 7, 6}}},
      {"SpatialShareConvolution", conv(4, 2, 2, 2, 1, 1, 0, 0, 2, false), {{4, 5, 5}},
       "shareconv_groups_nobias_input3d", {{2, 5, 5}}},

      {"SpatialWithinChannelLRN", none, {{2, 2, 6, 6}}, "withinchannellrn_default", {{6, 6}}, wide},
      {"SpatialWithinChannelLRN", lrnWithin(3, 2, 0.5), {{3, 5, 4}}, "withinchannellrn_sample", {{1, 3, 5, 4, 1}},
       wide},
      {"SpatialWithinChannelLRN", lrnWithin(7, 0.8, 1.1), {{1, 2, 4, 5}}, "withinchannellrn_window_beyond_plane",
       {{4, 5}}, wide},

      {"SpatialZeroPadding", zeroPad(1, 2, 0, 1), {{2, 2, 3, 4}}, "spatialzeropadding_pad", {{3, 4}}},
      // Negative pads crop, as in Torch.
      {"SpatialZeroPadding", zeroPad(-1, 1, 2, -2), {{2, 5, 6}}, "spatialzeropadding_crop", {{5, 6}}},

      {"SplitTable", split(0), {{3, 4}}, "splittable_dim0", {{3, 4}, {3, 4}}},
      {"SplitTable", split(1), {{2, 3, 4}}, "splittable_dim1", {{5}}},
      {"SplitTable", split(-1), {{2, 3, 4}}, "splittable_negative", {{2}, {2}}},
      {"SplitTable", split(0, 2), {{2, 3, 4}}, "splittable_batch", {{2, 3}, {3}}},
      {"SplitTable", split(0, 2), {{3, 4}}, "splittable_batch_rule_single_sample", {{}}},

      {"Sqrt", none, {{4, 5}}, "sqrt", twoVectors, Flags().range(0.1, 3)},

      {"Square", none, {{4, 5}}, "square", twoVectors, wide},

      {"Squeeze", none, {{2, 1, 3, 1}}, "squeeze_all", twoVectors},
      {"Squeeze", Attributes().set("dims", Sizes{1}), {{3, 1, 4}}, "squeeze_dims", {{3}}},
      {"Squeeze", Attributes().set("dims", Sizes{-1}), {{2, 3, 1}}, "squeeze_negative", {{}}},
      // numInputDims: a batch of one keeps its batch dimension; listed dims count after the batch.
      {"Squeeze", Attributes().set("numInputDims", 2), {{1, 1, 4}}, "squeeze_batch_of_one", twoVectors},
      {"Squeeze", Attributes().set("dims", Sizes{0}).set("numInputDims", 2), {{3, 1, 4}}, "squeeze_dims_batch", {{}}},

      {"Sum", none, {{3, 4}}, "sum_default", {{}}},
      {"Sum", Attributes().set("dimension", 1).set("sizeAverage", true), {{2, 3, 4}}, "sum_dim1_average", {{5}}},
      {"Sum", Attributes().set("dimension", 0).set("nInputDims", 2), {{2, 3, 4}}, "sum_batch", {{}}},
      {"Sum", Attributes().set("dimension", -1).set("squeeze", false), {{2, 3}}, "sum_no_squeeze", {{}}},
      {"Sum", none, {{5}}, "sum_vector", {{}}},

      {"Swish", none, {{4, 5}}, "swish_default", twoVectors, wide},
      {"Swish", Attributes().set("beta", 1.5), {{4, 5}}, "swish_beta", twoVectors, wide},

      {"Tanh", none, {{7}}, "tanh_vector", twoVectors, wide},
      {"Tanh", none, {{4, 5}}, "tanh_matrix", twoVectors, wide},
      {"Tanh", none, {{2, 3, 4, 4}}, "tanh_image", twoVectors, wide},

      {"TanhShrink", none, {{4, 5}}, "tanhshrink", twoVectors, wide},

      {"TemporalConvolution", temporal(4, 3, 3, 1), {{2, 7, 4}}, "temporalconv_batch", {{2, 7, 5}}},
      {"TemporalConvolution", temporal(3, 5, 2, 2), {{2, 9, 3}}, "temporalconv_stride2", {{2, 1, 3}}},
      {"TemporalConvolution", temporal(3, 2, 2, 3), {{10, 3}}, "temporalconv_stride_over_kernel_single", {{10}}},

      // dW = -1 steps by kW (BigDL's default).
      {"TemporalMaxPooling", temporalPool(2, -1), {{2, 7, 3}}, "temporalmaxpooling_batch", {{2, 2, 7, 3}}},
      {"TemporalMaxPooling", temporalPool(3, 1), {{2, 6, 4}}, "temporalmaxpooling_overlap", {{2, 2, 4}}},
      {"TemporalMaxPooling", temporalPool(3, 2), {{8, 3}}, "temporalmaxpooling_single", {{8}}},

      {"Threshold", none, {{4, 5}}, "threshold_default", twoVectors, Flags().awayFromZero(0.01)},
      {"Threshold", Attributes().set("th", 0.2).set("v", -0.5), {{4, 5}}, "threshold_value", twoVectors},

      {"Tile", none, {{2, 3}}, "tile_default", {{}}},
      {"Tile", Attributes().set("dim", -1).set("copies", 3), {{2, 2, 3}}, "tile_negative", {{}}},

      {"TimeDistributed", RINGDL_BUILDER(timeDistributedLinear), {{2, 3, 4}}, "timedistributed_linear", {{6, 4}}},

      {"Transpose", Attributes().set("permutations", Sizes{0, 1}), {{3, 4}}, "transpose_pair", {{4}}},
      {"Transpose", Attributes().set("permutations", Sizes{0, 2, 1, 2}), {{2, 3, 4}}, "transpose_two_pairs",
       {{2, 3}}},

      {"Unsqueeze", Attributes().set("pos", 0), {{3, 4}}, "unsqueeze_front", twoVectors},
      {"Unsqueeze", Attributes().set("pos", 2), {{3, 4}}, "unsqueeze_end", {{3}}},
      {"Unsqueeze", Attributes().set("pos", -1), {{3, 4}}, "unsqueeze_negative", twoVectors},
      {"Unsqueeze", Attributes().set("pos", 1).set("numInputDims", 2), {{2, 3, 4}}, "unsqueeze_batch", {{}}},

      {"UpSampling1D", Attributes().set("length", 3), {{2, 3, 4}}, "upsampling1d", {{3, 4}}},

      {"UpSampling2D", Attributes().set("size", Sizes{2, 3}), {{2, 2, 3, 4}}, "upsampling2d_nchw", {{2, 3, 4}}},
      {"UpSampling2D", Attributes().set("size", Sizes{2, 2}).set("format", "NHWC"), {{1, 3, 2, 3}}, "upsampling2d_nhwc",
       {{3, 2, 3}}},

      {"UpSampling3D", Attributes().set("size", Sizes{2, 1, 3}), {{1, 2, 2, 3, 2}}, "upsampling3d", {{2, 2, 3, 2}}},

      // Torch's batch-size rule with -1 inference and numInputDims (output shapes in gen_conformance.py).
      {"View", sizes({-1}), {{2, 3, 4}}, "view_flat", twoVectors},
      {"View", sizes({2, 3}), {{4, 6}}, "view_batch", {{4, 5}}},
      {"View", sizes({2, 3}), {{1, 6}}, "view_batch_of_one_dropped", {{1, 7}}},
      {"View", sizes({3, -1}), {{2, 6}}, "view_inferred", {{2, 5}}},
      {"View", sizes({-1}).set("numInputDims", 3), {{2, 3, 2, 2}}, "view_num_input_dims", {{4, 4}}},
      {"View", sizes({-1}).set("numInputDims", 3), {{1, 3, 2, 2}}, "view_num_input_dims_batch_of_one", {{2, 2}}},

      {"VolumetricAveragePooling", volumetricAvg(volumetric({2, 2, 2}, {2, 2, 2}), true), {{2, 2, 4, 4, 6}},
       "volavgpool_basic", {{2, 2, 1, 4, 6}}},
      {"VolumetricAveragePooling", volumetricAvg(volumetric({3, 3, 2}, {2, 2, 1}, {1, 1, 1}), true), {{2, 2, 5, 6, 5}},
       "volavgpool_pad", {{2, 2, 5}}},
      {"VolumetricAveragePooling", volumetricAvg(volumetric({3, 3, 2}, {2, 2, 1}, {1, 1, 1}), false), {{2, 2, 5, 6, 5}},
       "volavgpool_pad_exclude", {{5, 6, 5}}},
      {"VolumetricAveragePooling", volumetricAvg(volumetric({2, 3, 3}, {2, 2, 2}, {1, 1, 0}, true), true),
       {{1, 2, 6, 5, 7}}, "volavgpool_ceil_pad", {{1, 2, 6, 2, 7}}},
      {"VolumetricAveragePooling", volumetricAvg(volumetric({2, 3, 3}, {2, 2, 2}, {1, 1, 0}, true), false),
       {{1, 2, 6, 5, 7}}, "volavgpool_ceil_pad_exclude", {{1, 2, 6, 5, 7, 1}}},
      {"VolumetricAveragePooling", volumetricAvg(volumetric({2, 2, 3}, {1, 2, 2}), true), {{3, 4, 5, 6}},
       "volavgpool_input4d", {{3, 1, 5, 6}}},

      {"VolumetricConvolution", volumetric(2, 3, 2, 3, 2), {{2, 2, 4, 5, 4}}, "volconv_basic", {{2, 2, 1, 5, 4}}},
      {"VolumetricConvolution", volumetric(2, 2, 3, 2, 3, 2, 1, 2, 1, 0, 1, false), {{2, 2, 5, 6, 4}},
       "volconv_stride_pad_nobias", {{2, 3, 5, 6, 4}}},
      {"VolumetricConvolution", volumetric(1, 2, 2, 2, 2), {{1, 3, 4, 3}}, "volconv_input4d", {{1, 3, 4}}},

      {"VolumetricFullConvolution", volumetricFull(2, 3, 2, 2, 3), {{2, 2, 3, 3, 2}}, "volfullconv_basic",
       {{2, 3, 3, 3, 2}}},
      {"VolumetricFullConvolution", volumetricFull(4, 2, 3, 2, 3, 2, 2, 1, 1, 0, 1, 1, 1, 0, 2), {{2, 4, 3, 3, 2}},
       "volfullconv_stride_pad_adj_groups", {{2, 4, 3, 3}}},
      {"VolumetricFullConvolution", volumetricFull(2, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, true), {{2, 2, 3, 2}},
       "volfullconv_nobias_input4d", {{2, 2, 3}}},

      {"VolumetricMaxPooling", volumetric({2, 2, 2}, {2, 2, 2}), {{2, 2, 4, 4, 6}}, "volmaxpool_basic",
       {{2, 2, 4, 1, 6}}},
      {"VolumetricMaxPooling", volumetric({3, 3, 2}, {2, 2, 1}, {1, 1, 1}), {{2, 2, 5, 6, 5}}, "volmaxpool_pad",
       {{2, 2, 5}}},
      {"VolumetricMaxPooling", volumetric({2, 3, 3}, {2, 2, 2}, {0, 0, 0}, true), {{2, 1, 5, 6, 7}}, "volmaxpool_ceil",
       {{2, 1, 1, 6, 7}}},
      {"VolumetricMaxPooling", volumetric({2, 3, 3}, {2, 2, 2}, {1, 1, 0}, true), {{1, 2, 6, 5, 7}},
       "volmaxpool_ceil_pad", {{5, 7}}},
      {"VolumetricMaxPooling", volumetric({2, 2, 3}, {1, 2, 2}), {{3, 4, 5, 6}}, "volmaxpool_input4d",
       {{3, 1, 5, 6}}},

      // ---- embeddings and attention: index inputs are drawn by Flags().indices and indicesIn ----
      {"LookupTable", lookup(7, 4), {{5}}, "lookuptable_vector", {{2, 3, 4}}, Flags().indices(7)},
      {"LookupTable", lookup(7, 4), {{3, 4}}, "lookuptable_batch", {{2, 3, 4}}, Flags().indices(7)},
      // The padding row gets no gradient by design (not the derivative): PyTorch's gradients are compared.
      {"LookupTable", lookup(6, 3).set("paddingValue", int64_t{2}), {{4, 5}}, "lookuptable_padding", {{1, 1, 1}},
       Flags().indices(6).withoutParameterCheck()},
      // maxNorm rescales rows in forward, outside the derivative (PyTorch's renorm runs without autograd): the
      // gradient check would see the renormalisation, PyTorch's gradients are what is compared.
      {"LookupTable", lookup(6, 3).set("maxNorm", 0.8), {{3, 4}}, "lookuptable_maxnorm", {{3, 4, 1}},
       Flags().indices(6).withoutParameterCheck()},
      {"LookupTable", lookup(6, 4).set("maxNorm", 0.5).set("normType", 1.0), {{2, 3}}, "lookuptable_maxnorm_l1",
       {{3, 4, 1}}, Flags().indices(6).withoutParameterCheck()},

      // ids < 0 are padding (drawn from -1): rows of several lengths, and a row of none gives zeros.
      {"LookupTableSparse", sparse(8, 3, "sum"), {{4, 3}, {4, 3}}, "lookuptablesparse_sum", {{4, 3}, {4, 2}},
       Flags().indicesIn(0, 8, -1).range(0.5, 1.5)},
      {"LookupTableSparse", sparse(8, 3, "mean"), {{4, 3}, {4, 3}}, "lookuptablesparse_mean", {{4, 3}},
       Flags().indicesIn(0, 8, -1).range(0.5, 1.5)},
      {"LookupTableSparse", sparse(8, 3, "sqrtn"), {{4, 3}, {4, 3}}, "lookuptablesparse_sqrtn", {{4}, {4}},
       Flags().indicesIn(0, 8, -1).range(0.3, 1.5)},
      {"LookupTableSparse", sparse(6, 2, "mean"), tableOf({{{3, 4}}}), "lookuptablesparse_ids_only", {{3, 4}},
       Flags().indicesIn(0, 6, -1)},

      {"LearnedPositionEmbedding", positions(5, 4), {{2, 3, 4}}, "learnedpos_batch", {{2, 6, 4}}},
      {"LearnedPositionEmbedding", positions(5, 4), {{5, 4}}, "learnedpos_full_length", {{5, 3}}},

      {"FeedForwardNetwork", Attributes().set("hiddenSize", 4).set("filterSize", 6), {{2, 3, 4}}, "ffn_basic",
       {{2, 3, 5}}},
      {"FeedForwardNetwork", Attributes().set("hiddenSize", 4).set("filterSize", 5).set("reluDropout", 0.2),
       {{3, 4}}, "ffn_dropout_evaluate", {{3, 5}}, evaluate},

      {"TransformerEncoderLayer", transformerLayer(4, 2, 6), {{2, 3, 4}}, "encoder_postnorm", {{2, 3, 5}}},
      {"TransformerEncoderLayer", transformerLayer(4, 2, 6).set("activation", "gelu").set("normFirst", true),
       {{2, 3, 4}, {2, 3}}, "encoder_prenorm_gelu_padding", {{2, 3, 4}, {2, 4}}, Flags().indicesIn(1, 2)},
      {"TransformerEncoderLayer", transformerLayer(6, 3, 8).set("causal", true).set("dropout", 0.1), {{2, 4, 6}},
       "encoder_causal_evaluate", {{4, 6}}, evaluate},
      {"TransformerDecoderLayer", transformerLayer(4, 2, 6).set("causal", true), {{2, 3, 4}, {2, 5, 4}},
       "decoder_postnorm_causal", {{2, 3, 4}}},
      {"TransformerDecoderLayer", transformerLayer(4, 2, 6).set("activation", "gelu").set("normFirst", true)
       .set("causal", true).set("layerNormEps", 1e-6), {{2, 3, 4}, {2, 5, 4}, {2, 3}, {2, 5}},
       "decoder_prenorm_gelu_masks", {{2, 3, 4}, {2, 5, 3}}, Flags().indicesIn(2, 2).indicesIn(3, 2)},

      {"Transformer", transformerLm(7, 4, 2, 6, 2), {{2, 3}}, "transformer_lm_shared_weights", {{2, 3, 4}},
       Flags().indices(7)},
      {"Transformer", transformerLm(7, 4, 2, 6, 2).set("shiftRight", false), {{2, 3}}, "transformer_lm_next_token",
       {{2, 3, 4}}, Flags().indices(7)},
      // paddingValue 0: that id's embedding gets no gradient by design; PyTorch's gradients are compared.
      {"Transformer", transformerLm(6, 6, 3, 5, 1).set("withShareWeightsLinear", false).set("paddingValue", int64_t{0})
       .set("embeddingDropout", 0.1).set("attentionDropout", 0.1).set("ffnDropout", 0.1), {{2, 4}},
       "transformer_lm_hidden_evaluate", {{2, 4, 1}}, Flags().indices(6).inEvaluateMode().withoutParameterCheck()},

      // translation: padding (id 0) in the source only, where no attention reads it, so that id's embedding has
      // no gradient through the lookup in fact and the parameter check holds
      {"Transformer", transformerLm(7, 4, 2, 6, 2).set("transformerType", "translation").set("paddingValue", int64_t{0}),
       {{2, 4}, {2, 3}}, "transformer_translation_shared_weights", {{2, 3}},
       Flags().indicesIn(0, 7).indicesIn(1, 7, 1)},
      {"Transformer", transformerLm(6, 6, 3, 5, 1).set("transformerType", "translation")
       .set("withShareWeightsLinear", false).set("embeddingDropout", 0.1).set("attentionDropout", 0.1)
       .set("ffnDropout", 0.1), {{2, 3}, {2, 4}}, "transformer_translation_hidden_evaluate", {{2, 3, 4}},
       Flags().indicesIn(0, 6).indicesIn(1, 6).inEvaluateMode()},
      {"MultiHeadAttention", attention(4, 2), {{2, 3, 4}}, "mha_self", {{2, 3, 5}}},
      {"MultiHeadAttention", attention(4, 2), {{2, 3, 4}, {2, 5, 4}, {2, 5, 4}}, "mha_cross",
       {{2, 3, 4}, {2, 5, 4}, {2, 4, 4}}},
      // The mask (entry 3) is drawn 0 or 1: padded keys anywhere, a fully masked query now and then.
      {"MultiHeadAttention", attention(6, 3), {{2, 3, 6}, {2, 4, 6}, {2, 4, 6}, {2, 4}}, "mha_key_padding",
       {{2, 3, 6}, {2, 4, 6}, {2, 4, 6}, {2, 3}}, Flags().indicesIn(3, 2)},
      {"MultiHeadAttention", attention(6, 3).set("causal", true).set("bias", false), {{2, 4, 6}}, "mha_causal_nobias",
       {{4, 6}}},
      {"MultiHeadAttention", attention(4, 1).set("causal", true), {{2, 4, 4}, {2, 4, 4}, {2, 4, 4}, {2, 4}},
       "mha_causal_padding_one_head", {{2, 4, 4}, {2, 4, 4}}, Flags().indicesIn(3, 2)},
      {"MultiHeadAttention", attention(4, 2).set("dropout", 0.3), {{2, 3, 4}}, "mha_dropout_evaluate", {{3, 4}},
       evaluate},

      {"SinusoidalPositionEncoding", none, {{2, 5, 6}}, "sinusoidal_bigdl", {{2, 5, 5}}},
      {"SinusoidalPositionEncoding", Attributes().set("interleaved", true), {{5, 8}}, "sinusoidal_interleaved",
       {{8}}},
      {"SinusoidalPositionEncoding", Attributes().set("minTimescale", 2.0).set("maxTimescale", 100.0), {{2, 3, 2}},
       "sinusoidal_timescales", {{2, 3, 2, 1}}},
  };
  return rows;
}

const std::vector<CriterionRow>& criterionRows() {
  const Attributes mean, sum = Attributes().set("sizeAverage", false);
  const Reals w = {0.5, 2, 1, 0.25, 3};
  const Attributes weighted = Attributes().set("weights", w);
  const Attributes weightedSum = Attributes().set("weights", w).set("sizeAverage", false);
  const Flags logProbabilities = Flags().range(-3, 0), scores = Flags().range(-3, 3);
  // composite criterions: inner criterions by type, their options under "criterion." or "criterions.<i>."
  const auto multi = [](std::vector<std::string> types) { return Attributes().set("criterions", types); };
  const auto nested = [](const char* type) { return Attributes().set("criterion", type); };
  const Flags probabilities = Flags().range(0.05, 0.95), positive = Flags().range(0.05, 1);
  const std::string oneSample = "one sample: dimension 0 holds its classes or features, not records";
  const Reals bceWeights = {0.5, 2, 1};
  static const std::vector<CriterionRow> rows = {
      {"AbsCriterion", mean, {{4, 3}}, values({4, 3}), "abs_mean", {{4, 2}}},
      {"AbsCriterion", sum, {{3, 2, 2}}, values({3, 2, 2}), "abs_sum", {{3, 2, 3}}},

      {"BCECriterion", mean, {{4, 3}}, valuesIn({4, 3}, 0, 1), "bce_mean", {{4, 2}}, probabilities},
      {"BCECriterion", Attributes().set("weights", bceWeights).set("sizeAverage", false), {{4, 3}},
       valuesIn({4, 3}, 0, 1), "bce_weighted_sum", {{4, 2}}, probabilities},
      {"BCECriterionWithLogits", mean, {{4, 3}}, valuesIn({4, 3}, 0, 1), "bcelogits_mean", {{4, 2}}, scores},
      {"BCECriterionWithLogits", Attributes().set("weights", bceWeights), {{4, 3}}, valuesIn({4, 3}, 0, 1),
       "bcelogits_weighted_mean", {{4, 2}}, scores},

      {"CategoricalCrossEntropy", mean, {{4, 5}}, oneHot({4, 5}), "categorical_ce", {{4, 4}}, positive},
      {"CategoricalCrossEntropy", mean, {{5}}, oneHot({5}), "categorical_ce_one_sample", {{4}},
       Flags(positive).wholeBatchOnly(oneSample)},

      {"ClassNLLCriterion", mean, {{6, 5}}, labels({6}, 5), "classnll_mean", {{5, 5}}, logProbabilities},
      {"ClassNLLCriterion", sum, {{6, 5}}, labels({6}, 5), "classnll_sum", {{6, 5, 1}}, logProbabilities},
      {"ClassNLLCriterion", weighted, {{6, 5}}, labels({6}, 5), "classnll_weighted_mean", {{6, 4}}, logProbabilities},
      {"ClassNLLCriterion", weightedSum, {{6, 5}}, labels({6}, 5), "classnll_weighted_sum", {{6, 6}},
       logProbabilities},
      {"ClassNLLCriterion", mean, {{5}}, labels({}, 5), "classnll_one_sample", {{2, 5}},
       Flags(logProbabilities).wholeBatchOnly(oneSample)},
      {"ClassNLLCriterion", mean, {{3, 4}}, labels({3, 1}, 4), "classnll_column_target", {{2, 4}}, logProbabilities},
      {"ClassNLLCriterion", Attributes().set("paddingValue", int64_t{2}), {{6, 5}}, labels({6}, 5),
       "classnll_padding", {{5, 5}}, logProbabilities},
      {"ClassNLLCriterion", Attributes(weightedSum).set("paddingValue", int64_t{0}), {{6, 5}}, labels({6}, 5),
       "classnll_padding_weighted_sum", {{5, 5}}, logProbabilities},

      {"ClassSimplexCriterion", Attributes().set("nClasses", int64_t{4}), {{5, 4}}, labels({5}, 4),
       "classsimplex_4", {{5, 3}}},

      {"CosineDistanceCriterion", mean, {{4, 5}}, values({4, 5}), "cosinedistance_mean", {{4, 4}}},
      {"CosineDistanceCriterion", sum, {{3, 4}}, values({3, 4}), "cosinedistance_sum", {{3, 5}}},
      {"CosineEmbeddingCriterion", mean, {{4, 5}, {4, 5}}, signs({4}), "cosineembedding_mean", {{4, 5}, {4, 4}}},
      {"CosineEmbeddingCriterion", Attributes(sum).set("margin", 0.2), {{6, 3}, {6, 3}}, signs({6, 1}),
       "cosineembedding_margin_sum", {{6, 3}}},
      {"CosineProximityCriterion", mean, {{4, 5}}, values({4, 5}), "cosineproximity", {{4, 4}}},
      {"CosineProximityCriterion", mean, {{2, 3, 4}}, values({2, 3, 4}), "cosineproximity_rank3", {{2, 3, 3}}},

      {"CrossEntropyCriterion", mean, {{6, 5}}, labels({6}, 5), "crossentropy_mean", {{5, 5}}, scores},
      {"CrossEntropyCriterion", sum, {{6, 5}}, labels({6}, 5), "crossentropy_sum", {{6, 5, 1}}, scores},
      {"CrossEntropyCriterion", weighted, {{6, 5}}, labels({6}, 5), "crossentropy_weighted_mean", {{6, 4}}, scores},
      {"CrossEntropyCriterion", weightedSum, {{6, 5}}, labels({6}, 5), "crossentropy_weighted_sum", {{6, 6}},
       scores},
      {"CrossEntropyCriterion", mean, {{5}}, labels({}, 5), "crossentropy_one_sample", {{2, 5}},
       Flags(scores).wholeBatchOnly(oneSample)},
      {"CrossEntropyCriterion", mean, {{3, 4}}, labels({3, 1}, 4), "crossentropy_column_target", {{2, 4}}, scores},
      {"CrossEntropyCriterion", Attributes().set("paddingValue", int64_t{1}), {{6, 5}}, labels({6}, 5),
       "crossentropy_padding", {{5, 5}}, scores},
      {"CrossEntropyCriterion", Attributes().set("labelSmoothing", 0.1), {{6, 5}}, labels({6}, 5),
       "crossentropy_smoothing", {{5, 5}}, scores},
      {"CrossEntropyCriterion", Attributes(weightedSum).set("labelSmoothing", 0.2), {{6, 5}}, labels({6}, 5),
       "crossentropy_smoothing_weighted_sum", {{6, 4}}, scores},
      {"CrossEntropyCriterion",
       Attributes(weighted).set("paddingValue", int64_t{3}).set("labelSmoothing", 0.3), {{6, 5}},
       labels({6}, 5), "crossentropy_smoothing_padding_weighted", {{6, 4}}, scores},

      {"DiceCoefficientCriterion", mean, {{4, 6}}, valuesIn({4, 6}, 0, 1), "dice_mean", {{4, 5}},
       Flags().range(0, 1)},
      {"DiceCoefficientCriterion", Attributes(sum).set("epsilon", 0.5), {{3, 2, 3}}, valuesIn({3, 2, 3}, 0, 1),
       "dice_sum_epsilon", {{3, 2, 2}}, Flags().range(0, 1)},
      {"DistKLDivCriterion", mean, {{4, 5}}, valuesIn({4, 5}, 0.05, 1), "distkldiv_mean", {{4, 4}},
       logProbabilities},
      {"DistKLDivCriterion", sum, {{4, 5}}, valuesIn({4, 5}, 0.05, 1), "distkldiv_sum", {{4, 4}},
       logProbabilities},
      {"DotProductCriterion", mean, {{4, 3}}, values({4, 3}), "dotproduct_sum", {{4, 2}}},
      {"DotProductCriterion", Attributes().set("sizeAverage", true), {{4, 3}}, values({4, 3}), "dotproduct_mean",
       {{4, 2}}},

      {"GaussianCriterion", mean, {{4, 3}, {4, 3}}, values({4, 3}), "gaussian", {{4, 3}, {4, 2}}},
      {"HingeEmbeddingCriterion", mean, {{4, 5}}, signs({4, 5}), "hinge_mean", {{4, 4}}, Flags().range(-1, 2)},
      {"HingeEmbeddingCriterion", Attributes(sum).set("margin", 0.5), {{4, 5}}, signs({4, 5}),
       "hinge_margin_sum", {{4, 4}}, Flags().range(-1, 2)},
      {"KLDCriterion", mean, {{4, 3}, {4, 3}}, values({4, 3}), "kld_mean", {{4, 3}, {4, 2}}},
      {"KLDCriterion", sum, {{4, 3}, {4, 3}}, values({4, 3}), "kld_sum", {{4, 3}}},
      {"KullbackLeiblerDivergenceCriterion", mean, {{4, 5}}, valuesIn({4, 5}, 0.05, 1), "kullbackleibler",
       {{4, 4}}, positive},
      {"L1Cost", mean, {{4, 3}}, values({4, 3}), "l1cost", {{4, 3}, {4, 3}}, Flags().awayFromZero(0.05)},
      {"L1HingeEmbeddingCriterion", Attributes().set("margin", 3.0), {{5, 4}, {5, 4}}, signs({5}),
       "l1hinge_margin", {{5, 4}, {5, 3}}},
      {"L1HingeEmbeddingCriterion", mean, {{4}, {4}}, signs({1}), "l1hinge_one_pair", {{4}, {3}},
       Flags().wholeBatchOnly("one pair of vectors: dimension 0 holds their features")},

      {"MSECriterion", mean, {{4, 3}}, values({4, 3}), "mse_mean", {{4, 2}}},
      {"MSECriterion", sum, {{4, 3}}, values({4, 3}), "mse_sum", {{3, 3}}},
      {"MSECriterion", mean, {{2, 3, 2}}, values({2, 3, 2}), "mse_rank3", {{2, 3, 3}}},

      {"MarginCriterion", mean, {{4, 3}}, signs({4, 3}), "margin_mean", {{4, 2}}, Flags().range(-2, 2)},
      {"MarginCriterion", Attributes().set("margin", 0.5).set("sizeAverage", false).set("squared", true), {{4, 3}},
       signs({4, 3}), "margin_squared_sum", {{3}}, Flags().range(-2, 2)},
      {"MeanAbsolutePercentageCriterion", mean, {{4, 3}}, values({4, 3}), "mape", {{4, 2}}},
      {"MeanSquaredLogarithmicCriterion", mean, {{4, 3}}, values({4, 3}), "msle", {{4, 2}}, Flags().range(0.05, 2)},
      {"PGCriterion", mean, {{4, 3}}, values({4, 3}), "pg_sum", {{4, 2}}, Flags().range(0.1, 1)},
      {"PGCriterion", Attributes().set("sizeAverage", true), {{4, 3}}, values({4, 3}), "pg_mean", {{4, 2}},
       Flags().range(0.1, 1)},
      {"PGCriterion", Attributes().set("sizeAverage", true), {{3}}, values({3}), "pg_one_sample", {{2}},
       Flags().range(0.1, 1).wholeBatchOnly(oneSample)},
      {"PoissonCriterion", mean, {{4, 3}}, values({4, 3}), "poisson", {{4, 2}}, Flags().range(0.1, 2)},
      {"SmoothL1Criterion", mean, {{4, 3}}, values({4, 3}), "smoothl1_mean", {{4, 2}}, Flags().range(-2.5, 2.5)},
      {"SmoothL1Criterion", Attributes().set("sizeAverage", false).set("beta", 0.5), {{2, 3, 2}}, values({2, 3, 2}),
       "smoothl1_beta_sum", {{2, 3, 3}}, Flags().range(-2, 2)},
      {"SoftMarginCriterion", mean, {{4, 3}}, signs({4, 3}), "softmargin_mean", {{4, 2}}, Flags().range(-3, 3)},
      {"SoftMarginCriterion", sum, {{5}}, signs({5}), "softmargin_sum", {{4}}, Flags().range(-3, 3)},

      {"MarginRankingCriterion", mean, {{5}, {5}}, signs({5}), "marginranking_mean", {{5}}, Flags().range(-2, 2)},
      {"MarginRankingCriterion", Attributes().set("margin", 0.5).set("sizeAverage", false), {{4, 1}, {4, 1}},
       targetTable({signs({4})}), "marginranking_sum_table_target", {{4, 1}, {3, 1}}, Flags().range(-2, 2)},
      {"MultiLabelMarginCriterion", mean, {{4, 5}}, multiLabels({4, 5}, 5), "multilabelmargin_mean", {{4, 4}},
       Flags().range(-2, 2)},
      {"MultiLabelMarginCriterion", sum, {{5}}, multiLabels({5}, 5), "multilabelmargin_sum_one_sample", {{4}},
       Flags().range(-2, 2).wholeBatchOnly(oneSample)},
      {"MultiLabelSoftMarginCriterion", mean, {{4, 5}}, labels({4, 5}, 2), "multilabelsoftmargin_mean", {{4, 4}},
       scores},
      {"MultiLabelSoftMarginCriterion", weightedSum, {{4, 5}}, labels({4, 5}, 2), "multilabelsoftmargin_weighted_sum",
       {{5, 4}}, scores},
      {"MultiMarginCriterion", mean, {{5, 4}}, labels({5}, 4), "multimargin_mean", {{2, 5, 4}}, Flags().range(-2, 2)},
      {"MultiMarginCriterion", Attributes().set("p", 2).set("weights", Reals{0.5, 2, 1, 0.25}).set("margin", 0.5),
       {{5, 4}}, labels({5, 1}, 4), "multimargin_p2_weighted", {{5, 3}}, Flags().range(-2, 2)},
      {"MultiMarginCriterion", sum, {{4}}, labels({}, 4), "multimargin_sum_one_sample", {{3}},
       Flags().range(-2, 2).wholeBatchOnly(oneSample)},
      {"SmoothL1CriterionWithWeights", Attributes().set("sigma", 2.0), {{4, 4}},
       targetTable({values({4, 4}), values({4, 4}), values({4, 4})}), "smoothl1weights_weighted", {{4, 3}},
       Flags().range(-2, 2)},
      {"SmoothL1CriterionWithWeights", Attributes().set("sigma", 1.0).set("num", 3), {{4, 4}},
       targetTable({values({4, 4})}), "smoothl1weights_num", {{4, 3}}, Flags().range(-2, 2)},
      {"SoftmaxWithCriterion", Attributes().set("ignoreLabel", 2), {{3, 4, 2, 2}}, labels({3, 1, 2, 2}, 4),
       "softmaxwith_valid_ignore", {{3}}, scores},
      {"SoftmaxWithCriterion", Attributes().set("normalizeMode", "FULL"), {{3, 4, 2, 2}}, labels({3, 2, 2}, 4),
       "softmaxwith_full", {{3, 4, 2, 3}}, scores},
      {"SoftmaxWithCriterion", Attributes().set("normalizeMode", "BATCH_SIZE"), {{3, 4}}, labels({3}, 4),
       "softmaxwith_batch_size", {{4}}, scores},
      {"SoftmaxWithCriterion", Attributes().set("normalizeMode", "NONE").set("ignoreLabel", 0), {{2, 3, 3}},
       labels({2, 3}, 3), "softmaxwith_none_ignore", {{2, 3, 2}}, scores},

      {"MultiCriterion", multi({"MSECriterion", "SmoothL1Criterion"}).set("weights", Reals{0.5, 2})
       .set("criterions.1.beta", 0.5), {{4, 3}}, values({4, 3}), "multicriterion_regression", {{4, 2}},
       Flags().range(-2, 2)},
      {"MultiCriterion", multi({"ClassNLLCriterion", "CrossEntropyCriterion"}), {{4, 5}}, labels({4}, 5),
       "multicriterion_class", {{4, 5, 1}}, logProbabilities},
      {"ParallelCriterion", multi({"MSECriterion", "ClassNLLCriterion"}).set("weights", Reals{1, 0.5})
       .set("criterions.0.sizeAverage", false).set("criterions.1.sizeAverage", false), {{4, 3}, {4, 5}},
       targetTable({values({4, 3}), labels({4}, 5)}), "parallel_table_target", {{4, 3}}, logProbabilities},
      {"ParallelCriterion", multi({"MSECriterion", "SmoothL1Criterion"}).set("repeatTarget", true),
       {{4, 3}, {4, 3}, {2}}, values({4, 3}), "parallel_repeat_target_extra_entry", {{4, 3}, {4, 2}},
       Flags().range(-2, 2).wholeBatchOnly("the input's extra entry [2] is not split with the records")},
      {"TimeDistributedCriterion", nested("ClassNLLCriterion").set("sizeAverage", true), {{3, 4, 5}},
       labels({3, 4}, 5), "timedistributed_nll_mean", {{3, 5, 5}}, logProbabilities},
      {"TimeDistributedCriterion", nested("MSECriterion").set("dimension", 2).set("criterion.sizeAverage", false),
       {{2, 3, 4}}, values({2, 3, 4}), "timedistributed_mse_dim2_sum", {{2, 3, 5}}},
      {"TimeDistributedMaskCriterion", nested("ClassNLLCriterion"), {{3, 4, 5}}, paddedLabels({3, 4}, 5),
       "timedistributedmask_nll", {{3, 5, 5}}, logProbabilities},
      {"TimeDistributedMaskCriterion", nested("CrossEntropyCriterion").set("paddingValue", 0.0), {{3, 4, 4}},
       labels({3, 4}, 4), "timedistributedmask_ce_pad0", {{3, 4}}, scores},
      {"TransformerCriterion", nested("MSECriterion").set("inputTransformer", "Sequential")
       .set("inputTransformer.children", std::vector<std::string>{"Log", "MulConstant"})
       .set("inputTransformer.0", "Log").set("inputTransformer.1", "MulConstant")
       .set("inputTransformer.1.scalar", -1.0), {{4, 3}}, values({4, 3}), "transformer_log_mse", {{4, 2}},
       Flags().range(0.1, 2)},
      {"TransformerCriterion", nested("SmoothL1Criterion").set("inputTransformer", "Tanh")
       .set("targetTransformer", "Sigmoid"), {{4, 3}}, values({4, 3}), "transformer_tanh_sigmoid", {{4, 2}},
       Flags().range(-2, 2)},
  };
  return rows;
}
// clang-format on

// ---- inputs, fixtures and small helpers ----

/// FNV-1a: a seed per row name, stable across platforms and runs.
uint64_t seedOf(const std::string& name) {
  uint64_t h = 1469598103934665603ull;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

/// U(lo, hi) per flags in each Tensor of `in`, depth first, the k-th Tensor drawn with seed + k.
template <typename T>
Activity<T> randomOf(const Inputs& in, const Flags& flags, uint64_t& seed) {
  if (in.isTable) {
    std::vector<Activity<T>> items;
    for (const Inputs& entry : in.entries) items.push_back(randomOf<T>(entry, flags, seed));
    return Activity<T>::table(std::move(items));
  }
  Tensor<double> t = test::randomTensor(in.shape, seed++, flags.lo, flags.hi);
  for (int64_t i = 0; i < t.numel(); ++i)
    if (std::abs(t.data()[i]) < flags.margin) t.data()[i] = t.data()[i] < 0 ? -flags.margin : flags.margin;
  return Activity<T>(t.to<T>());
}

/// The row's input, seeded by the row's name, with its given entries.
template <typename T>
Activity<T> inputOf(const Inputs& in, const Flags& flags, const std::string& name) {
  uint64_t seed = seedOf(name);
  Activity<T> x = randomOf<T>(in, flags, seed);
  for (const auto& [entry, values] : flags.given) {
    EXPECT_TRUE(in.isTable && entry < in.entries.size() && values.shape() == in.entries[entry].shape)
        << "the row's given entry " << entry << " is not an entry of its input, with its shape";
    x.toTable().at(entry) = Activity<T>(values.template to<T>().clone());
  }
  for (const auto& [entry, range] : flags.indexEntries) {
    const bool valid = in.isTable ? entry < in.entries.size() && !in.entries[entry].isTable : entry == 0;
    EXPECT_TRUE(valid) << "the row's index entry " << entry << " is not a Tensor entry of its input";
    if (!valid) continue;
    Tensor<T>& t = in.isTable ? x.toTable().at(entry).toTensor() : x.toTensor();
    Random rng(seedOf(name) + 1000 + entry);
    for (int64_t i = 0; i < t.numel(); ++i)
      t.data()[i] = static_cast<T>(range.first + static_cast<int64_t>(rng.below(
                                                      static_cast<uint64_t>(range.second - range.first))));
  }
  return x;
}

/// Zeros of the row's bad input shapes.
template <typename T>
Activity<T> zerosOf(const Inputs& in) {
  if (!in.isTable) return Activity<T>(Tensor<T>(in.shape));
  std::vector<Activity<T>> items;
  for (const Inputs& entry : in.entries) items.push_back(zerosOf<T>(entry));
  return Activity<T>::table(std::move(items));
}

template <typename T>
Activity<T> targetOf(const Target& target, uint64_t seed) {
  if (target.isTable) {
    std::vector<Activity<T>> items;
    for (const Target& entry : target.entries) items.push_back(targetOf<T>(entry, seed++));
    return Activity<T>::table(std::move(items));
  }
  if (target.classes == 0 && target.kind == Target::kDrawn)
    return Activity<T>(test::randomTensor(target.shape, seed, target.lo, target.hi).to<T>());
  Tensor<T> t(target.shape);
  t.zero();
  Random rng(seed);
  T* v = t.data();
  const auto below = [&](int64_t n) { return static_cast<int64_t>(rng.below(static_cast<uint64_t>(n))); };
  if (target.kind == Target::kMultiLabels) {
    const int64_t c = target.classes, rows = t.numel() / c;
    for (int64_t r = 0; r < rows; ++r) {
      std::vector<int64_t> order(static_cast<size_t>(c));
      for (int64_t i = 0; i < c; ++i) order[static_cast<size_t>(i)] = i;
      for (int64_t i = c - 1; i > 0; --i)
        std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(below(i + 1))]);
      const int64_t k = 1 + below(c - 1);
      for (int64_t i = 0; i < c; ++i)
        v[r * c + i] = static_cast<T>(i < k ? order[static_cast<size_t>(i)] : -1);
    }
    return Activity<T>(t);
  }
  if (target.kind == Target::kOneHot) {
    for (int64_t r = 0; r < t.numel() / target.classes; ++r)
      v[r * target.classes + below(target.classes)] = 1;
    return Activity<T>(t);
  }
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (target.kind == Target::kSigns)
      v[i] = below(2) ? T(1) : T(-1);
    else if (target.kind == Target::kPaddedLabels)
      v[i] = static_cast<T>(below(target.classes + 1) - 1);
    else
      v[i] = static_cast<T>(below(target.classes));
  }
  return Activity<T>(t);
}

template <typename T>
Activity<T> targetOf(const Target& target, const std::string& name) {
  return targetOf<T>(target, seedOf(name) + 99);
}

/// A row's target shapes as describe() writes them, to compare with a fixture's.
std::string targetShapesOf(const Target& target) {
  return test::describe(targetOf<float>(target, uint64_t{0}));
}

std::string shapesOf(const Inputs& in) { return test::describe(zerosOf<float>(in)); }

template <typename T>
const char* typeName() {
  return sizeof(T) == 4 ? "float" : "double";
}

template <typename T>
ModulePtr<T> build(const ModuleRow& row) {
  ModulePtr<T> m;
  if constexpr (std::is_same_v<T, float>)
    m = row.make.byBuilder() ? row.make.builder.asFloat() : createModule<T>(row.type, row.make.options);
  else
    m = row.make.byBuilder() ? row.make.builder.asDouble() : createModule<T>(row.type, row.make.options);
  if (row.flags.evaluate) m->evaluate();
  return m;
}

const fs::path kCaseDir = fs::path(RINGDL_FIXTURE_DIR) / "conformance";

std::string missingCase(const std::string& name) {
  return "fixture case '" + name + "' is missing (" + (kCaseDir / (name + ".txt")).string() +
         "): add a case of that name to tests/fixtures/gen_conformance.py and run /usr/bin/python3 "
         "tests/fixtures/gen_conformance.py " +
         name;
}

/// Numbers of an attribute value (bools as 0 or 1), for comparing with a fixture's option.<key>; none for
/// strings.
std::optional<std::vector<double>> numbersOf(const AttrValue& v) {
  return std::visit(
      [](const auto& x) -> std::optional<std::vector<double>> {
        using V = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<V, std::vector<int64_t>> || std::is_same_v<V, std::vector<double>>)
          return std::vector<double>(x.begin(), x.end());
        else if constexpr (std::is_arithmetic_v<V>)
          return std::vector<double>{static_cast<double>(x)};
        else
          return std::nullopt;
      },
      v);
}

/// "3", "true" or "[3, 4]", for messages.
std::string show(const std::vector<double>& numbers, bool list) {
  std::ostringstream os;
  for (size_t i = 0; i < numbers.size(); ++i) os << (i ? ", " : "") << numbers[i];
  return list ? "[" + os.str() + "]" : os.str();
}
std::string show(const AttrValue& v) {
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const std::string* s = std::get_if<std::string>(&v)) return "'" + *s + "'";
  const bool list = !std::holds_alternative<int64_t>(v) && !std::holds_alternative<double>(v);
  return numbersOf(v) ? show(*numbersOf(v), list) : "(a list of strings)";
}

/// The fixture was generated for this row: the same input shapes, the row's given entries and, for every
/// option.<key> it records, the same value in the layer's config().
::testing::AssertionResult fixtureAgreesWithRow(const test::Fixture& f, const Attributes& config,
                                                const Inputs& input,
                                                const std::map<size_t, Tensor<double>>& given,
                                                const std::string& name) {
  const std::string regenerate = ": make the row in " + std::string(kThisFile) +
                                 " and the case in tests/fixtures/gen_conformance.py agree, then run "
                                 "/usr/bin/python3 tests/fixtures/gen_conformance.py " +
                                 name;
  const std::string fixtureShapes = test::describe(test::activityOf<double>(f, "input"));
  if (fixtureShapes != shapesOf(input))
    return ::testing::AssertionFailure() << "fixture case '" << name << "' has input " << fixtureShapes
                                         << " but the row gives " << shapesOf(input) << regenerate;
  for (const auto& [entry, values] : given) {
    const Tensor<double>& recorded = f.get("input." + std::to_string(entry));
    if (recorded.toVector() != values.toVector())
      return ::testing::AssertionFailure() << "fixture case '" << name << "' has other values in entry "
                                           << entry << " than the row gives" << regenerate;
  }
  for (const std::string& array : f.names()) {
    if (array.rfind("option.", 0) != 0) continue;
    const std::string key = array.substr(7);
    auto it = config.values().find(key);
    if (it == config.values().end())
      return ::testing::AssertionFailure() << "fixture case '" << name << "' was made with option '" << key
                                           << "', which the row's layer does not have" << regenerate;
    const Tensor<double>& recorded = f.get(array);
    if (numbersOf(it->second) != recorded.toVector())
      return ::testing::AssertionFailure()
             << "fixture case '" << name << "' was made with " << key << " = "
             << show(recorded.toVector(), recorded.dim() > 0) << " but the row's layer has " << key << " = "
             << show(it->second) << regenerate;
  }
  return ::testing::AssertionSuccess();
}

/// The fixture's index entries hold whole numbers in the row's range.
::testing::AssertionResult fixtureIndicesAgreeWithRow(
    const test::Fixture& f, const Inputs& input, const std::map<size_t, std::pair<int64_t, int64_t>>& indices,
    const std::string& name) {
  for (const auto& [entry, range] : indices) {
    const Tensor<double>& recorded = f.get(input.isTable ? "input." + std::to_string(entry) : "input");
    for (double v : recorded.toVector())
      if (v != std::floor(v) || v < range.first || v >= range.second)
        return ::testing::AssertionFailure()
               << "fixture case '" << name << "' has " << v << " in index entry " << entry << ", outside ["
               << range.first << ", " << range.second << "): give the case indices={" << entry << ": ("
               << range.first << ", " << range.second << ")} in tests/fixtures/gen_conformance.py and run "
               << "/usr/bin/python3 tests/fixtures/gen_conformance.py " << name;
  }
  return ::testing::AssertionSuccess();
}

/// Every option the row gives is in config() with the value given: an option the layer ignores (misspelt, or
/// not read) shows up here.
::testing::AssertionResult optionsAreInConfig(const Attributes& options, const Attributes& config) {
  for (const auto& [key, value] : options.values()) {
    auto it = config.values().find(key);
    if (it == config.values().end())
      return ::testing::AssertionFailure()
             << "option '" << key << "' is not in config(): misspelt in the row, or "
             << "ignored by the layer";
    if (it->second != value)
      return ::testing::AssertionFailure() << "option " << key << " = " << show(value)
                                           << " comes back from config() as " << show(it->second);
  }
  return ::testing::AssertionSuccess();
}

/// The message of the Error that f throws, or nullopt.
template <typename F>
std::optional<std::string> errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

/// forward with the global generator at a fixed state, so random layers draw the same mask each time.
template <typename T>
Activity<T> forwardFrom(Module<T>& m, const Activity<T>& x, const std::string& rngState) {
  Random::global().setState(rngState);
  return test::deepCopy(m.forward(x));
}

/// Every parameter place in the module tree, shared ones at each place: "<module path>.<name> [shape]".
template <typename T>
std::vector<std::string> parameterPlaces(Module<T>& m, const std::string& path = "") {
  std::vector<std::string> places;
  for (const ParamRef<T>& p : m.ownParameters())
    places.push_back(path + p.name + " " + toString(p.weight->shape()));
  for (Module<T>* c : m.children()) {
    const std::vector<std::string> sub = parameterPlaces(*c, path + c->name() + ".");
    places.insert(places.end(), sub.begin(), sub.end());
  }
  return places;
}

// ---- the checks, per module row ----

class ModuleConformance : public ::testing::TestWithParam<ModuleRow> {};

TEST_P(ModuleConformance, GradientCheck) {
  const ModuleRow& row = GetParam();
  if (!row.flags.notAGradient.empty())
    GTEST_SKIP() << "backward is not a derivative: " << row.flags.notAGradient;
  ModulePtr<double> m = build<double>(row);
  test::GradCheckOptions opt;
  opt.checkParameters = row.flags.checkParameters;
  for (const auto& given : row.flags.given) opt.skipInputs.insert(given.first);
  for (const auto& index : row.flags.indexEntries) opt.skipInputs.insert(index.first);
  test::expectGradientsMatch(*m, inputOf<double>(row.input, row.flags, row.name), opt);
}

template <typename T>
void expectModuleMatchesReference(const ModuleRow& row) {
  ModulePtr<T> m = build<T>(row);
  if (row.flags.expected) {
    const Expected& e = *row.flags.expected;
    ASSERT_EQ(test::describe(e.input), shapesOf(row.input)) << "the row's expected input has another shape";
    const Activity<T> x = test::convertedCopy<T>(e.input);
    EXPECT_TRUE(test::matchesReference(m->forward(x), e.output, "output"));
    EXPECT_TRUE(test::matchesReference(m->backward(x, test::convertedCopy<T>(e.gradOutput)), e.gradInput,
                                       "gradInput"));
    return;
  }
  if (!row.flags.noReference.empty()) GTEST_SKIP() << "no reference values: " << row.flags.noReference;
  ASSERT_TRUE(fs::exists(kCaseDir / (row.name + ".txt"))) << missingCase(row.name);
  const test::Fixture f("conformance/" + row.name + ".txt");
  ASSERT_TRUE(fixtureAgreesWithRow(f, m->config(), row.input, row.flags.given, row.name));
  ASSERT_TRUE(fixtureIndicesAgreeWithRow(f, row.input, row.flags.indexEntries, row.name));
  test::expectModuleMatchesFixture(*m, f);
}

TEST_P(ModuleConformance, MatchesPyTorchInDouble) { expectModuleMatchesReference<double>(GetParam()); }
TEST_P(ModuleConformance, MatchesPyTorchInFloat) { expectModuleMatchesReference<float>(GetParam()); }

template <typename T>
void expectRegistryAndConfig(const ModuleRow& row) {
  SCOPED_TRACE(typeName<T>());
  ModulePtr<T> m = build<T>(row);
  EXPECT_EQ(m->typeName(), row.type);
  const Attributes config = m->config();
  if (!row.make.byBuilder()) EXPECT_TRUE(optionsAreInConfig(row.make.options, config));
  // Rebuilt as the model loader does: the type from its config, then (containers) each child in order.
  ModulePtr<T> rebuilt = createModule<T>(row.type, config);
  if (auto* c = dynamic_cast<Container<T>*>(rebuilt.get()))
    for (Module<T>* child : m->children()) c->add(child->cloneStructure());
  EXPECT_EQ(rebuilt->typeName(), row.type);
  EXPECT_TRUE(rebuilt->config() == config) << m->toString() << "\nrebuilt as\n" << rebuilt->toString();
  EXPECT_EQ(rebuilt->toString(), m->toString());
  // Parameter places, not parameters(): sharing (a module used twice in a graph) is not part of config(); the
  // model file records it apart.
  EXPECT_EQ(parameterPlaces(*rebuilt), parameterPlaces(*m)) << "the rebuilt layer has other parameters";
}

TEST_P(ModuleConformance, RegistryAndConfig) {
  expectRegistryAndConfig<float>(GetParam());
  expectRegistryAndConfig<double>(GetParam());
}

template <typename T>
void expectSaveAndLoad(const ModuleRow& row) {
  SCOPED_TRACE(typeName<T>());
  ModulePtr<T> m = build<T>(row);
  const fs::path path = fs::temp_directory_path() / ("ringdl_conformance_" + row.name + "_" + typeName<T>() +
                                                     "_" + std::to_string(getpid()) + ".ringdl");
  saveModel(path.string(), *m);
  ModulePtr<T> back = loadModel<T>(path.string());
  fs::remove(path);
  if (row.flags.evaluate) back->evaluate();
  EXPECT_EQ(back->typeName(), m->typeName());
  EXPECT_TRUE(back->config() == m->config());
  EXPECT_EQ(back->toString(), m->toString());
  const std::string rng = Random::global().state();
  const Activity<T> x = inputOf<T>(row.input, row.flags, row.name);
  const Activity<T> y = forwardFrom(*m, x, rng), yBack = forwardFrom(*back, x, rng);
  EXPECT_TRUE(test::identical(yBack, y)) << "output";
  Activity<T> gradOutput = test::deepCopy(y);
  const Activity<T> gx = test::deepCopy(m->backward(x, gradOutput));
  EXPECT_TRUE(test::identical(back->backward(x, gradOutput), gx)) << "gradInput";
  Random::global().setState(rng);
}

TEST_P(ModuleConformance, SaveAndLoad) {
  expectSaveAndLoad<float>(GetParam());
  expectSaveAndLoad<double>(GetParam());
}

TEST_P(ModuleConformance, Clones) {
  const ModuleRow& row = GetParam();
  ModulePtr<float> m = build<float>(row);
  ModulePtr<float> copy = m->clone(), shared = m->clone(/*shareWeights=*/true);
  const std::string rng = Random::global().state();
  const Activity<float> x = inputOf<float>(row.input, row.flags, row.name);
  const Activity<float> y = forwardFrom(*m, x, rng);
  EXPECT_TRUE(test::identical(forwardFrom(*copy, x, rng), y)) << "clone()";
  EXPECT_TRUE(test::identical(forwardFrom(*shared, x, rng), y)) << "clone(true)";
  const auto mine = m->parameters(), copied = copy->parameters(), sharing = shared->parameters();
  ASSERT_EQ(copied.size(), mine.size());
  ASSERT_EQ(sharing.size(), mine.size());
  for (size_t i = 0; i < mine.size(); ++i) {
    EXPECT_FALSE(copied[i].weight->sharesStorageWith(*mine[i].weight)) << "clone() shares " << mine[i].name;
    EXPECT_EQ(sharing[i].weight->data(), mine[i].weight->data())
        << "clone(true) does not share " << mine[i].name;
    EXPECT_EQ(sharing[i].grad->data(), mine[i].grad->data())
        << "clone(true) does not share " << mine[i].name << "'s gradient";
  }
  Random::global().setState(rng);
}

TEST_P(ModuleConformance, BadInputNamesTheLayer) {
  const ModuleRow& row = GetParam();
  if (!row.flags.noBadInput.empty()) GTEST_SKIP() << "no bad input: " << row.flags.noBadInput;
  ModulePtr<float> m = build<float>(row);
  m->setName("under_test");
  const auto msg = errorOf([&] { m->forward(zerosOf<float>(row.badInput)); });
  ASSERT_TRUE(msg.has_value()) << "forward accepted the row's bad input " << shapesOf(row.badInput)
                               << "; give the row an input the layer rejects";
  EXPECT_TRUE(msg->find(row.type) != std::string::npos || msg->find("under_test") != std::string::npos)
      << "the error names neither the layer's type (" << row.type << ") nor its name (under_test): " << *msg;
}

std::string rowName(const ::testing::TestParamInfo<ModuleRow>& info) { return info.param.name; }
INSTANTIATE_TEST_SUITE_P(Layers, ModuleConformance, ::testing::ValuesIn(moduleRows()), rowName);

// ---- the checks, per criterion row ----

class CriterionConformance : public ::testing::TestWithParam<CriterionRow> {};

TEST_P(CriterionConformance, GradientCheck) {
  const CriterionRow& row = GetParam();
  CriterionPtr<double> c = createCriterion<double>(row.type, row.options);
  test::expectCriterionGradientsMatch(*c, inputOf<double>(row.input, row.flags, row.name),
                                      targetOf<double>(row.target, row.name));
}

template <typename T>
void expectCriterionMatchesReference(const CriterionRow& row) {
  CriterionPtr<T> c = createCriterion<T>(row.type, row.options);
  ASSERT_TRUE(fs::exists(kCaseDir / (row.name + ".txt"))) << missingCase(row.name);
  const test::Fixture f("conformance/" + row.name + ".txt");
  ASSERT_TRUE(fixtureAgreesWithRow(f, c->config(), row.input, {}, row.name));
  ASSERT_EQ(test::describe(test::activityOf<double>(f, "target")), targetShapesOf(row.target))
      << "fixture case '" << row.name << "' has another target";
  test::expectCriterionMatchesFixture(*c, f);
}

TEST_P(CriterionConformance, MatchesPyTorchInDouble) { expectCriterionMatchesReference<double>(GetParam()); }
TEST_P(CriterionConformance, MatchesPyTorchInFloat) { expectCriterionMatchesReference<float>(GetParam()); }

template <typename T>
void expectCriterionRegistryAndConfig(const CriterionRow& row) {
  SCOPED_TRACE(typeName<T>());
  CriterionPtr<T> c = createCriterion<T>(row.type, row.options);
  EXPECT_EQ(c->typeName(), row.type);
  EXPECT_TRUE(optionsAreInConfig(row.options, c->config()));
  EXPECT_TRUE(createCriterion<T>(row.type, c->config())->config() == c->config());
}

TEST_P(CriterionConformance, RegistryAndConfig) {
  expectCriterionRegistryAndConfig<float>(GetParam());
  expectCriterionRegistryAndConfig<double>(GetParam());
}

TEST_P(CriterionConformance, BadInputNamesTheCriterion) {
  const CriterionRow& row = GetParam();
  CriterionPtr<float> c = createCriterion<float>(row.type, row.options);
  const Activity<float> target = targetOf<float>(row.target, row.name);
  const auto msg = errorOf([&] { c->forward(zerosOf<float>(row.badInput), target); });
  ASSERT_TRUE(msg.has_value()) << "forward accepted the row's bad input " << shapesOf(row.badInput)
                               << "; give the row an input the criterion rejects";
  EXPECT_NE(msg->find(row.type), std::string::npos) << "the error does not name " << row.type << ": " << *msg;
}

/// Records lo..hi-1 (dimension 0) of every Tensor of an Activity.
Activity<double> recordsOf(const Activity<double>& a, int64_t lo, int64_t hi) {
  if (a.isTensor()) return Activity<double>(a.toTensor().narrow(0, lo, hi - lo).contiguous());
  std::vector<Activity<double>> items;
  for (const Activity<double>& entry : a.toTable()) items.push_back(recordsOf(entry, lo, hi));
  return Activity<double>::table(std::move(items));
}

// The distributed engine (src/dist/distri_optimizer.cpp) gives each rank a part of the batch, sums the
// parts' loss * normaliser and normalisers (or their losses, for a plain sum) over the ranks, and scales each
// part's gradient by normaliser / total: for N ranks to train as one, a criterion's normaliser must add up
// over the parts and the parts so combined must give the whole batch's loss and gradient. The batch is split
// into two parts along dimension 0 here, as two ranks would.
TEST_P(CriterionConformance, PartsCombineAsTheWholeBatch) {
  const CriterionRow& row = GetParam();
  if (!row.flags.wholeBatch.empty()) GTEST_SKIP() << "whole batch only: " << row.flags.wholeBatch;
  CriterionPtr<double> c = createCriterion<double>(row.type, row.options);
  const Activity<double> x = inputOf<double>(row.input, row.flags, row.name);
  const Activity<double> t(targetOf<double>(row.target, row.name));
  const int64_t n = test::leaves(x).front()->dim() > 0 ? test::leaves(x).front()->size(0) : 0;
  bool batched = n >= 2;
  for (const Activity<double>& a : {x, t})
    for (const auto* leaf : test::leaves(a)) batched = batched && leaf->dim() > 0 && leaf->size(0) == n;
  ASSERT_TRUE(batched)
      << "the row's input and target do not hold at least two records along dimension 0: give it a batch, or "
         "Flags().wholeBatchOnly(why) if its loss cannot be split (one sample, a loss over the whole batch)";
  const double whole = c->forward(x, t);
  const Activity<double> gradWhole = test::deepCopy(c->backward(x, t));
  const std::optional<double> normWhole = c->batchNormalizer(x, t);

  const int64_t bounds[] = {0, n / 2, n};
  double sum = 0, total = 0;
  std::vector<std::optional<double>> norms;
  std::vector<Activity<double>> grads;
  for (int p = 0; p < 2; ++p) {
    const Activity<double> xp = recordsOf(x, bounds[p], bounds[p + 1]);
    const Activity<double> tp = recordsOf(t, bounds[p], bounds[p + 1]);
    const double loss = c->forward(xp, tp);
    grads.push_back(test::deepCopy(c->backward(xp, tp)));
    norms.push_back(c->batchNormalizer(xp, tp));
    ASSERT_EQ(norms.back().has_value(), normWhole.has_value())
        << "part " << p << "'s normaliser and the whole batch's disagree on whether the loss is a plain sum";
    sum += norms.back() ? loss * *norms.back() : loss;
    total += norms.back().value_or(0);
  }
  if (normWhole) EXPECT_NEAR(total, *normWhole, 1e-9 * std::abs(*normWhole)) << "the parts' normalisers";
  const double combined = normWhole ? (total != 0 ? sum / total : 0.0) : sum;
  EXPECT_NEAR(combined, whole, 1e-9 * (1 + std::abs(whole))) << "the parts' combined loss";
  for (int p = 0; p < 2; ++p) {
    const double share = normWhole ? (total != 0 ? *norms[p] / total : 0.0) : 1.0;
    const Activity<double> expected = recordsOf(gradWhole, bounds[p], bounds[p + 1]);
    const auto got = test::leaves(grads[p]);
    const auto want = test::leaves(expected);
    ASSERT_EQ(got.size(), want.size());
    for (size_t k = 0; k < got.size(); ++k)
      for (int64_t i = 0; i < want[k]->numel(); ++i)
        ASSERT_NEAR(share * got[k]->data()[i], want[k]->data()[i], 1e-9 * (1 + std::abs(want[k]->data()[i])))
            << "part " << p << "'s gradient, entry " << k << ", element " << i;
  }
}

std::string criterionRowName(const ::testing::TestParamInfo<CriterionRow>& info) { return info.param.name; }
INSTANTIATE_TEST_SUITE_P(Criterions, CriterionConformance, ::testing::ValuesIn(criterionRows()),
                         criterionRowName);

// ---- the table itself ----

template <typename Rows>
bool hasRow(const Rows& rows, const std::string& type) {
  for (const auto& row : rows)
    if (row.type == type) return true;
  return false;
}

TEST(Completeness, EveryRegisteredLayerHasARow) {
  for (const std::string& type : registeredModuleTypes())
    EXPECT_TRUE(hasRow(moduleRows(), type))
        << "layer type '" << type
        << "' is registered (src/nn/registry.cpp) but has no row in moduleRows() of " << kThisFile
        << ": add one, with its case in tests/fixtures/gen_conformance.py (docs/layers.md)";
}

TEST(Completeness, EveryRegisteredCriterionHasARow) {
  for (const std::string& type : registeredCriterionTypes())
    EXPECT_TRUE(hasRow(criterionRows(), type))
        << "criterion type '" << type
        << "' is registered (src/nn/registry.cpp) but has no row in criterionRows() of " << kThisFile
        << ": add one, with its case in tests/fixtures/gen_conformance.py (docs/layers.md)";
}

TEST(Completeness, RowNamesAreUniqueAndEveryFixtureCaseHasARow) {
  std::set<std::string> names;
  for (const auto& row : moduleRows())
    EXPECT_TRUE(names.insert(row.name).second) << "two rows named " << row.name;
  for (const auto& row : criterionRows())
    EXPECT_TRUE(names.insert(row.name).second) << "two rows named " << row.name;
  for (const auto& entry : fs::directory_iterator(kCaseDir)) {
    const std::string stem = entry.path().stem().string();
    EXPECT_TRUE(names.count(stem)) << entry.path() << " belongs to no row: delete it, or add its row to "
                                   << kThisFile;
  }
}

}  // namespace
}  // namespace ringdl
