#include "workload/scenario_reader.h"

#include "workload/scenario_policies.h"
#include "workload/scenario_sections.h"

namespace dbcost {
namespace {

const std::vector<std::string> kScenarioKeys = {"scenario",
                                                "description",
                                                "cloud",
                                                "tier",
                                                "region",
                                                "currency",
                                                "period",
                                                "pricing",
                                                "assumptions",
                                                "spot",
                                                "team_tag",
                                                "teams",
                                                "jobs",
                                                "all_purpose_clusters",
                                                "sql_warehouses",
                                                "instance_pools",
                                                "variants",
                                                "policies",
                                                "serverless_notebooks",
                                                "pipelines"};

}  // namespace

Scenario load_scenario(const std::string& path, const std::string& variant) {
  return read_scenario(YamlView::load(path), variant);
}

Scenario parse_scenario(const std::string& text, const std::string& file_name, const std::string& variant) {
  return read_scenario(YamlView::parse(text, file_name), variant);
}

Scenario read_scenario(const YamlView& input, const std::string& variant) {
  using namespace scenario_read;
  input.check_keys(kScenarioKeys);
  Scenario sc;
  sc.file = input.file();
  sc.variant_names = read_variant_names(input);
  // Never assign one YamlView over another: YAML::Node assignment writes through to the source tree.
  const YamlView root = variant.empty() ? input : apply_variant(input, variant, sc);
  read_settings(root, sc);
  read_period(root, sc);
  read_pricing(root, sc);
  read_spot(root, sc);
  read_assumptions(root, sc);
  const std::string team_tag = root.get_string("team_tag", "team");
  read_teams(root, sc);
  read_pools(root, sc, team_tag);
  read_jobs(root, sc, team_tag);
  read_all_purpose(root, sc, team_tag);
  link_existing_clusters(sc);
  read_warehouses(root, sc, team_tag);
  read_notebooks(root, sc, team_tag);
  read_pipelines(root, sc, team_tag);
  serverless_notes(sc);
  if (!variant.empty()) keep_base_reference_sizes(read_scenario(input, ""), sc);
  check_policies(root, sc);
  note_cloud_defaults(sc);
  default_region(sc);
  check_regional_prices(sc);
  return sc;
}

void check_policies(const YamlView& root, Scenario& sc) {
  sc.policy_findings =
      check_scenario_policies(root, load_scenario_policies(root),
                              PolicyPricing{sc.pricing.get(), sc.cloud, sc.tier, sc.region, sc.start}, sc.policy_notes);
}

}  // namespace dbcost
