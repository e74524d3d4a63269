// variants: named overrides deep-merged over the base scenario (scenario_reader.h), a variant's
// enforce_policy applied to its clusters (scenario_policies.h).
#include "workload/scenario_sections.h"

#include <algorithm>
#include <optional>

#include "core/errors.h"
#include "workload/scenario_policies.h"
#include "workload/scenario_reader.h"

namespace dbcost::scenario_read {
namespace {

// The variant's keys as an override, without enforce_policy (which names a policy, not a value).
YAML::Node override_of_variant(const YamlView& body) {
  YAML::Node over(YAML::NodeType::Map);
  for (auto it = body.node().begin(); it != body.node().end(); ++it)
    if (it->first.Scalar() != "enforce_policy") over.force_insert(it->first, it->second);
  return over;
}

// The merged variant with the named policy enforced on every classic cluster, priced as the
// variant reads without it.
YAML::Node enforce_variant_policy(const YamlView& input, const YamlView& name_view,
                                  const std::shared_ptr<const std::string>& file, const YAML::Node& merged,
                                  Scenario& sc) {
  const std::string name = name_view.as_string();
  const auto policies = load_scenario_policies(input);
  if (!policies.count(name)) {
    std::vector<std::string> names;
    for (const auto& [n, p] : policies) names.push_back(n);
    name_view.fail("no policy '" + name + "' in policies:" + did_you_mean(name, names));
  }
  const YamlView unenforced(file, merged, "");
  const Scenario plain = read_scenario(unenforced, "");
  const PolicyPricing pricing{plain.pricing.get(), plain.cloud, plain.tier, plain.region, plain.start};
  return merge_override(merged, enforcement_override(unenforced, policies.at(name), name, pricing, sc.policy_notes));
}

}  // namespace

std::vector<std::string> read_variant_names(const YamlView& input) {
  std::vector<std::string> names;
  if (input.has("variants"))
    for (const auto& [name, body] : input["variants"].entries()) {
      body.check_keys({"description", "jobs", "all_purpose_clusters", "sql_warehouses", "instance_pools", "assumptions",
                       "spot", "pricing", "tier", "region", "enforce_policy", "serverless_notebooks", "pipelines"});
      names.push_back(name);
    }
  return names;
}

YamlView apply_variant(const YamlView& input, const std::string& variant, Scenario& sc) {
  if (std::find(sc.variant_names.begin(), sc.variant_names.end(), variant) == sc.variant_names.end())
    throw InputError({input.file(), 0, 0, "variants"},
                     "no variant '" + variant + "'" + did_you_mean(variant, sc.variant_names));
  // The variant's own description, if any, becomes the scenario's description.
  const YamlView body = input["variants"][variant];
  const auto file = std::make_shared<const std::string>(input.file());
  YAML::Node merged = merge_override(input.node(), override_of_variant(body));
  if (body.has("enforce_policy")) merged = enforce_variant_policy(input, body["enforce_policy"], file, merged, sc);
  return YamlView(file, merged, "");
}

void keep_base_reference_sizes(const Scenario& base, Scenario& sc) {
  for (auto& job : sc.jobs)
    for (const auto& bj : base.jobs)
      if (bj.name == job.name)
        for (auto& t : job.tasks)
          for (const auto& bt : bj.tasks)
            if (bt.task_key == t.task_key && t.runtime.minutes == bt.runtime.minutes) {
              t.runtime.reference_workers = bt.runtime.reference_workers;
              t.runtime.reference_photon = bt.runtime.reference_photon;
            }
}

}  // namespace dbcost::scenario_read

namespace dbcost {

// Builds new containers around the original child nodes (never clones), so every value keeps its
// file position and errors in a variant point into the file.
YAML::Node merge_override(const YAML::Node& base, const YAML::Node& over) {
  if (!base.IsDefined() || base.IsNull()) return over;
  if (over.IsMap() && base.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (auto it = base.begin(); it != base.end(); ++it) {
      const YAML::Node o = over[it->first.Scalar()];
      if (!o.IsDefined()) {
        out.force_insert(it->first, it->second);
      } else if (!o.IsNull()) {
        out.force_insert(it->first, merge_override(it->second, o));
      }
    }
    for (auto it = over.begin(); it != over.end(); ++it)
      if (!base[it->first.Scalar()].IsDefined() && !it->second.IsNull()) out.force_insert(it->first, it->second);
    return out;
  }
  if (over.IsSequence() && base.IsSequence()) {
    for (const char* key : {"task_key", "job_cluster_key"}) {
      bool keyed = base.size() > 0;
      for (const auto& n : base) keyed = keyed && n.IsMap() && n[key].IsDefined();
      for (const auto& n : over) keyed = keyed && n.IsMap() && n[key].IsDefined();
      if (!keyed) continue;
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& b : base) {
        std::optional<YAML::Node> match;
        for (const auto& o : over)
          if (o[key].Scalar() == b[key].Scalar()) match.emplace(o);
        if (match) {
          out.push_back(merge_override(b, *match));
        } else {
          out.push_back(b);
        }
      }
      for (const auto& o : over) {
        bool found = false;
        for (const auto& b : base) found = found || o[key].Scalar() == b[key].Scalar();
        if (!found) out.push_back(o);
      }
      return out;
    }
  }
  return over;
}

}  // namespace dbcost
