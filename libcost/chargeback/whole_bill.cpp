#include "chargeback/whole_bill.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "chargeback/cloud_targets.h"
#include "io/byte_source.h"
#include "money/allocate.h"

namespace dbcost {

Money WholeBillRow::cloud_total() const {
  Money sum;
  for (const Money& m : cloud) sum += m;
  return sum;
}

BillView parse_bill_view(const std::string& text) {
  if (text == "team") return BillView::Team;
  if (text == "team,job") return BillView::TeamJob;
  if (text == "team,sku") return BillView::TeamSku;
  if (text == "workspace") return BillView::Workspace;
  if (text == "cluster") return BillView::Cluster;
  throw InputError({"", 0, 0, "--by"}, "expected team, team,job, team,sku, workspace or cluster, got '" + text + "'");
}

const char* bill_view_name(BillView view) {
  switch (view) {
    case BillView::Team:
      return "team";
    case BillView::TeamJob:
      return "team,job";
    case BillView::TeamSku:
      return "team,sku";
    case BillView::Workspace:
      return "workspace";
    case BillView::Cluster:
      return "cluster";
  }
  return "?";
}

std::vector<std::string> bill_view_columns(BillView view, bool cluster_names) {
  switch (view) {
    case BillView::Team:
      return {"team"};
    case BillView::TeamJob:
      return {"team", "job_id"};
    case BillView::TeamSku:
      return {"team", "sku_name"};
    case BillView::Workspace:
      return {"workspace_id"};
    case BillView::Cluster:
      if (cluster_names) return {"cluster_id", "cluster_name"};
      return {"cluster_id"};
  }
  return {};
}

GroupDetail group_detail_of(BillView view) {
  if (view == BillView::TeamJob) return GroupDetail::JobId;
  if (view == BillView::Cluster) return GroupDetail::ClusterId;
  return GroupDetail::None;
}

CloudAmount parse_cloud_amount(const std::string& text) {
  if (text == "auto") return CloudAmount::Auto;
  if (text == "billed") return CloudAmount::Billed;
  if (text == "amortized") return CloudAmount::Amortized;
  throw InputError({"", 0, 0, "--cloud-cost"}, "expected auto, billed or amortized, got '" + text + "'");
}

const char* cloud_amount_name(CloudAmount amount) {
  switch (amount) {
    case CloudAmount::Auto:
      return "auto";
    case CloudAmount::Billed:
      return "billed";
    case CloudAmount::Amortized:
      return "amortized";
  }
  return "?";
}

namespace {

using cloud_targets::Bucket;
using cloud_targets::Cell;
using cloud_targets::Target;

constexpr __int128 kRawPerCent = Decimal::kScale / 100;

// An exact amount rounded to the cent, half away from zero.
std::int64_t cents_of(__int128 raw) {
  const __int128 half = kRawPerCent / 2;
  const __int128 q = raw >= 0 ? (raw + half) / kRawPerCent : -((-raw + half) / kRawPerCent);
  return static_cast<std::int64_t>(q);
}

// The view's columns for money that lands on `team` from `target`.
std::vector<std::string> row_key(BillView view, const std::string& team, const Target& target,
                                 const UsageLedger& ledger) {
  const UsageGroup* g = target.group ? &ledger.groups[*target.group] : nullptr;
  const bool reserved_row = !g && (team == kIdlePoolsRow || team == kUnattributedRow || team == kNotDatabricksRow);
  switch (view) {
    case BillView::Team:
      return {team};
    case BillView::TeamJob:
      return {team, g ? g->detail : target.job_id};
    case BillView::TeamSku:
      return {team, g ? g->sku_name : ""};
    case BillView::Workspace:
      if (g) return {g->workspace_id};
      return {reserved_row ? team : "(unknown)"};
    case BillView::Cluster:
      if (g) return {g->detail.empty() ? "(no cluster)" : g->detail};
      if (team == kIdlePoolsRow) return {target.resource_id + " (idle)"};
      return {reserved_row ? team : target.resource_id};
  }
  return {team};
}

using RowMap = std::map<std::tuple<std::int64_t, std::string, std::vector<std::string>>, WholeBillRow>;

WholeBillRow& row_of(RowMap& rows, std::int64_t period_key, const std::string& period, const std::string& currency,
                     std::vector<std::string> key) {
  auto [it, inserted] = rows.try_emplace({period_key, currency, key});
  if (inserted) {
    it->second.period_key = period_key;
    it->second.period = period;
    it->second.currency = currency;
    it->second.key = std::move(key);
  }
  return it->second;
}

bool is_pool_team(const std::string& team) { return team == kSharedTeam || team == kUnallocatedTeam; }

// Who carries the period's shared cloud cost, with what weights: as the DBU spend is spread.
struct Carriers {
  std::vector<std::string> teams;
  std::vector<Decimal> weights;
};

Carriers carriers_of(const Chargeback& cb, const AllocationOptions& options, std::int64_t period_key,
                     const std::string& label, const std::string& currency) {
  Carriers out;
  if (options.mode == SharedMode::None) return out;
  if (options.mode == SharedMode::Weights) {
    const auto* w = options.weights.for_period(label);
    if (!w) throw InputError({options.weights.source, 0, 0, ""}, "no weights for period " + label);
    for (const auto& [team, weight] : *w) {
      out.teams.push_back(team);
      out.weights.push_back(weight);
    }
    return out;
  }
  for (const auto& l : cb.lines) {
    if (l.period_key != period_key || l.currency != currency || is_reserved_team(l.team)) continue;
    out.teams.push_back(l.team);
    out.weights.push_back(options.mode == SharedMode::Even ? Decimal::from_int(1)
                                                           : std::max(l.direct.to_decimal(), Decimal{}));
  }
  return out;
}

class Joiner {
 public:
  Joiner(WholeBill& bill, const WholeBillOptions& options)
      : bill_(bill), options_(options), targets_(bill.dbu.ledger, options.rules, options.clusters) {}

