// dbcost.Scenario (load, from_yaml, run, compare) and dbcost.Result: tables as DataFrames,
// per-trial samples as numpy arrays that view the engine's matrices (no copies).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include "commands/scenario_commands.h"
#include "convert.h"
#include "register.h"
#include "sim/commitment_report.h"
#include "sim/compare.h"
#include "sim/run_report.h"
#include "sim/spot_report.h"
#include "sim/usage_export.h"
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
  std::shared_ptr<const PyScenario> source;  // for pickling
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

// Pickled as what it was read from: a path (which must be readable where it is unpickled) or text.
::py::tuple scenario_state(const PyScenario& s) { return ::py::make_tuple(s.path, s.source_text, s.variant); }
PyScenario scenario_from_state(const ::py::tuple& t) {
  if (t.size() != 3) throw std::runtime_error("not a pickled dbcost.Scenario");
  PyScenario s{nullptr, t[2].cast<std::string>(), t[1].cast<std::string>(), t[0].cast<std::string>()};
  s.scenario = std::make_shared<const Scenario>(load_variant(s, s.variant));
  return s;
}

using MatrixField = Eigen::MatrixXd SimResult::*;
const std::vector<std::pair<const char*, MatrixField>>& matrix_fields() {
  static const std::vector<std::pair<const char*, MatrixField>> fields = {
      {"runs", &SimResult::runs},
      {"dbus", &SimResult::dbus},
      {"dbu_cost", &SimResult::dbu_cost},
      {"vm_cost", &SimResult::vm_cost},
      {"total_cost", &SimResult::total_cost},
      {"idle_cost", &SimResult::idle_cost},
      {"duration_minutes", &SimResult::duration_minutes},
      {"evictions", &SimResult::evictions},
      {"failed_runs", &SimResult::failed_runs},
      {"sla_misses", &SimResult::sla_misses},
      {"team_cost", &SimResult::team_cost},
      {"daily_cost", &SimResult::daily_cost},
      {"team_daily_cost", &SimResult::team_daily_cost},
      {"dbu_list_cost", &SimResult::dbu_list_cost},
      {"daily_dbu_list_cost", &SimResult::daily_dbu_list_cost}};
  return fields;
}
using SampleField = std::vector<double> RunSamples::*;
const std::vector<std::pair<const char*, SampleField>>& sample_fields() {
  static const std::vector<std::pair<const char*, SampleField>> fields = {
      {"trial", &RunSamples::trial},     {"workload", &RunSamples::workload}, {"start_hours", &RunSamples::start_hours},
      {"minutes", &RunSamples::minutes}, {"cost", &RunSamples::cost},         {"evictions", &RunSamples::evictions},
      {"failed", &RunSamples::failed}};
  return fields;
}

// A Result's state: its scenario's, the run options, and the engine's matrices and samples as bytes
// (exact doubles), so results from other processes merge bit for bit.
::py::tuple result_state(const PyResult& r, const PyScenario& sc) {
  const SimResult& x = *r.result;
  ::py::dict matrices, samples;
  for (const auto& [name, field] : matrix_fields()) {
    const auto& m = x.*field;
    matrices[name] = ::py::make_tuple(
        m.rows(), m.cols(),
        ::py::bytes(reinterpret_cast<const char*>(m.data()), static_cast<std::size_t>(m.size()) * sizeof(double)));
  }
  for (const auto& [name, field] : sample_fields()) {
    const auto& v = x.run_samples.*field;
    samples[name] = ::py::bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
  }
  ::py::list workloads;
  for (const auto& w : x.workloads) workloads.append(::py::make_tuple(w.name, w.team, w.kind));
  const auto& o = r.context.options;
  return ::py::make_tuple(
      scenario_state(sc), r.context.variant,
      ::py::make_tuple(o.trials, o.seed, o.threads, o.spot_rate_override, o.record_runs, o.first_trial),
      x.expected_value, x.trials, workloads, x.teams, matrices, samples);
}

