// GradientReducer<T>: bucket layout, backward hooks that mark parameters ready, and the communication thread
// that reduces buckets in a fixed order as they become ready.
#include "ringdl/dist/gradient_reducer.h"

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
struct GradientReducer<T>::Impl {
  Communicator& comm;
  GradientReducerOptions options;
  Tensor<T> grads;
  std::vector<Module<T>*> hooked;
  Module<T>* model = nullptr;
  // Every module that registered parameters itself, with the indices of those parameters. A parameter is
  // final once every use of every module holding it has run its backward: remaining[p] counts those uses.
  struct Owner {
    Module<T>* module;
    std::vector<int> params;
  };
  std::vector<Owner> owners;
  std::vector<int64_t> remaining;

  // Layout: parameter p covers [paramBegin[p], paramEnd[p]) of the flat buffer and belongs to bucket
  // bucketOf[p]; bucket 0 is the one at the end of the buffer, reduced first.
  std::vector<int64_t> paramBegin, paramEnd;
  std::vector<int> bucketOf;
  std::vector<Slice> buckets;
  std::vector<int> bucketParams;  // parameters per bucket

  // Per-iteration progress, guarded by mutex.
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<char> paramReady;
  std::vector<int> pending;       // parameters of each bucket not yet ready
  std::vector<char> bucketReady;  // every parameter of the bucket is ready
  int reduced = 0;                // buckets reduced so far in this iteration
  int64_t iteration = 0;          // begin() count; the thread works on one iteration at a time
  bool stopping = false;
  std::exception_ptr error;
  double scale = 1;
  std::thread thread;

  Impl(Communicator& c, const GradientReducerOptions& o, Tensor<T> g)
      : comm(c), options(o), grads(std::move(g)) {}

  void reduceBucket(int k) {
    Tensor<T> part = grads.narrow(0, buckets[k].begin, buckets[k].size());
    if (scale != 1) {
      const T s = static_cast<T>(scale);
      T* d = part.data();
      for (int64_t i = 0, n = part.numel(); i < n; ++i) d[i] *= s;
    }
    if (options.mode == GradientReducerOptions::Mode::kAllReduce) {
      comm.allReduce(part, options.wire);
    } else {
      comm.reduceScatter(part, options.wire);
    }
  }

  void markReady(int p) {  // caller holds mutex
    if (paramReady[p]) return;
    paramReady[p] = 1;
    const int k = bucketOf[p];
    if (--pending[k] == 0) bucketReady[k] = 1;
  }

  // The communication thread: for each iteration, reduce buckets 0, 1, ... each once it is ready.
  void run() {
    int64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stopping || iteration > seen; });
      if (stopping) return;
      seen = iteration;
      for (int k = 0; k < static_cast<int>(buckets.size()); ++k) {
        changed.wait(lock, [&] { return stopping || bucketReady[k]; });
        if (stopping) return;
        lock.unlock();
        std::exception_ptr failure;
        try {
          reduceBucket(k);
        } catch (...) {
          failure = std::current_exception();
        }
        lock.lock();
        if (failure) {
          error = failure;
          reduced = static_cast<int>(buckets.size());
          changed.notify_all();
          break;  // the communicator refuses further calls; finish() rethrows
        }
        reduced = k + 1;
        changed.notify_all();
      }
    }
  }
};

template <typename T>
GradientReducer<T>::GradientReducer(Communicator& comm, Module<T>& model, Tensor<T> grads,
                                    const GradientReducerOptions& options)
    : impl_(std::make_unique<Impl>(comm, options, grads)) {
  Impl& m = *impl_;
  RINGDL_CHECK(options.bucketBytes >= 0, "GradientReducer: bucket size must be >= 0 bytes, got ",
               options.bucketBytes);
  RINGDL_CHECK(grads.isContiguous() && grads.dim() == 1,
               "GradientReducer needs the model's flat gradient buffer (Module::getParameters().second)");
  const T* base = grads.data();
  std::map<const T*, int> indexOf;  // a parameter's first gradient element -> its index
  // Frozen layers' parameters are not in the flat buffer (Module::getParameters) and are never summed.
  for (const ParamRef<T>& p : model.trainableParameters()) {
    const int64_t begin = p.grad->numel() > 0 ? p.grad->data() - base : 0;
    RINGDL_CHECK(p.grad->numel() == 0 || (begin >= 0 && begin + p.grad->numel() <= grads.numel()),
                 "GradientReducer: parameter '", p.name,
                 "' is not in the flat gradient buffer; call getParameters() on the model first");
    indexOf[p.grad->data()] = static_cast<int>(m.paramBegin.size());
    m.paramBegin.push_back(begin);
    m.paramEnd.push_back(begin + p.grad->numel());
  }
  // Buckets from the last parameter backwards: the order in which a Sequential's backward finishes them.
  const int np = static_cast<int>(m.paramBegin.size());
  m.bucketOf.assign(np, 0);
  const int64_t limit = options.bucketBytes == 0 ? grads.numel() : options.bucketBytes / int64_t(sizeof(T));
  int64_t bucketEnd = grads.numel(), bucketSize = 0;
  for (int p = np - 1; p >= 0; --p) {
    m.bucketOf[p] = static_cast<int>(m.buckets.size());
    bucketSize += m.paramEnd[p] - m.paramBegin[p];
    if (bucketSize >= std::max<int64_t>(limit, 1) || p == 0) {
      m.buckets.push_back({p == 0 ? 0 : m.paramBegin[p], bucketEnd});
      bucketEnd = m.paramBegin[p];
      bucketSize = 0;
    }
  }
  if (m.buckets.empty()) m.buckets.push_back({0, grads.numel()});  // no parameters: one empty bucket
  m.bucketParams.assign(m.buckets.size(), 0);
  for (int p = 0; p < np; ++p) ++m.bucketParams[m.bucketOf[p]];
  m.paramReady.assign(np, 1);
  m.pending.assign(m.buckets.size(), 0);
  m.bucketReady.assign(m.buckets.size(), 1);
  m.reduced = static_cast<int>(m.buckets.size());

  m.model = &model;
  m.remaining.assign(np, 0);
  if (!overlapping()) return;
  // Hooks belong to parameters, not to module calls: each backward of a module holding parameter p counts
  // one use of p down, and p is ready when none is left (begin() counts the uses of the iteration's
  // forward). A layer used twice, or sharing its weights with another (clones over time steps), is thus
  // reduced once, after its last use. A module whose hook never runs is covered by finish(), which marks
  // whatever is left.
  std::vector<Module<T>*> stack{&model};
  std::set<Module<T>*> seen;
  while (!stack.empty()) {
    Module<T>* mod = stack.back();
    stack.pop_back();
    if (!seen.insert(mod).second) continue;  // a module that appears twice in the tree is hooked once
    for (Module<T>* c : mod->children()) stack.push_back(c);
    if (mod->isFrozen()) continue;
    std::vector<int> mine;
    for (const ParamRef<T>& p : mod->ownParameters())
      if (p.grad->numel() > 0) mine.push_back(indexOf.at(p.grad->data()));
    if (mine.empty()) continue;
    m.owners.push_back({mod, mine});
    Impl* impl = impl_.get();
    mod->setBackwardHook([impl, mine](Module<T>&) {
      {
        std::lock_guard<std::mutex> lock(impl->mutex);
        for (int p : mine)
          if (impl->remaining[p] > 0 && --impl->remaining[p] == 0) impl->markReady(p);
      }
      impl->changed.notify_all();
    });
    m.hooked.push_back(mod);
  }
  m.thread = std::thread([impl = impl_.get()] { impl->run(); });
}

