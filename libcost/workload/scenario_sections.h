// The steps of read_scenario (scenario_reader.cpp), one file per topic of the scenario file:
// values shared by every section (scenario_values.cpp), settings, period, pricing, spot,
// assumptions and teams (scenario_settings.cpp), instance pools (scenario_pools.cpp), classic
// clusters (scenario_clusters.cpp), jobs (scenario_jobs.cpp), all-purpose clusters
// (scenario_all_purpose.cpp), SQL warehouses (scenario_warehouses.cpp), serverless notebooks and
// rates (scenario_serverless.cpp), pipelines (scenario_pipelines.cpp) and variants
// (scenario_variants.cpp). Internal to the workload area: callers include workload/scenario_reader.h.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "io/yaml_reader.h"
#include "workload/scenario.h"

namespace dbcost::scenario_read {

// --- values (scenario_values.cpp) -----------------------------------------------------------------

// Counts, minutes and rates above a billion are input errors, not workloads.
constexpr double kMaxScenarioNumber = 1e9;

// "MON-FRI", "SAT,SUN", "MON-SUN", "weekdays", "weekends", "daily": one flag a day, Monday first.
std::vector<bool> read_days(const YamlView& v);
// "HH:MM" (00:00 to 24:00) in minutes after midnight; `text` is v's value.
int read_clock(const YamlView& v, const std::string& text);
// "08:00-18:00": start and end minute of the day.
std::pair<int, int> read_window(const YamlView& v);
double non_negative(const YamlView& v, const std::string& what = "a number");
double probability(const YamlView& v);
// A mean (a number) or {mean, cv}.
Spread read_spread(const YamlView& v);
std::map<std::string, std::string> read_tags(const YamlView& v);
// The value of `team_tag` in `tags`, "(untagged)" without it.
std::string team_of(const std::map<std::string, std::string>& tags, const std::string& team_tag);
// {<rate_key>: N, hours: HH:MM-HH:MM, days: ..., query_seconds: ...} (query_seconds read by the caller).
Arrivals read_arrivals(const YamlView& v, const char* rate_key);
// Users, sessions and working hours of an all-purpose cluster or a serverless notebook.
ActivityPattern read_activity(const YamlView& v);
QuartzCron read_cron(const YamlView& v);
const date::time_zone* read_zone(const YamlView& v);
PerformanceTarget read_performance_target(const YamlView& v);

// --- settings (scenario_settings.cpp) ------------------------------------------------------------

// scenario, description, cloud (default azure), tier (default premium), region, currency (USD).
void read_settings(const YamlView& root, Scenario& sc);
// period: {start, end, timezone}: required, ending after it starts, five years at most.
void read_period(const YamlView& root, Scenario& sc);
// pricing: the price files (relative to the scenario's directory), discounts and commitments;
// loads the pricing every later step prices against.
void read_pricing(const YamlView& root, Scenario& sc);
void read_spot(const YamlView& root, Scenario& sc);
void read_assumptions(const YamlView& root, Scenario& sc);
// teams: {NAME: {monthly_budget: AMOUNT}}.
void read_teams(const YamlView& root, Scenario& sc);
// A region-priced SKU without a price in the scenario's region is an error at the workload that
// needs it, before any simulation.
void check_regional_prices(const Scenario& sc);

// --- classic clusters (scenario_clusters.cpp) ----------------------------------------------------

// A new_cluster, on the scenario's pools if it names them, its node types priced in the scenario's
// cloud and region.
ClusterSpec read_cluster(const YamlView& v, const Scenario& sc);
// DBU/h of a classic cluster: (driver + workers x worker) x the Photon multiplier of `kind`,
// autoscale at the midpoint of min and max workers, as the engine bills it.
double classic_dbus_per_hour(const ClusterSpec& spec, ComputeKind kind, const Scenario& sc);
// The cloud's defaults for what cluster specs leave out, one note per default with the places.
void note_cloud_defaults(Scenario& sc);

// --- workloads -----------------------------------------------------------------------------------

// Instance pools come first: clusters on a pool take its node type and availability.
void read_pools(const YamlView& root, Scenario& sc, const std::string& team_tag);
// Jobs, their tasks in depends_on order; a task's existing_cluster_id must name one of the
// scenario's all_purpose_clusters.
void read_jobs(const YamlView& root, Scenario& sc, const std::string& team_tag);
void read_all_purpose(const YamlView& root, Scenario& sc, const std::string& team_tag);
// Tasks on an existing all-purpose cluster take its spec and, unless given, its size and Photon as
// the reference their runtime was measured on.
void link_existing_clusters(Scenario& sc);
void read_warehouses(const YamlView& root, Scenario& sc, const std::string& team_tag);
void read_serverless_assumptions(const YamlView& a, Assumptions& out);
void read_notebooks(const YamlView& root, Scenario& sc, const std::string& team_tag);
void read_pipelines(const YamlView& root, Scenario& sc, const std::string& team_tag);
// Notes on the unconfirmed serverless rates the scenario relies on and does not set itself.
void serverless_notes(Scenario& sc);

// --- variants (scenario_variants.cpp) ------------------------------------------------------------

// The names under variants:, each body's keys checked.
std::vector<std::string> read_variant_names(const YamlView& input);
// The variant merged over the base (its enforce_policy applied, its notes in sc.policy_notes).
YamlView apply_variant(const YamlView& input, const std::string& variant, Scenario& sc);
// Runtimes were measured on the base scenario's clusters: a variant's task whose runtime is the
// base's keeps the base's reference size and Photon.
void keep_base_reference_sizes(const Scenario& base, Scenario& sc);

}  // namespace dbcost::scenario_read