  void read(const CloudInput& input) {
    CloudExport ex;
    const std::string& file = input.name;
    ex.file = file;
    bool amortized = options_.amount == CloudAmount::Amortized;
    const CloudCostSink sink = [&](const CloudCostLine& line) {
      amortized |= add(line, file);
      ++ex.lines;
    };
    if (input.text) {
      TextSource source(*input.text);
      ex.format = read_cloud_cost_lines(source, file, options_.read, sink);
    } else {
      ex.format = read_cloud_cost_lines(file, options_.read, sink);
    }
    ex.amount = amortized ? CloudAmount::Amortized : CloudAmount::Billed;
    bill_.exports.push_back(ex);
  }

  void finish() {
    add_dbu_rows();
    for (auto& [key, bucket] : buckets_) settle(key, bucket);
    add_totals();
    for (auto& [k, row] : rows_) bill_.rows.push_back(std::move(row));
    if (bill_.cluster_names) name_clusters();
    for (auto& [k, c] : charges_) bill_.cloud_charges.push_back(std::move(c));
  }

 private:
  // The line's cost: billed, amortized, or (auto) billed where the line has it, else amortized (an
  // Azure amortized export has only amortized cost for committed usage). True when amortized.
  bool add(const CloudCostLine& line, const std::string& file) {
    const CloudAmount want = options_.amount;
    const bool amortized =
        want == CloudAmount::Amortized || (want == CloudAmount::Auto && !line.billed_cost && line.effective_cost);
    const std::optional<Decimal>& cost = amortized ? line.effective_cost : line.billed_cost;
    if (!cost)
      throw InputError({file, line.line, 0, amortized ? "amortized cost" : "billed cost"},
                       amortized ? "this line has no amortized cost (an actual-cost export leaves committed usage "
                                   "unamortized): use --cloud-cost billed"
                                 : "this line has no billed cost (an amortized export spreads committed usage): use "
                                   "--cloud-cost amortized");
    const std::int64_t period = period_key_of_day(bill_.dbu.ledger.period, day_of(line.charge_period_start));
    Bucket& bucket = bucket_of(period, line);
    bucket.all += cost->raw();
    const Decimal list = line.list_cost ? *line.list_cost : *cost;
    targets_.place(line, *cost, list, period, bucket, bill_.counts);
    return amortized;
  }

