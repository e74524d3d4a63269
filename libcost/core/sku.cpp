#include "core/sku.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/ascii_case.h"

namespace dbcost {
namespace {

struct KindName {
  ComputeKind kind;
  const char* name;
  const char* product;
};

constexpr KindName kKinds[] = {
    {ComputeKind::Job, "job", "JOBS_COMPUTE"},
    {ComputeKind::JobLight, "jobs-light", "JOBS_LIGHT_COMPUTE"},
    {ComputeKind::AllPurpose, "all-purpose", "ALL_PURPOSE_COMPUTE"},
    {ComputeKind::DltCore, "dlt-core", "DLT_CORE_COMPUTE"},
    {ComputeKind::DltPro, "dlt-pro", "DLT_PRO_COMPUTE"},
    {ComputeKind::DltAdvanced, "dlt-advanced", "DLT_ADVANCED_COMPUTE"},
    {ComputeKind::JobServerless, "jobs-serverless", "JOBS_SERVERLESS_COMPUTE"},
    {ComputeKind::AllPurposeServerless, "all-purpose-serverless", "ALL_PURPOSE_SERVERLESS_COMPUTE"},
    {ComputeKind::SqlClassic, "sql-classic", "SQL_COMPUTE"},
    {ComputeKind::SqlPro, "sql-pro", "SQL_PRO_COMPUTE"},
    {ComputeKind::SqlServerless, "sql-serverless", "SERVERLESS_SQL_COMPUTE"},
};

}  // namespace

Cloud parse_cloud(const std::string& text) {
  const std::string s = ascii_lower(text);
  if (s == "azure") return Cloud::Azure;
  if (s == "aws") return Cloud::Aws;
  if (s == "gcp") return Cloud::Gcp;
  throw std::invalid_argument("unknown cloud '" + text + "' (expected azure, aws or gcp)");
}

Tier parse_tier(const std::string& text) {
  const std::string s = ascii_lower(text);
  if (s == "standard") return Tier::Standard;
  if (s == "premium") return Tier::Premium;
  if (s == "enterprise") return Tier::Enterprise;
  throw std::invalid_argument("unknown tier '" + text + "' (expected standard, premium or enterprise)");
}

ComputeKind parse_compute_kind(const std::string& text) {
  std::string s = ascii_lower(text);
  std::replace(s.begin(), s.end(), '_', '-');
  if (s == "jobs") s = "job";
  for (const auto& k : kKinds)
    if (s == k.name) return k.kind;
  throw std::invalid_argument("unknown compute kind '" + text + "'");
}

std::vector<std::string> compute_kind_names() {
  std::vector<std::string> out;
  for (const auto& k : kKinds) out.emplace_back(k.name);
  return out;
}

std::string to_string(Cloud c) {
  switch (c) {
    case Cloud::Azure:
      return "AZURE";
    case Cloud::Aws:
      return "AWS";
    case Cloud::Gcp:
      return "GCP";
  }
  return "";
}

std::string to_string(Tier t) {
  switch (t) {
    case Tier::Standard:
      return "STANDARD";
    case Tier::Premium:
      return "PREMIUM";
    case Tier::Enterprise:
      return "ENTERPRISE";
  }
  return "";
}

std::string to_string(ComputeKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.name;
  return "";
}

std::string sku_product(ComputeKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.product;
  return "";
}

std::string sku_name(Tier tier, ComputeKind kind, bool photon) {
  std::string s = to_string(tier) + "_" + sku_product(kind);
  const bool has_photon_sku = kind == ComputeKind::Job || kind == ComputeKind::AllPurpose ||
                              kind == ComputeKind::DltCore || kind == ComputeKind::DltPro ||
                              kind == ComputeKind::DltAdvanced;
  if (photon && has_photon_sku) s += "_(PHOTON)";
  return s;
}

std::string policy_cluster_type(ComputeKind k) {
  switch (k) {
    case ComputeKind::AllPurpose:
    case ComputeKind::AllPurposeServerless:
      return "all-purpose";
    case ComputeKind::DltCore:
    case ComputeKind::DltPro:
    case ComputeKind::DltAdvanced:
      return "dlt";
    default:
      return "job";
  }
}

std::string photon_kind(ComputeKind k) { return policy_cluster_type(k); }

bool is_serverless(ComputeKind k) {
  return k == ComputeKind::JobServerless || k == ComputeKind::AllPurposeServerless || k == ComputeKind::SqlServerless;
}

}  // namespace dbcost
