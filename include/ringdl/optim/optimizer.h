// Optimizer<T>: the local (single-process) training engine with BigDL's builder API:
//   Optimizer<float>(model, trainSet, criterion, batchSize)
//       .setOptimMethod(sgd).setEndWhen(Trigger::maxEpoch(5))
//       .setValidation(Trigger::everyEpoch(), testSet, {top1, top5, loss})
//       .setCheckpoint(dir, Trigger::everyEpoch(), writer)
//       .setEarlyStopping({"Top1Accuracy", /*patience=*/3})
//       .optimize();
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "ringdl/data/data_set.h"
#include "ringdl/nn/criterion.h"
#include "ringdl/nn/module.h"
#include "ringdl/nn/regularizer.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/optim/training_state.h"
#include "ringdl/optim/trigger.h"
#include "ringdl/optim/validation_method.h"

namespace ringdl {

/// Writes a checkpoint of (model, optimizer, state) into a directory. The io module provides the standard one
/// (ringdl::checkpointWriter<T>() in ringdl/io/checkpoint.h); optim itself knows nothing of files.
template <typename T>
using CheckpointWriter = std::function<void(const std::string& dir, Module<T>& model,
                                            const OptimMethod<T>& method, const TrainingState& state)>;

/// Where log lines and the progress bar go.
struct TrainLogOptions {
  std::ostream* out = nullptr;  ///< log lines; nullptr means std::cout
  int64_t logEvery = 1;         ///< one line per this many iterations (the line covers the window)
  /// Draw a live progress bar (ringdl/util/progress_bar.h: the epoch's iterations, records per second, loss
  /// and ETA): -1 automatic (only when stdout is a terminal), 0 never, 1 always.
  int progressBar = -1;
  /// The epochs the run will train, for the bar's "epoch 3/15" (0: not known, "epoch 3").
  int64_t epochs = 0;
};

/// Early stopping (Keras's EarlyStopping callback; BigDL stops on triggers alone): the validation figure the
/// engine watches, and when training stops because it no longer improves. The watched figure also decides
/// which checkpoint is the best (setCheckpoint's atEveryBest).
struct EarlyStoppingOptions {
  /// The validation method whose figure is watched, by name (its registry type: "Loss", "Top1Accuracy");
  /// empty: the first method given to setValidation.
  std::string monitor;
  /// Stop once this many validations in a row have not improved it (0: never stop, only track the best).
  int64_t patience = 0;
  /// An improvement must exceed this (>= 0).
  double minDelta = 0;
  /// "max", "min", or "auto": min for methods where lower is better (Loss, MAE), max otherwise.
  std::string mode = "auto";
};

/// The local engine, and the base of the distributed one (DistriOptimizer in ringdl/dist), which overrides
/// the protected hooks below: the loop, the triggers, the log lines and the checkpoint schedule are shared.
template <typename T>
class Optimizer {
 public:
  /// batchSize is the number of records per iteration; labels in trainSet are 0-based.
  Optimizer(ModulePtr<T> model, std::shared_ptr<DataSet<T>> trainSet, CriterionPtr<T> criterion,
            int64_t batchSize);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  Optimizer& setOptimMethod(OptimMethodPtr<T> method);
  /// BigDL's setOptimMethods: a method per submodule path ("features", "block1.conv2"; SubmoduleMethods,
  /// optim/submodule_methods.h), each with its own options, schedule and state; `rest` updates the parameters
  /// no submodule owns (without it they are an Error when training starts).
  Optimizer& setOptimMethods(const std::map<std::string, OptimMethodPtr<T>>& methods,
                             OptimMethodPtr<T> rest = nullptr);
  Optimizer& setEndWhen(Trigger trigger);
  /// Validates on valSet whenever trigger fires; valBatchSize 0 means the training batch size.
  Optimizer& setValidation(Trigger trigger, std::shared_ptr<DataSet<T>> valSet,
                           std::vector<ValidationMethodPtr<T>> methods, int64_t valBatchSize = 0);
  /// Writes a checkpoint into dir whenever trigger fires (after validation, so the score is included), and
  /// with atEveryBest also after every validation that improves the watched figure (setEarlyStopping), for
  /// a writer that keeps the best one (checkpointWriter's keepBest).
  Optimizer& setCheckpoint(std::string dir, Trigger trigger, CheckpointWriter<T> writer,
                           bool atEveryBest = false);
  /// Watches a validation figure (TrainingState's bestScore, bestIteration, staleValidations, logged after
  /// each validation) and, with patience > 0, ends training once it has not improved for patience validations
  /// in a row (Trigger::noImprovement, or'ed with the end trigger). Needs setValidation; a monitor that names
  /// none of its methods is an Error when optimize() starts. Without this call the first method is watched.
  Optimizer& setEarlyStopping(const EarlyStoppingOptions& options);
  /// Continues from a saved state (epoch, iteration, RNG and data position); use with a restored model and
  /// optimizer method to resume bit-identically. When the state records the shape of the records it was
  /// trained on, optimize() first checks that the training set's records have that shape (before the data
  /// position is restored), an Error naming both shapes otherwise.
  Optimizer& setTrainingState(const TrainingState& state);
  Optimizer& setLogOptions(const TrainLogOptions& options);

