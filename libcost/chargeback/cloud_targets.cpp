#include "chargeback/cloud_targets.h"

#include <algorithm>

#include "core/ascii_case.h"
#include "money/allocate.h"

namespace dbcost::cloud_targets {

bool is_dbu_charge(const CloudCostLine& line) {
  return ascii_lower(line.service_name).find("databricks") != std::string::npos;
}

// Bucket

void Bucket::add_group(const UsageLedger& ledger, std::size_t group, std::size_t cost_class, __int128 raw,
                       __int128 list) {
  auto [it, inserted] = groups_.try_emplace(group);
  if (inserted) {
    it->second.target.group = group;
    it->second.target.team = ledger.groups[group].team;
  }
  it->second.raw[cost_class] += raw;
  it->second.list[cost_class] += list;
}

void Bucket::add(Target target, std::size_t cost_class, __int128 raw, __int128 list) {
  auto [it, inserted] = others_.try_emplace({target.kind, target.team, target.job_id, target.resource_id});
  if (inserted) it->second.target = std::move(target);
  it->second.raw[cost_class] += raw;
  it->second.list[cost_class] += list;
}

void Bucket::Entry::add(const Entry& other) {
  for (std::size_t c = 0; c < kCostClasses; ++c) {
    raw[c] += other.raw[c];
    list[c] += other.list[c];
  }
}

void Bucket::merge(const Bucket& other) {
  all += other.all;
  for (const auto& [group, e] : other.groups_)
    if (auto [it, inserted] = groups_.try_emplace(group, e); !inserted) it->second.add(e);
  for (const auto& [key, e] : other.others_)
    if (auto [it, inserted] = others_.try_emplace(key, e); !inserted) it->second.add(e);
}

std::vector<Cell> Bucket::cells() const {
  std::vector<std::size_t> groups;
  groups.reserve(groups_.size());
  for (const auto& [g, e] : groups_) groups.push_back(g);
  std::sort(groups.begin(), groups.end());
  std::vector<Cell> out;
  auto add_entry = [&](const Entry& e) {
    for (std::size_t c = 0; c < kCostClasses; ++c)
      if (e.raw[c] != 0 || e.list[c] != 0) out.push_back({&e.target, c, e.raw[c], e.list[c]});
  };
  for (const std::size_t g : groups) add_entry(groups_.at(g));
  for (const auto& [k, e] : others_) add_entry(e);
  return out;
}

// Targets

Targets::Targets(const UsageLedger& ledger, const AttributionRules& rules, const ClustersExport* clusters)
    : ledger_(ledger), rules_(rules), clusters_(clusters) {
  if (clusters)
    for (const auto& [id, c] : *clusters) {
      if (!c.worker_pool_id.empty()) pool_clusters_[c.worker_pool_id].push_back(id);
      if (!c.driver_pool_id.empty() && c.driver_pool_id != c.worker_pool_id)
        pool_clusters_[c.driver_pool_id].push_back(id);
    }
  const auto& usage = ledger.resource_usage;
  for (std::size_t i = 0; i < usage.size();) {
    std::size_t j = i + 1;
    while (j < usage.size() && usage[j].kind == usage[i].kind && usage[j].id == usage[i].id) ++j;
    std::string key(1, static_cast<char>('0' + static_cast<int>(usage[i].kind)));
    key += usage[i].id;
    index_.emplace(std::move(key), Range{i, j});
    i = j;
  }
}

const Targets::Range* Targets::find(ResourceKind kind, const std::string& id) {
  key_.assign(1, static_cast<char>('0' + static_cast<int>(kind)));
  key_ += id;
  const auto it = index_.find(key_);
  return it == index_.end() ? nullptr : &it->second;
}

std::vector<const Targets::Range*> Targets::ranges_of(ResourceKind kind, const std::string& id) {
  std::vector<const Range*> out;
  if (const Range* r = find(kind, id)) {
    out.push_back(r);
    return out;
  }
  if (kind != ResourceKind::Pool) return out;
  if (const auto it = pool_clusters_.find(id); it != pool_clusters_.end())
    for (const auto& cluster : it->second)
      if (const Range* r = find(ResourceKind::Cluster, cluster)) out.push_back(r);
  return out;
}

void Targets::weigh(const std::vector<const Range*>& ranges, UnixSeconds from, UnixSeconds to) {
  w_.clear();
  for (const Range* range : ranges) add_weights(*range, from, to);
  std::erase_if(w_, [](const auto& p) { return p.second <= Decimal{}; });
  std::sort(w_.begin(), w_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

void Targets::add_weights(const Range& r, UnixSeconds from, UnixSeconds to) {
  const auto& usage = ledger_.resource_usage;
  const auto first = std::lower_bound(usage.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                      usage.begin() + static_cast<std::ptrdiff_t>(r.end), from,
                                      [](const ResourceUsage& u, UnixSeconds t) { return u.hour < t; });
  for (auto it = first; it != usage.begin() + static_cast<std::ptrdiff_t>(r.end) && it->hour < to; ++it) {
    auto w = std::find_if(w_.begin(), w_.end(), [&](const auto& p) { return p.first == it->group; });
    if (w == w_.end())
      w_.emplace_back(it->group, it->quantity);
    else
      w->second += it->quantity;
  }
}

void Targets::split(Decimal cost, Decimal list, std::size_t cost_class, Bucket& bucket) {
  if (w_.size() == 1) return bucket.add_group(ledger_, w_[0].first, cost_class, cost.raw(), list.raw());
  std::vector<Decimal> weights;
  for (const auto& p : w_) weights.push_back(p.second);
  const auto parts = allocate_largest_remainder(cost, weights);
  const auto list_parts = list == cost ? parts : allocate_largest_remainder(list, weights);
  for (std::size_t i = 0; i < w_.size(); ++i)
    bucket.add_group(ledger_, w_[i].first, cost_class, parts[i].raw(), list_parts[i].raw());
}

std::string Targets::team_of_tags(const CloudCostLine& line, const DatabricksTags& d) const {
  for (const auto& t : rules_.shared_tags)
    if (const std::string* v = find_tag(line.tags, t.key); v && *v == t.value) return std::string(kSharedTeam);
  for (const auto* id : {&d.job_id, &d.cluster_id, &d.warehouse_id})
    if (*id && std::find(rules_.shared_ids.begin(), rules_.shared_ids.end(), **id) != rules_.shared_ids.end())
      return std::string(kSharedTeam);
  if (const std::string* team = find_tag(line.tags, rules_.team_tag); team && !is_reserved_team(*team)) return *team;
  if (!rules_.owners.empty()) {
    RecordIds ids{};
    if (d.job_id) ids[static_cast<unsigned>(IdKind::JobId)] = *d.job_id;
    if (d.cluster_id) ids[static_cast<unsigned>(IdKind::ClusterId)] = *d.cluster_id;
    if (d.warehouse_id) ids[static_cast<unsigned>(IdKind::WarehouseId)] = *d.warehouse_id;
    if (clusters_ && d.cluster_id)
      if (const auto it = clusters_->find(*d.cluster_id); it != clusters_->end())
        ids[static_cast<unsigned>(IdKind::RunAs)] = it->second.owned_by;
    if (const std::string* team = rules_.owners.find(ids)) return *team;
  }
  return std::string(kUnallocatedTeam);
}

void Targets::place(const CloudCostLine& line, Decimal cost, Decimal list, std::int64_t period_key, Bucket& bucket,
                    CloudLineCounts& counts) {
  if (is_dbu_charge(line)) {
    ++counts.dbu_charges;
    return;
  }
  const auto cost_class = static_cast<std::size_t>(line.cost_class);
  const DatabricksTags d = databricks_tags(line.tags);
  if (d.relation == DatabricksRelation::NotDatabricks) {
    ++counts.not_databricks;
    return bucket.add({TargetKind::NotDatabricks, {}, std::string(kNotDatabricksRow), {}, {}}, cost_class, cost.raw(),
                      list.raw());
  }
  if (d.relation == DatabricksRelation::Unattributable) {
    ++counts.unattributed;
    return bucket.add({TargetKind::Unattributed, {}, std::string(kUnattributedRow), {}, {}}, cost_class, cost.raw(),
                      list.raw());
  }
  const ResourceKind kind = d.pool_id        ? ResourceKind::Pool
                            : d.warehouse_id ? ResourceKind::Warehouse
                                             : ResourceKind::Cluster;
  const std::string& id = d.pool_id ? *d.pool_id : d.warehouse_id ? *d.warehouse_id : *d.cluster_id;
  const UnixSeconds from = floor_div(line.charge_period_start, 3600) * 3600;
  const UnixSeconds to = std::max(line.charge_period_end, from + 1);
  const std::vector<const Range*> ranges = ranges_of(kind, id);
  weigh(ranges, from, to);
  if (!w_.empty()) {
    ++counts.by_hour_usage;
    return split(cost, list, cost_class, bucket);
  }
  if (kind == ResourceKind::Pool) {
    ++counts.idle_pool;
    return bucket.add({TargetKind::IdlePool, {}, std::string(kIdlePoolsRow), {}, id}, cost_class, cost.raw(),
                      list.raw());
  }
  if (!ranges.empty()) {
    const PeriodKind pk = ledger_.period;
    weigh(ranges, period_start(pk, period_key), period_end(pk, period_key));
    if (!w_.empty()) {
      ++counts.by_period_usage;
      return split(cost, list, cost_class, bucket);
    }
  }
  ++counts.by_tags;
  bucket.add({TargetKind::Tags, {}, team_of_tags(line, d), d.job_id.value_or(""), id}, cost_class, cost.raw(),
             list.raw());
}

}  // namespace dbcost::cloud_targets
