// all_purpose_clusters: a cluster and the activity of its users.
#include "workload/scenario_sections.h"

namespace dbcost::scenario_read {

void read_all_purpose(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (root.has("all_purpose_clusters")) {
    for (const auto& [name, v] : root["all_purpose_clusters"].entries()) {
      v.check_keys({"tags", "new_cluster", "activity", "left_running_over_weekend"});
      AllPurposeWorkload w;
      w.name = name;
      w.where = v.where();
      auto tags = read_tags(v["tags"]);
      if (!v.has("new_cluster")) v.fail("missing new_cluster");
      w.cluster = read_cluster(v["new_cluster"], sc);
      for (const auto& [k, t] : w.cluster.custom_tags) tags.emplace(k, t);
      w.team = team_of(tags, team_tag);
      if (!v.has("activity")) v.fail("missing activity: {days: MON-FRI, hours: \"09:00-17:00\", users: ...}");
      w.activity = read_activity(v["activity"]);
      if (v.has("left_running_over_weekend")) {
        w.left_running_over_weekend = probability(v["left_running_over_weekend"]);
        if (w.cluster.autotermination_minutes.value_or(0) != 0)
          v["left_running_over_weekend"].fail("only a cluster with autotermination_minutes 0 can be left running");
      }
      sc.all_purpose.push_back(std::move(w));
    }
  }
}

}  // namespace dbcost::scenario_read