  // ---- gradient processing: on the gradient of the whole batch (summed across ranks), before the update ----
  /// BigDL's setConstantGradientClipping: every element of the gradient clamped to [min, max].
  Optimizer& setConstantGradientClipping(double min, double max);
  /// BigDL's setGradientClippingByl2Norm (PyTorch's clip_grad_norm_ with norm_type 2, without its 1e-6): when
  /// the L2 norm of the whole gradient exceeds maxNorm, the gradient is scaled by maxNorm / norm. Applied after
  /// constant clipping when both are set.
  Optimizer& setGradientClippingByl2Norm(double maxNorm);
  /// Turns both clippings off (BigDL's disableGradientClipping).
  Optimizer& disableGradientClipping();
  /// A regulariser on every parameter of the model, added to the layers' own (Module::setRegularizer).
  /// Regularisers are applied here, by the engine, rather than in the layers' accGradParameters: once per
  /// iteration on the gradient of the whole batch, so that N ranks equal one rank whether the criterion
  /// averages or sums (a term added in every rank's backward would be counted once per rank under a summing
  /// criterion), a layer used twice in one pass is penalised once, and nn needs no knowledge of the engine.
  Optimizer& setRegularizer(const Regularizer& regularizer);

  /// Trains until the end trigger fires; returns the trained model.
  ModulePtr<T> optimize();

  const TrainingState& state() const { return state_; }
  /// Every validation result of the last validation, in the order of the methods.
  const std::vector<ValidationResult>& lastValidation() const { return lastValidation_; }
  /// Whether training ended because the watched figure stopped improving (after optimize()).
  bool stoppedEarly() const { return stoppedEarly_; }

  /// Runs the methods over a whole data set in evaluate() mode and restores the previous mode.
  static std::vector<ValidationResult> evaluate(Module<T>& model, DataSet<T>& data,
                                                const std::vector<ValidationMethodPtr<T>>& methods,
                                                int64_t batchSize);

 protected:
  // ---- what an engine decides (the distributed engine overrides these) ----
  /// Once when optimize() starts, after weights_/grads_ are the flat buffers and the training set is
  /// positioned.
  virtual void beginTraining() {}
  /// Once when the end trigger has fired (not when training throws).
  virtual void endTraining() {}
  /// Trains one iteration on the next `records` records of the training set (the whole batch of this
  /// iteration) and applies the update: zero the gradients, forward, checkLoss, backward, update. Returns the
  /// loss of the whole batch.
  virtual double trainIteration(int64_t records);
  /// Scores the methods over a whole data set (Optimizer::evaluate in the local engine).
  virtual std::vector<ValidationResult> evaluateSet(DataSet<T>& data,
                                                    const std::vector<ValidationMethodPtr<T>>& methods,
                                                    int64_t batchSize);
  /// Records the RNG and data positions in state_ and writes a checkpoint with checkpointWriter_.
  virtual void writeCheckpoint();
  /// The start of an unshuffled pass over the training set: this process's part of its first record (the
  /// local engine: the record; the distributed one: the first records, one per rank, so a rank's part may
  /// be empty). Resuming checks the record shape on it before the data position is restored.
  virtual MiniBatch<T> firstRecords();
  /// Whether this process writes log lines and draws the progress bar.
  virtual bool logs() const { return true; }

  /// Where each of the model's parameter tensors lies in weights_ (by offset), for setParameterLayout.
  std::vector<ParamSpan> parameterLayout() const;
  /// Adds the regularisers' terms to grads_ (the whole flat gradient; weights_ is whole on every rank).
  void accRegularization();
  /// Clips `grads`: the whole summed gradient, or this rank's shard of it, in which case sumOverRanks sums
  /// the shards' squared norms across ranks (the norm is that of the whole gradient).
  void clipGradients(Tensor<T>& grads, const std::function<double(double)>& sumOverRanks = nullptr);

  /// Throws a ringdl::Error saying what to do if the loss of an iteration is NaN or infinite.
  void checkLoss(double loss) const;
  /// Notes the shape of a batch's records in state_.recordShape the first time a non-empty batch is trained
  /// on (engines call it from trainIteration).
  void noteRecordShape(const MiniBatch<T>& batch);

  ModulePtr<T> model_;
  std::shared_ptr<DataSet<T>> trainSet_;
  CriterionPtr<T> criterion_;
  int64_t batchSize_;
  OptimMethodPtr<T> method_;
  Trigger endWhen_;
  std::shared_ptr<Trigger> validationTrigger_;
  std::shared_ptr<DataSet<T>> valSet_;
  std::vector<ValidationMethodPtr<T>> valMethods_;
  int64_t valBatchSize_ = 0;
  std::string checkpointDir_;
  std::shared_ptr<Trigger> checkpointTrigger_;
  CheckpointWriter<T> checkpointWriter_;
  TrainingState state_;
  bool resumed_ = false;
  TrainLogOptions log_;
  std::vector<ValidationResult> lastValidation_;
  Tensor<T> weights_, grads_;  ///< the model's flat buffers while optimize() runs
  EarlyStoppingOptions earlyStopping_;
  bool checkpointAtEveryBest_ = false;

  struct Clipping {
    bool constant = false;
    double min = 0, max = 0;
    double maxNorm = 0;  ///< 0: no clipping by norm
  } clipping_;
  Regularizer regularizer_;  ///< on every parameter
  struct RegularizedRange {
    int64_t offset, size;
    Regularizer regularizer;
  };
  std::vector<RegularizedRange> regularized_;  ///< the layers' regularisers, in the flat buffers

 private:
  void validate();
  size_t monitoredMethod() const;
  void watch(size_t method);
  bool improvedNow_ = false;
  bool stoppedEarly_ = false;
  void checkResumedRecordShape();
  std::string header() const;
  std::ostream& logStream();

  std::ostream silent_{nullptr};  // where the log goes when logs() is false: nowhere
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace ringdl