template <typename T>
GradientReducer<T>::~GradientReducer() {
  Impl& m = *impl_;
  for (Module<T>* mod : m.hooked) mod->setBackwardHook(nullptr);
  if (m.thread.joinable()) {
    {
      // An iteration in progress (training threw between begin() and finish()) is completed first, so that
      // this rank's collective calls still match its peers'.
      std::unique_lock<std::mutex> lock(m.mutex);
      for (size_t p = 0; p < m.paramReady.size(); ++p) m.markReady(static_cast<int>(p));
      m.changed.notify_all();
      m.changed.wait(lock, [&] { return m.reduced == static_cast<int>(m.buckets.size()); });
      m.stopping = true;
    }
    m.changed.notify_all();
    m.thread.join();
  }
}

template <typename T>
bool GradientReducer<T>::overlapping() const {
  return impl_->options.overlap && impl_->comm.size() > 1 && impl_->comm.callableFromAnotherThread();
}

template <typename T>
void GradientReducer<T>::begin(double scale) {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.mutex);
    RINGDL_CHECK(m.reduced == static_cast<int>(m.buckets.size()),
                 "GradientReducer::begin called twice without finish()");
    if (m.error) std::rethrow_exception(m.error);
    m.scale = scale;
    std::fill(m.paramReady.begin(), m.paramReady.end(), 0);
    m.pending = m.bucketParams;
    for (size_t k = 0; k < m.buckets.size(); ++k) m.bucketReady[k] = m.pending[k] == 0;
    // The uses of each parameter in this iteration's forward; one not used at all is ready now.
    std::fill(m.remaining.begin(), m.remaining.end(), 0);
    for (const auto& owner : m.owners)
      for (int p : owner.params) m.remaining[p] += owner.module->pendingBackwards();
    if (!m.owners.empty())
      for (size_t p = 0; p < m.remaining.size(); ++p)
        if (m.remaining[p] == 0) m.markReady(static_cast<int>(p));
    m.reduced = 0;
    ++m.iteration;
  }
  m.changed.notify_all();
}

template <typename T>
void GradientReducer<T>::finish() {
  Impl& m = *impl_;
  m.model->clearPendingBackwards();  // a forward whose backward never came must not count next time
  const int nb = static_cast<int>(m.buckets.size());
  if (!overlapping()) {
    for (int k = 0; k < nb; ++k) m.reduceBucket(k);
    std::lock_guard<std::mutex> lock(m.mutex);
    m.reduced = nb;
    return;
  }
  std::unique_lock<std::mutex> lock(m.mutex);
  for (size_t p = 0; p < m.paramReady.size(); ++p) m.markReady(static_cast<int>(p));
  m.changed.notify_all();
  m.changed.wait(lock, [&] { return m.reduced == nb; });
  if (m.error) std::rethrow_exception(m.error);
}

template <typename T>
std::vector<Slice> GradientReducer<T>::buckets() const {
  return impl_->buckets;
}

template <typename T>
std::vector<Slice> GradientReducer<T>::ownedRanges() const {
  std::vector<Slice> out;
  for (auto it = impl_->buckets.rbegin(); it != impl_->buckets.rend(); ++it) {
    const Slice s = impl_->comm.slice(it->size());
    if (!s.empty()) out.push_back({it->begin + s.begin, it->begin + s.end});
  }
  return out;
}

template class GradientReducer<float>;
template class GradientReducer<double>;

}  // namespace ringdl
