// Serverless DBU-rate assumptions (scenarios/data/serverless_rates.csv, embedded). Databricks
// publishes a price per DBU for serverless jobs, notebooks and pipelines but no DBUs per hour, so
// every rate here is data with its source and confidence, overridable in a scenario's
// `assumptions` (docs/scenario.md, docs/pricing.md):
//   jobs_standard_dbus_per_hour        DBU/h of a serverless job task or pipeline in STANDARD mode
//   performance_optimized_multiplier   DBUs of PERFORMANCE_OPTIMIZED over STANDARD (same SKU, price)
//   from_cluster_factor                serverless DBU/h over the DBU/h of the classic cluster it replaces
//   notebook_dbus_per_hour             DBU/h of an active serverless notebook (performance-optimized only)
//   notebook_idle_minutes              minutes a notebook session bills after its last activity
#pragma once

#include <string>
#include <vector>

namespace dbcost {

struct ServerlessRate {
  std::string name;
  double value = 0;
  std::string text;  // the value as written, for exact arithmetic
  std::string unit, source, confidence;
};

class ServerlessRates {
 public:
  static const ServerlessRates& builtin();
  static ServerlessRates from_csv(const std::string& text, const std::string& file_name);
  // Throws ModelError when the name is not in the table.
  const ServerlessRate& get(const std::string& name) const;
  double value(const std::string& name) const { return get(name).value; }
  const std::vector<ServerlessRate>& rows() const { return rows_; }

 private:
  std::vector<ServerlessRate> rows_;
};

}  // namespace dbcost