std::pair<PyResult, PyScenario> result_from_state(const ::py::tuple& t) {
  if (t.size() != 9) throw std::runtime_error("not a pickled dbcost.Result");
  PyScenario sc = scenario_from_state(t[0].cast<::py::tuple>());
  auto x = std::make_shared<SimResult>();
  x->expected_value = t[3].cast<bool>();
  x->trials = t[4].cast<int>();
  for (const auto w : t[5]) {
    const auto tw = w.cast<::py::tuple>();
    x->workloads.push_back({tw[0].cast<std::string>(), tw[1].cast<std::string>(), tw[2].cast<std::string>()});
  }
  x->teams = t[6].cast<std::vector<std::string>>();
  const auto matrices = t[7].cast<::py::dict>();
  for (const auto& [name, field] : matrix_fields()) {
    const auto m = matrices[name].cast<::py::tuple>();
    const auto rows = m[0].cast<Eigen::Index>(), cols = m[1].cast<Eigen::Index>();
    const std::string bytes = m[2].cast<std::string>();
    if (bytes.size() != static_cast<std::size_t>(rows * cols) * sizeof(double))
      throw std::runtime_error("not a pickled dbcost.Result");
    (*x).*field = Eigen::MatrixXd(rows, cols);
    std::memcpy(((*x).*field).data(), bytes.data(), bytes.size());
  }
  const auto samples = t[8].cast<::py::dict>();
  for (const auto& [name, field] : sample_fields()) {
    const std::string bytes = samples[name].cast<std::string>();
    auto& v = x->run_samples.*field;
    v.resize(bytes.size() / sizeof(double));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(double));
  }
  const auto o = t[2].cast<::py::tuple>();
  PyResult r;
  r.scenario = sc.scenario;
  r.context = RunContext{
      sc.scenario.get(), t[1].cast<std::string>(), {o[0].cast<int>(), o[1].cast<std::uint64_t>(), o[2].cast<int>()}};
  r.context.options.spot_rate_override = o[3].cast<std::optional<double>>();
  r.context.options.record_runs = o[4].cast<bool>();
  r.context.options.first_trial = o[5].cast<std::uint64_t>();
  r.result = std::move(x);
  return {r, sc};
}

PyResult concat_results(const std::vector<PyResult>& shards) {
  if (shards.empty()) throw ModelError("no results to concatenate");
  std::vector<SimResult> parts;
  for (const auto& s : shards) parts.push_back(*s.result);
  PyResult r = shards.front();
  {
    ::py::gil_scoped_release release;
    r.result = std::make_shared<const SimResult>(concat_trials(parts));
  }
  r.context.options.trials = r.result->expected_value ? 0 : r.result->trials;
  r.context.options.first_trial = shards.front().context.options.first_trial;
  return r;
}

::py::dict result_samples(const PyResult& r) {
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
  d["team_daily_cost"] = view(r.result, x.team_daily_cost);
  d["dbu_list_cost"] = view(r.result, x.dbu_list_cost);
  d["daily_dbu_list_cost"] = view(r.result, x.daily_dbu_list_cost);
  d["evictions"] = view(r.result, x.evictions);
  d["failed_runs"] = view(r.result, x.failed_runs);
  d["sla_misses"] = view(r.result, x.sla_misses);
  d["duration_minutes"] = view(r.result, x.duration_minutes);
  return d;
}

::py::dict result_runs(const PyResult& r) {
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
}

std::vector<std::string> workload_names(const PyResult& r) {
  std::vector<std::string> out;
  for (const auto& w : r.result->workloads) out.push_back(w.name);
  return out;
}

PyScenario load_py_scenario(const std::string& path, const std::string& variant) {
  return PyScenario{std::make_shared<const Scenario>(load_scenario(path, variant)), variant, "",
                    std::filesystem::absolute(path).string()};
}

PyScenario py_scenario_from_yaml(const std::string& text, const std::string& variant) {
  return PyScenario{std::make_shared<const Scenario>(parse_scenario(text, "<yaml>", variant)), variant, text, ""};
}

