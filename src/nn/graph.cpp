// Graph<T>: ordering and checking the nodes, forward in topological order, backward in reverse with summed
// gradients, and the edges as config() so a saved graph is rebuilt exactly.
#include "ringdl/nn/graph.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "layers/container/detail/gradient_sum.h"
#include "ringdl/nn/fusion.h"
#include "ringdl/tensor/math.h"

namespace ringdl {

// ---- Node ----

template <typename T>
Node<T>::Node(ModulePtr<T> module, std::vector<NodePtr<T>> inputs, std::string name)
    : module_(std::move(module)), inputs_(std::move(inputs)), name_(std::move(name)) {
  for (size_t i = 0; i < inputs_.size(); ++i)
    RINGDL_CHECK(inputs_[i] != nullptr, "node(", module_ ? module_->name() : "Input", "): input ", i,
                 " is a null node");
  RINGDL_CHECK(module_ == nullptr || !inputs_.empty(), "node(", module_->name(),
               ") needs at least one input node (a graph's first nodes take Input() nodes)");
}

template <typename T>
const std::string& Node<T>::name() const {
  static const std::string kInput = "input";
  if (module_) return module_->name();
  return name_.empty() ? kInput : name_;
}

template <typename T>
Node<T>& Node<T>::setName(const std::string& name) {
  RINGDL_CHECK(!name.empty() && name.find('.') == std::string::npos,
               "a node's name must be non-empty and without '.' (it prefixes parameter names), got '", name,
               "'");
  if (module_) {
    module_->setName(name);
  } else {
    name_ = name;
  }
  return *this;
}

// ---- Graph: construction ----

namespace {
template <typename T>
std::string nameList(const std::vector<NodePtr<T>>& nodes) {
  std::string s;
  for (const auto& n : nodes) s += (s.empty() ? "" : ", ") + n->name();
  return s;
}
}  // namespace

template <typename T>
Graph<T>::Graph(std::vector<NodePtr<T>> inputs, std::vector<NodePtr<T>> outputs) : Container<T>("Graph") {
  build(std::move(inputs), std::move(outputs));
}

template <typename T>
Graph<T>::Graph(const Attributes& a) : Container<T>("Graph") {
  pending_.inputNames = a.get<std::vector<std::string>>("inputs");
  pending_.nodeNames = a.get<std::vector<std::string>>("nodes");
  pending_.nodeInputs = a.get<std::vector<int64_t>>("edges");
  pending_.outputs = a.get<std::vector<int64_t>>("outputs");
  RINGDL_CHECK(!pending_.inputNames.empty(), "Graph: the saved graph has no inputs");
  if (pending_.nodeNames.empty()) buildFromEdges();
}

template <typename T>
void Graph<T>::build(std::vector<NodePtr<T>> inputs, std::vector<NodePtr<T>> outputs) {
  RINGDL_CHECK(!inputs.empty(), "Graph needs at least one input node (Input<T>())");
  RINGDL_CHECK(!outputs.empty(), "Graph needs at least one output node");
  std::set<const Node<T>*> inputSet;
  for (size_t i = 0; i < inputs.size(); ++i) {
    RINGDL_CHECK(inputs[i] != nullptr, "Graph: input ", i, " is a null node");
    RINGDL_CHECK(inputs[i]->isInput(), "Graph: input ", i, " ('", inputs[i]->name(),
                 "') is a node of a module; a graph's inputs are Input() nodes");
    RINGDL_CHECK(inputSet.insert(inputs[i].get()).second, "Graph: input '", inputs[i]->name(),
                 "' is listed twice");
  }
  for (size_t i = 0; i < outputs.size(); ++i)
    RINGDL_CHECK(outputs[i] != nullptr, "Graph: output ", i, " is null");

  // Depth-first from the outputs; post-order is a topological order. Iterative, so deep graphs (unrolled
  // sequences) cannot overflow the stack; `path` holds the gray nodes, for naming a cycle.
  std::map<const Node<T>*, int> state;  // 1: on the current path, 2: done
  std::vector<NodePtr<T>> order;
  std::set<const Node<T>*> reachedInputs;
  for (const NodePtr<T>& out : outputs) {
    if (state[out.get()] == 2) continue;
    std::vector<std::pair<NodePtr<T>, size_t>> path{{out, 0}};
    state[out.get()] = 1;
    while (!path.empty()) {
      auto& [n, next] = path.back();
      if (n->isInput()) {
        RINGDL_CHECK(inputSet.count(n.get()), "Graph: node '",
                     path.size() > 1 ? path[path.size() - 2].first->name() : n->name(),
                     "' depends on input '", n->name(), "', which is not one of the graph's inputs (",
                     nameList(inputs), ")");
        reachedInputs.insert(n.get());
      }
      if (next < n->inputs().size()) {
        NodePtr<T> in = n->inputs()[next++];
        const int s = state[in.get()];
        if (s == 2) continue;
        if (s == 1) {
          std::string cycle = "'" + in->name() + "'";
          bool on = false;
          for (const auto& [p, unused] : path) {
            on = on || p == in;
            if (on && p != in) cycle += " -> '" + p->name() + "'";
          }
          RINGDL_FAIL("Graph: the nodes form a cycle: ", cycle, " -> '", in->name(),
                      "'; a graph must be acyclic (recurrent layers loop over time themselves)");
        }
        state[in.get()] = 1;
        path.push_back({in, 0});
        continue;
      }
      state[n.get()] = 2;
      if (!n->isInput()) order.push_back(n);
      path.pop_back();
    }
  }
  for (const NodePtr<T>& in : inputs)
    RINGDL_CHECK(reachedInputs.count(in.get()), "Graph: input '", in->name(),
                 "' is not used by any output (outputs: ", nameList(outputs), ")");

  // Unnamed modules are named after their type and its count; unnamed inputs "input", "input_1", ...
  std::map<std::string, int> perType;
  for (const NodePtr<T>& n : order)
    if (!n->module()->hasName())
      n->setName(n->module()->typeName() + "_" + std::to_string(perType[n->module()->typeName()]++));
  int unnamedInputs = 0;
  for (const NodePtr<T>& in : inputs)
    if (in->name() == "input")
      in->setName(unnamedInputs++ == 0 ? "input" : "input_" + std::to_string(unnamedInputs - 1));
  // A module given to several nodes: the later nodes get clones sharing its parameters.
  std::map<const Module<T>*, int> uses;
  for (const NodePtr<T>& n : order) {
    const int use = uses[n->module().get()]++;
    if (use == 0) continue;
    ModulePtr<T> twin = n->module()->clone(/*shareWeights=*/true);
    twin->setName(n->module()->name() + "_" + std::to_string(use));
    *n = Node<T>(twin, n->inputs());  // the node now holds the twin (a module has one forward state)
  }
  std::set<std::string> names;
  for (const auto* list : {&inputs, &order})
    for (const NodePtr<T>& n : *list) {
      RINGDL_CHECK(n->name().find('.') == std::string::npos, "Graph: node name '", n->name(),
                   "' contains '.', which separates names in parameter paths; rename it");
      RINGDL_CHECK(names.insert(n->name()).second, "Graph: two nodes are named '", n->name(),
                   "'; node names must be unique (they name the parameters, e.g. '", n->name(), ".weight')");
    }

  inputs_ = std::move(inputs);
  outputs_ = std::move(outputs);
  nodes_ = inputs_;
  nodes_.insert(nodes_.end(), order.begin(), order.end());
  std::map<const Node<T>*, int> indexOf;
  for (size_t i = 0; i < nodes_.size(); ++i) indexOf[nodes_[i].get()] = static_cast<int>(i);
  inputIndex_.assign(nodes_.size(), {});
  for (size_t i = 0; i < nodes_.size(); ++i)
    for (const NodePtr<T>& in : nodes_[i]->inputs()) inputIndex_[i].push_back(indexOf.at(in.get()));
  this->modules_.clear();
  for (const NodePtr<T>& n : order) this->modules_.push_back(n->module());
  nodeInput_.assign(nodes_.size(), Activity<T>());
  grad_.assign(nodes_.size(), Activity<T>());
  gradOwned_.assign(nodes_.size(), 0);
  gradSum_.assign(nodes_.size(), Activity<T>());
  std::vector<int> readers(nodes_.size(), 0);
  soleConsumer_.assign(nodes_.size(), -1);
  for (size_t i = 0; i < nodes_.size(); ++i)
    for (int j : inputIndex_[i]) {
      ++readers[static_cast<size_t>(j)];
      soleConsumer_[static_cast<size_t>(j)] = static_cast<int>(i);
    }
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (readers[i] != 1 || inputIndex_[static_cast<size_t>(soleConsumer_[i])].size() != 1)
      soleConsumer_[i] = -1;
  for (const NodePtr<T>& o : outputs_) soleConsumer_[static_cast<size_t>(indexOf.at(o.get()))] = -1;
  complete_ = true;
}

template <typename T>
void Graph<T>::buildFromEdges() {
  const Edges e = pending_;
  std::vector<NodePtr<T>> all;
  for (const std::string& name : e.inputNames) all.push_back(Input<T>(name));
  const size_t numInputs = all.size();
  size_t pos = 0;
  for (size_t k = 0; k < e.nodeNames.size(); ++k) {
    const int64_t self = static_cast<int64_t>(numInputs + k);
    RINGDL_CHECK(pos < e.nodeInputs.size() && e.nodeInputs[pos] >= 1, "Graph: the saved edges of node '",
                 e.nodeNames[k], "' are missing or empty");
    const int64_t count = e.nodeInputs[pos++];
    std::vector<NodePtr<T>> ins;
    for (int64_t j = 0; j < count; ++j) {
      RINGDL_CHECK(pos < e.nodeInputs.size(), "Graph: the saved edges end inside node '", e.nodeNames[k],
                   "'");
      const int64_t from = e.nodeInputs[pos++];
      RINGDL_CHECK(from >= 0 && from < self, "Graph: node '", e.nodeNames[k], "' takes input ", from,
                   ", which is not an earlier node (0..", self - 1, ")");
      ins.push_back(all[static_cast<size_t>(from)]);
    }
    all.push_back(std::make_shared<Node<T>>(this->modules_[k], std::move(ins)));
  }
  RINGDL_CHECK(pos == e.nodeInputs.size(), "Graph: the saved edges have ", e.nodeInputs.size() - pos,
               " values after the last node");
  std::vector<NodePtr<T>> outs;
  for (int64_t o : e.outputs) {
    RINGDL_CHECK(o >= 0 && o < static_cast<int64_t>(all.size()), "Graph: saved output ", o,
                 " is not a node (0..", all.size() - 1, ")");
    outs.push_back(all[static_cast<size_t>(o)]);
  }
  const std::vector<ModulePtr<T>> saved = this->modules_;
  build(std::vector<NodePtr<T>>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(numInputs)), outs);
  RINGDL_CHECK(this->modules_ == saved, "Graph: the saved nodes are not in the order this graph runs them");
  pending_ = Edges();
}

