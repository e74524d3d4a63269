#include "chargeback/attribution.h"

#include <algorithm>
#include <set>

#include "io/atomic_file.h"
#include "io/csv_reader.h"

namespace dbcost {

bool is_reserved_team(std::string_view team) {
  return team == kSharedTeam || team == kUnallocatedTeam || team == kUnpricedTeam || team == kIdlePoolsRow ||
         team == kUnattributedRow || team == kNotDatabricksRow;
}

const char* id_kind_name(IdKind kind) {
  switch (kind) {
    case IdKind::JobId:
      return "job_id";
    case IdKind::ClusterId:
      return "cluster_id";
    case IdKind::WarehouseId:
      return "warehouse_id";
    case IdKind::RunAs:
      return "run_as";
    case IdKind::WorkspaceId:
      return "workspace_id";
  }
  return "?";
}

Owners Owners::load(const std::string& path) { return from_csv(read_file(path), path); }

Owners Owners::from_csv(const std::string& text, const std::string& file_name) {
  enum : unsigned { kKind, kId, kTeam };
  CsvColumns<3> csv(file_name, text, {"kind", "id", "team"}, {true, true, true});
  std::vector<std::string> kinds;
  for (unsigned k = 0; k < kIdKinds; ++k) kinds.emplace_back(id_kind_name(static_cast<IdKind>(k)));
  Owners owners;
  while (csv.next()) {
    const std::string kind(csv.get(kKind));
    const auto it = std::find(kinds.begin(), kinds.end(), kind);
    if (it == kinds.end())
      csv.fail(kKind, "expected job_id, cluster_id, warehouse_id, run_as or workspace_id, got '" + kind + "'" +
                          did_you_mean(kind, kinds));
    const std::string id(csv.get(kId));
    const std::string team(csv.get(kTeam));
    if (id.empty()) csv.fail(kId, "empty id");
    if (team.empty()) csv.fail(kTeam, "empty team");
    if (is_reserved_team(team)) csv.fail(kTeam, "'" + team + "' is a reserved name");
    owners.add(static_cast<IdKind>(it - kinds.begin()), id, team, csv.where(kId));
  }
  return owners;
}

void Owners::add(IdKind kind, std::string id, std::string team, const SourceLocation& where) {
  auto& map = maps_[static_cast<unsigned>(kind)];
  const auto [it, inserted] = map.try_emplace(std::move(id), team);
  if (!inserted && it->second != team)
    throw InputError(
        where, std::string(id_kind_name(kind)) + " '" + it->first + "' is already mapped to team '" + it->second + "'");
}

const std::string* Owners::find(const RecordIds& ids) const {
  for (unsigned k = 0; k < kIdKinds; ++k) {
    if (ids[k].empty() || maps_[k].empty()) continue;
    const auto it = maps_[k].find(ids[k]);
    if (it != maps_[k].end()) return &it->second;
  }
  return nullptr;
}

bool Owners::empty() const {
  return std::all_of(maps_.begin(), maps_.end(), [](const auto& m) { return m.empty(); });
}

std::vector<std::string> Owners::teams() const {
  std::set<std::string> out;
  for (const auto& m : maps_)
    for (const auto& [id, team] : m) out.insert(team);
  return {out.begin(), out.end()};
}

SharedTag parse_shared_tag(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({"", 0, 0, "--shared-tag"}, "expected KEY=VALUE, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace dbcost
