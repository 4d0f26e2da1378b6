// Optimizer<T>: the local training loop, BigDL's log lines, validation and checkpoint triggers.
#include "ringdl/optim/optimizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <tuple>

#include "ringdl/optim/batch_input.h"
#include "ringdl/optim/sgd.h"
#include "ringdl/optim/submodule_methods.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"
#include "ringdl/util/progress_bar.h"

namespace ringdl {

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string fixed(double v, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << v;
  return os.str();
}
}  // namespace

template <typename T>
Optimizer<T>::Optimizer(ModulePtr<T> model, std::shared_ptr<DataSet<T>> trainSet, CriterionPtr<T> criterion,
                        int64_t batchSize)
    : model_(std::move(model)),
      trainSet_(std::move(trainSet)),
      criterion_(std::move(criterion)),
      batchSize_(batchSize),
      method_(std::make_shared<SGD<T>>()),
      endWhen_(Trigger::maxEpoch(1)) {
  RINGDL_CHECK(model_ != nullptr, "Optimizer needs a model");
  RINGDL_CHECK(trainSet_ != nullptr, "Optimizer needs a training set");
  RINGDL_CHECK(criterion_ != nullptr, "Optimizer needs a criterion");
  RINGDL_CHECK(batchSize_ >= 1, "batch_size must be >= 1, got ", batchSize_);
  RINGDL_CHECK(trainSet_->size() > 0, "the training set is empty");
}