template <typename T>
Graph<T>& Graph<T>::add(ModulePtr<T> module) {
  RINGDL_CHECK(!complete_,
               "Graph::add: a graph gets its nodes from its constructor (Graph(inputs, outputs)); "
               "add() only rebuilds a saved one");
  RINGDL_CHECK(module != nullptr, "Graph::add was given a null module");
  const size_t k = this->modules_.size();
  RINGDL_CHECK(k < pending_.nodeNames.size(), "Graph: the saved graph has ", pending_.nodeNames.size(),
               " nodes, but more modules were added");
  RINGDL_CHECK(module->name() == pending_.nodeNames[k], "Graph: node ", k, " of the saved graph is '",
               pending_.nodeNames[k], "', but the module added is named '", module->name(), "'");
  this->modules_.push_back(std::move(module));
  if (this->modules_.size() == pending_.nodeNames.size()) buildFromEdges();
  return *this;
}

template <typename T>
void Graph<T>::replaceChild(size_t i, ModulePtr<T> module) {
  checkComplete();
  const size_t at = inputs_.size() + i;
  *nodes_[at] = Node<T>(module, nodes_[at]->inputs());
  this->modules_[i] = std::move(module);
  setGradInputNeeded(inputGradNeeded_);
}

template <typename T>
void Graph<T>::checkComplete() const {
  RINGDL_CHECK(complete_, "Graph: only ", this->modules_.size(), " of its ", pending_.nodeNames.size(),
               " modules have been added; it cannot run yet");
}

