// dbcost.Scenario (load, from_yaml, run, compare) and dbcost.Result: tables as DataFrames,
// per-trial samples as numpy arrays that view the engine's matrices (no copies).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "convert.h"
#include "register.h"
#include "sim/compare.h"
#include "sim/run_report.h"
#include "spot/spot_report.h"
#include "workload/scenario_reader.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

struct PyScenario {
  std::shared_ptr<const Scenario> scenario;
  std::string variant;
  std::string source_text;  // for variants: the file text, or "" when loaded from a path
  std::string path;
};

struct PyResult {
  std::shared_ptr<const SimResult> result;
  std::shared_ptr<const Scenario> scenario;
  RunContext context;
};

::py::array view(const std::shared_ptr<const SimResult>& owner, const std::vector<double>& v) {
  auto* holder = new std::shared_ptr<const SimResult>(owner);
  ::py::capsule base(holder, [](void* p) { delete static_cast<std::shared_ptr<const SimResult>*>(p); });
  ::py::array a(::py::dtype::of<double>(), {static_cast<::py::ssize_t>(v.size())},
                {static_cast<::py::ssize_t>(sizeof(double))}, v.data(), base);
  ::py::detail::array_proxy(a.ptr())->flags &= ~::py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

::py::array view(const std::shared_ptr<const SimResult>& owner, const Eigen::MatrixXd& m) {
  auto* holder = new std::shared_ptr<const SimResult>(owner);
  ::py::capsule base(holder, [](void* p) { delete static_cast<std::shared_ptr<const SimResult>*>(p); });
  const auto rows = static_cast<::py::ssize_t>(m.rows());
  const auto cols = static_cast<::py::ssize_t>(m.cols());
  ::py::array a(::py::dtype::of<double>(), {rows, cols},
                {static_cast<::py::ssize_t>(sizeof(double)), static_cast<::py::ssize_t>(sizeof(double)) * rows},
                m.data(), base);
  ::py::detail::array_proxy(a.ptr())->flags &= ~::py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

Scenario load_variant(const PyScenario& s, const std::string& variant) {
  return s.path.empty() ? parse_scenario(s.source_text, "<yaml>", variant) : load_scenario(s.path, variant);
}

}  // namespace

void register_scenario(pybind11::module_& m) {
  ::py::class_<PyResult>(m, "Result", "Results of Scenario.run: tables and per-trial samples.")
      .def_property_readonly(
          "teams", [](const PyResult& r) { return table_to_frame(team_table(*r.result)); },
          "Per-team table: team, runs, dbus, dbu_cost, vm_cost, total_cost, p05, p50, p95.")
      .def_property_readonly(
          "workloads", [](const PyResult& r) { return table_to_frame(workload_table(*r.result)); },
          "Per-workload table: workload, team, kind, runs, dbus, dbu_cost, vm_cost, total_cost, idle_cost, "
          "mean_duration_minutes, p05, p50, p95.")
      .def_property_readonly(
          "samples",
          [](const PyResult& r) {
            const auto& x = *r.result;
            ::py::dict d;
            d["total_cost"] = view(r.result, x.total_cost);
            d["dbu_cost"] = view(r.result, x.dbu_cost);
            d["vm_cost"] = view(r.result, x.vm_cost);
            d["dbus"] = view(r.result, x.dbus);
            d["runs"] = view(r.result, x.runs);
            d["idle_cost"] = view(r.result, x.idle_cost);
            d["team_cost"] = view(r.result, x.team_cost);
            d["daily_cost"] = view(r.result, x.daily_cost);
            d["evictions"] = view(r.result, x.evictions);
            d["failed_runs"] = view(r.result, x.failed_runs);
            d["sla_misses"] = view(r.result, x.sla_misses);
            d["duration_minutes"] = view(r.result, x.duration_minutes);
            return d;
          },
          "Per-trial samples as read-only numpy arrays viewing the engine's memory: trials x workloads "
          "(total_cost, dbu_cost, vm_cost, dbus, runs, idle_cost, duration_minutes, evictions, failed_runs, "
          "sla_misses), trials x teams (team_cost), trials x days (daily_cost).")
      .def_property_readonly(
          "runs",
          [](const PyResult& r) {
            const auto& x = r.result->run_samples;
            ::py::dict d;
            d["trial"] = view(r.result, x.trial);
            d["workload"] = view(r.result, x.workload);
            d["start_hours"] = view(r.result, x.start_hours);
            d["minutes"] = view(r.result, x.minutes);
            d["cost"] = view(r.result, x.cost);
            d["evictions"] = view(r.result, x.evictions);
            d["failed"] = view(r.result, x.failed);
            return d;
          },
          "Per-run samples of the jobs (run with record_runs=True): trial, workload (index into "
          "workload_names), start_hours (from the period start), minutes, cost, evictions and failed (0/1), as "
          "read-only numpy arrays viewing the engine's memory.")
      .def_property_readonly("workload_names",
                             [](const PyResult& r) {
                               std::vector<std::string> out;
                               for (const auto& w : r.result->workloads) out.push_back(w.name);
                               return out;
                             })
      .def_property_readonly("team_names", [](const PyResult& r) { return r.result->teams; })
      .def(
          "to_json", [](const PyResult& r) { return json_to_python(run_json(*r.result, r.context)); },
          "The same document as `dbcost run --format json`.");

  ::py::class_<PyScenario>(m, "Scenario", "A dbcost scenario (see docs/scenario.md).")
      .def_static(
          "load",
          [](const std::string& path, const std::string& variant) {
            return PyScenario{std::make_shared<const Scenario>(load_scenario(path, variant)), variant, "", path};
          },
          ::py::arg("path"), ::py::kw_only(), ::py::arg("variant") = "",
          "Reads a scenario file, optionally with one of its variants applied.")
      .def_static(
          "from_yaml",
          [](const std::string& text, const std::string& variant) {
            return PyScenario{std::make_shared<const Scenario>(parse_scenario(text, "<yaml>", variant)), variant, text,
                              ""};
          },
          ::py::arg("text"), ::py::kw_only(), ::py::arg("variant") = "", "Reads a scenario from YAML text.")
      .def_property_readonly("name", [](const PyScenario& s) { return s.scenario->name; })
      .def_property_readonly("variants", [](const PyScenario& s) { return s.scenario->variant_names; })
      .def(
          "variant",
          [](const PyScenario& s, const std::string& name) {
            return PyScenario{std::make_shared<const Scenario>(load_variant(s, name)), name, s.source_text, s.path};
          },
          ::py::arg("name"), "This scenario with the named variant applied.")
      .def(
          "run",
          [](const PyScenario& s, int trials, std::uint64_t seed, int threads, const std::optional<double>& spot_rate,
             bool record_runs) {
            PyResult r;
            r.scenario = s.scenario;
            r.context = RunContext{s.scenario.get(), s.variant, {trials, seed, threads}};
            r.context.options.spot_rate_override = spot_rate.value_or(-1);
            r.context.options.record_runs = record_runs;
            {
              ::py::gil_scoped_release release;
              r.result = std::make_shared<const SimResult>(simulate(*s.scenario, r.context.options));
            }
            return r;
          },
          ::py::kw_only(), ::py::arg("trials") = 0, ::py::arg("seed") = 1, ::py::arg("threads") = 1,
          ::py::arg("spot_rate") = ::py::none(), ::py::arg("record_runs") = false,
          "Simulates the scenario: trials = 0 gives expected values; the same seed gives the same results for "
          "any thread count. spot_rate (per spot node-hour) turns spot evictions on at that rate; record_runs keeps "
          "per-run samples (Result.runs). The GIL is released while it runs.")
      .def(
          "spot_sweep",
          [](const PyScenario& s, const std::vector<double>& rates, int trials, std::uint64_t seed, int threads,
             bool break_even) {
            SpotReport rep;
            {
              ::py::gil_scoped_release release;
              rep = spot_sweep(*s.scenario, rates, {trials, seed, threads}, break_even);
            }
            ::py::dict d;
            d["hazard"] = rep.hazard_source;
            d["workloads"] = table_to_frame(spot_workload_table(rep));
            d["teams"] = table_to_frame(spot_team_table(rep));
            d["break_even"] = table_to_frame(break_even_table(rep));
            return d;
          },
          ::py::kw_only(), ::py::arg("rates") = std::vector<double>{}, ::py::arg("trials") = 200, ::py::arg("seed") = 1,
          ::py::arg("threads") = 1, ::py::arg("break_even") = true,
          "Spot savings and risks per workload and team at each eviction rate (per spot node-hour; empty = the "
          "scenario's own), paired against the same runs all on demand, as `dbcost spot`. Returns a dict of "
          "DataFrames (workloads, teams, break_even) and the hazard used.")
      .def(
          "compare",
          [](const PyScenario& s, const std::vector<std::string>& variants, bool alternatives, int trials,
             std::uint64_t seed, int threads) {
            std::vector<Alternative> alts;
            const auto names = variants.empty() ? s.scenario->variant_names : variants;
            for (const auto& v : names) alts.push_back({v, "variant", "", *s.scenario, load_variant(s, v)});
            if (alternatives)
              for (auto& a : automatic_alternatives(*s.scenario)) alts.push_back(std::move(a));
            std::vector<Comparison> rows;
            {
              ::py::gil_scoped_release release;
              for (const auto& a : alts) rows.push_back(compare_pair(a, {trials, seed, threads}));
            }
            return table_to_frame(comparison_table(rows));
          },
          ::py::kw_only(), ::py::arg("variants") = std::vector<std::string>{}, ::py::arg("alternatives") = true,
          ::py::arg("trials") = 200, ::py::arg("seed") = 1, ::py::arg("threads") = 1,
          "The base beside its variants and automatic per-job alternatives, with paired-trial deltas "
          "(as `dbcost compare`).");
}

}  // namespace dbcost::py