  // The cluster view's rows and charges with the clusters export's name of their cluster ("" when
  // it has none, or the row is a warehouse or a row of its own).
  void name_clusters() {
    auto name_of = [&](const std::string& id) -> std::string {
      const auto it = options_.clusters->find(id);
      return it == options_.clusters->end() ? std::string() : it->second.cluster_name;
    };
    for (auto& r : bill_.rows) r.key.push_back(name_of(r.key[0]));
    for (auto& c : bill_.cloud_charges) c.key.push_back(name_of(c.key[0]));
  }

  // Lines come in runs of one period, currency, provider and account: the last bucket is kept.
  Bucket& bucket_of(std::int64_t period, const CloudCostLine& line) {
    if (last_bucket_ && std::get<0>(*last_key_) == period && std::get<1>(*last_key_) == line.currency &&
        std::get<2>(*last_key_) == line.provider && std::get<3>(*last_key_) == line.billing_account_id)
      return *last_bucket_;
    auto [it, inserted] = buckets_.try_emplace({period, line.currency, line.provider, line.billing_account_id});
    last_key_ = &it->first;
    last_bucket_ = &it->second;
    return it->second;
  }

  void add_dbu_rows() {
    const UsageLedger& ledger = bill_.dbu.ledger;
    for (const Charge& c : bill_.dbu.charges) {
      const UsageGroup& g = ledger.groups[c.group];
      Target t;
      t.group = c.group;
      WholeBillRow& row = row_of(rows_, g.period, period_label(ledger.period, g.period), g.price->currency_code,
                                 row_key(options_.view, c.team, t, ledger));
      row.dbu += c.cost;
      if (c.allocated_from.empty() && g.usage_unit == "DBU") row.dbus += g.quantity;
    }
    for (const auto& l : bill_.dbu.lines)
      if (l.team == kUnpricedTeam)
        row_of(rows_, l.period_key, l.period, l.currency, row_key(options_.view, l.team, Target{}, ledger)).dbus +=
            l.dbus;
  }

  // A row's cloud money of one class, team and kind: the cells the cents are apportioned over.
  using RowCellKey = std::tuple<std::vector<std::string>, std::size_t, std::string, cloud_targets::TargetKind>;
  struct RowCell {
    __int128 raw = 0, list = 0;
    std::int64_t cents = 0, list_cents = 0;
  };
  using BucketKey =
      std::tuple<std::int64_t, std::string, std::string, std::string>;  // period, currency, provider, account

