// dbcost.calibrate: a Scenario inferred from a system.billing.usage export (docs/calibrate.md).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "calibrate/calibrated_scenario.h"
#include "commands/other_commands.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

CalibrateOptions calibrate_options(const std::string& usage, const std::optional<std::string>& prices,
                                   const std::optional<std::string>& clusters, const std::string& team_tag,
                                   const std::optional<std::string>& period, const std::string& name) {
  CalibrateCommandOptions o;
  o.front = FrontEnd::Python;
  o.calibrate.usage = usage;
  o.calibrate.prices = prices.value_or("");
  o.calibrate.clusters = clusters.value_or("");
  o.calibrate.team_tag = team_tag;
  o.calibrate.name = name;
  o.period = period.value_or("");
  return o.calibrate_options();
}

}  // namespace

void register_calibrate(pybind11::module_& m) {
  m.def(
      "calibrate",
      [m](const std::string& usage, const std::optional<std::string>& prices,
          const std::optional<std::string>& clusters, const std::string& team_tag,
          const std::optional<std::string>& period, const std::string& name) {
        const CalibrateOptions options = calibrate_options(usage, prices, clusters, team_tag, period, name);
        std::string yaml;
        {
          ::py::gil_scoped_release release;
          yaml = calibrate_scenario(options, "").yaml;
        }
        return m.attr("Scenario").attr("from_yaml")(yaml);
      },
      ::py::arg("usage"), ::py::kw_only(), ::py::arg("prices") = ::py::none(), ::py::arg("clusters") = ::py::none(),
      ::py::arg("team_tag") = "team", ::py::arg("period") = ::py::none(), ::py::arg("name") = "calibrated",
      "Infers a Scenario from a system.billing.usage export (path, .gz accepted), as `dbcost calibrate` does: "
      "prices is a list_prices export or price book (default: built-in), clusters a system.compute.clusters "
      "export, period 'FROM..TO'. The scenario names the prices file by its absolute path.");
  m.def(
      "calibrate_yaml",
      [](const std::string& usage, const std::optional<std::string>& prices, const std::optional<std::string>& clusters,
         const std::string& team_tag, const std::optional<std::string>& period, const std::string& name) {
        const CalibrateOptions options = calibrate_options(usage, prices, clusters, team_tag, period, name);
        ::py::gil_scoped_release release;
        return calibrate_scenario(options, "").yaml;
      },
      ::py::arg("usage"), ::py::kw_only(), ::py::arg("prices") = ::py::none(), ::py::arg("clusters") = ::py::none(),
      ::py::arg("team_tag") = "team", ::py::arg("period") = ::py::none(), ::py::arg("name") = "calibrated",
      "The YAML text dbcost.calibrate reads back, with its comments, to save or edit.");
}

}  // namespace dbcost::py
