// Databricks SKU names: <TIER>_<PRODUCT>[_(PHOTON)], as in system.billing.usage.sku_name
// (for example PREMIUM_JOBS_COMPUTE, PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)). Serverless SKUs may
// carry a region suffix in real exports (PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2).
#pragma once

#include <string>
#include <vector>

namespace dbcost {

enum class Cloud { Azure, Aws, Gcp };
enum class Tier { Standard, Premium, Enterprise };
// What a cluster or workload is billed as.
enum class ComputeKind {
  Job,
  JobLight,
  AllPurpose,
  DltCore,
  DltPro,
  DltAdvanced,
  JobServerless,
  AllPurposeServerless,
  SqlClassic,
  SqlPro,
  SqlServerless
};

Cloud parse_cloud(const std::string& text);               // azure|aws|gcp, any case; throws std::invalid_argument
Tier parse_tier(const std::string& text);                 // standard|premium|enterprise
ComputeKind parse_compute_kind(const std::string& text);  // job, jobs-light, all-purpose, dlt-core, ...
std::string to_string(Cloud c);                           // AZURE, AWS, GCP (as system tables write it)
std::string to_string(Tier t);                            // STANDARD, PREMIUM, ENTERPRISE
std::string to_string(ComputeKind k);                     // job, jobs-light, all-purpose, dlt-core, ...
std::vector<std::string> compute_kind_names();

// The product part of the SKU: JOBS_COMPUTE, ALL_PURPOSE_COMPUTE, DLT_PRO_COMPUTE, SQL_PRO_COMPUTE, ...
std::string sku_product(ComputeKind k);
// Full SKU name; photon adds _(PHOTON) where Databricks has a Photon SKU (classic jobs, all-purpose, DLT).
std::string sku_name(Tier tier, ComputeKind kind, bool photon);
// The cluster_type a policy sees: job, all-purpose or dlt.
std::string policy_cluster_type(ComputeKind k);
// The compute kind a Photon multiplier is looked up under: job, all-purpose or dlt.
std::string photon_kind(ComputeKind k);
bool is_serverless(ComputeKind k);

}  // namespace dbcost
