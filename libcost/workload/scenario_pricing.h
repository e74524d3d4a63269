// The contract keys of a scenario's `pricing:` section (docs/scenario.md): discounts, global and
// per SKU, and commitments (an Azure DBCU pre-purchase).
#pragma once

#include <vector>

#include "io/yaml_reader.h"
#include "pricing/cluster_quote.h"
#include "pricing/commitments.h"

namespace dbcost {

// discounts: {dbu_percent: 10, vm_percent: 20, spot_vm_percent: 0, skus: {PREMIUM_JOBS_COMPUTE: 25}}
void read_discounts(const YamlView& v, Discounts& into);
// commitments: [{kind: azure_dbcu, amount: 100000, start: 2026-01-01, term_years: 1}]
std::vector<Commitment> read_commitments(const YamlView& v, Cloud cloud);

}  // namespace dbcost
