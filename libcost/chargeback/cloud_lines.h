// Reading one cloud cost export into exact sums per period, currency, provider and billing account
// (chargeback/whole_bill.h has the model): each line's amount chosen (billed, amortized, or auto) and
// placed on its targets (chargeback/cloud_targets.h). A plain file of at least
// WholeBillOptions::min_part_bytes is cut at line boundaries into one part per thread; each part is
// placed on its own thread and the parts' exact sums are added, so the result does not depend on the
// number of threads, and an error is the first in file order, at its line in the file.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "chargeback/cloud_targets.h"
#include "chargeback/whole_bill.h"

namespace dbcost::cloud_lines {

using BucketKey = std::tuple<std::int64_t, std::string, std::string, std::string>;  // period, currency, provider,
                                                                                    // billing account
using Buckets = std::map<BucketKey, cloud_targets::Bucket>;

struct ReadResult {
  CloudCostFormat format = CloudCostFormat::Focus12;
  std::uint64_t lines = 0;
  bool amortized = false;  // some line's amount was its amortized cost
  Buckets buckets;
  CloudLineCounts counts;
};

ReadResult read_cloud_input(const CloudInput& input, const UsageLedger& ledger, const WholeBillOptions& options);

// `from`'s sums added to `into`'s.
void add_counts(CloudLineCounts& into, const CloudLineCounts& from);

}  // namespace dbcost::cloud_lines
