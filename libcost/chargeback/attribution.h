// Who pays for a usage record, in this order:
//  1. shared, when the record carries a --shared-tag KEY=VALUE, or one of its ids (job_id, cluster_id,
//     warehouse_id, run_as, workspace_id) is a --shared-id;
//  2. the value of the team tag (--team-tag, default "team") in custom_tags; keys match exactly;
//  3. the owners file: the team mapped to the record's job_id, else cluster_id, else warehouse_id,
//     else identity_metadata.run_as, else workspace_id (the most specific id first);
//  4. otherwise "(unallocated)".
// The owners file is a CSV with columns kind,id,team, kind being one of the five id names
// (usage_metadata.job_id, .cluster_id, .warehouse_id, identity_metadata.run_as, workspace_id).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/errors.h"

namespace dbcost {

inline constexpr std::string_view kSharedTeam = "(shared)";
inline constexpr std::string_view kUnallocatedTeam = "(unallocated)";
inline constexpr std::string_view kUnpricedTeam = "(unpriced)";
// Rows of the whole bill's cloud cost that no team's usage carries (chargeback/whole_bill.h).
inline constexpr std::string_view kIdlePoolsRow = "(idle pools)";
inline constexpr std::string_view kUnattributedRow = "(databricks, unattributed)";
inline constexpr std::string_view kNotDatabricksRow = "(not databricks)";
bool is_reserved_team(std::string_view team);

enum class IdKind : unsigned { JobId, ClusterId, WarehouseId, RunAs, WorkspaceId };
inline constexpr unsigned kIdKinds = 5;
const char* id_kind_name(IdKind kind);

// A record's ids, "" where absent.
using RecordIds = std::array<std::string_view, kIdKinds>;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

class Owners {
 public:
  static Owners load(const std::string& path);
  static Owners from_csv(const std::string& text, const std::string& file_name);

  // Throws InputError at `where` when the id is already mapped to another team.
  void add(IdKind kind, std::string id, std::string team, const SourceLocation& where = {});
  // The team of the first kind, in precedence order, whose id is mapped; nullptr when none.
  const std::string* find(const RecordIds& ids) const;
  bool uses(IdKind kind) const { return !maps_[static_cast<unsigned>(kind)].empty(); }
  bool empty() const;
  std::vector<std::string> teams() const;

 private:
  std::array<StringMap<std::string>, kIdKinds> maps_;
};

struct SharedTag {
  std::string key;
  std::string value;
};

// "KEY=VALUE" (split at the first '='); throws InputError naming --shared-tag.
SharedTag parse_shared_tag(const std::string& text);

struct AttributionRules {
  std::string team_tag = "team";
  Owners owners;
  std::vector<SharedTag> shared_tags;
  std::vector<std::string> shared_ids;
};

}  // namespace dbcost
