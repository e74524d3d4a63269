// The estimate options the bundle tests price with: April 2026 (30 days), expected values, an
// optional runtimes file; and money rounded to the cent as the reports print it.
#pragma once

#include <cmath>
#include <string>

#include "bundle/bundle_estimate.h"

namespace dbcost::testing {

inline EstimateOptions april(const std::string& runtimes = "") {
  EstimateOptions o;
  o.month = "2026-04";
  o.runtimes = runtimes;
  o.run.trials = 0;
  return o;
}

inline double cents(double v) { return std::round(v * 100) / 100; }

}  // namespace dbcost::testing
