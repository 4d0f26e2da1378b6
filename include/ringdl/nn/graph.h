// Graph<T>: BigDL's functional container. Nodes are modules applied to the outputs of other nodes; a graph
// runs them in topological order and back-propagates in reverse, summing the gradients of a node that feeds
// several others.
//
//   auto x = Input<float>("x");
//   auto h = node(std::make_shared<Linear<float>>(4, 4), x);
//   auto y = node(std::make_shared<CAddTable<float>>(), {h, x});
//   Graph<float> g({x}, {y});
//
// A node with one input receives that input's output; a node with several receives a Table of them, in
// order. A graph with several inputs takes a Table (entry i for input i); with several outputs it returns
// one. A module given to two nodes is used twice: the second node gets a clone sharing its parameters
// (Module::clone(true)), so each use keeps its own forward state and the gradients of both uses add up.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "ringdl/nn/container.h"

namespace ringdl {

template <typename T>
class Node;
template <typename T>
using NodePtr = std::shared_ptr<Node<T>>;

/// A place in a graph: an input (no module) or a module applied to the outputs of its input nodes.
template <typename T>
class Node {
 public:
  Node(ModulePtr<T> module, std::vector<NodePtr<T>> inputs, std::string name = "");

  /// The node's name: its module's name, or for an input the name given (else "input").
  const std::string& name() const;
  /// Names the node (and its module, whose parameters are then named "<name>.weight" in the graph).
  Node& setName(const std::string& name);
  bool isInput() const { return module_ == nullptr; }
  const ModulePtr<T>& module() const { return module_; }
  const std::vector<NodePtr<T>>& inputs() const { return inputs_; }

 private:
  ModulePtr<T> module_;
  std::vector<NodePtr<T>> inputs_;
  std::string name_;  // inputs only
};

/// A graph input (BigDL's Input()).
template <typename T>
NodePtr<T> Input(const std::string& name = "") {
  return std::make_shared<Node<T>>(nullptr, std::vector<NodePtr<T>>{}, name);
}

/// The module applied to the output of `input` (BigDL's layer.inputs(node)).
template <typename M>
NodePtr<typename M::Scalar> node(std::shared_ptr<M> module, NodePtr<typename M::Scalar> input) {
  using T = typename M::Scalar;
  static_assert(std::is_base_of_v<Module<T>, M>, "node() takes a module");
  return std::make_shared<Node<T>>(std::move(module), std::vector<NodePtr<T>>{std::move(input)});
}
/// The module applied to a Table of the outputs of `inputs`, in order.
template <typename M>
NodePtr<typename M::Scalar> node(std::shared_ptr<M> module, std::vector<NodePtr<typename M::Scalar>> inputs) {
  using T = typename M::Scalar;
  static_assert(std::is_base_of_v<Module<T>, M>, "node() takes a module");
  return std::make_shared<Node<T>>(std::move(module), std::move(inputs));
}

template <typename T>
class Graph : public Container<T> {
 public:
  /// Checks the graph (every error names the node): no cycles, every node reachable from `inputs` only, every
  /// input used, names unique. Unnamed modules are named "<Type>_<k>" (k counting that type's nodes).
  Graph(std::vector<NodePtr<T>> inputs, std::vector<NodePtr<T>> outputs);
  /// Rebuilds the edges saved by config(); the modules are then add()-ed in the order children() lists them
  /// (how the model loader and clone() rebuild containers). The graph is usable once the last one is added.
  explicit Graph(const Attributes& a);

  /// Loading only: the next module of the saved graph.
  Graph& add(ModulePtr<T> module) override;
  Attributes config() const override;
  /// One line per node with its inputs ("y = CAddTable(h, x)"), then the outputs.
  std::string toString(int indent = 0) const override;
  void setGradInputNeeded(bool needed) override;

  const std::vector<NodePtr<T>>& inputs() const { return inputs_; }
  const std::vector<NodePtr<T>>& outputs() const { return outputs_; }
  /// Every node, inputs first, then the module nodes in the order forward runs them.
  const std::vector<NodePtr<T>>& nodes() const { return nodes_; }
  /// The node of that name; an Error listing the names if there is none.
  const NodePtr<T>& nodeNamed(const std::string& name) const;

  const Activity<T>& updateOutput(const Activity<T>& input) override;
  const Activity<T>& updateGradInput(const Activity<T>& input, const Activity<T>& gradOutput) override;
  void accGradParameters(const Activity<T>& input, const Activity<T>& gradOutput) override;

 protected:
  /// The node of module i now runs module (Container::replace), with the same inputs.
  void replaceChild(size_t i, ModulePtr<T> module) override;

 private:
  struct Edges {
    std::vector<std::string> inputNames, nodeNames;
    std::vector<int64_t> nodeInputs;  // per module node: its input count, then their indices into nodes_
    std::vector<int64_t> outputs;     // indices into nodes_
  };
  void build(std::vector<NodePtr<T>> inputs, std::vector<NodePtr<T>> outputs);
  void buildFromEdges();
  void checkComplete() const;
  std::string describe(const Node<T>& n) const;
  /// The nodes' forwards in order; with fuse, a convolution absorbs the nodes nn/fusion.h names.
  const Activity<T>& forwardNodes(const Activity<T>& input, bool fuse);

  std::vector<NodePtr<T>> inputs_, outputs_, nodes_;
  std::vector<std::vector<int>> inputIndex_;  // per node: indices of its inputs in nodes_
  std::vector<int> soleConsumer_;  // per node: the node that alone reads its output (once), if it is no graph
                                   // output; -1 otherwise (evaluate-mode fusion, nn/fusion.h)
  std::vector<Activity<T>> nodeInput_;  // per node: what its module was given in the last forward
  std::vector<Activity<T>> grad_;       // per node: gradient of the loss w.r.t. its output
  std::vector<char> gradOwned_;         // grad_[i] is gradSum_[i], a sum this graph owns (safe to add into)
  std::vector<Activity<T>> gradSum_;    // per node: the buffers of its gradient sum, kept between backwards
  Edges pending_;                       // a graph being loaded: edges waiting for their modules
  bool complete_ = false;
  bool inputGradNeeded_ = true;  // setGradInputNeeded: does anyone use the graph's gradInput?
};

extern template class Node<float>;
extern template class Node<double>;
extern template class Graph<float>;
extern template class Graph<double>;

}  // namespace ringdl
