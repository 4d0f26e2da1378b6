// The element-wise criterions: their functors are whole in the headers; this instantiates each over the
// family base once, for float and double, so that users of the headers do not compile the loops again.
#include "ringdl/nn/criterions/element_wise_criterions.h"

#include "ringdl/nn/criterions/margin_criterion.h"
#include "ringdl/nn/criterions/mean_absolute_percentage_criterion.h"
#include "ringdl/nn/criterions/mean_squared_logarithmic_criterion.h"
#include "ringdl/nn/criterions/pg_criterion.h"
#include "ringdl/nn/criterions/poisson_criterion.h"
#include "ringdl/nn/criterions/smooth_l1_criterion.h"
#include "ringdl/nn/criterions/soft_margin_criterion.h"

namespace ringdl {

RINGDL_ELEMENT_WISE_CRITERIONS(RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(MarginCriterionFn)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(MeanAbsolutePercentageCriterionFn)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(MeanSquaredLogarithmicCriterionFn)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(PGCriterionFn)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(PoissonCriterionFn)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(SmoothL1CriterionFn)
RINGDL_INSTANTIATE_ELEMENT_WISE_CRITERION(SoftMarginCriterionFn)

}  // namespace ringdl
