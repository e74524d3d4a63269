#include "commands/other_commands.h"

#include <cstdio>

#include "commands/bundle_command.h"
#include "commands/input_kind.h"
#include "policy/policy_check.h"
#include "policy/runtime_versions.h"
#include "pricing/catalog_tables.h"
#include "schedule/triggers.h"

namespace dbcost {

namespace {

RuntimeVersions policy_runtimes(const PolicyCommandOptions& options) {
  return options.runtime_versions.empty() ? builtin_runtime_versions()
                                          : load_runtime_versions(options.runtime_versions);
}

}  // namespace

const date::time_zone* schedule_zone(const std::string& timezone, FrontEnd front) {
  return find_time_zone(timezone, option_field(front, {"--timezone", "timezone"}));
}

ScheduleWindow schedule_window(const std::string& expr, const date::time_zone* zone, UnixSeconds from, UnixSeconds to,
                               FrontEnd front) {
  const OptionName from_name{"--from", "start"};
  if (to <= from)
    throw option_error(front, {"--to", "end"},
                       format_utc(to) + " is not after " + option_field(front, from_name) + " " + format_utc(from));
  try {
    return {QuartzCron::parse(expr), zone, from, to};
  } catch (const CronParseError& e) {
    throw cron_input_error(e, expr, option_field(front, {"EXPR", "expr"}));
  }
}

void PolicyCommandOptions::validate() const {
  check_option_choice(cluster_type, {"all-purpose", "job", "dlt"}, front, {"--cluster-type", "cluster_type"});
  pricing.validate();
}

std::vector<TargetCheck> check_policy_paths(const std::vector<Policy>& policies, const std::vector<std::string>& paths,
                                            const std::string& bundle_target,
                                            const std::vector<std::string>& var_assignments,
                                            const PolicyCommandOptions& options) {
  options.validate();
  const auto loaded = load_pricing(options.pricing);
  PolicyPricing pricing = policy_pricing(options.pricing, loaded);
  const RuntimeVersions runtimes = policy_runtimes(options);
  pricing.runtimes = &runtimes;
  const BundleOptions bundle_options = dbcost::bundle_options(bundle_target, var_assignments);
  std::vector<TargetCheck> checks;
  for (const auto& path : paths)
    for (const auto& t : load_policy_targets(path, options.cluster_type, bundle_options))
      checks.push_back(check_target(policies, t, pricing));
  return checks;
}

AppliedSpec apply_policy_command(const Policy& policy, const Json& spec, bool enforce, bool apply_default_values,
                                 const PolicyCommandOptions& options) {
  options.validate();
  const auto loaded = load_pricing(options.pricing);
  PolicyPricing pricing = policy_pricing(options.pricing, loaded);
  const RuntimeVersions runtimes = policy_runtimes(options);
  pricing.runtimes = &runtimes;
  return enforce ? enforce_policy(policy, spec, options.cluster_type, pricing)
                 : apply_policy(policy, spec, apply_default_values, options.cluster_type, pricing);
}

std::vector<Violation> check_policy_spec(const Policy& policy, const YamlView& spec,
                                         const PolicyCommandOptions& options) {
  options.validate();
  const auto loaded = load_pricing(options.pricing);
  PolicyPricing pricing = policy_pricing(options.pricing, loaded);
  const RuntimeVersions runtimes = policy_runtimes(options);
  pricing.runtimes = &runtimes;
  return check_policy(policy, spec, options.cluster_type, pricing);
}

Commitment dbcu_commitment(const std::string& amount, const std::string& start, int term_years) {
  Commitment c;
  const auto a = Money::parse(amount);
  if (!a || a->micros() <= 0)
    throw InputError({"", 0, 0, "amount"}, "expected a positive amount, got '" + amount + "'");
  c.amount = *a;
  read_commitment_start(start, {"", 0, 0, "start"}, c);
  if (term_years != 1 && term_years != 3) throw InputError({"", 0, 0, "term_years"}, "expected 1 or 3");
  c.term_years = term_years;
  return c;
}

namespace {

Money month_amount(const std::string& text) {
  const auto v = Money::parse(text);
  if (!v || v->micros() < 0)
    throw InputError({"", 0, 0, "months"}, "expected a non-negative amount, got '" + text + "'");
  return *v;
}

}  // namespace

MonthListCost drawdown_month(const std::string& label, const std::string& list_cost, const std::string& billed_cost) {
  int y = 0, mo = 0;
  char tail = 0;
  if (label.size() != 7 || std::sscanf(label.c_str(), "%4d-%2d%c", &y, &mo, &tail) != 2 || mo < 1 || mo > 12)
    throw InputError({"", 0, 0, "months"}, "expected a month YYYY-MM, got '" + label + "'");
  MonthListCost m;
  m.year = y;
  m.month = mo;
  m.list_cost = month_amount(list_cost);
  m.billed_cost = month_amount(billed_cost);
  return m;
}

void CalibrateCommandOptions::validate() const {
  check_option_range(check.trials, 0, 100'000, front, {"--trials", "trials"});
  check_option_range(check.threads, 1, 256, front, {"--threads", "threads"});
}

CalibrateOptions CalibrateCommandOptions::calibrate_options() const {
  validate();
  CalibrateOptions o = calibrate;
  if (period.empty()) return o;
  try {
    parse_calibration_period(period, o);
  } catch (const InputError& e) {
    if (e.where().field != "--period") throw;
    throw option_error(front, {"--period", "period"}, e.reason());
  }
  return o;
}

Table price_listing(const CatalogOptions& options) {
  return price_book_table(load_pricing(options.files).prices, options.cloud, options.filter);
}

Table node_listing(const CatalogOptions& options) {
  const auto t = instance_table(load_pricing(options.files).instances, options.cloud, options.filter);
  Table shown(std::vector<Column>(t.columns().begin(), t.columns().end() - 1));
  for (const auto& row : t.rows()) shown.add_row(std::vector<std::string>(row.begin(), row.end() - 1));
  return shown;
}

}  // namespace dbcost