PyScenario py_scenario_variant(const PyScenario& s, const std::string& name) {
  return PyScenario{std::make_shared<const Scenario>(load_variant(s, name)), name, s.source_text, s.path};
}

PyResult run_scenario(const PyScenario& s, int trials, std::uint64_t seed, int threads,
                      const std::optional<double>& spot_rate, bool record_runs, std::uint64_t first_trial) {
  RunCommandOptions o;
  o.front = FrontEnd::Python;
  o.trials = trials;
  o.seed = seed;
  o.threads = threads;
  o.spot_rate = spot_rate;
  o.record_runs = record_runs;
  o.first_trial = first_trial;
  PyResult r;
  r.scenario = s.scenario;
  r.source = std::make_shared<const PyScenario>(s);
  r.context = RunContext{s.scenario.get(), s.variant, o.run_options()};
  {
    ::py::gil_scoped_release release;
    r.result = std::make_shared<const SimResult>(simulate(*s.scenario, r.context.options));
  }
  return r;
}

::py::object string_frame(const std::string& csv) {
  const ::py::object read_csv = ::py::module_::import("pandas").attr("read_csv");
  const ::py::object string_io = ::py::module_::import("io").attr("StringIO");
  return read_csv(string_io(csv), ::py::arg("dtype") = "str", ::py::arg("keep_default_na") = false);
}

::py::dict usage_export(const PyScenario& s, std::uint64_t seed, bool expected, const std::string& team_tag, bool focus,
                        bool cloud) {
  UsageExportCommandOptions o{seed, expected, team_tag, focus, cloud, FrontEnd::Python};
  UsageExportResult exported;
  {
    ::py::gil_scoped_release release;
    exported = export_usage(*s.scenario, o, true);
  }
  ::py::dict d;
  d["usage"] = string_frame(exported.usage);
  d["prices"] = string_frame(exported.prices);
  if (focus) d["focus"] = string_frame(exported.focus);
  if (cloud) d["cloud"] = string_frame(exported.cloud);
  return d;
}

::py::dict spot_sweep_frames(const PyScenario& s, const std::vector<double>& rates, int trials, std::uint64_t seed,
                             int threads, bool break_even) {
  SpotOptions o;
  o.front = FrontEnd::Python;
  o.rates = rates;
  o.trials = trials;
  o.seed = seed;
  o.threads = threads;
  o.break_even = break_even;
  SpotReport rep;
  {
    ::py::gil_scoped_release release;
    rep = spot_command(*s.scenario, o);
  }
  ::py::dict d;
  d["hazard"] = rep.hazard_source;
  d["workloads"] = table_to_frame(spot_workload_table(rep));
  d["teams"] = table_to_frame(spot_team_table(rep));
  d["break_even"] = table_to_frame(break_even_table(rep));
  return d;
}

::py::object compare_frame(const PyScenario& s, const std::vector<std::string>& variants, bool alternatives, int trials,
                           std::uint64_t seed, int threads) {
  CompareOptions o;
  o.front = FrontEnd::Python;
  o.variants = variants;
  o.alternatives = alternatives;
  o.trials = trials;
  o.seed = seed;
  o.threads = threads;
  const auto alts = compare_alternatives(
      *s.scenario, [&](const std::string& v) { return load_variant(s, v); }, o);
  std::vector<Comparison> rows;
  {
    ::py::gil_scoped_release release;
    rows = compare_all(alts, o);
  }
  return table_to_frame(comparison_table(rows));
}

using ResultClass = ::py::class_<PyResult>;
using ScenarioClass = ::py::class_<PyScenario>;

