#include "bundle/bundle_policy_targets.h"

namespace dbcost {

std::vector<PolicyTarget> policy_targets_from_bundle(const Bundle& bundle) {
  const YamlView resources = bundle.resources_view();
  std::vector<PolicyTarget> out;
  if (!resources.is_map()) return out;
  if (resources.has("jobs")) {
    YAML::Node jobs_only(YAML::NodeType::Map);
    jobs_only["jobs"] = resources["jobs"].node();
    for (auto& t : policy_targets_from_view(
             YamlView(std::make_shared<const std::string>(resources.file()), jobs_only, "resources")))
      out.push_back(std::move(t));
  }
  if (resources.has("clusters"))
    for (const auto& [name, spec] : resources["clusters"].entries())
      out.push_back(policy_target_at(spec, name, "all-purpose", std::nullopt));
  if (resources.has("pipelines"))
    for (const auto& [name, body] : resources["pipelines"].entries())
      if (body.has("clusters")) {
        const auto clusters = body["clusters"].items();
        for (std::size_t i = 0; i < clusters.size(); ++i) {
          const YamlView& c = clusters[i];
          c.expect_map();
          // The cluster without what only pipelines have: its label and autoscale.mode (ENHANCED, LEGACY).
          YAML::Node spec(YAML::NodeType::Map);
          for (auto it = c.node().begin(); it != c.node().end(); ++it) {
            const std::string key = it->first.Scalar();
            if (key == "label") continue;
            if (key == "autoscale" && it->second.IsMap() && it->second["mode"]) {
              YAML::Node autoscale(YAML::NodeType::Map);
              for (auto a = it->second.begin(); a != it->second.end(); ++a)
                if (a->first.Scalar() != "mode") autoscale.force_insert(a->first, a->second);
              spec.force_insert(it->first, autoscale);
              continue;
            }
            spec.force_insert(it->first, it->second);
          }
          PolicyTarget t = policy_target_at(YamlView(std::make_shared<const std::string>(c.file()), spec, c.path()),
                                            name + "/" + key_or_index_of(c, "label", i), "dlt", std::nullopt);
          t.where = c.where();
          out.push_back(std::move(t));
        }
      }
  const std::shared_ptr<const BundleSources> sources = bundle.sources;
  for (auto& t : out) {
    t.where = sources->relocate(InputError(t.where, "")).where();
    t.relocate = [sources](const InputError& e) { return sources->relocate(e); };
  }
  return out;
}

}  // namespace dbcost
