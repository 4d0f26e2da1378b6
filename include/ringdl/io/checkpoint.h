// Checkpoints: everything needed to resume training bit-identically (model weights, optimizer state with its
// momentum buffers and moments, TrainingState with RNG and data position, the run's config), written
// atomically.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ringdl/nn/module.h"
#include "ringdl/optim/optim_method.h"
#include "ringdl/optim/training_state.h"

namespace ringdl {

/// What loadCheckpoint returns: a rebuilt model and optimizer, and where training stood.
template <typename T>
struct Checkpoint {
  ModulePtr<T> model;       ///< rebuilt with the layer registry, weights restored
  OptimMethodPtr<T> optim;  ///< rebuilt with createOptimMethod, step and state tensors restored
  TrainingState state;      ///< as saved; the caller restores Random::global() from state.rngState
  std::string runConfig;    ///< the run configuration text given to saveCheckpoint ("" if none)
};

/// Writes a checkpoint to path atomically (temp file in the same directory, fsync, rename, fsync of the
/// directory), so a crash at any point leaves either the previous file or the complete new one.
/// Throws ringdl::Error naming the path on any I/O failure; no temp file is left behind.
template <typename T>
void saveCheckpoint(const std::string& path, Module<T>& model, const OptimMethod<T>& optim,
                    const TrainingState& state, const std::string& runConfig = "");

/// Reads and verifies a checkpoint (magic, format version, length, CRC) and rebuilds model and optimizer.
/// Values saved as the other scalar type are converted. Loading leaves Random::global() unchanged.
/// Throws ringdl::Error naming the file and the problem ("is truncated: header says N bytes of payload, file
/// has M", "checksum mismatch", "is a model file, not a checkpoint", ...).
template <typename T>
Checkpoint<T> loadCheckpoint(const std::string& path);

/// The file name a checkpoint of this iteration gets in dir: "<dir>/checkpoint.<iteration>.ringdl".
std::string checkpointPath(const std::string& dir, int64_t iteration);

/// Every checkpoint in dir named as checkpointPath names them, as (iteration, path), by increasing iteration.
/// Temp files of unfinished writes and other files are ignored. A missing directory is an Error.
std::vector<std::pair<int64_t, std::string>> listCheckpoints(const std::string& dir);

/// The path of the checkpoint with the highest iteration in dir. Only names are read, so the file is verified
/// when it is loaded. Throws ringdl::Error naming dir if it holds no checkpoint or does not exist.
std::string latestCheckpoint(const std::string& dir);

/// The name under which checkpointWriter's keepBest keeps the best checkpoint:
/// "<dir>/checkpoint.best.ringdl". listCheckpoints and latestCheckpoint do not list it (resuming continues
/// from the newest), loadCheckpoint reads it.
std::string bestCheckpointPath(const std::string& dir);

/// The standard checkpoint writer for Optimizer::setCheckpoint (its CheckpointWriter<T> type): writes
/// checkpointPath(dir, state.iteration) with saveCheckpoint, creating dir if needed. With keepBest, a
/// checkpoint written right after the validation that gave the best watched figure (state.bestIteration ==
/// state.iteration; Optimizer::setCheckpoint's atEveryBest writes one each time) is also linked (or copied)
/// to bestCheckpointPath(dir), atomically. Then, if keepLast > 0, deletes all but the keepLast newest
/// checkpoints in dir (never the one just written, nor the best one), so a long run does not fill the disk.
/// Deletion happens only after the new file is durable.
template <typename T>
std::function<void(const std::string& dir, Module<T>& model, const OptimMethod<T>& optim,
                   const TrainingState& state)>
checkpointWriter(std::string runConfig = "", int64_t keepLast = 0, bool keepBest = false);

extern template void saveCheckpoint<float>(const std::string&, Module<float>&, const OptimMethod<float>&,
                                           const TrainingState&, const std::string&);
extern template void saveCheckpoint<double>(const std::string&, Module<double>&, const OptimMethod<double>&,
                                            const TrainingState&, const std::string&);
extern template Checkpoint<float> loadCheckpoint<float>(const std::string&);
extern template Checkpoint<double> loadCheckpoint<double>(const std::string&);
extern template std::function<void(const std::string&, Module<float>&, const OptimMethod<float>&,
                                   const TrainingState&)>
checkpointWriter<float>(std::string, int64_t, bool);
extern template std::function<void(const std::string&, Module<double>&, const OptimMethod<double>&,
                                   const TrainingState&)>
checkpointWriter<double>(std::string, int64_t, bool);

}  // namespace ringdl
