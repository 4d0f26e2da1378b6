// OptimMethod<T>: the learning rate of each update, from the method's options and its schedule.
#include "ringdl/optim/optim_method.h"

#include "ringdl/util/error.h"

namespace ringdl {

template <typename T>
ScheduleContext OptimMethod<T>::scheduleContext() const {
  const Attributes options = config();
  RINGDL_CHECK(options.has("learningRate"), typeName_,
               " has no learningRate option, so learning-rate schedules cannot apply to it");
  ScheduleContext c;
  c.learningRate = options.get<double>("learningRate");
  c.learningRateDecay = options.getOr<double>("learningRateDecay", 0.0);
  c.iteration = state_.step;
  auto epoch = state_.schedule.find("epoch");
  c.epoch = epoch == state_.schedule.end() ? 1 : static_cast<int64_t>(epoch->second);
  return c;
}

template <typename T>
double OptimMethod<T>::currentLearningRate() const {
  return schedule_->rate(scheduleContext(), state_.schedule);
}

template <typename T>
OptimMethod<T>& OptimMethod<T>::setLearningRateSchedule(LearningRateSchedulePtr schedule) {
  schedule_ = schedule ? std::move(schedule) : std::make_shared<schedule::Default>();
  return *this;
}

template <typename T>
void OptimMethod<T>::updateHyperParameter(const TrainingState& training) {
  state_.schedule["epoch"] = static_cast<double>(training.epoch);
  schedule_->observe(scheduleContext(), training, state_.schedule);
}

template class OptimMethod<float>;
template class OptimMethod<double>;

}  // namespace ringdl
