// The scenario's settings, period, pricing, spot, assumptions and teams; the default region and
// the check of its region-priced SKUs.
#include "workload/scenario_sections.h"

#include <algorithm>

#include "core/errors.h"
#include "spot/eviction_band.h"
#include "spot/spot_model.h"
#include "workload/scenario_pricing.h"
#include "workload/scenario_reader.h"

namespace dbcost::scenario_read {
namespace {

// A price file's path relative to the scenario's directory ("builtin" and absolute paths as given).
std::string relative_to(const std::string& scenario_file, const std::string& path) {
  if (path == "builtin" || path.empty() || path[0] == '/') return path;
  const auto slash = scenario_file.find_last_of('/');
  return slash == std::string::npos ? path : scenario_file.substr(0, slash + 1) + path;
}

void read_spot_band(const YamlView& v, SpotSettings& sp) {
  if (v.has("eviction_rate_per_hour")) sp.eviction_rate_per_hour = read_eviction_rate(v["eviction_rate_per_hour"]);
  if (!v.has("band_reading")) return;
  sp.band_reading = v["band_reading"].as_string();
  const auto& r = band_readings();
  if (std::find(r.begin(), r.end(), sp.band_reading) == r.end())
    v["band_reading"].fail("expected per_month, per_day or per_hour, got '" + sp.band_reading + "'" +
                           did_you_mean(sp.band_reading, r));
}

}  // namespace

void read_settings(const YamlView& root, Scenario& sc) {
  sc.name = root.get_string("scenario", "scenario");
  sc.description = root.get_string("description", "");
  try {
    sc.cloud = parse_cloud(root.get_string("cloud", "azure"));
  } catch (const std::invalid_argument& e) {
    root["cloud"].fail(e.what());
  }
  try {
    sc.tier = parse_tier(root.get_string("tier", "premium"));
  } catch (const std::invalid_argument& e) {
    root["tier"].fail(e.what());
  }
  sc.region = root.get_string("region", "");
  sc.currency = root.get_string("currency", "USD");
}

void read_period(const YamlView& root, Scenario& sc) {
  if (!root.has("period")) root.fail("missing period: {start: YYYY-MM-DD, end: YYYY-MM-DD, timezone: UTC}");
  const auto period = root["period"];
  period.check_keys({"start", "end", "timezone"});
  sc.timezone_id = period.get_string("timezone", "UTC");
  sc.zone = period.has("timezone") ? read_zone(period["timezone"]) : find_time_zone("UTC");
  for (const char* k : {"start", "end"}) {
    if (!period.has(k)) period.fail(std::string("missing ") + k);
    try {
      (std::string(k) == "start" ? sc.start : sc.end) = parse_time_point(period[k].as_string(), sc.zone, k);
    } catch (const InputError& e) {
      period[k].fail(e.reason());
    }
  }
  if (sc.end <= sc.start) period["end"].fail("the period must end after it starts");
  if (sc.end - sc.start > 366LL * 86400 * 5) period["end"].fail("a period longer than five years is not supported");
}

void read_pricing(const YamlView& root, Scenario& sc) {
  PricingFiles files;
  if (root.has("pricing")) {
    const auto p = root["pricing"];
    p.check_keys({"prices", "instances", "photon_multipliers", "warehouse_shapes", "discounts", "account_prices",
                  "commitments"});
    files.prices = relative_to(sc.file, p.get_string("prices", ""));
    files.instances = relative_to(sc.file, p.get_string("instances", ""));
    files.photon_multipliers = relative_to(sc.file, p.get_string("photon_multipliers", ""));
    files.warehouse_shapes = relative_to(sc.file, p.get_string("warehouse_shapes", ""));
    if (p.has("account_prices")) {
      files.account_prices = relative_to(sc.file, p["account_prices"].as_string());
      if (files.account_prices.empty() || files.account_prices == "builtin")
        p["account_prices"].fail("expected the path of a system.billing.account_prices export");
    }
    if (p.has("discounts")) read_discounts(p["discounts"], sc.discounts);
    if (p.has("commitments")) sc.commitments = read_commitments(p["commitments"], sc.cloud);
  }
  sc.pricing = std::make_shared<const LoadedPricing>(load_pricing(files));
  check_sku_discounts(sc.discounts, sc.pricing->prices);
}

void read_spot(const YamlView& root, Scenario& sc) {
  if (!root.has("spot")) return;
  const auto v = root["spot"];
  v.check_keys({"eviction_rate_per_hour", "band_reading", "capacity_event_rate_per_hour", "capacity_event_fraction",
                "graceful_decommission", "decommission_seconds_needed", "in_flight_minutes",
                "map_output_loss_probability", "replacement_minutes", "spot_unavailable_probability", "spot_price_cv"});
  auto& sp = sc.spot;
  sp.enabled = true;
  read_spot_band(v, sp);
  if (v.has("capacity_event_rate_per_hour"))
    sp.capacity_event_rate_per_hour = non_negative(v["capacity_event_rate_per_hour"], "a rate");
  if (v.has("capacity_event_fraction")) sp.capacity_event_fraction = probability(v["capacity_event_fraction"]);
  sp.graceful_decommission = v.get_bool("graceful_decommission", false);
  if (v.has("decommission_seconds_needed"))
    sp.decommission_seconds_needed = non_negative(v["decommission_seconds_needed"]);
  if (v.has("in_flight_minutes")) sp.in_flight_minutes = non_negative(v["in_flight_minutes"]);
  if (v.has("map_output_loss_probability"))
    sp.map_output_loss_probability = probability(v["map_output_loss_probability"]);
  if (v.has("replacement_minutes")) sp.replacement_minutes = read_spread(v["replacement_minutes"]);
  if (v.has("spot_unavailable_probability"))
    sp.spot_unavailable_probability = probability(v["spot_unavailable_probability"]);
  if (v.has("spot_price_cv")) sp.spot_price_cv = non_negative(v["spot_price_cv"], "a coefficient of variation");
}

void read_assumptions(const YamlView& root, Scenario& sc) {
  if (!root.has("assumptions")) return;
  const auto a = root["assumptions"];
  a.check_keys({"cluster_startup_minutes", "dbus_during_startup", "serverless_dbus_per_hour",
                "performance_optimized_multiplier", "serverless_from_cluster_factor", "notebook_dbus_per_hour",
                "notebook_idle_minutes"});
  if (a.has("cluster_startup_minutes"))
    sc.assumptions.cluster_startup_minutes = read_spread(a["cluster_startup_minutes"]);
  sc.assumptions.dbus_during_startup = a.get_bool("dbus_during_startup", false);
  read_serverless_assumptions(a, sc.assumptions);
}

void read_teams(const YamlView& root, Scenario& sc) {
  if (!root.has("teams")) return;
  for (const auto& [name, t] : root["teams"].entries()) {
    sc.teams.push_back(name);
    if (!t.defined()) continue;
    t.check_keys({"monthly_budget"});
    if (t.has("monthly_budget")) {
      const auto m = Money::parse(t["monthly_budget"].as_string());
      if (!m || m->micros() < 0) t["monthly_budget"].fail("expected an amount such as 25000 or 25000.00");
      sc.budgets[name] = *m;
    }
  }
}

void check_regional_prices(const Scenario& sc) {
  auto check = [&](ComputeKind kind, const SourceLocation& where) {
    try {
      sc.pricing->prices.get(sku_name(sc.tier, kind, false), to_string(sc.cloud), "DBU", sc.start, sc.region);
    } catch (const InputError& e) {
      throw InputError(where, e.reason());
    }
  };
  for (const auto& job : sc.jobs)
    for (const auto& t : job.tasks)
      if (t.compute == TaskCompute::Serverless) check(ComputeKind::JobServerless, t.where);
  for (const auto& w : sc.warehouses) check(w.kind, w.where);
  for (const auto& n : sc.notebooks) check(ComputeKind::AllPurposeServerless, n.where);
  for (const auto& p : sc.pipelines)
    if (p.serverless) check(ComputeKind::JobServerless, p.where);
}

}  // namespace dbcost::scenario_read

namespace dbcost {

void default_region(Scenario& sc) {
  if (!sc.region.empty()) return;
  bool regional = std::any_of(sc.warehouses.begin(), sc.warehouses.end(),
                              [](const WarehouseWorkload& w) { return w.kind != ComputeKind::SqlClassic; });
  for (const auto& job : sc.jobs)
    for (const auto& t : job.tasks) regional = regional || t.compute == TaskCompute::Serverless;
  regional = regional || !sc.notebooks.empty() ||
             std::any_of(sc.pipelines.begin(), sc.pipelines.end(), [](const auto& p) { return p.serverless; });
  if (!regional) return;
  sc.region = sc.cloud == Cloud::Aws ? "us-east-1" : sc.cloud == Cloud::Gcp ? "us-central1" : "eastus";
  sc.notes.push_back("no region given: serverless and SQL Pro prices, which differ by region, are " + sc.region +
                     "'s (set `region`)");
}

}  // namespace dbcost
