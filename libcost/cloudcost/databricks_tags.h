// Tags of a cloud cost line: the text exports write them in, and the Databricks view of them.
//
// Tag text is a JSON object ({"ClusterId":"0101-…","Vendor":"Databricks"}: FOCUS Tags, CUR 2.0
// resource_tags) or the same without its braces ("ClusterId": "0101-…","Vendor": "Databricks"), as
// Azure cost details write Tags (microsoft/finops-toolkit@3324953e:docs-mslearn/focus/mapping.md).
// Empty text or null is no tags; a null value drops the key; numbers and booleans keep their literal
// text (FOCUS writes a valueless tag as true); a nested object or array, or a key given twice, is an error.
//
// Databricks puts default tags on the VMs and disks of classic clusters, pools and SQL warehouses
// (https://docs.databricks.com/admin/account-settings/usage-detail-tags.html,
// https://learn.microsoft.com/en-us/azure/databricks/admin/account-settings/usage-detail-tags):
// Vendor=Databricks, ClusterId, ClusterName, Creator; JobId and RunName on job clusters only;
// DatabricksInstancePoolId (and …CreatorId) on pool VMs; SqlEndpointId on classic/pro warehouse VMs
// (an older Azure page writes SqlWarehouseId: both are read). Keys are matched in every spelling the
// exports use: as written, with AWS's cost-allocation prefix (user:ClusterId), or in CUR 2.0's snake
// case (user_cluster_id): case, '_', ':' and a leading "user" are ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cloudcost/cloud_cost_line.h"

namespace dbcost {

// nullopt when the text is not a JSON object (braced or not); `error` then says why, for text that is
// not JSON at its character as the export wrote it ("expected ':' at character 12").
std::optional<CloudTags> parse_tag_text(std::string_view text, std::string& error);

// NotDatabricks: no Databricks tag at all. Unattributable: Vendor=Databricks but no cluster,
// warehouse or pool id (a NAT gateway or workspace storage tagged by the workspace).
// Attributable: a cluster, warehouse or pool id to match usage records on.
enum class DatabricksRelation { NotDatabricks, Unattributable, Attributable };

struct DatabricksTags {
  bool vendor_databricks = false;  // Vendor is Databricks (any case)
  std::optional<std::string> cluster_id, cluster_name, creator, job_id, run_name, warehouse_id, pool_id,
      pool_creator_id;
  // job_id came from a job cluster's name, job-<job_id>-run-<run_id>, as JobId was missing (the
  // fallback databricks-solutions/cloud-infra-costs@95e8279d:aws/src uses).
  bool job_id_from_cluster_name = false;
  DatabricksRelation relation = DatabricksRelation::NotDatabricks;
};

DatabricksTags databricks_tags(const CloudTags& tags);
// The value of tag `key` in any of the spellings above (AWS's user: prefix, CUR's user_snake_case,
// case); nullptr when absent or empty.
const std::string* find_tag(const CloudTags& tags, std::string_view key);
std::string_view relation_name(DatabricksRelation r);  // "not-databricks", "unattributable", "attributable"

}  // namespace dbcost
