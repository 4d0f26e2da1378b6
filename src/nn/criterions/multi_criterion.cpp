// MultiCriterion<T> and ParallelCriterion<T>: weighted sums of inner criterions, their gradients accumulated
// Tensor by Tensor at any depth of Tables.
#include "ringdl/nn/criterions/multi_criterion.h"

#include "ringdl/nn/criterions/detail/nested_config.h"
#include "ringdl/nn/criterions/parallel_criterion.h"

namespace ringdl {

namespace {
// Reads a list composite's own options O (without the inner criterions' types, read with their options) and
// its criterions; the weights default to 1 each.
template <typename O, typename T>
O readList(const Attributes& a, const std::string& where, std::vector<CriterionPtr<T>>& list,
           std::vector<double>& weights) {
  Attributes own;
  const Attributes all = detail::ownOptions(a);
  for (const auto& [k, v] : all.values())
    if (k != "criterions") own.set(k, v);
  O o = optionsFrom<O>(own, where);
  list = detail::nestedCriterionList<T>(a, "criterions", where);
  weights = o.weights.empty() ? std::vector<double>(list.size(), 1.0) : o.weights;
  RINGDL_CHECK(weights.size() == list.size(), where, ": ", weights.size(), " weights were given for ",
               list.size(), " criterions");
  return o;
}
}  // namespace

// ---- MultiCriterion ----

template <typename T>
MultiCriterion<T>::MultiCriterion(const Attributes& a) : Criterion<T>("MultiCriterion") {
  readList<MultiCriterionOptions>(a, "MultiCriterion", criterions_, weights_);
}

template <typename T>
MultiCriterion<T>& MultiCriterion<T>::add(CriterionPtr<T> criterion, double weight) {
  RINGDL_CHECK(criterion != nullptr, "MultiCriterion::add was given a null criterion");
  criterions_.push_back(std::move(criterion));
  weights_.push_back(weight);
  return *this;
}

template <typename T>
Attributes MultiCriterion<T>::config() const {
  Attributes a;
  detail::putCriterionList(a, "criterions", criterions_);
  a.set("weights", weights_);
  return a;
}

template <typename T>
std::optional<double> MultiCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                         const Activity<T>& target) const {
  std::vector<std::optional<double>> ns;
  for (const auto& c : criterions_) ns.push_back(c->batchNormalizer(input, target));
  return detail::commonNormalizer(this->where(), ns);
}

template <typename T>
T MultiCriterion<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  RINGDL_CHECK_CRITERION(!criterions_.empty(), "has no criterions; add() them (or list them in its config)");
  double loss = 0;
  for (size_t i = 0; i < criterions_.size(); ++i) {
    try {
      loss += weights_[i] * static_cast<double>(criterions_[i]->forward(input, target));
    } catch (const Error& e) {
      RINGDL_FAIL(this->where(), ", at criterion ", i, ": ", e.message());
    }
  }
  return static_cast<T>(loss);
}

template <typename T>
const Activity<T>& MultiCriterion<T>::updateGradInput(const Activity<T>& input, const Activity<T>& target) {
  RINGDL_CHECK_CRITERION(!criterions_.empty(), "has no criterions; add() them (or list them in its config)");
  for (size_t i = 0; i < criterions_.size(); ++i) {
    // Each criterion's forward first: some keep state from it (CrossEntropyCriterion's probabilities).
    criterions_[i]->forward(input, target);
    detail::addScaled(this->gradInput_, criterions_[i]->backward(input, target), weights_[i], i == 0);
  }
  return this->gradInput_;
}

// ---- ParallelCriterion ----

template <typename T>
ParallelCriterion<T>::ParallelCriterion(const Attributes& a) : Criterion<T>("ParallelCriterion") {
  repeatTarget_ =
      readList<ParallelCriterionOptions>(a, "ParallelCriterion", criterions_, weights_).repeatTarget;
}

template <typename T>
ParallelCriterion<T>& ParallelCriterion<T>::add(CriterionPtr<T> criterion, double weight) {
  RINGDL_CHECK(criterion != nullptr, "ParallelCriterion::add was given a null criterion");
  criterions_.push_back(std::move(criterion));
  weights_.push_back(weight);
  return *this;
}

template <typename T>
Attributes ParallelCriterion<T>::config() const {
  Attributes a;
  detail::putCriterionList(a, "criterions", criterions_);
  a.set("weights", weights_);
  a.set("repeatTarget", repeatTarget_);
  return a;
}

template <typename T>
void ParallelCriterion<T>::check(const Activity<T>& input, const Activity<T>& target) const {
  RINGDL_CHECK_CRITERION(!criterions_.empty(), "has no criterions; add() them (or list them in its config)");
  RINGDL_CHECK_CRITERION(input.isTable() && input.toTable().size() >= criterions_.size(),
                         "takes a Table input of at least one entry per criterion (", criterions_.size(),
                         "), got ",
                         input.isTable() ? "a Table of " + std::to_string(input.toTable().size()) + " entries"
                                         : "a Tensor of shape " + toString(input.toTensor().shape()));
  RINGDL_CHECK_CRITERION(repeatTarget_ || (target.isTable() && target.toTable().size() >= criterions_.size()),
                         "takes a Table target of one entry per criterion (", criterions_.size(), "), got ",
                         target.isTable()
                             ? "a Table of " + std::to_string(target.toTable().size()) + " entries"
                             : std::string("a Tensor"),
                         "; set repeatTarget to give every criterion the whole target");
}

template <typename T>
std::optional<double> ParallelCriterion<T>::batchNormalizer(const Activity<T>& input,
                                                            const Activity<T>& target) const {
  check(input, target);
  std::vector<std::optional<double>> ns;
  for (size_t i = 0; i < criterions_.size(); ++i)
    ns.push_back(criterions_[i]->batchNormalizer(input.toTable()[i], targetOf(target, i)));
  return detail::commonNormalizer(this->where(), ns);
}

template <typename T>
T ParallelCriterion<T>::updateOutput(const Activity<T>& input, const Activity<T>& target) {
  check(input, target);
  double loss = 0;
  for (size_t i = 0; i < criterions_.size(); ++i) {
    try {
      loss +=
          weights_[i] * static_cast<double>(criterions_[i]->forward(input.toTable()[i], targetOf(target, i)));
    } catch (const Error& e) {
      RINGDL_FAIL(this->where(), ", at criterion ", i, ": ", e.message());
    }
  }
  return static_cast<T>(loss);
}

template <typename T>
const Activity<T>& ParallelCriterion<T>::updateGradInput(const Activity<T>& input,
                                                         const Activity<T>& target) {
  check(input, target);
  const auto& x = input.toTable();
  std::vector<Activity<T>> grads(x.size(), Activity<T>(Tensor<T>()));
  for (size_t i = 0; i < x.size(); ++i) {
    if (i < criterions_.size()) {
      criterions_[i]->forward(x[i], targetOf(target, i));
      detail::addScaled(grads[i], criterions_[i]->backward(x[i], targetOf(target, i)), weights_[i], true);
    } else {
      detail::addScaled(grads[i], x[i], 0.0, true);  // zeros of the entry's structure
    }
  }
  this->gradInput_ = Activity<T>::table(std::move(grads));
  return this->gradInput_;
}

template class MultiCriterion<float>;
template class MultiCriterion<double>;
template class ParallelCriterion<float>;
template class ParallelCriterion<double>;

}  // namespace ringdl
