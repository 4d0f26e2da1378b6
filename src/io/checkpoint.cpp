// Checkpoints: model + optimizer + training state in one verified, atomically written file, and the naming
// scheme (checkpoint.<iteration>.ringdl) that lets a restarted job find the newest one.
#include "ringdl/io/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "envelope.h"
#include "proto_convert.h"

namespace ringdl {

namespace {

namespace fs = std::filesystem;

const char kKind[] = "checkpoint";
const char kPrefix[] = "checkpoint.";
const char kSuffix[] = ".ringdl";
const char kBestName[] = "checkpoint.best.ringdl";

// The iteration encoded in a checkpoint file name, or -1 if the name is not one checkpointPath produces
// (temp files, other files, zero-padded or signed numbers).
int64_t iterationOf(const std::string& name) {
  const std::string prefix = kPrefix, suffix = kSuffix;
  if (io_detail::isTempFileName(name) || name.size() <= prefix.size() + suffix.size()) return -1;
  if (name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size() - suffix.size();
  if (*first == '0' && last - first > 1) return -1;
  int64_t iteration = -1;
  const auto [end, ec] = std::from_chars(first, last, iteration);
  if (ec != std::errc() || end != last || iteration < 0) return -1;
  return iteration;
}

}  // namespace

template <typename T>
void saveCheckpoint(const std::string& path, Module<T>& model, const OptimMethod<T>& optim,
                    const TrainingState& state, const std::string& runConfig) {
  proto::CheckpointProto message;
  io_detail::moduleToProto(model, message.mutable_model());
  io_detail::optimToProto(optim, message.mutable_optim());
  io_detail::stateToProto(state, message.mutable_state());
  message.set_run_config(runConfig);
  io_detail::writeCheckpointProto(path, message, kKind);
}

template <typename T>
Checkpoint<T> loadCheckpoint(const std::string& path) {
  const proto::CheckpointProto message = io_detail::readCheckpointProto(path, kKind);
  RINGDL_CHECK(
      message.has_optim() && message.has_state(), "checkpoint ", path,
      " is a model file, not a checkpoint: it has no optimizer or training state (load it with loadModel)");
  const std::string source = std::string(kKind) + " " + path;
  GlobalRandomGuard keepRandom;
  Checkpoint<T> checkpoint;
  checkpoint.model = io_detail::moduleFromProto<T>(message.model(), source);
  checkpoint.optim = io_detail::optimFromProto<T>(message.optim(), source);
  checkpoint.state = io_detail::stateFromProto(message.state());
  checkpoint.runConfig = message.run_config();
  return checkpoint;
}

std::string checkpointPath(const std::string& dir, int64_t iteration) {
  RINGDL_CHECK(iteration >= 0, "checkpointPath: iteration must be >= 0, got ", iteration);
  return (fs::path(dir) / (kPrefix + std::to_string(iteration) + kSuffix)).string();
}

std::string bestCheckpointPath(const std::string& dir) { return (fs::path(dir) / kBestName).string(); }

namespace {
// Makes `best` name the same file as `path` (a hard link, a copy where links are not possible), replacing it
// atomically: the link or copy is made under a temp name and renamed over the old best.
void linkBest(const std::string& path, const std::string& best) {
  const fs::path temp = fs::path(best).parent_path() / ".checkpoint.best.ringdl.tmp";
  std::error_code ec;
  fs::remove(temp, ec);
  fs::create_hard_link(path, temp, ec);
  if (ec) {
    ec.clear();
    fs::copy_file(path, temp, fs::copy_options::overwrite_existing, ec);
  }
  RINGDL_CHECK(!ec, "cannot keep checkpoint ", path, " as the best (", best, "): ", ec.message());
  fs::rename(temp, best, ec);
  RINGDL_CHECK(!ec, "cannot keep checkpoint ", path, " as the best (", best, "): ", ec.message());
}
}  // namespace

std::vector<std::pair<int64_t, std::string>> listCheckpoints(const std::string& dir) {
  std::error_code ec;
  RINGDL_CHECK(fs::is_directory(dir, ec), "checkpoint directory ", dir,
               " does not exist or is not a directory");
  std::vector<std::pair<int64_t, std::string>> found;
  fs::directory_iterator it(dir, ec);
  RINGDL_CHECK(!ec, "cannot list checkpoint directory ", dir, ": ", ec.message());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    RINGDL_CHECK(!ec, "cannot list checkpoint directory ", dir, ": ", ec.message());
    const int64_t iteration = iterationOf(it->path().filename().string());
    std::error_code typeError;
    if (iteration >= 0 && it->is_regular_file(typeError)) found.emplace_back(iteration, it->path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string latestCheckpoint(const std::string& dir) {
  const auto found = listCheckpoints(dir);
  RINGDL_CHECK(!found.empty(), "no checkpoint in directory ", dir, " (looked for files named ", kPrefix,
               "<iteration>", kSuffix, ")");
  return found.back().second;
}

template <typename T>
std::function<void(const std::string&, Module<T>&, const OptimMethod<T>&, const TrainingState&)>
checkpointWriter(std::string runConfig, int64_t keepLast, bool keepBest) {
  RINGDL_CHECK(keepLast >= 0, "checkpointWriter: keepLast must be >= 0 (0 keeps every checkpoint), got ",
               keepLast);
  return
      [runConfig = std::move(runConfig), keepLast, keepBest](
          const std::string& dir, Module<T>& model, const OptimMethod<T>& optim, const TrainingState& state) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        RINGDL_CHECK(!ec, "cannot create checkpoint directory ", dir, ": ", ec.message());
        const std::string path = checkpointPath(dir, state.iteration);
        saveCheckpoint(path, model, optim, state, runConfig);
        if (keepBest && state.bestIteration > 0 && state.bestIteration == state.iteration)
          linkBest(path, bestCheckpointPath(dir));
        if (keepLast == 0) return;
        auto all = listCheckpoints(dir);
        const int64_t excess = static_cast<int64_t>(all.size()) - keepLast;
        for (int64_t i = 0; i < excess; ++i) {
          if (all[i].second == path || (keepBest && all[i].first == state.bestIteration)) continue;
          fs::remove(all[i].second, ec);
          RINGDL_CHECK(!ec, "cannot remove old checkpoint ", all[i].second, ": ", ec.message());
        }
      };
}

template void saveCheckpoint<float>(const std::string&, Module<float>&, const OptimMethod<float>&,
                                    const TrainingState&, const std::string&);
template void saveCheckpoint<double>(const std::string&, Module<double>&, const OptimMethod<double>&,
                                     const TrainingState&, const std::string&);
template Checkpoint<float> loadCheckpoint<float>(const std::string&);
template Checkpoint<double> loadCheckpoint<double>(const std::string&);
template std::function<void(const std::string&, Module<float>&, const OptimMethod<float>&,
                            const TrainingState&)>
checkpointWriter<float>(std::string, int64_t, bool);
template std::function<void(const std::string&, Module<double>&, const OptimMethod<double>&,
                            const TrainingState&)>
checkpointWriter<double>(std::string, int64_t, bool);

}  // namespace ringdl
