// The classic clusters of a bundle target that a policy check looks at: resources.jobs as in a
// scenario (policy/policy_targets.h), resources.clusters.<name> (all-purpose) and
// resources.pipelines.<name>.clusters[] (<name>/<label>, dlt; the pipeline-only `label` and
// autoscale.mode are left out of the spec the policy sees).
#pragma once

#include <vector>

#include "bundle/bundle.h"
#include "policy/policy_targets.h"

namespace dbcost {

std::vector<PolicyTarget> policy_targets_from_bundle(const Bundle& bundle);

}  // namespace dbcost
