// Region suffixes of Databricks SKU names. Region-priced SKUs (serverless, SQL Pro, model serving)
// appear in system.billing.usage and list_prices with the region spelled out at the end, in
// Databricks' own naming rather than the cloud's region code: PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2
// on Azure eastus2, PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST_N_VIRGINIA on AWS us-east-1. The table
// (scenarios/data/sku_regions.csv, embedded) maps the cloud's region code to that suffix, with a
// source per row.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dbcost {

struct SkuRegion {
  std::string cloud;       // AZURE, AWS, GCP
  std::string region;      // the cloud's code: eastus2, us-east-1
  std::string sku_region;  // the SKU suffix: US_EAST_2, US_EAST_N_VIRGINIA
  std::string source;
  std::string confidence;
};

class SkuRegions {
 public:
  static const SkuRegions& builtin();
  static SkuRegions from_csv(const std::string& text, const std::string& file_name);

  // The suffix for a region code (any case), or nothing when the table lacks it.
  std::optional<std::string> suffix_of(const std::string& cloud, const std::string& region) const;
  // The region whose suffix ends `sku` (the longest such suffix), with the SKU without it.
  struct Split {
    std::string base_sku;
    std::string region;
    std::string sku_region;
  };
  std::optional<Split> split(const std::string& cloud, const std::string& sku) const;
  const std::vector<SkuRegion>& rows() const { return rows_; }

 private:
  std::vector<SkuRegion> rows_;
};

}  // namespace dbcost
