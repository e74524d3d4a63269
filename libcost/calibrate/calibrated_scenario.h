// Calibration end to end: the bill read, the scenario inferred, written as YAML and read back
// with parse_scenario, so what `dbcost calibrate` writes is checked before it is written and the
// simulation runs the very text the user gets.
#pragma once

#include <string>

#include "calibrate/calibration.h"
#include "workload/scenario.h"

namespace dbcost {

struct CalibratedScenario {
  Calibration calibration;
  std::string yaml;
  Scenario scenario;
};

// `out_path`: where the YAML will be written ("" = nowhere): the prices file is named relative
// to its directory, else by its absolute path. options.prices_in_yaml is set here.
CalibratedScenario calibrate_scenario(CalibrateOptions options, const std::string& out_path);

}  // namespace dbcost
