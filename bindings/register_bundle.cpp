// dbcost.Bundle: a databricks.yml read for one target (load), its jobs, and its monthly cost
// (estimate) or the change from another version (diff), as DataFrames.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "bundle/bundle_diff.h"
#include "bundle/bundle_jobs.h"
#include "bundle/estimate_report.h"
#include "commands/bundle_command.h"
#include "convert.h"
#include "register.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

struct PyBundle {
  std::shared_ptr<const Bundle> bundle;
};

::py::object frame(const ::py::dict& columns) {
  try {
    return ::py::module_::import("pandas").attr("DataFrame")(columns);
  } catch (const ::py::error_already_set&) {
    return ::py::object(columns);
  }
}

EstimateOptions estimate_options(const std::optional<std::string>& runtimes, const std::optional<std::string>& month,
                                 int trials, std::uint64_t seed, int threads, const std::string& team_tag,
                                 const std::string& default_node_type, const PricingKeywords& pricing) {
  BundleCommandOptions o;
  o.front = FrontEnd::Python;
  o.runtimes = runtimes.value_or("");
  o.month = month.value_or("");
  o.team_tag = team_tag;
  o.default_node_type = default_node_type;
  o.trials = trials;
  o.seed = seed;
  o.threads = threads;
  o.pricing = pricing.options();
  return o.estimate_options();
}

// The estimate's keywords after trials: seed, threads, the pricing keywords and team_tag.
#define DBCOST_ESTIMATE_ARGS                                                                                         \
  ::py::kw_only(), ::py::arg("runtimes") = ::py::none(), ::py::arg("month") = ::py::none(), ::py::arg("trials") = 0, \
                   ::py::arg("seed") = 1, ::py::arg("threads") = 1, ::py::arg("cloud") = ::py::none(),               \
                   ::py::arg("tier") = "premium", ::py::arg("region") = "", ::py::arg("team_tag") = "team",          \
                   ::py::arg("default_node_type") = "", ::py::arg("prices") = ::py::none(),                          \
                   ::py::arg("instances") = ::py::none(), ::py::arg("photon_multipliers") = ::py::none(),            \
                   ::py::arg("warehouse_shapes") = ::py::none(), ::py::arg("account_prices") = ::py::none(),         \
                   ::py::arg("dbu_discount") = 0, ::py::arg("vm_discount") = 0, ::py::arg("spot_vm_discount") = 0,   \
                   ::py::arg("sku_discounts") = ::py::dict()

}  // namespace

