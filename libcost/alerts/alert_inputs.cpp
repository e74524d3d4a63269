#include "alerts/alert_inputs.h"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cstdio>
#include <map>

#include "chargeback/attribution.h"
#include "chargeback/period.h"
#include "core/errors.h"
#include "montecarlo/rng.h"
#include "pricing/pricing_sources.h"
#include "schedule/time.h"
#include "sim/engine.h"
#include "sim/run_report.h"

namespace dbcost {
namespace {

std::string amount(double v) { return format_fixed(v, 2); }

double mean_month(const DailyMatrix& m) { return m.rows() ? m.sum() / static_cast<double>(m.rows()) : 0; }

void check_source(const MonthSource& source) {
  if (source.basis != "dbu" && source.basis != "total")
    throw InputError({"", 0, 0, "basis"}, "expected dbu or total, got '" + source.basis + "'");
  if (source.trials < 4)
    throw InputError({"", 0, 0, "trials"}, "alerts need at least 4 months (half fit the rules, half test them), got " +
                                               std::to_string(source.trials));
}

std::string date_label(std::int64_t day) { return format_date_utc(day * 86400); }

// The default forgotten cluster of a usage export: a general-purpose driver and 2 workers, idle.
double default_cluster_per_hour(const PriceBook& prices, Cloud cloud, Tier tier, UnixSeconds at, std::string& what) {
  const char* node = cloud == Cloud::Azure ? "Standard_DS3_v2" : cloud == Cloud::Aws ? "m5.xlarge" : "";
  if (!*node) return -1;
  static const LoadedPricing builtin = load_pricing({});
  ClusterSpec spec;
  spec.node_type_id = node;
  spec.num_workers = 2;
  spec.cloud = cloud;
  for (const PriceBook* book : {&prices, &builtin.prices}) {
    PricingContext ctx{cloud, tier, "", book, &builtin.instances, &builtin.photon, {}};
    try {
      const auto q = quote_cluster(spec, ComputeKind::AllPurpose, ctx, at);
      const double per_hour = q.sizes.front().dbu_cost.to_double();
      what = std::string(node) + " driver + 2 workers (" + q.sku_name + " " + q.price_per_dbu.to_string() +
             (book == &prices ? "" : ", built-in price") + ")";
      return per_hour;
    } catch (const std::exception&) {
    }
  }
  return -1;
}

}  // namespace

std::vector<Overspend> team_overspends(double cluster_per_hour, const std::string& cluster, double job_per_day,
                                       const std::string& job, double mean_month_cost, int days,
                                       const TuningSettings& settings) {
  if (settings.cluster_per_hour >= 0) cluster_per_hour = settings.cluster_per_hour;
  const std::string cluster_what = settings.cluster_per_hour >= 0 ? "--cluster-per-hour" : cluster;
  const double new_per_day = settings.new_workload_percent / 100 * mean_month_cost / std::max(days, 1);
  char factor[32];
  std::snprintf(factor, sizeof factor, "%g", settings.runaway_factor);
  return {
      forgotten_cluster(cluster_per_hour, cluster_per_hour > 0 ? cluster_what + ", " + amount(cluster_per_hour) +
                                                                     "/hour, Friday 18:00 to Monday 08:00"
                                                               : "no all-purpose cluster"),
      runaway_job(
          job_per_day, settings.runaway_factor,
          job_per_day > 0 ? job + " at " + amount(job_per_day) + "/day runs " + factor + " x as long" : "no jobs"),
      new_workload(new_per_day, new_per_day > 0
                                    ? amount(new_per_day) + "/day, " + format_fixed(settings.new_workload_percent, 0) +
                                          "% of the mean month"
                                    : "no spend"),
  };
}

AlertInputs alert_inputs_from_scenario(const Scenario& scenario, const MonthSource& source, const BudgetMap& budgets,
                                       const TuningSettings& settings) {
  check_source(source);
  const int days = scenario.days();
  if (days < 28 || days > 31)
    throw ModelError(scenario.file + ": budget alerts watch a month, but the scenario's period has " +
                     std::to_string(days) + " days (expected 28 to 31)");
  Scenario sc = scenario;
  if (source.basis == "dbu") {  // list-price DBUs: no discounts, no account prices, no VMs (spot ones too)
    sc.discounts = Discounts{Decimal(), Decimal::from_int(100), {}, Decimal::from_int(100)};
    if (sc.pricing->account_prices) {
      auto list_only = std::make_shared<LoadedPricing>(*sc.pricing);
      list_only->account_prices.reset();
      sc.pricing = list_only;
    }
  }
  RunOptions run;
  run.trials = source.trials;
  run.seed = source.seed;
  run.threads = source.threads;
  const SimResult r = simulate(sc, run);

  AlertInputs in;
  in.basis = source.basis;
  in.currency = sc.currency;
  in.source = "scenario " + sc.name + " (" + sc.file + "), " + std::to_string(source.trials) + " trials, seed " +
              std::to_string(source.seed);
  const CivilTime start = unix_to_civil(sc.start, sc.zone);
  char label[32];
  std::snprintf(label, sizeof label, start.day == 1 ? "%04d-%02d" : "%04d-%02d-%02d", start.year, start.month,
                start.day);
  in.calendar.label = label;
  in.calendar.first_day = detail::days_from_civil(start.year, start.month, start.day);
  in.calendar.days = static_cast<int>(r.daily_cost.cols());
  check_budgets(budgets, r.teams, sc.currency);

  const auto ctx = sc.pricing_context();
  const int fit = source.trials / 2;
  const Eigen::Index n_days = in.calendar.days;
  for (std::size_t t = 0; t < r.teams.size(); ++t) {
    TeamInput ti;
    ti.team = r.teams[t];
    if (auto b = budgets.find(ti.team); b != budgets.end()) {
      ti.budget = b->second.amount.to_double();
    } else if (auto s = sc.budgets.find(ti.team); s != sc.budgets.end()) {
      ti.budget = s->second.to_double();
    }
    ti.fit.resize(fit, n_days);
    ti.test.resize(source.trials - fit, n_days);
    for (int trial = 0; trial < source.trials; ++trial)
      for (Eigen::Index d = 0; d < n_days; ++d) {
        const double c = r.team_daily_cost(trial, static_cast<Eigen::Index>(t) * n_days + d);
        if (trial < fit) {
          ti.fit(trial, d) = c;
        } else {
          ti.test(trial - fit, d) = c;
        }
      }
    double cluster_per_hour = -1;
    std::string cluster;
    for (const auto& a : sc.all_purpose) {
      if (a.team != ti.team) continue;
      const auto q = quote_cluster(a.cluster, ComputeKind::AllPurpose, ctx, sc.start);
      const auto& idle = q.sizes.front();
      const double h = (source.basis == "dbu" ? idle.dbu_cost : idle.total_cost_discounted).to_double();
      if (h > cluster_per_hour) {
        cluster_per_hour = h;
        cluster = a.name + " idle";
      }
    }
    double job_per_day = -1;
    std::string job;
    for (std::size_t w = 0; w < r.workloads.size(); ++w) {
      if (r.workloads[w].team != ti.team || r.workloads[w].kind != "job") continue;
      const double per_day = r.total_cost.col(static_cast<Eigen::Index>(w)).mean() / static_cast<double>(n_days);
      if (per_day > job_per_day) {
        job_per_day = per_day;
        job = r.workloads[w].name;
      }
    }
    ti.overspends =
        team_overspends(cluster_per_hour, cluster, job_per_day, job, mean_month(ti.fit), in.calendar.days, settings);
    in.teams.push_back(std::move(ti));
  }
  return in;
}

AlertInputs alert_inputs_from_usage(const UsageLedger& ledger, const PriceBook& prices, const MonthSource& source,
                                    const BudgetMap& budgets, const TuningSettings& settings,
                                    const std::string& team_tag) {
  check_source(source);
  if (ledger.period != PeriodKind::Day) throw std::invalid_argument("alerts need a ledger read by day");
  struct TeamDays {
    std::map<std::int64_t, std::int64_t> cost, jobs;  // micro-units per day
  };
  std::map<std::string, TeamDays> teams;
  std::map<std::string, std::int64_t> cloud_cost, tier_cost;
  std::int64_t untracked = 0;
  std::int64_t first = 0, last = 0;
  bool any = false;
  AlertInputs in;
  in.basis = "dbu";
  in.team_tag = team_tag;
  std::string currency;
  for (const auto& g : ledger.groups) {
    if (!g.price) continue;
    if (!any) first = last = g.period;
    any = true;
    first = std::min(first, g.period);
    last = std::max(last, g.period);
    if (currency.empty()) currency = g.price->currency_code;
    if (g.price->currency_code != currency)
      throw ModelError(ledger.source + ": usage priced in " + currency + " and " + g.price->currency_code +
                       "; alerts need one currency");
    const std::int64_t micros = Money::product(g.quantity, g.price->price).micros();
    if (is_reserved_team(g.team)) {
      untracked += micros;
      continue;
    }
    auto& td = teams[g.team];
    td.cost[g.period] += micros;
    if (g.sku_name.find("JOBS") != std::string::npos) td.jobs[g.period] += micros;
    cloud_cost[g.cloud] += micros;
    tier_cost[g.sku_name.substr(0, g.sku_name.find('_'))] += micros;
  }
  if (!any) throw InputError({ledger.source, 0, 0, ""}, "no priced usage to tune alerts on");
  in.currency = currency;

  std::vector<MonthCalendar> months{MonthCalendar::holding(first)};
  while (months.back().first_day + months.back().days <= last) months.push_back(months.back().next());
  const MonthCalendar& tail = months.back();
  if (last < tail.first_day + tail.days - 1) {
    in.notes.push_back(tail.label + " is left out of the history: usage stops on " + date_label(last) +
                       ", before the month ends");
    months.pop_back();
  }
  if (months.empty())
    throw ModelError(ledger.source + ": usage runs from " + date_label(first) + " to " + date_label(last) +
                     ", which holds no complete month; alerts need at least one");
  in.calendar = months.back().next();
  std::string month_list;
  for (const auto& m : months) month_list += (month_list.empty() ? "" : ", ") + m.label;
  in.source = "usage " + ledger.source + ", history " + month_list + ", " + std::to_string(source.trials) +
              " bootstrap months of " + in.calendar.label + ", seed " + std::to_string(source.seed);
  if (untracked != 0)
    in.notes.push_back(amount(Money::from_micros(untracked).to_double()) + " " + currency +
                       " of untagged or shared spend is not watched (no '" + team_tag + "' tag)");

  std::vector<std::string> names;
  for (const auto& [team, _] : teams) names.push_back(team);
  check_budgets(budgets, names, currency);

  auto pick = [](const std::map<std::string, std::int64_t>& m) {
    std::string best;
    std::int64_t most = 0;
    for (const auto& [k, v] : m)
      if (best.empty() || v > most) best = k, most = v;
    return best;
  };
  Cloud cloud = Cloud::Azure;
  Tier tier = Tier::Premium;
  try {
    cloud = parse_cloud(pick(cloud_cost));
    tier = parse_tier(pick(tier_cost));
  } catch (const std::exception&) {
  }
  std::string cluster;
  const double cluster_per_hour = default_cluster_per_hour(prices, cloud, tier, in.calendar.first_day * 86400, cluster);

  const int fit = source.trials / 2;
  const auto calendar_weekend = in.calendar.weekend_mask();
  std::int64_t history_days = 0;
  for (const auto& m : months) history_days += m.days;
  for (const auto& [team, td] : teams) {
    TeamInput ti;
    ti.team = team;
    if (auto b = budgets.find(team); b != budgets.end()) ti.budget = b->second.amount.to_double();
    std::vector<HistoryMonth> history;
    std::vector<double> pools[2];
    std::int64_t jobs_micros = 0;
    for (const auto& m : months) {
      HistoryMonth h{m, std::vector<double>(static_cast<std::size_t>(m.days), 0.0)};
      for (int d = 0; d < m.days; ++d) {
        const std::int64_t day = m.first_day + d;
        if (auto it = td.cost.find(day); it != td.cost.end())
          h.daily[static_cast<std::size_t>(d)] = Money::from_micros(it->second).to_double();
        if (auto it = td.jobs.find(day); it != td.jobs.end()) jobs_micros += it->second;
        pools[m.weekend(d) ? 1 : 0].push_back(h.daily[static_cast<std::size_t>(d)]);
      }
      history.push_back(std::move(h));
    }
    const Eigen::Index n_days = in.calendar.days;
    ti.fit.resize(fit, n_days);
    ti.test.resize(source.trials - fit, n_days);
    for (int trial = 0; trial < source.trials; ++trial) {
      Rng rng = make_rng(source.seed, static_cast<std::uint64_t>(trial), stream_id(team.c_str()));
      for (Eigen::Index d = 0; d < n_days; ++d) {
        const auto& pool = pools[calendar_weekend[static_cast<std::size_t>(d)] ? 1 : 0].empty()
                               ? pools[calendar_weekend[static_cast<std::size_t>(d)] ? 0 : 1]
                               : pools[calendar_weekend[static_cast<std::size_t>(d)] ? 1 : 0];
        boost::random::uniform_int_distribution<std::size_t> draw(0, pool.size() - 1);
        const double c = pool[draw(rng)];
        if (trial < fit) {
          ti.fit(trial, d) = c;
        } else {
          ti.test(trial - fit, d) = c;
        }
      }
    }
    const double job_per_day = Money::from_micros(jobs_micros).to_double() / static_cast<double>(history_days);
    ti.overspends = team_overspends(cluster_per_hour, cluster, job_per_day, "jobs compute", mean_month(ti.fit),
                                    in.calendar.days, settings);
    in.teams.push_back(std::move(ti));
    in.history.push_back(std::move(history));
  }
  return in;
}

}  // namespace dbcost
