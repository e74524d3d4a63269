#include "calibrate/calibrated_scenario.h"

#include <filesystem>

#include "calibrate/scenario_yaml.h"
#include "core/errors.h"
#include "workload/scenario_reader.h"

namespace dbcost {

CalibratedScenario calibrate_scenario(CalibrateOptions options, const std::string& out_path) {
  namespace fs = std::filesystem;
  if (!options.prices.empty() && options.prices != "builtin") {
    const fs::path prices = fs::absolute(options.prices);
    options.prices_in_yaml = prices.string();
    if (!out_path.empty()) {
      std::error_code ec;
      const fs::path rel = fs::relative(prices, fs::absolute(out_path).parent_path(), ec);
      if (!ec && !rel.empty()) options.prices_in_yaml = rel.string();
    }
  }
  CalibratedScenario out;
  out.calibration = calibrate(options);
  out.yaml = scenario_yaml(out.calibration, options.team_tag);
  const std::string name = out_path.empty() ? "<calibrated>" : out_path;
  try {
    out.scenario = parse_scenario(out.yaml, name);
  } catch (const InputError& e) {
    throw ModelError(
        std::string("the calibrated scenario does not read back (an input value the scenario format rejects): ") +
        e.what());
  }
  return out;
}

}  // namespace dbcost
