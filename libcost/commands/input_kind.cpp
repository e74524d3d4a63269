#include "commands/input_kind.h"

#include <filesystem>

#include "bundle/bundle_policy_targets.h"
#include "policy/virtual_attributes.h"

namespace dbcost {

bool is_bundle(const std::string& path) {
  if (std::filesystem::is_directory(path)) return true;
  const std::string file = std::filesystem::path(path).filename().string();
  if (file == "databricks.yml" || file == "databricks.yaml") return true;
  const YamlView root = YamlView::load(path);
  return root.is_map() && root.has("bundle") && !is_scenario(root);
}

std::vector<PolicyTarget> load_policy_targets(const std::string& path, const std::string& cluster_type,
                                              const BundleOptions& bundle_options) {
  check_cluster_type(cluster_type);
  if (is_bundle(path)) return policy_targets_from_bundle(load_bundle(path, bundle_options));
  const YamlView root = YamlView::load(path);
  if (is_scenario(root)) return policy_targets_from_view(root);
  root.expect_map();
  const YamlView spec = root.has("new_cluster") && root.node().size() == 1 ? root["new_cluster"] : root;
  return {policy_target_at(spec, path, cluster_type, std::nullopt)};
}

}  // namespace dbcost