template <typename T>
Attributes Graph<T>::config() const {
  checkComplete();
  std::vector<std::string> inputNames, nodeNames;
  std::vector<int64_t> edges, outputs;
  for (const NodePtr<T>& n : inputs_) inputNames.push_back(n->name());
  std::map<const Node<T>*, int64_t> indexOf;
  for (size_t i = 0; i < nodes_.size(); ++i) indexOf[nodes_[i].get()] = static_cast<int64_t>(i);
  for (size_t i = inputs_.size(); i < nodes_.size(); ++i) {
    nodeNames.push_back(nodes_[i]->name());
    edges.push_back(static_cast<int64_t>(inputIndex_[i].size()));
    for (int j : inputIndex_[i]) edges.push_back(j);
  }
  for (const NodePtr<T>& o : outputs_) outputs.push_back(indexOf.at(o.get()));
  return Attributes()
      .set("inputs", AttrValue(inputNames))
      .set("nodes", AttrValue(nodeNames))
      .set("edges", AttrValue(edges))
      .set("outputs", AttrValue(outputs));
}

template <typename T>
const NodePtr<T>& Graph<T>::nodeNamed(const std::string& name) const {
  for (const NodePtr<T>& n : nodes_)
    if (n->name() == name) return n;
  RINGDL_FAIL(this->where(), " has no node named '", name, "' (nodes: ", nameList(nodes_), ")");
}

