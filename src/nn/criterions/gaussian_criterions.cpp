// KLDCriterion and GaussianCriterion, compiled once for float and double.
#include "ringdl/nn/criterions/gaussian_criterions.h"

namespace ringdl {

#define RINGDL_INSTANTIATE_GAUSSIAN_CRITERION(Fn)  \
  template class GaussianTermCriterion<float, Fn>; \
  template class GaussianTermCriterion<double, Fn>;
RINGDL_GAUSSIAN_CRITERIONS(RINGDL_INSTANTIATE_GAUSSIAN_CRITERION)

}  // namespace ringdl
