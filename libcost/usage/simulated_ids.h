// How dbcost's simulated usage records name jobs, runs and job clusters, so that calibration can
// read a job's structure back from them (real exports carry Databricks' opaque ids instead):
//
// - job_id      100000 + the job's index among the run's workloads
// - job_run_id  job_id * 1000000 + the run's number (0 <= run < 1000000)
// - cluster_id  "<job name>-run<run>-<cluster key>" for a job cluster (a job_clusters key or a
//   task's new_cluster); an all-purpose cluster or warehouse keeps its scenario name, a classic
//   pipeline's cluster is "dlt-execution-<pipeline>".
//
// parse_job_cluster_id reads the first "-run<digits>-" followed by a key to the end of the id
// (without line breaks); a job name that itself holds "-run<digits>-" is split there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dbcost {

inline constexpr std::int64_t kSimulatedJobIdBase = 100'000;
inline constexpr std::int64_t kRunsPerSimulatedJob = 1'000'000;

std::int64_t simulated_job_id(int workload_index);

std::string format_job_run_id(std::int64_t job_id, std::int64_t run);
struct JobRunId {
  std::int64_t job_id = 0;
  std::int64_t run = 0;
};
// Not a number of the form above (digits only, run below 1000000): nullopt.
std::optional<JobRunId> parse_job_run_id(std::string_view text);

std::string format_job_cluster_id(std::string_view job_name, std::int64_t run, std::string_view cluster_key);
struct JobClusterId {
  std::string_view job_name;
  std::string_view run;  // the digits
  std::string_view cluster_key;
};
std::optional<JobClusterId> parse_job_cluster_id(std::string_view id);

std::string format_pipeline_cluster_id(std::string_view pipeline);

}  // namespace dbcost