void def_result_tables(ResultClass& c) {
  c.def_property_readonly(
       "teams", [](const PyResult& r) { return table_to_frame(team_table(*r.result, prices_apart(*r.scenario))); },
       "Per-team table: team, runs, dbus, dbu_cost, vm_cost, total_cost, p05, p50, p95; with discounts, "
       "account prices or a commitment, dbu_list_cost (the DBUs at list price) follows dbu_cost (billed).")
      .def_property_readonly(
          "workloads",
          [](const PyResult& r) { return table_to_frame(workload_table(*r.result, prices_apart(*r.scenario))); },
          "Per-workload table: workload, team, kind, runs, dbus, dbu_cost, vm_cost, total_cost, idle_cost, "
          "mean_duration_minutes, p05, p50, p95; dbu_list_cost after dbu_cost as in teams.")
      .def_property_readonly(
          "commitments", [](const PyResult& r) { return table_to_frame(commitment_table(*r.result, *r.scenario)); },
          "The scenario's DBCU pre-purchase drawn down by month (docs/pricing.md): month, in_term, dbu_list_cost "
          "(the mean over trials, or the expected value), balance_before, drawn, balance_after, overage_list, "
          "overage_billed, expired; empty without a commitment.")
      .def_property_readonly(
          "pricing_notes", [](const PyResult& r) { return pricing_notes(*r.scenario); },
          "Which prices billed (account prices, discounts; spot VMs undiscounted) and the commitment's terms.")
      .def(
          "to_json", [](const PyResult& r) { return json_to_python(run_json(*r.result, r.context)); },
          "The same document as `dbcost run --format json`.");
}

void def_result_samples(ResultClass& c) {
  c.def_property_readonly("samples", &result_samples,
                          "Per-trial samples as read-only numpy arrays viewing the engine's memory: trials x workloads "
                          "(total_cost, dbu_cost, vm_cost, dbus, runs, idle_cost, duration_minutes, evictions, "
                          "failed_runs, sla_misses), trials x teams (team_cost), trials x days (daily_cost), trials x "
                          "(teams x days) (team_daily_cost, column team * days + day).")
      .def_property_readonly(
          "runs", &result_runs,
          "Per-run samples of the jobs (run with record_runs=True): trial, workload (index into "
          "workload_names), start_hours (from the period start), minutes, cost, evictions and failed (0/1), as "
          "read-only numpy arrays viewing the engine's memory.")
      .def_property_readonly("workload_names", &workload_names,
                             "The workloads' names, in the order of the workload tables and samples.")
      .def_property_readonly(
          "team_names", [](const PyResult& r) { return r.result->teams; },
          "The teams' names, in the order of the team columns of samples['team_cost'].");
}

void register_result(::py::module_& m) {
  ResultClass c(m, "Result", "Results of Scenario.run: tables and per-trial samples.");
  c.def(::py::pickle([](const PyResult& r) { return result_state(r, *r.source); },
                     [](const ::py::tuple& t) {
                       auto [r, sc] = result_from_state(t);
                       r.source = std::make_shared<const PyScenario>(std::move(sc));
                       return r;
                     }))
      .def_static("concat", &concat_results, ::py::arg("shards"),
                  "Results of consecutive trial ranges of one run (Scenario.run(first_trial=...)) stacked in order: "
                  "the same numbers as the whole run in one process.")
      .def_property_readonly(
          "first_trial", [](const PyResult& r) { return r.context.options.first_trial; },
          "The number of the first trial in the seed's sequence.");
  def_result_tables(c);
  def_result_samples(c);
}

void def_scenario_readers(ScenarioClass& c) {
  c.def(::py::pickle([](const PyScenario& s) { return scenario_state(s); },
                     [](const ::py::tuple& t) { return scenario_from_state(t); }))
      .def_static("load", &load_py_scenario, ::py::arg("path"), ::py::kw_only(), ::py::arg("variant") = "",
                  "Reads a scenario file, optionally with one of its variants applied.")
      .def_static("from_yaml", &py_scenario_from_yaml, ::py::arg("text"), ::py::kw_only(), ::py::arg("variant") = "",
                  "Reads a scenario from YAML text.")
      .def("variant", &py_scenario_variant, ::py::arg("name"), "This scenario with the named variant applied.");
}

