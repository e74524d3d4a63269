// How well a calibrated scenario explains the bill it came from: the scenario is simulated over
// the same period (Monte Carlo, `trials` independent months, trial k with seed `seed + k`) and
// each trial's DBU cost is split by team and UTC month as a usage export would record it (a
// billed span's DBUs spread evenly over its time, priced as the simulation priced them). Per
// team and month: the billed DBU cost, the simulated mean, 5th and 95th percentiles, and the
// error (mean - billed) / billed. VM cost is not on a Databricks bill and is left out of both.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/table.h"
#include "money/money.h"
#include "workload/scenario.h"

namespace dbcost {

struct CheckOptions {
  int trials = 200;
  std::uint64_t seed = 1;
  int threads = 1;
};

struct CheckRow {
  std::string month, team;  // team "(all)" is the month's total
  double billed = 0;
  double mean = 0, p05 = 0, p95 = 0;
  bool has_error = false;
  double error_percent = 0;
};

struct CalibrationCheck {
  std::string currency;
  int trials = 0;
  std::vector<CheckRow> rows;  // by month, then team, "(all)" last in each month
  // The largest |error| of a team row (not "(all)"); a team with simulated cost but no bill counts
  // as infinitely off.
  double worst_error_percent() const;
};

CalibrationCheck check_calibration(const Scenario& scenario,
                                   const std::map<std::pair<std::string, std::string>, Money>& billed,
                                   const CheckOptions& options);

// Columns month, team, billed, simulated_mean, simulated_p05, simulated_p95, error_percent.
Table check_table(const CalibrationCheck& check);

}  // namespace dbcost
