#include "usage/simulated_ids.h"

#include <charconv>

namespace dbcost {

std::int64_t simulated_job_id(int workload_index) { return kSimulatedJobIdBase + workload_index; }

std::string format_job_run_id(std::int64_t job_id, std::int64_t run) {
  return std::to_string(job_id * kRunsPerSimulatedJob + run);
}

std::optional<JobRunId> parse_job_run_id(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || text.front() == '-') return std::nullopt;
  return JobRunId{v / kRunsPerSimulatedJob, v % kRunsPerSimulatedJob};
}

std::string format_job_cluster_id(std::string_view job_name, std::int64_t run, std::string_view cluster_key) {
  return std::string(job_name) + "-run" + std::to_string(run) + "-" + std::string(cluster_key);
}

std::optional<JobClusterId> parse_job_cluster_id(std::string_view id) {
  constexpr std::string_view kMark = "-run";
  for (std::size_t at = id.find(kMark); at != std::string_view::npos; at = id.find(kMark, at + 1)) {
    std::size_t p = at + kMark.size();
    const std::size_t digits = p;
    while (p < id.size() && id[p] >= '0' && id[p] <= '9') ++p;
    if (p == digits || p >= id.size() || id[p] != '-') continue;
    const std::string_view key = id.substr(p + 1);
    if (key.empty() || key.find_first_of("\r\n") != std::string_view::npos) continue;
    return JobClusterId{id.substr(0, at), id.substr(digits, p - digits), key};
  }
  return std::nullopt;
}

std::string format_pipeline_cluster_id(std::string_view pipeline) { return "dlt-execution-" + std::string(pipeline); }

}  // namespace dbcost