void def_scenario_properties(ScenarioClass& c) {
  c.def_property_readonly(
       "name", [](const PyScenario& s) { return s.scenario->name; }, "The scenario's name (its `scenario:` key).")
      .def_property_readonly(
          "variants", [](const PyScenario& s) { return s.scenario->variant_names; },
          "The names of the scenario's variants, in file order.")
      .def_property_readonly(
          "policy_violations", [](const PyScenario& s) { return table_to_frame(policy_findings_table(*s.scenario)); },
          "Violations of the scenario's `policies:` by the clusters that name them (docs/scenario.md): cluster, "
          "policy, path, actual, message, location; empty when there is none.")
      .def_property_readonly(
          "policy_notes", [](const PyScenario& s) { return s.scenario->policy_notes; },
          "Unchecked policy_ids and what a variant's enforce_policy changed, one line each.");
}

void def_scenario_commands(ScenarioClass& c) {
  c.def("run", &run_scenario, ::py::kw_only(), ::py::arg("trials") = 0, ::py::arg("seed") = 1, ::py::arg("threads") = 1,
        ::py::arg("spot_rate") = ::py::none(), ::py::arg("record_runs") = false, ::py::arg("first_trial") = 0,
        "Simulates the scenario: trials = 0 gives expected values (at most 1,000,000; threads 1 to 256); the same "
        "seed gives the same results for any thread count. spot_rate (per spot node-hour, 0 to 1000) turns spot "
        "evictions on at that rate, a spot run that cannot keep up ending failed at its timeout or the default limit "
        "(docs/spot.md); record_runs keeps per-run samples (Result.runs); first_trial starts at that trial of the "
        "seed's sequence (shards of one run, see Result.concat and dbcost.dask). The GIL is released while it runs.")
      .def("usage_export", &usage_export, ::py::kw_only(), ::py::arg("seed") = 1, ::py::arg("expected") = false,
           ::py::arg("team_tag") = "team", ::py::arg("focus") = false, ::py::arg("cloud") = false,
           "One simulated month as a system.billing.usage export, as `dbcost usage` writes it: a dict with "
           "'usage' (the records) and 'prices' (the list_prices rows the simulation used), as DataFrames of "
           "strings (quantities exact). dbcost.chargeback(d['usage'], prices=d['prices']) gives each team the DBU "
           "cost of run(trials=1, seed=seed). focus=True adds 'focus', the month's VM and disk costs as the cloud's "
           "FOCUS 1.2 export (--focus-out); cloud=True adds 'cloud', the cloud's own export: AWS CUR 2.0 or Azure "
           "cost details (--cloud-out; not on GCP).")
      .def("spot_sweep", &spot_sweep_frames, ::py::kw_only(), ::py::arg("rates") = std::vector<double>{},
           ::py::arg("trials") = 200, ::py::arg("seed") = 1, ::py::arg("threads") = 1, ::py::arg("break_even") = true,
           "Spot savings and risks per workload and team at each eviction rate (per spot node-hour; empty = the "
           "scenario's own), paired against the same runs all on demand, as `dbcost spot` (trials 1 to 1,000,000). "
           "Returns a dict of DataFrames (workloads, teams, break_even) and the hazard used.")
      .def("compare", &compare_frame, ::py::kw_only(), ::py::arg("variants") = std::vector<std::string>{},
           ::py::arg("alternatives") = true, ::py::arg("trials") = 200, ::py::arg("seed") = 1, ::py::arg("threads") = 1,
           "The base beside its variants and automatic per-job alternatives, with paired-trial deltas "
           "(as `dbcost compare`).");
}

void register_scenario_class(::py::module_& m) {
  ScenarioClass c(m, "Scenario", "A dbcost scenario (see docs/scenario.md).");
  def_scenario_readers(c);
  def_scenario_properties(c);
  def_scenario_commands(c);
}

}  // namespace

void register_scenario(pybind11::module_& m) {
  register_result(m);
  register_scenario_class(m);
}

}  // namespace dbcost::py