template <typename T>
std::string Graph<T>::describe(const Node<T>& n) const {
  std::string s = "node '" + n.name() + "'";
  if (n.module()) s += " (" + n.module()->typeName() + ")";
  if (!n.inputs().empty())
    s += " with input" + std::string(n.inputs().size() > 1 ? "s " : " ") + nameList(n.inputs());
  return s;
}

template <typename T>
std::string Graph<T>::toString(int indent) const {
  std::ostringstream os;
  const std::string pad(static_cast<size_t>(indent) * 2, ' ');
  os << pad << "Graph";
  if (this->hasName()) os << " '" << this->name() << "'";
  os << " (inputs: " << nameList(inputs_) << "; outputs: " << nameList(outputs_) << ")";
  for (size_t i = inputs_.size(); i < nodes_.size(); ++i) {
    std::string body = nodes_[i]->module()->toString(indent + 1);
    body = body.substr(body.find_first_not_of(' '));
    os << "\n"
       << pad << "  " << nodes_[i]->name() << " <- (" << nameList(nodes_[i]->inputs()) << "): " << body;
  }
  return os.str();
}

template <typename T>
void Graph<T>::setGradInputNeeded(bool needed) {
  // Module::backward skips updateGradInput when the flag is off, but the graph's backward runs its nodes', so
  // the graph keeps it on and remembers the request itself (as Sequential does).
  inputGradNeeded_ = needed;
  // A module fed only by graph inputs needs its gradInput only when the graph's is needed.
  for (size_t i = inputs_.size(); i < nodes_.size(); ++i) {
    bool onlyInputs = true;
    for (int j : inputIndex_[i]) onlyInputs = onlyInputs && j < static_cast<int>(inputs_.size());
    nodes_[i]->module()->setGradInputNeeded(needed || !onlyInputs);
  }
}

// ---- Graph: forward and backward ----

template <typename T>
const Activity<T>& Graph<T>::updateOutput(const Activity<T>& input) {
  return forwardNodes(input, !this->isTraining() && this->inferenceFusion_);
}