  // The bucket's allocated cents over the row cells (row x class x team), pooled cells (shared and
  // unallocated, in the team views) spread over the carriers.
  void settle(const BucketKey& bucket_key, const Bucket& bucket) {
    const auto& [period_key, currency, provider, account] = bucket_key;
    const UsageLedger& ledger = bill_.dbu.ledger;
    const std::string label = period_label(ledger.period, period_key);
    const bool by_team =
        options_.view == BillView::Team || options_.view == BillView::TeamJob || options_.view == BillView::TeamSku;
    const Carriers carriers =
        by_team ? carriers_of(bill_.dbu, options_.allocation, period_key, label, currency) : Carriers{};
    std::map<RowCellKey, RowCell> row_cells;
    __int128 allocated = 0, listed = 0;
    for (const Cell& c : bucket.cells()) {
      RowCell& rc = row_cells[{row_key(options_.view, c.target->team, *c.target, ledger), c.cost_class, c.target->team,
                               c.target->kind}];
      rc.raw += c.raw;
      rc.list += c.list;
      allocated += c.raw;
      listed += c.list;
    }
    std::vector<__int128> raws, lists;
    for (const auto& [k, rc] : row_cells) {
      raws.push_back(rc.raw);
      lists.push_back(rc.list);
    }
    const auto cents = apportion(cents_of(allocated), raws, kRawPerCent);
    const auto list_cents = apportion(cents_of(listed), lists, kRawPerCent);
    std::array<std::vector<const std::pair<const RowCellKey, RowCell>*>, kCostClasses> pool;
    Totals& totals = totals_[{period_key, currency}];
    std::size_t i = 0;
    for (auto& entry : row_cells) {
      const auto& [key, cost_class, team, kind] = entry.first;
      entry.second.cents = cents[i];
      entry.second.list_cents = list_cents[i++];
      totals.kind[static_cast<std::size_t>(kind)] += entry.second.cents;
      if (!carriers.teams.empty() && is_pool_team(team)) {
        pool[cost_class].push_back(&entry);
        continue;
      }
      row_of(rows_, period_key, label, currency, key).cloud[cost_class] += Money::from_cents(entry.second.cents);
      charge({period_key, currency, provider, account, key, team, "", cost_class, Money::from_cents(entry.second.cents),
              Money::from_cents(entry.second.list_cents)});
    }
    for (std::size_t k = 0; k < kCostClasses; ++k) spread(pool[k], carriers, bucket_key, label, k);
    totals.all += cents_of(bucket.all);
    totals.allocated += cents_of(allocated);
  }

  // One class of the pooled cells' cents over the carriers, each carrier's share charged to the
  // pooled cells by their cents (evenly when they sum to zero): the cell's row with the carrier as
  // team; its list cost scaled by the cell's list/cost.
  void spread(const std::vector<const std::pair<const RowCellKey, RowCell>*>& pool, const Carriers& carriers,
              const BucketKey& bucket_key, const std::string& label, std::size_t cost_class) {
    if (pool.empty()) return;
    const auto& [period_key, currency, provider, account] = bucket_key;
    __int128 total = 0;
    for (const auto* cell : pool) total += cell->second.cents;
    const auto shares =
        allocate_largest_remainder(Money::from_cents(static_cast<std::int64_t>(total)), carriers.weights);
    for (std::size_t r = 0; r < carriers.teams.size(); ++r) {
      const std::int64_t share = shares[r].cents();
      if (share == 0) continue;
      std::vector<__int128> num(pool.size(), share);
      if (total != 0)
        for (std::size_t k = 0; k < pool.size(); ++k) num[k] = static_cast<__int128>(share) * pool[k]->second.cents;
      const auto parts = apportion(share, num, total != 0 ? total : static_cast<__int128>(pool.size()));
      for (std::size_t k = 0; k < pool.size(); ++k) {
        if (parts[k] == 0) continue;
        const auto& [cell_key, cls, team, kind] = pool[k]->first;
        const RowCell& rc = pool[k]->second;
        std::vector<std::string> key = cell_key;
        key[0] = carriers.teams[r];
        row_of(rows_, period_key, label, currency, key).cloud[cost_class] += Money::from_cents(parts[k]);
        const Money list = Money::from_cents(rc.cents == 0 ? parts[k] : scaled(parts[k], rc.list_cents, rc.cents));
        charge({period_key, currency, provider, account, std::move(key), carriers.teams[r], team, cost_class,
                Money::from_cents(parts[k]), list});
      }
    }
  }