void register_bundle(pybind11::module_& m) {
  ::py::class_<PyBundle>(m, "Bundle", "A Declarative Automation Bundle (databricks.yml) read for one target.")
      .def_static(
          "load",
          [](const std::string& path, const std::optional<std::string>& target,
             const std::map<std::string, std::string>& vars,
             const std::optional<std::map<std::string, std::string>>& env) {
            BundleOptions o;
            o.target = target.value_or("");
            o.vars = vars;
            o.environment = env;
            return PyBundle{std::make_shared<const Bundle>(load_bundle(path, o))};
          },
          ::py::arg("path"), ::py::kw_only(), ::py::arg("target") = ::py::none(),
          ::py::arg("vars") = std::map<std::string, std::string>{}, ::py::arg("env") = ::py::none(),
          "Reads databricks.yml (or the one in a directory) for a target (default: the target marked default), "
          "with includes, the target's overrides, presets and variables resolved. vars are --var values; env "
          "replaces the process environment for BUNDLE_VAR_* lookups.")
      .def_property_readonly(
          "name", [](const PyBundle& b) { return b.bundle->name; }, "The bundle's name (bundle.name).")
      .def_property_readonly(
          "target", [](const PyBundle& b) { return b.bundle->target; }, "The target the bundle was read for.")
      .def_property_readonly(
          "mode", [](const PyBundle& b) { return b.bundle->mode; },
          "The target's mode: 'development', 'production' or '' when unset.")
      .def_property_readonly(
          "targets", [](const PyBundle& b) { return b.bundle->targets; }, "Every target the bundle defines.")
      .def_property_readonly(
          "files", [](const PyBundle& b) { return b.bundle->files; },
          "The files read: databricks.yml first, then each included file.")
      .def_property_readonly(
          "notes", [](const PyBundle& b) { return b.bundle->notes; },
          "What the reader assumed or left out (for example paused schedules in development mode).")
      .def_property_readonly(
          "variables",
          [](const PyBundle& b) {
            ::py::dict d;
            for (const auto& v : b.bundle->variables) d[::py::str(v.name)] = v.value;
            return d;
          },
          "Each variable's resolved value (complex values as flow YAML text).")
      .def_property_readonly(
          "jobs",
          [](const PyBundle& b) {
            const std::string team_tag = "team";
            ::py::list job, team, trigger, paused, clusters, tasks;
            for (const auto& j : bundle_jobs(*b.bundle, team_tag)) {
              job.append(j.name);
              team.append(j.team);
              trigger.append(j.trigger);
              paused.append(j.paused);
              clusters.append(j.clusters);
              ::py::list keys;
              for (const auto& t : j.tasks) keys.append(t);
              tasks.append(keys);
            }
            ::py::dict d;
            d["job"] = job;
            d["team"] = team;
            d["trigger"] = trigger;
            d["paused"] = paused;
            d["clusters"] = clusters;
            d["tasks"] = tasks;
            return frame(d);
          },
          "The target's jobs as a DataFrame: job, team (the `team` tag), trigger, paused, clusters, tasks.")
      .def(
          "estimate",
          [](const PyBundle& b, const std::optional<std::string>& runtimes, const std::optional<std::string>& month,
             int trials, std::uint64_t seed, int threads, const std::optional<std::string>& cloud,
             const std::string& tier, const std::string& region, const std::string& team_tag,
             const std::string& default_node_type, const std::optional<std::string>& prices,
             const std::optional<std::string>& instances, const std::optional<std::string>& photon_multipliers,
             const std::optional<std::string>& warehouse_shapes, const std::optional<std::string>& account_prices,
             const ::py::object& dbu_discount, const ::py::object& vm_discount, const ::py::object& spot_vm_discount,
             const ::py::dict& sku_discounts, bool as_json) {
            const auto options =
                estimate_options(runtimes, month, trials, seed, threads, team_tag, default_node_type,
                                 {cloud, tier, region, prices, instances, photon_multipliers, warehouse_shapes,
                                  account_prices, dbu_discount, vm_discount, spot_vm_discount, sku_discounts});
            BundleEstimate e;
            {
              ::py::gil_scoped_release release;
              e = estimate_bundle(*b.bundle, options);
            }
            return as_json ? json_to_python(estimate_json(e)) : table_to_frame(estimate_detail_table(e));
          },
          DBCOST_ESTIMATE_ARGS, ::py::arg("as_json") = false,
          "The month's cost per resource (as `dbcost estimate`): a DataFrame with resource, kind, team, trigger, "
          "priced, runs, dbus, dbu_cost, vm_cost, total_cost, std_error, p05, p50, p95, cost_per_run_hour, notes; "
          "resources without runtimes are unpriced and carry their cost per run-hour. as_json=True returns the "
          "JSON document instead. month is YYYY-MM (default next month); trials = 0 gives expected values. "
          "default_node_type prices clusters that name no node_type_id on that type (the workspace's default). The "
          "pricing keywords are dbcost.quote's: price files (prices, instances, photon_multipliers, "
          "warehouse_shapes, account_prices) and contract discounts (dbu_discount, vm_discount, spot_vm_discount, "
          "sku_discounts={SKU: percent}).")
      .def(
          "diff",
          [](const PyBundle& b, const PyBundle& new_version, const std::optional<std::string>& runtimes,
             const std::optional<std::string>& month, int trials, std::uint64_t seed, int threads,
             const std::optional<std::string>& cloud, const std::string& tier, const std::string& region,
             const std::string& team_tag, const std::string& default_node_type,
             const std::optional<std::string>& prices, const std::optional<std::string>& instances,
             const std::optional<std::string>& photon_multipliers, const std::optional<std::string>& warehouse_shapes,
             const std::optional<std::string>& account_prices, const ::py::object& dbu_discount,
             const ::py::object& vm_discount, const ::py::object& spot_vm_discount, const ::py::dict& sku_discounts) {
            const auto options =
                estimate_options(runtimes, month, trials, seed, threads, team_tag, default_node_type,
                                 {cloud, tier, region, prices, instances, photon_multipliers, warehouse_shapes,
                                  account_prices, dbu_discount, vm_discount, spot_vm_discount, sku_discounts});
            BundleDiff d;
            {
              ::py::gil_scoped_release release;
              d = diff_bundles(*b.bundle, *new_version.bundle, options);
            }
            return table_to_frame(diff_table(d));
          },
          ::py::arg("new"), DBCOST_ESTIMATE_ARGS,
          "This version against a new one (as `dbcost diff`): resource, kind, status (added, removed, changed, "
          "unchanged), basis (month or run-hour), old, new, delta, delta_percent, and a (total) row; the keywords are "
          "Bundle.estimate's.");
}

#undef DBCOST_ESTIMATE_ARGS

}  // namespace dbcost::py
