// Databricks Runtime versions, for the `auto:` spark_version aliases a policy may give
// (`"spark_version": {"type": "unlimited", "defaultValue": "auto:latest-lts"}`; compute policy
// reference, https://docs.databricks.com/aws/en/admin/clusters/policy-definition).
//
// The list is data: scenarios/data/runtime_versions.csv (version, spark_version, ml_spark_version,
// lts, released, source; one row per release, from the runtime release notes,
// https://docs.databricks.com/aws/en/release-notes/runtime/), built in and replaced by a file of the
// same columns (`--runtime-versions`). Release dates are to the month: the day is unconfirmed.
// Resolution at an instant reads the versions released by then, as Databricks resolves an alias when
// the cluster is created:
//   auto:latest      the newest version          auto:latest-ml      its ML runtime
//   auto:latest-lts  the newest LTS version      auto:latest-lts-ml  its ML runtime
//   auto:prev-lts    the LTS before that         auto:prev-lts-ml    its ML runtime
// Anything else starting with `auto:` is an InputError naming the aliases.
#pragma once

#include <string>
#include <vector>

#include "io/timestamp.h"

namespace dbcost {

struct RuntimeVersion {
  std::string version;  // "15.4"
  std::string spark_version;
  std::string ml_spark_version;
  bool lts = false;
  UnixSeconds released = 0;
};

struct RuntimeVersions {
  std::vector<RuntimeVersion> versions;  // sorted by version, oldest first
  std::string source;                    // "<builtin>/runtime_versions.csv" or the file
};

RuntimeVersions runtime_versions_from_csv(const std::string& text, const std::string& file);
const RuntimeVersions& builtin_runtime_versions();
RuntimeVersions load_runtime_versions(const std::string& path);

bool is_runtime_alias(const std::string& spark_version);
// The spark_version an `auto:` alias stands for at `at`; other values come back unchanged.
std::string resolve_spark_version(const RuntimeVersions& list, const std::string& spark_version, UnixSeconds at);

}  // namespace dbcost
