// dbcost.calibrate: a Scenario inferred from a system.billing.usage export (docs/calibrate.md).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "calibrate/calibrated_scenario.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

void register_calibrate(pybind11::module_& m) {
  m.def(
      "calibrate",
      [m](const std::string& usage, const std::optional<std::string>& prices,
          const std::optional<std::string>& clusters, const std::string& team_tag,
          const std::optional<std::string>& period, const std::string& name) {
        CalibrateOptions options;
        options.usage = usage;
        options.prices = prices.value_or("");
        options.clusters = clusters.value_or("");
        options.team_tag = team_tag;
        options.name = name;
        if (period) parse_calibration_period(*period, options);
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
        CalibrateOptions options;
        options.usage = usage;
        options.prices = prices.value_or("");
        options.clusters = clusters.value_or("");
        options.team_tag = team_tag;
        options.name = name;
        if (period) parse_calibration_period(*period, options);
        ::py::gil_scoped_release release;
        return calibrate_scenario(options, "").yaml;
      },
      ::py::arg("usage"), ::py::kw_only(), ::py::arg("prices") = ::py::none(), ::py::arg("clusters") = ::py::none(),
      ::py::arg("team_tag") = "team", ::py::arg("period") = ::py::none(), ::py::arg("name") = "calibrated",
      "The YAML text dbcost.calibrate reads back, with its comments, to save or edit.");
}

}  // namespace dbcost::py