  // a x b / c rounded half away from zero (c != 0).
  static std::int64_t scaled(std::int64_t a, std::int64_t b, std::int64_t c) {
    const __int128 num = static_cast<__int128>(a) * b;
    __int128 q = num / c;
    const __int128 r = num % c;
    if ((r < 0 ? -r : r) * 2 >= (c < 0 ? -c : c)) q += ((num < 0) != (c < 0)) ? -1 : 1;
    return static_cast<std::int64_t>(q);
  }

  // Charges of the same row, team, origin and class (from cells of different kinds) are one.
  void charge(CloudCharge c) {
    auto [it, inserted] = charges_.try_emplace(
        {c.period_key, c.currency, c.provider, c.billing_account_id, c.key, c.team, c.allocated_from, c.cost_class});
    if (inserted) {
      it->second = std::move(c);
      return;
    }
    it->second.cost += c.cost;
    it->second.list_cost += c.list_cost;
  }

  void add_totals() {
    std::map<std::pair<std::int64_t, std::string>, WholeBillTotal> out;
    const PeriodKind kind = bill_.dbu.ledger.period;
    auto total_of = [&](std::int64_t key, const std::string& currency) -> WholeBillTotal& {
      auto [it, inserted] = out.try_emplace({key, currency});
      if (inserted) {
        it->second.period_key = key;
        it->second.period = period_label(kind, key);
        it->second.currency = currency;
      }
      return it->second;
    };
    for (const auto& t : bill_.dbu.totals) total_of(t.period_key, t.currency).databricks = t.billed;
    for (const auto& [key, t] : totals_) {
      WholeBillTotal& w = total_of(key.first, key.second);
      w.cloud = Money::from_cents(t.all);
      w.dbu_on_cloud = Money::from_cents(t.all - t.allocated);
      w.attributed = Money::from_cents(t.kind[static_cast<std::size_t>(cloud_targets::TargetKind::Usage)] +
                                       t.kind[static_cast<std::size_t>(cloud_targets::TargetKind::Tags)]);
      w.idle_pools = Money::from_cents(t.kind[static_cast<std::size_t>(cloud_targets::TargetKind::IdlePool)]);
      w.unattributed = Money::from_cents(t.kind[static_cast<std::size_t>(cloud_targets::TargetKind::Unattributed)]);
      w.not_databricks = Money::from_cents(t.kind[static_cast<std::size_t>(cloud_targets::TargetKind::NotDatabricks)]);
    }
    for (auto& [k, t] : out) bill_.totals.push_back(t);
  }

  struct Totals {
    std::int64_t all = 0, allocated = 0;
    std::array<std::int64_t, cloud_targets::kTargetKinds> kind{};
  };

  WholeBill& bill_;
  const WholeBillOptions& options_;
  RowMap rows_;
  cloud_targets::Targets targets_;
  std::map<BucketKey, Bucket> buckets_;
  const BucketKey* last_key_ = nullptr;
  Bucket* last_bucket_ = nullptr;
  std::map<std::tuple<std::int64_t, std::string, std::string, std::string, std::vector<std::string>, std::string,
                      std::string, std::size_t>,
           CloudCharge>
      charges_;
  std::map<std::pair<std::int64_t, std::string>, Totals> totals_;
};

}  // namespace

WholeBill join_whole_bill(Chargeback dbu, const std::vector<std::string>& cloud_files,
                          const WholeBillOptions& options) {
  std::vector<CloudInput> inputs;
  for (const auto& f : cloud_files) inputs.push_back({f, std::nullopt});
  return join_whole_bill(std::move(dbu), inputs, options);
}

WholeBill join_whole_bill(Chargeback dbu, const std::vector<CloudInput>& cloud, const WholeBillOptions& options) {
  WholeBill bill;
  bill.view = options.view;
  bill.cluster_names = options.view == BillView::Cluster && options.clusters;
  bill.dbu = std::move(dbu);
  Joiner joiner(bill, options);
  for (const auto& input : cloud) joiner.read(input);
  joiner.finish();
  return bill;
}

}  // namespace dbcost