template <typename T>
const Activity<T>& Graph<T>::forwardNodes(const Activity<T>& input, bool fuse) {
  checkComplete();
  this->fusedForward_ = false;
  const size_t ni = inputs_.size();
  std::vector<const Activity<T>*> out(nodes_.size(), nullptr);
  if (ni == 1) {
    out[0] = &input;
  } else {
    RINGDL_CHECK(input.isTable() && input.toTable().size() == ni, this->where(), " has ", ni, " inputs (",
                 nameList(inputs_), ") and takes a Table of ", ni, " entries, got ",
                 input.isTable() ? "a Table of " + std::to_string(input.toTable().size()) + " entries"
                                 : "a Tensor of shape " + ringdl::toString(input.toTensor().shape()));
    for (size_t i = 0; i < ni; ++i) out[i] = &input.toTable()[i];
  }
  // The module of the node that alone reads node i's output (nullptr: none, several, or a graph output).
  auto soleReader = [&](int i) -> Module<T>* {
    return i >= 0 && soleConsumer_[static_cast<size_t>(i)] >= 0
               ? nodes_[static_cast<size_t>(soleConsumer_[static_cast<size_t>(i)])]->module().get()
               : nullptr;
  };
  ChannelEpilogue<T> epilogue;
  for (size_t i = ni; i < nodes_.size(); ++i) {
    if (out[i] != nullptr) continue;  // absorbed by a fused convolution before it
    const std::vector<int>& ins = inputIndex_[i];
    if (ins.size() == 1) {
      nodeInput_[i] = *out[static_cast<size_t>(ins[0])];
    } else {
      std::vector<Activity<T>> items;
      for (int j : ins) items.push_back(*out[static_cast<size_t>(j)]);
      nodeInput_[i] = Activity<T>::table(std::move(items));
    }
    try {
      Module<T>& m = *nodes_[i]->module();
      const int next = soleConsumer_[i];
      const size_t absorbed =
          fuse ? planEpilogue(m, nodeInput_[i], soleReader(static_cast<int>(i)), soleReader(next), epilogue)
               : 0;
      if (absorbed == 0) {
        out[i] = &m.forward(nodeInput_[i]);
        continue;
      }
      out[i] = &dynamic_cast<EpilogueProducer<T>&>(m).forwardWithEpilogue(nodeInput_[i], epilogue);
      this->fusedForward_ = true;
      // The absorbed nodes' outputs are the convolution's.
      out[static_cast<size_t>(next)] = out[i];
      if (absorbed == 2) out[static_cast<size_t>(soleConsumer_[static_cast<size_t>(next)])] = out[i];
    } catch (const Error& e) {
      RINGDL_FAIL(this->where(), ", ", describe(*nodes_[i]), ": ", e.message());
    }
  }
  std::map<const Node<T>*, size_t> indexOf;
  for (size_t i = 0; i < nodes_.size(); ++i) indexOf[nodes_[i].get()] = i;
  if (outputs_.size() == 1) {
    this->output_ = *out[indexOf.at(outputs_[0].get())];
  } else {
    std::vector<Activity<T>> items;
    for (const NodePtr<T>& o : outputs_) items.push_back(*out[indexOf.at(o.get())]);
    this->output_ = Activity<T>::table(std::move(items));
  }
  return this->output_;
}

namespace {

template <typename T>
void addInto(Activity<T>& acc, const Activity<T>& g, const std::string& where) {
  if (acc.isTensor()) {
    RINGDL_CHECK(g.isTensor() && g.toTensor().shape() == acc.toTensor().shape(), where,
                 ": gradients of different shapes meet (", ringdl::toString(acc.toTensor().shape()), " and ",
                 g.isTensor() ? ringdl::toString(g.toTensor().shape()) : std::string("a Table"), ")");
    axpy(T(1), g.toTensor().contiguous(), acc.toTensor());
    return;
  }
  RINGDL_CHECK(g.isTable() && g.toTable().size() == acc.toTable().size(), where,
               ": gradients of different structure meet");
  for (size_t i = 0; i < acc.toTable().size(); ++i) addInto(acc.toTable()[i], g.toTable()[i], where);
}
}  // namespace

