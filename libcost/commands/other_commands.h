// The remaining commands' options and set-up, shared by the CLI and the Python module:
// `schedule` (dbcost.schedule), `policy check|apply` (Policy.check, Policy.apply), `calibrate`
// (dbcost.calibrate) and the catalog listings `prices` and `nodes`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "calibrate/calibration.h"
#include "calibrate/calibration_check.h"
#include "commands/pricing_options.h"
#include "io/table.h"
#include "policy/policy_apply.h"
#include "policy/policy_report.h"
#include "pricing/commitments.h"
#include "schedule/quartz_cron.h"
#include "schedule/time.h"

namespace dbcost {

// schedule: the expression parsed and the window [from, to) checked (to after from).
struct ScheduleWindow {
  QuartzCron cron;
  const date::time_zone* zone = nullptr;
  UnixSeconds from = 0, to = 0;
};

const date::time_zone* schedule_zone(const std::string& timezone, FrontEnd front);
ScheduleWindow schedule_window(const std::string& expr, const date::time_zone* zone, UnixSeconds from, UnixSeconds to,
                               FrontEnd front);

// policy check and apply: the cluster type a spec is created as, and the pricing dbus_per_hour uses.
struct PolicyCommandOptions {
  FrontEnd front = FrontEnd::Cli;
  std::string cluster_type = "all-purpose";  // all-purpose, job or dlt
  PricingOptions pricing;
  std::string runtime_versions;  // "" = built in (scenarios/data/runtime_versions.csv)

  void validate() const;
};

// Every cluster of the specs, scenarios and bundles at `paths` checked against the policies.
// Bundles are read for `bundle_target` with the --var assignments (name=value).
std::vector<TargetCheck> check_policy_paths(const std::vector<Policy>& policies, const std::vector<std::string>& paths,
                                            const std::string& bundle_target,
                                            const std::vector<std::string>& var_assignments,
                                            const PolicyCommandOptions& options);
// What the policy makes of the spec: enforced (every rule held) or applied (defaults too, unless
// `apply_default_values` is false).
AppliedSpec apply_policy_command(const Policy& policy, const Json& spec, bool enforce, bool apply_default_values,
                                 const PolicyCommandOptions& options);
std::vector<Violation> check_policy_spec(const Policy& policy, const YamlView& spec,
                                         const PolicyCommandOptions& options);

// dbcost.dbcu_drawdown: a DBCU pre-purchase (amount > 0, start the first day of a month, a 1- or
// 3-year term) and its months ("YYYY-MM", DBU list cost, billed cost; amounts exact text, >= 0).
Commitment dbcu_commitment(const std::string& amount, const std::string& start, int term_years);
MonthListCost drawdown_month(const std::string& label, const std::string& list_cost, const std::string& billed_cost);

// calibrate: --period FROM..TO read into the options.
struct CalibrateCommandOptions {
  FrontEnd front = FrontEnd::Cli;
  CalibrateOptions calibrate;
  std::string period;     // FROM..TO; "" = every record
  CheckOptions check;     // the check's trials (0 skips it), seed and threads
  double max_error = -1;  // percent; < 0 = no limit

  void validate() const;
  CalibrateOptions calibrate_options() const;  // validated, the period read
};

// prices and nodes: the catalogs, optionally only one cloud and names containing `filter`.
struct CatalogOptions {
  PricingFiles files;
  std::string cloud;
  std::string filter;
};

Table price_listing(const CatalogOptions& options);
// The instance catalog without its source column.
Table node_listing(const CatalogOptions& options);

}  // namespace dbcost