template <typename T>
Optimizer<T>& Optimizer<T>::setOptimMethod(OptimMethodPtr<T> method) {
  RINGDL_CHECK(method != nullptr, "setOptimMethod was given a null method");
  method_ = std::move(method);
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setOptimMethods(const std::map<std::string, OptimMethodPtr<T>>& methods,
                                            OptimMethodPtr<T> rest) {
  std::vector<SubmoduleMethod<T>> entries;
  for (const auto& [path, method] : methods) entries.push_back({path, method});
  return setOptimMethod(std::make_shared<SubmoduleMethods<T>>(std::move(entries), std::move(rest)));
}

template <typename T>
Optimizer<T>& Optimizer<T>::setEndWhen(Trigger trigger) {
  endWhen_ = std::move(trigger);
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setValidation(Trigger trigger, std::shared_ptr<DataSet<T>> valSet,
                                          std::vector<ValidationMethodPtr<T>> methods, int64_t valBatchSize) {
  RINGDL_CHECK(valSet != nullptr, "setValidation was given a null data set");
  RINGDL_CHECK(!methods.empty(), "setValidation needs at least one validation method");
  RINGDL_CHECK(valBatchSize >= 0, "validation batch size must be >= 0, got ", valBatchSize);
  validationTrigger_ = std::make_shared<Trigger>(std::move(trigger));
  valSet_ = std::move(valSet);
  valMethods_ = std::move(methods);
  valBatchSize_ = valBatchSize;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setCheckpoint(std::string dir, Trigger trigger, CheckpointWriter<T> writer,
                                          bool atEveryBest) {
  RINGDL_CHECK(!dir.empty(), "setCheckpoint needs a directory");
  RINGDL_CHECK(static_cast<bool>(writer), "setCheckpoint needs a writer (ringdl::checkpointWriter<T>())");
  checkpointDir_ = std::move(dir);
  checkpointTrigger_ = std::make_shared<Trigger>(std::move(trigger));
  checkpointWriter_ = std::move(writer);
  checkpointAtEveryBest_ = atEveryBest;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setEarlyStopping(const EarlyStoppingOptions& options) {
  RINGDL_CHECK(options.patience >= 0, "early stopping: patience must be >= 0 (0: never stop), got ",
               options.patience);
  RINGDL_CHECK(options.minDelta >= 0, "early stopping: min_delta must be >= 0, got ", options.minDelta);
  RINGDL_CHECK(options.mode == "auto" || options.mode == "max" || options.mode == "min",
               "early stopping: mode must be auto, max or min, got '", options.mode, "'");
  earlyStopping_ = options;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setTrainingState(const TrainingState& state) {
  state_ = state;
  resumed_ = true;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setLogOptions(const TrainLogOptions& options) {
  RINGDL_CHECK(options.logEvery >= 1, "log_every must be >= 1, got ", options.logEvery);
  log_ = options;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setConstantGradientClipping(double min, double max) {
  RINGDL_CHECK(std::isfinite(min) && std::isfinite(max) && min <= max,
               "constant gradient clipping needs finite min <= max, got min ", min, " and max ", max);
  clipping_.constant = true;
  clipping_.min = min;
  clipping_.max = max;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setGradientClippingByl2Norm(double maxNorm) {
  RINGDL_CHECK(std::isfinite(maxNorm) && maxNorm > 0, "gradient clipping by L2 norm needs max_norm > 0, got ",
               maxNorm);
  clipping_.maxNorm = maxNorm;
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::disableGradientClipping() {
  clipping_ = Clipping{};
  return *this;
}

template <typename T>
Optimizer<T>& Optimizer<T>::setRegularizer(const Regularizer& regularizer) {
  RINGDL_CHECK(regularizer.l1 >= 0 && regularizer.l2 >= 0, "the regularizer needs l1 >= 0 and l2 >= 0, got ",
               regularizer.l1, " and ", regularizer.l2);
  regularizer_ = regularizer;
  return *this;
}

template <typename T>
void Optimizer<T>::accRegularization() {
  if (regularizer_.active()) regularizer_.accRegularization(weights_.data(), grads_.data(), weights_.numel());
  for (const RegularizedRange& r : regularized_)
    r.regularizer.accRegularization(weights_.data() + r.offset, grads_.data() + r.offset, r.size);
}

template <typename T>
void Optimizer<T>::clipGradients(Tensor<T>& grads, const std::function<double(double)>& sumOverRanks) {
  T* g = grads.data();
  const int64_t n = grads.numel();
  if (clipping_.constant) {
    const T lo = static_cast<T>(clipping_.min), hi = static_cast<T>(clipping_.max);
    for (int64_t i = 0; i < n; ++i) g[i] = std::min(std::max(g[i], lo), hi);
  }
  if (clipping_.maxNorm <= 0) return;
  double squares = 0;
  for (int64_t i = 0; i < n; ++i) squares += static_cast<double>(g[i]) * static_cast<double>(g[i]);
  if (sumOverRanks) squares = sumOverRanks(squares);
  const double norm = std::sqrt(squares);
  if (!(norm > clipping_.maxNorm)) return;
  const T scale = static_cast<T>(clipping_.maxNorm / norm);
  for (int64_t i = 0; i < n; ++i) g[i] *= scale;
}

template <typename T>
std::string Optimizer<T>::header() const {
  std::ostringstream os;
  os << "[Epoch " << state_.epoch << " " << state_.recordsInEpoch << "/" << trainSet_->size()
     << "][Iteration " << state_.iteration << "][Wall Clock " << fixed(state_.wallClockSeconds, 1) << "s]";
  return os.str();
}

template <typename T>
std::vector<ValidationResult> Optimizer<T>::evaluate(Module<T>& model, DataSet<T>& data,
                                                     const std::vector<ValidationMethodPtr<T>>& methods,
                                                     int64_t batchSize) {
  RINGDL_CHECK(batchSize >= 1, "evaluation batch size must be >= 1, got ", batchSize);
  const bool wasTraining = model.isTraining();
  model.evaluate();
  std::vector<ValidationResult> results(methods.size());
  data.reset();
  for (MiniBatch<T> b = data.nextBatch(batchSize); !b.empty(); b = data.nextBatch(batchSize)) {
    const Tensor<T>& out = model.forward(batchInput(b)).toTensor();
    for (size_t i = 0; i < methods.size(); ++i) results[i] += methods[i]->apply(out, b.target());
  }
  if (wasTraining) model.training();
  return results;
}

template <typename T>
std::ostream& Optimizer<T>::logStream() {
  return !logs() ? silent_ : log_.out ? *log_.out : std::cout;
}

template <typename T>
std::vector<ValidationResult> Optimizer<T>::evaluateSet(DataSet<T>& data,
                                                        const std::vector<ValidationMethodPtr<T>>& methods,
                                                        int64_t batchSize) {
  return evaluate(*model_, data, methods, batchSize);
}

template <typename T>
void Optimizer<T>::checkLoss(double loss) const {
  RINGDL_CHECK(std::isfinite(loss), "the loss became ", loss, " at iteration ", state_.iteration + 1,
               " (epoch ", state_.epoch, "); lower the learning rate (now ", method_->currentLearningRate(),
               ") or check the input data");
}

template <typename T>
void Optimizer<T>::noteRecordShape(const MiniBatch<T>& batch) {
  // Padded sequences (batches with lengths) have a width per batch, not a record shape a model fixes.
  if (!state_.recordShape.empty() || batch.empty() || batch.hasLengths()) return;
  const Shape& shape = batch.input().shape();
  state_.recordShape.assign(shape.begin() + 1, shape.end());
}

template <typename T>
MiniBatch<T> Optimizer<T>::firstRecords() {
  trainSet_->reset();
  return trainSet_->nextBatch(1);
}

template <typename T>
void Optimizer<T>::checkResumedRecordShape() {
  // Before the data position is restored: a data set of another shape is usually of another size or kind too,
  // and its setState would refuse the position with a message that does not say why.
  const MiniBatch<T> first = firstRecords();
  if (first.empty()) return;  // this rank's part was empty; another rank checks
  const Shape& shape = first.input().shape();
  const Shape record(shape.begin() + 1, shape.end());
  RINGDL_CHECK(
      record == state_.recordShape, "the training records have shape ", toString(record),
      " but the run being resumed (epoch ", state_.epoch, ", iteration ", state_.iteration,
      ") was trained on records of shape ", toString(state_.recordShape),
      ", which its model expects: resume it with the data it was trained on, or train a new model on "
      "this data (with its own checkpoint directory)");
}

template <typename T>
double Optimizer<T>::trainIteration(int64_t records) {
  MiniBatch<T> batch = trainSet_->nextBatch(records);
  noteRecordShape(batch);
  // The loss and gradient at the current weights, as often as the method asks (LBFGS: several times).
  const Activity<T> input = batchInput(batch);
  const LossFunction feval = [&] {
    grads_.zero();
    const Activity<T>& output = model_->forward(input);
    const double loss = static_cast<double>(criterion_->forward(output, batch.target()));
    checkLoss(loss);
    model_->backward(input, criterion_->backward(output, batch.target()));
    accRegularization();
    clipGradients(grads_);
    return loss;
  };
  return method_->optimize(feval, weights_, grads_);
}

template <typename T>
std::vector<ParamSpan> Optimizer<T>::parameterLayout() const {
  // Frozen layers' parameters are not in the flat buffers; a shared parameter is listed once, under the first
  // name it has.
  std::vector<ParamSpan> layout;
  for (const ParamRef<T>& p : model_->trainableParameters()) {
    const int64_t begin = p.weight->data() - weights_.data();
    if (p.weight->numel() == 0) continue;
    RINGDL_CHECK(begin >= 0 && begin + p.weight->numel() <= weights_.numel(), "parameter '", p.name,
                 "' is not in the model's flat parameters");
    layout.push_back({p.name, begin, begin + p.weight->numel()});
  }
  std::stable_sort(layout.begin(), layout.end(),
                   [](const ParamSpan& a, const ParamSpan& b) { return a.begin < b.begin; });
  layout.erase(std::unique(layout.begin(), layout.end(),
                           [](const ParamSpan& a, const ParamSpan& b) { return a.begin == b.begin; }),
               layout.end());
  return layout;
}

template <typename T>
void Optimizer<T>::writeCheckpoint() {
  state_.rngState = Random::global().state();
  state_.dataState = trainSet_->state();
  checkpointWriter_(checkpointDir_, *model_, *method_, state_);
}

template <typename T>
size_t Optimizer<T>::monitoredMethod() const {
  if (earlyStopping_.monitor.empty()) return 0;
  std::string known;
  for (size_t i = 0; i < valMethods_.size(); ++i) {
    if (valMethods_[i]->name() == earlyStopping_.monitor) return i;
    known += (known.empty() ? "" : ", ") + valMethods_[i]->name();
  }
  RINGDL_FAIL("early stopping monitors '", earlyStopping_.monitor,
              "', which is not one of the validation methods (", known, "); monitor one of them or add it");
}

template <typename T>
void Optimizer<T>::watch(size_t method) {
  const double v = lastValidation_[method].result();
  const bool lower =
      earlyStopping_.mode == "min" || (earlyStopping_.mode == "auto" && valMethods_[method]->lowerIsBetter());
  const double d = earlyStopping_.minDelta;
  improvedNow_ = state_.bestIteration == 0 || std::isnan(state_.bestScore) ||
                 (lower ? v < state_.bestScore - d : v > state_.bestScore + d);
  std::ostream& out = logStream();
  out << header() << " " << valMethods_[method]->name();
  if (improvedNow_) {
    state_.bestScore = v;
    state_.bestIteration = state_.iteration;
    state_.staleValidations = 0;
    out << " is the best so far (" << v << ")\n";
  } else {
    ++state_.staleValidations;
    out << " has not improved for " << state_.staleValidations << " validation(s) (best " << state_.bestScore
        << " at iteration " << state_.bestIteration << ")";
    if (earlyStopping_.patience > 0) out << "; early stopping after " << earlyStopping_.patience;
    out << "\n";
  }
  out.flush();
}

template <typename T>
void Optimizer<T>::validate() {
  lastValidation_ = evaluateSet(*valSet_, valMethods_, valBatchSize_ > 0 ? valBatchSize_ : batchSize_);
  std::ostream& out = logStream();
  for (size_t i = 0; i < lastValidation_.size(); ++i) {
    const ValidationResult& r = lastValidation_[i];
    out << header() << " " << valMethods_[i]->name() << " is " << r.toString() << "\n";
    state_.lastValidation[valMethods_[i]->name()] = r.result();
  }
  out.flush();
  // maxScore reads the first method, as BigDL's "score" does.
  state_.score = lastValidation_.empty() ? state_.score : lastValidation_[0].result();
  watch(monitoredMethod());
}

template <typename T>
ModulePtr<T> Optimizer<T>::optimize() {
  std::ostream& out = logStream();
  const bool barOn = logs() && (log_.progressBar == 1 ||
                                (log_.progressBar == -1 && !log_.out && ProgressBar::stdoutIsTerminal()));
  ProgressBar bar(std::cout, barOn, {}, barOn ? ProgressBar::terminalColumns() : 0);

  std::tie(weights_, grads_) = model_->getParameters();
  method_->setParameterLayout(parameterLayout());
  // Where the layers' regularised parameters lie in the flat buffers.
  regularized_.clear();
  std::vector<Module<T>*> todo = {model_.get()};
  while (!todo.empty()) {
    Module<T>* m = todo.back();
    todo.pop_back();
    for (Module<T>* c : m->children()) todo.push_back(c);
    const auto* layer = dynamic_cast<const RegularizedLayer*>(m);
    if (layer == nullptr) continue;
    for (const auto& [name, regularizer] : layer->regularizers()) {
      for (const ParamRef<T>& p : m->ownParameters()) {
        if (p.name != name || p.weight->numel() == 0 || !regularizer.active()) continue;
        const int64_t offset = p.weight->data() - weights_.data();
        RINGDL_CHECK(p.weight->isContiguous() && offset >= 0 && offset + p.weight->numel() <= weights_.numel(),
                     "parameter '", p.name, "' of ", m->name(), " is not in the model's flat parameters");
        regularized_.push_back({offset, p.weight->numel(), regularizer});
      }
    }
  }
  model_->training();
  model_->setGradInputNeeded(false);  // the model's input is data: its gradient is never used
  if (resumed_ && !state_.recordShape.empty()) checkResumedRecordShape();
  if (resumed_ && !state_.dataState.empty()) {
    trainSet_->setState(state_.dataState);
  } else {
    trainSet_->shuffle();
  }
  if (resumed_ && !state_.rngState.empty()) Random::global().setState(state_.rngState);
  RINGDL_CHECK(
      validationTrigger_ || (earlyStopping_.patience == 0 && !checkpointAtEveryBest_),
      "early stopping and keeping the best checkpoint watch a validation figure: set a validation set "
      "and methods (setValidation)");
  if (validationTrigger_) monitoredMethod();  // an unknown monitor fails now, not after the first epoch
  const std::shared_ptr<Trigger> earlyStop =
      earlyStopping_.patience > 0 ? std::make_shared<Trigger>(Trigger::noImprovement(earlyStopping_.patience))
                                  : nullptr;
  stoppedEarly_ = false;
  beginTraining();

  const Clock::time_point start = Clock::now();
  const double wallAtStart = state_.wallClockSeconds;
  Clock::time_point windowStart = Clock::now();
  int64_t windowRecords = 0;
  state_.epochEnded = false;
  // The bar counts the epoch's iterations: its records over the batch size, rounded up (the last batch of an
  // epoch may be smaller).
  const int64_t epochIterations = (trainSet_->size() + batchSize_ - 1) / batchSize_;
  int64_t barEpoch = -1;

  while (!endWhen_(state_)) {
    if (earlyStop && (*earlyStop)(state_)) {
      stoppedEarly_ = true;
      break;
    }
    state_.epochEnded = false;
    const int64_t records = std::min(batchSize_, trainSet_->size() - trainSet_->position());
    if (records <= 0) {  // only when a resumed state sat exactly at an epoch's end
      trainSet_->shuffle();
      continue;
    }
    if (state_.epoch != barEpoch) {
      barEpoch = state_.epoch;
      bar.start("epoch " + std::to_string(state_.epoch) +
                    (log_.epochs > 0 ? "/" + std::to_string(log_.epochs) : ""),
                epochIterations, (state_.recordsInEpoch + batchSize_ - 1) / batchSize_);
    }
    method_->updateHyperParameter(state_);  // every rank reports the same state, so all agree on the rate
    const double lr = method_->currentLearningRate();
    const double loss = trainIteration(records);

    ++state_.iteration;
    state_.recordsInEpoch += records;
    state_.loss = loss;
    state_.wallClockSeconds = wallAtStart + secondsSince(start);
    windowRecords += records;
    const bool epochDone = trainSet_->position() >= trainSet_->size();

    if (state_.iteration % log_.logEvery == 0 || epochDone) {
      const double dt = secondsSince(windowStart);
      bar.clear();
      out << header() << " Trained " << windowRecords << " records in " << fixed(dt, 4)
          << " seconds. Throughput is " << fixed(windowRecords / std::max(dt, 1e-9), 1)
          << " records/second. Loss is " << loss << ". Current learning rate is " << lr << ".\n";
      out.flush();
      windowStart = Clock::now();
      windowRecords = 0;
    }
    if (bar.enabled()) {
      std::ostringstream suffix;
      suffix << "loss " << std::setprecision(4) << loss;
      bar.advance(1, records, suffix.str());
    }

    if (epochDone) {
      state_.epochEnded = true;
      bar.clear();
      out << header() << " Epoch finished. Wall clock time is " << fixed(state_.wallClockSeconds * 1000, 0)
          << " ms\n";
      out.flush();
    }
    improvedNow_ = false;
    if (validationTrigger_ && (*validationTrigger_)(state_)) {
      bar.clear();
      validate();
    }
    if (epochDone) {
      // The next epoch starts before any checkpoint is written, so a checkpoint taken here resumes at the
      // first batch of the new epoch, exactly where an uninterrupted run continues.
      ++state_.epoch;
      state_.recordsInEpoch = 0;
      trainSet_->shuffle();
    }
    if (checkpointTrigger_ && ((*checkpointTrigger_)(state_) || (checkpointAtEveryBest_ && improvedNow_)))
      writeCheckpoint();
  }
  bar.clear();
  if (stoppedEarly_) {
    out << header() << " Early stopping: " << valMethods_[monitoredMethod()]->name()
        << " has not improved for " << state_.staleValidations << " validations (best " << state_.bestScore
        << " at iteration " << state_.bestIteration << ")\n";
    out.flush();
  }
  endTraining();
  state_.rngState = Random::global().state();
  state_.dataState = trainSet_->state();
  return model_;
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace ringdl
