// TrainingState: where training stands (BigDL's state table, typed). Triggers read it; checkpoints save it.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace ringdl {

struct TrainingState {
  int64_t epoch = 1;           ///< the epoch in progress, 1-based (as BigDL logs it)
  int64_t iteration = 0;       ///< iterations completed since the start of training
  int64_t recordsInEpoch = 0;  ///< records trained on in the current epoch
  bool epochEnded = false;     ///< true right after the iteration that finished an epoch
  double loss = std::numeric_limits<double>::quiet_NaN();   ///< loss of the last iteration
  double score = std::numeric_limits<double>::quiet_NaN();  ///< first validation method's last result
  double wallClockSeconds = 0;                              ///< training time, accumulated across resumes
  std::string rngState;                                     ///< Random::global() state
  std::string dataState;                                    ///< the training set's shuffle and position state
  std::map<std::string, double> lastValidation;             ///< every validation method's last result
  /// The shape of one training record's features (no batch dimension), from the first batch trained on;
  /// empty before it (and in checkpoints written before it was saved). A resumed run checks its data
  /// against it.
  std::vector<int64_t> recordShape;
  /// The monitored validation figure (Optimizer::setEarlyStopping's monitor, else the first method): its best
  /// value, the iteration of the validation that gave it (0: none yet) and the validations since then that
  /// did not improve on it. Saved in checkpoints, so a resumed run goes on counting.
  double bestScore = std::numeric_limits<double>::quiet_NaN();
  int64_t bestIteration = 0;
  int64_t staleValidations = 0;
};

}  // namespace ringdl
