// The element-wise criterions: their functors are whole in the headers; this instantiates each over the
// family base once, for float and double, so that users of the headers do not compile the loops again.
#include "ringdl/nn/criterions/margin_criterion.h"
#include "ringdl/nn/criterions/mean_absolute_percentage_criterion.h"
#include "ringdl/nn/criterions/mean_squared_logarithmic_criterion.h"
#include "ringdl/nn/criterions/pg_criterion.h"
#include "ringdl/nn/criterions/poisson_criterion.h"
#include "ringdl/nn/criterions/smooth_l1_criterion.h"
#include "ringdl/nn/criterions/soft_margin_criterion.h"

namespace ringdl {

template class ElementWiseCriterion<float, MarginCriterionFn>;
template class ElementWiseCriterion<double, MarginCriterionFn>;
template class ElementWiseCriterion<float, MeanAbsolutePercentageCriterionFn>;
template class ElementWiseCriterion<double, MeanAbsolutePercentageCriterionFn>;
template class ElementWiseCriterion<float, MeanSquaredLogarithmicCriterionFn>;
template class ElementWiseCriterion<double, MeanSquaredLogarithmicCriterionFn>;
template class ElementWiseCriterion<float, PGCriterionFn>;
template class ElementWiseCriterion<double, PGCriterionFn>;
template class ElementWiseCriterion<float, PoissonCriterionFn>;
template class ElementWiseCriterion<double, PoissonCriterionFn>;
template class ElementWiseCriterion<float, SmoothL1CriterionFn>;
template class ElementWiseCriterion<double, SmoothL1CriterionFn>;
template class ElementWiseCriterion<float, SoftMarginCriterionFn>;
template class ElementWiseCriterion<double, SoftMarginCriterionFn>;

}  // namespace ringdl