template <typename T>
const Activity<T>& Graph<T>::updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) {
  checkComplete();
  if (this->fusedForward_) forwardNodes(input, false);  // the absorbed nodes' inputs are needed now
  const size_t n = nodes_.size(), ni = inputs_.size();
  std::vector<char> has(n, 0);
  std::fill(gradOwned_.begin(), gradOwned_.end(), 0);
  // The first gradient reaching a node is borrowed; a second one makes it a sum this graph owns, so that no
  // module's own gradInput buffer is ever written into.
  auto addGrad = [&](size_t i, const Activity<T>& g) {
    if (!has[i]) {
      grad_[i] = g;
      has[i] = 1;
      return;
    }
    if (!gradOwned_[i]) {
      detail::copyGradient(gradSum_[i], grad_[i]);  // reused: a fresh sum each backward costs page faults
      grad_[i] = gradSum_[i];  // shares gradSum_[i]'s buffers
      gradOwned_[i] = 1;
    }
    addInto(grad_[i], g, this->where() + ", " + describe(*nodes_[i]));
  };
  std::map<const Node<T>*, size_t> indexOf;
  for (size_t i = 0; i < n; ++i) indexOf[nodes_[i].get()] = i;
  if (outputs_.size() == 1) {
    addGrad(indexOf.at(outputs_[0].get()), gradOutput);
  } else {
    RINGDL_CHECK(gradOutput.isTable() && gradOutput.toTable().size() == outputs_.size(), this->where(),
                 " has ", outputs_.size(), " outputs and takes a Table of ", outputs_.size(), " gradients");
    for (size_t o = 0; o < outputs_.size(); ++o) addGrad(indexOf.at(outputs_[o].get()), gradOutput[o]);
  }
  for (size_t i = n; i-- > ni;) {
    if (!has[i]) continue;
    Module<T>& m = *nodes_[i]->module();
    const Activity<T>* gin = nullptr;
    try {
      gin = &m.backward(nodeInput_[i], grad_[i]);
    } catch (const Error& e) {
      RINGDL_FAIL(this->where(), ", ", describe(*nodes_[i]), " (backward): ", e.message());
    }
    if (!m.gradInputNeeded()) continue;
    const std::vector<int>& ins = inputIndex_[i];
    // A graph input's gradient is unused when the graph's is not; a module fed by inputs alone was then told
    // to skip its gradInput (a container keeps its own flag on, so what it returns is not this backward's).
    auto wanted = [&](int j) { return inputGradNeeded_ || j >= static_cast<int>(ni); };
    if (std::none_of(ins.begin(), ins.end(), wanted)) continue;
    if (ins.size() == 1) {
      addGrad(static_cast<size_t>(ins[0]), *gin);
    } else {
      RINGDL_CHECK(gin->isTable() && gin->toTable().size() == ins.size(), this->where(), ", ",
                   describe(*nodes_[i]), ": its gradInput should be a Table of ", ins.size(), " entries");
      for (size_t j = 0; j < ins.size(); ++j)
        if (wanted(ins[j])) addGrad(static_cast<size_t>(ins[j]), (*gin)[j]);
    }
  }
  if (!inputGradNeeded_) return this->gradInput_;
  if (ni == 1) {
    this->gradInput_ = has[0] ? grad_[0] : Activity<T>();
  } else {
    std::vector<Activity<T>> items;
    for (size_t i = 0; i < ni; ++i) items.push_back(has[i] ? grad_[i] : Activity<T>());
    this->gradInput_ = Activity<T>::table(std::move(items));
  }
  return this->gradInput_;
}

template <typename T>
void Graph<T>::accGradParameters(const Activity<T>&, const Activity<T>&) {
  // Each node's backward() in updateGradInput accumulated its parameters' gradients already.
}

template class Node<float>;
template class Node<double>;
template class Graph<float>;
template class Graph<double>;

}  // namespace ringdl
