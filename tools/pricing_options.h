// The pricing flags (catalogs, cloud, tier, region, discounts) mapped onto the library's
// PricingOptions (commands/pricing_options.h), which checks and loads them.
#pragma once

#include <CLI/CLI.hpp>

#include "commands/pricing_options.h"

namespace dbcost::cli {

void add_pricing_options(CLI::App* cmd, PricingOptions& options, bool with_cloud_and_tier = true);

}  // namespace dbcost::cli
