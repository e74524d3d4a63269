// A calibration written as an ordinary scenario file (docs/scenario.md): plain YAML a user can
// edit, each inferred figure with a comment saying where it came from. The text is what
// `dbcost calibrate --out` writes and what parse_scenario reads back.
#pragma once

#include <string>

#include "calibrate/calibration.h"

namespace dbcost {

std::string scenario_yaml(const Calibration& calibration, const std::string& team_tag);

// A YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string yaml_scalar(const std::string& text);

}  // namespace dbcost
