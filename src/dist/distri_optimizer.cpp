// DistriOptimizer<T>: start-up agreement check, weighted gradient sums through the GradientReducer, the
// sharded update, reduced validation and world-size-independent checkpoints.
#include "ringdl/dist/distri_optimizer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <sstream>
#include <type_traits>

#include "ringdl/nn/cross_rank.h"
#include "ringdl/optim/batch_input.h"
#include "ringdl/optim/registry.h"
#include "ringdl/tensor/random.h"
#include "ringdl/util/error.h"
#include "synced_statistics.h"

namespace ringdl {

namespace {

// Every rank's results merged as one process merges batches: totals, counts and sums added, records appended
// in rank order (figures drawn from records rank them in an order of their own). Two all-reduces: first each
// rank's sizes, in its own slots, then the values, each rank's records at its offset and zeros elsewhere, so
// every value arrives exactly.
void mergeAcrossRanks(std::vector<ValidationResult>& results, Communicator& comm) {
  const int64_t world = comm.size(), rank = comm.rank();
  const int64_t stride = 3 + 2 * world;  // total, count, isLoss, sums' size by rank, records' size by rank
  Tensor<double> head({static_cast<int64_t>(results.size()) * stride});
  head.zero();
  for (size_t i = 0; i < results.size(); ++i) {
    double* h = head.data() + static_cast<int64_t>(i) * stride;
    h[0] = results[i].total;
    h[1] = static_cast<double>(results[i].count);
    h[2] = results[i].isLoss ? 1 : 0;
    h[3 + rank] = static_cast<double>(results[i].sums.size());
    h[3 + world + rank] = static_cast<double>(results[i].records.size());
  }
  comm.allReduce(head);
  std::vector<int64_t> sumsSize(results.size()), valuesAt(results.size()), recordsAt(results.size());
  int64_t length = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const double* h = head.data() + static_cast<int64_t>(i) * stride;
    for (int64_t r = 0; r < world; ++r) {
      const int64_t s = static_cast<int64_t>(h[3 + r]);
      RINGDL_CHECK(s == 0 || sumsSize[i] == 0 || s == sumsSize[i], results[i].method, ": rank ", r, " has ",
                   s, " statistics but another rank ", sumsSize[i],
                   " (the ranks' data disagree on the number of classes)");
      if (s > 0) sumsSize[i] = s;
    }
    valuesAt[i] = length;
    length += sumsSize[i];
    recordsAt[i] = length;
    for (int64_t r = 0; r < world; ++r) {
      if (r == rank) recordsAt[i] = length;
      length += static_cast<int64_t>(h[3 + world + r]);
    }
  }
  Tensor<double> values({length});
  values.zero();
  for (size_t i = 0; i < results.size(); ++i) {
    std::copy(results[i].sums.begin(), results[i].sums.end(), values.data() + valuesAt[i]);
    std::copy(results[i].records.begin(), results[i].records.end(), values.data() + recordsAt[i]);
  }
  if (length > 0) comm.allReduce(values);
  for (size_t i = 0; i < results.size(); ++i) {
    const double* h = head.data() + static_cast<int64_t>(i) * stride;
    ValidationResult& r = results[i];
    r.total = h[0];
    r.count = static_cast<int64_t>(h[1]);
    r.isLoss = h[2] > 0;
    const double* v = values.data() + valuesAt[i];
    r.sums.assign(v, v + sumsSize[i]);
    const int64_t next = i + 1 < results.size() ? valuesAt[i + 1] : length;
    r.records.assign(v + sumsSize[i], static_cast<const double*>(values.data()) + next);
  }
}

uint64_t fnv1a(const std::string& text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The model's structure as text: layers with their configs and names, and every parameter's name and shape.
template <typename T>
std::string structureOf(Module<T>& model) {
  std::ostringstream os;
  os << model.toString() << "\n";
  for (const ParamRef<T>& p : model.parameters()) os << p.name << " " << toString(p.weight->shape()) << "\n";
  for (const ParamRef<T>& p : model.trainableParameters()) os << "trains " << p.name << "\n";
  return os.str();
}

// Copies the ranges of `from` into consecutive places of `to` (gather), or back (scatter).
template <typename T>
void gatherRanges(const std::vector<Slice>& ranges, const Tensor<T>& from, Tensor<T>& to) {
  int64_t at = 0;
  for (const Slice& r : ranges) {
    std::copy(from.data() + r.begin, from.data() + r.end, to.data() + at);
    at += r.size();
  }
}
template <typename T>
void scatterRanges(const std::vector<Slice>& ranges, const Tensor<T>& from, Tensor<T>& to) {
  int64_t at = 0;
  for (const Slice& r : ranges) {
    std::copy(from.data() + at, from.data() + at + r.size(), to.data() + r.begin);
    at += r.size();
  }
}

int64_t totalSize(const std::vector<Slice>& ranges) {
  int64_t n = 0;
  for (const Slice& r : ranges) n += r.size();
  return n;
}

}  // namespace

template <typename T>
DistriOptimizer<T>::DistriOptimizer(ModulePtr<T> model, std::shared_ptr<DataSet<T>> trainSet,
                                    CriterionPtr<T> criterion, int64_t batchSize,
                                    std::shared_ptr<Communicator> comm, const DistriOptions& options)
    : Optimizer<T>(std::move(model), std::move(trainSet), std::move(criterion), batchSize),
      comm_(std::move(comm)),
      options_(options),
      lossSums_({3}) {
  RINGDL_CHECK(comm_ != nullptr, "DistriOptimizer needs a communicator (ringdl::makeWorldCommunicator())");
  RINGDL_CHECK(options_.bucketBytes >= 0, "DistriOptimizer: bucket size must be >= 0 bytes, got ",
               options_.bucketBytes);
  constexpr bool isFloat = std::is_same_v<T, float>;
  RINGDL_CHECK(isFloat || options_.wire == WireFormat::kNative,
               "DistriOptimizer<double> sends gradients as doubles; a 16-bit wire format is for float only");
}

template <typename T>
DistriOptimizer<T>::~DistriOptimizer() = default;

template <typename T>
void DistriOptimizer<T>::checkRanksAgree() {
  const std::string structure = structureOf(*this->model_);
  const uint64_t modelHash = fnv1a(structure), runHash = fnv1a(options_.runFingerprint);
  // Doubles hold 32-bit halves and counts exactly, so one all-gather of doubles carries everything.
  const char* what[] = {"model structure", "model structure",   "run config", "run config",
                        "parameter count", "training set size", "batch size"};
  const std::vector<double> mine = {
      static_cast<double>(modelHash >> 32),        static_cast<double>(modelHash & 0xffffffffu),
      static_cast<double>(runHash >> 32),          static_cast<double>(runHash & 0xffffffffu),
      static_cast<double>(this->weights_.numel()), static_cast<double>(this->trainSet_->size()),
      static_cast<double>(this->batchSize_)};
  const int k = static_cast<int>(mine.size()), world = comm_->size();
  Tensor<double> all({static_cast<int64_t>(k) * world});
  all.zero();
  std::copy(mine.begin(), mine.end(), all.data() + static_cast<int64_t>(k) * comm_->rank());
  comm_->allGather(all);
  auto at = [&](int r, int i) { return all.data()[static_cast<int64_t>(k) * r + i]; };
  std::ostringstream problems;
  for (int r = 1; r < world; ++r) {
    for (int i = 0; i < k; ++i) {
      const bool hashHalf = i < 4;
      if (hashHalf && i % 2 == 1) continue;  // a hash is compared as a pair of halves
      const bool same =
          hashHalf ? at(r, i) == at(0, i) && at(r, i + 1) == at(0, i + 1) : at(r, i) == at(0, i);
      if (same) continue;
      problems << "\n  rank " << r << "'s " << what[i] << " differs from rank 0's";
      if (!hashHalf)
        problems << " (" << static_cast<int64_t>(at(r, i)) << " vs " << static_cast<int64_t>(at(0, i)) << ")";
    }
  }
  RINGDL_CHECK(
      problems.str().empty(),
      "the ranks of this job disagree, so they cannot train together:", problems.str(),
      "\nEvery rank must run the same RingDL build with the same config and data (check that all ranks "
      "read the same files and that no rank got different command-line overrides).");
}

namespace {

// A rank's seed for one iteration of its random layers, from the job's number for that iteration.
uint64_t rankStreamSeed(uint64_t jobNumber, int rank) {
  return splitMix64(jobNumber ^ splitMix64(static_cast<uint64_t>(rank) + 1));
}

}  // namespace

template <typename T>
void DistriOptimizer<T>::beginTraining() {
  checkRanksAgree();
  // Random::global() is the job's generator here (seeded, or restored from a checkpoint, alike everywhere).
  jobRandom_.setState(Random::global().state());
  comm_->broadcast(this->weights_, 0);
  // Frozen layers' weights, outside the flat buffer, never change: they must start equal.
  for (const ParamRef<T>& p : this->model_->parameters())
    if (p.weight->numel() > 0 && !p.weight->sharesStorageWith(this->weights_)) {
      Tensor<T> packed = p.weight->contiguous();
      comm_->broadcast(packed, 0);
      if (!p.weight->isContiguous()) p.weight->copyFrom(packed);
    }
  // Untrained state (batch-norm running statistics, counters) starts from rank 0's too.
  for (const BufferRef<T>& b : this->model_->buffers()) {
    if (b.tensor->isContiguous()) {
      comm_->broadcast(*b.tensor, 0);
    } else {
      Tensor<T> packed = b.tensor->contiguous();
      comm_->broadcast(packed, 0);
      b.tensor->copyFrom(packed);
    }
  }
  if (options_.syncBatchNorm) {
    synced_ = std::make_unique<SyncedStatistics>(*comm_);
    installCrossRankSums(synced_.get());
  }
  GradientReducerOptions ro;
  ro.overlap = !options_.syncBatchNorm;  // the layers' sums run on this thread during backward
  ro.bucketBytes = options_.bucketBytes;
  ro.wire = options_.wire;
  ro.mode = options_.shardOptimizerState ? GradientReducerOptions::Mode::kReduceScatter
                                         : GradientReducerOptions::Mode::kAllReduce;
  reducer_ = std::make_unique<GradientReducer<T>>(*comm_, *this->model_, this->grads_, ro);
  if (!options_.shardOptimizerState) return;
  const std::string problem = this->method_->elementwiseProblem();
  RINGDL_CHECK(problem.empty(), "shard_optimizer_state updates a slice of the parameters on each rank, but ",
               problem, ": train ", this->method_->typeName(), " without shard_optimizer_state");
  owned_ = reducer_->ownedRanges();
  const int64_t n = this->weights_.numel(), m = totalSize(owned_);
  shardWeights_ = Tensor<T>({m});
  shardGrads_ = Tensor<T>({m});
  // A state restored from a checkpoint is whole: keep this rank's part of it.
  OptimState<T> state = this->method_->state();
  for (auto& [name, t] : state.tensors) {
    if (t.numel() == m) continue;
    RINGDL_CHECK(t.numel() == n, "the optimizer's '", name, "' state has ", t.numel(),
                 " elements but the model has ", n, " parameters; it belongs to another model");
    Tensor<T> shard({m});
    gatherRanges(owned_, t.contiguous(), shard);
    t = shard;
  }
  this->method_->setState(std::move(state));
}

template <typename T>
void DistriOptimizer<T>::endTraining() {
  if (options_.shardOptimizerState) this->method_->setState(gatherOptimState());
  reducer_.reset();
  if (synced_) {
    installCrossRankSums(nullptr);
    synced_.reset();
  }
  if (comm_->size() > 1) Random::global().setState(jobRandom_.state());
}

template <typename T>
double DistriOptimizer<T>::evaluatePart(const MiniBatch<T>& part) {
  this->grads_.zero();
  // This part's normaliser, its share of the loss's numerator, and whether the loss is a plain sum.
  double* sums = lossSums_.data();
  sums[0] = sums[1] = sums[2] = 0;
  const Activity<T>* output = nullptr;
  const Activity<T> input = part.empty() ? Activity<T>() : batchInput(part);
  if (synced_) {
    synced_->startIteration(part.empty());
    if (part.empty()) synced_->replayForward();
  }
  if (!part.empty()) {
    output = &this->model_->forward(input);
    const double loss = static_cast<double>(this->criterion_->forward(*output, part.target()));
    const std::optional<double> normaliser = this->criterion_->batchNormalizer(*output, part.target());
    sums[0] = normaliser.value_or(0);
    sums[1] = normaliser ? loss * *normaliser : loss;
    sums[2] = normaliser ? 0 : 1;
  }
  const double localNormaliser = sums[0];
  comm_->allReduce(lossSums_);
  const bool plainSum = sums[2] > 0;
  const double total = sums[0];
  const double loss = plainSum ? sums[1] : total != 0 ? sums[1] / total : 0.0;
  this->checkLoss(loss);  // the same value on every rank, so every rank stops together

  const double share = plainSum ? 1.0 : total != 0 ? localNormaliser / total : 0.0;
  reducer_->begin(share);
  if (synced_) synced_->setGradientScale(share);
  if (!part.empty()) {
    this->model_->backward(input, this->criterion_->backward(*output, part.target()));
  } else if (synced_) {
    synced_->replayBackward();
  }
  reducer_->finish();
  return loss;
}

template <typename T>
double DistriOptimizer<T>::trainIteration(int64_t records) {
  // Each rank's random layers draw their own stream this iteration (see the class comment).
  if (comm_->size() > 1) Random::global().seed(rankStreamSeed(jobRandom_.nextU64(), comm_->rank()));
  MiniBatch<T> part = this->trainSet_->nextBatchPart(records, comm_->rank(), comm_->size());
  this->noteRecordShape(part);
  // Every evaluation is collective: methods that evaluate several times per step (LBFGS) do so on every
  // rank alike, since they decide from the summed loss and gradient.
  // The regularisers' terms and clipping apply to each evaluation's summed gradient; with sharded state,
  // clipping waits for the shard (applyShardedUpdate), whose norm needs the other ranks' shards.
  const LossFunction feval = [&] {
    const double loss = evaluatePart(part);
    this->accRegularization();
    if (!options_.shardOptimizerState) this->clipGradients(this->grads_);  // every rank holds the whole sum
    return loss;
  };
  if (!options_.shardOptimizerState) return this->method_->optimize(feval, this->weights_, this->grads_);
  const double loss = feval();
  applyShardedUpdate();
  return loss;
}

template <typename T>
int DistriOptimizer<T>::installCrossRankSums(CrossRankSum* sums) {
  int n = 0;
  std::vector<Module<T>*> todo = {this->model_.get()};
  while (!todo.empty()) {
    Module<T>* m = todo.back();
    todo.pop_back();
    if (auto* layer = dynamic_cast<CrossRankLayer*>(m)) {
      layer->setCrossRankSum(sums);
      ++n;
    }
    for (Module<T>* c : m->children()) todo.push_back(c);
  }
  return n;
}

template <typename T>
MiniBatch<T> DistriOptimizer<T>::firstRecords() {
  this->trainSet_->reset();
  const int world = comm_->size();
  return this->trainSet_->nextBatchPart(world, comm_->rank(), world);
}

template <typename T>
void DistriOptimizer<T>::applyShardedUpdate() {
  gatherRanges(owned_, this->grads_, shardGrads_);
  gatherRanges(owned_, this->weights_, shardWeights_);
  // The norm of the whole gradient: the sum of every rank's shard's squares.
  this->clipGradients(shardGrads_, [this](double squares) {
    Tensor<double> sum({1});
    sum.data()[0] = squares;
    comm_->allReduce(sum);
    return sum.data()[0];
  });
  this->method_->update(shardWeights_, shardGrads_);
  scatterRanges(owned_, shardWeights_, this->weights_);
  for (const Slice& b : reducer_->buckets()) {
    Tensor<T> part = this->weights_.narrow(0, b.begin, b.size());
    comm_->allGather(part);
  }
}

template <typename T>
OptimState<T> DistriOptimizer<T>::gatherOptimState() {
  OptimState<T> whole;
  whole.step = this->method_->state().step;
  whole.scalars = this->method_->state().scalars;
  whole.schedule = this->method_->state().schedule;
  const int64_t n = this->weights_.numel();
  // std::map iterates by name, so every rank gathers the same tensors in the same order.
  for (const auto& [name, shard] : this->method_->state().tensors) {
    Tensor<T> t({n});
    t.zero();
    scatterRanges(owned_, shard.contiguous(), t);
    for (const Slice& b : reducer_->buckets()) {
      Tensor<T> part = t.narrow(0, b.begin, b.size());
      comm_->allGather(part);
    }
    whole.tensors[name] = t;
  }
  return whole;
}

template <typename T>
void DistriOptimizer<T>::writeCheckpoint() {
  this->state_.rngState = comm_->size() > 1 ? jobRandom_.state() : Random::global().state();
  this->state_.dataState = this->trainSet_->state();
  OptimMethodPtr<T> whole = this->method_;
  if (options_.shardOptimizerState) {
    whole = createOptimMethod<T>(this->method_->typeName(), this->method_->config());
    whole->setLearningRateSchedule(this->method_->learningRateSchedule());
    whole->setState(gatherOptimState());
  }
  std::exception_ptr failure;
  if (comm_->rank() == 0) {
    try {
      this->checkpointWriter_(this->checkpointDir_, *this->model_, *whole, this->state_);
    } catch (...) {
      failure = std::current_exception();
    }
  }
  // Every rank learns whether rank 0's write worked, so a full disk stops the whole job at once.
  Tensor<double> failed({1});
  failed.data()[0] = failure ? 1 : 0;
  comm_->allReduce(failed);
  if (failure) std::rethrow_exception(failure);
  RINGDL_CHECK(failed.data()[0] == 0, "rank 0 could not write a checkpoint into ", this->checkpointDir_,
               " (rank 0's log says why); stopping");
}

template <typename T>
std::vector<ValidationResult> DistriOptimizer<T>::evaluateSet(
    DataSet<T>& data, const std::vector<ValidationMethodPtr<T>>& methods, int64_t batchSize) {
  return evaluate(*this->model_, data, methods, batchSize, *comm_);
}

template <typename T>
std::vector<ValidationResult> DistriOptimizer<T>::evaluate(Module<T>& model, DataSet<T>& data,
                                                           const std::vector<ValidationMethodPtr<T>>& methods,
                                                           int64_t batchSize, Communicator& comm) {
  RINGDL_CHECK(batchSize >= 1, "evaluation batch size must be >= 1, got ", batchSize);
  const bool wasTraining = model.isTraining();
  model.evaluate();
  std::vector<ValidationResult> results(methods.size());
  data.reset();
  while (data.position() < data.size()) {
    MiniBatch<T> b = data.nextBatchPart(batchSize, comm.rank(), comm.size());
    if (b.empty()) continue;
    const Tensor<T>& out = model.forward(batchInput(b)).toTensor();
    for (size_t i = 0; i < methods.size(); ++i) results[i] += methods[i]->apply(out, b.target());
  }
  if (wasTraining) model.training();
  for (size_t i = 0; i < methods.size(); ++i) {
    results[i].method = methods[i]->name();
    results[i].summary = methods[i]->summary();  // a rank that saw no record has none of its own
  }
  mergeAcrossRanks(results, comm);
  return results;
}

template class DistriOptimizer<float>;
template class DistriOptimizer<double>;

}  // namespace ringdl
