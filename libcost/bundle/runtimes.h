// The runtimes side file: what a bundle does not say and a cost needs (docs/bundles.md).
//
//   jobs:
//     <job>:                          # the job's key under resources.jobs
//       runs_per_month: 20            # a job without schedule or trigger: Poisson arrivals, this mean
//       arrivals: {per_hour: 2}       # a table_update / file_arrival trigger's upstream changes
//       tasks:
//         <task_key>: 25                                  # minutes
//         <task_key>: {minutes: 40, cv: 0.2, parallel_fraction: 0.9, photon_speedup: 1.8,
//                      reference_workers: 4, failure_probability: 0.02, max_retries: 1}
//         <task_key>: {runtime: {minutes: 40, cv: 0.2}, serverless: {dbus_per_hour: 12}}
//   pipelines:
//     <pipeline>: {hours_per_month: 40}  # or {runs_per_month: 30, minutes: 20}; serverless: dbus_per_hour
//   sql_warehouses:
//     <warehouse>: {activity: {queries_per_hour: 60, hours: "08:00-19:00", days: MON-FRI}}
//   clusters:
//     <cluster>: {activity: {users: 4, hours: "09:00-17:00"}}
//   assumptions: {cluster_startup_minutes: {mean: 5, cv: 0.3}}
//
// Runtime, arrivals, activity and assumptions blocks mean what they mean in a scenario
// (docs/scenario.md). Every key is checked: an unknown one is an error with a did-you-mean.
// A dbcost scenario file works too: its jobs' tasks (by task_key), arrivals, warehouses'
// and all-purpose clusters' activity and assumptions are read, and its other keys ignored.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/yaml_reader.h"

namespace dbcost {

struct TaskRuntimes {
  YAML::Node runtime;  // a scenario `runtime:` block
  std::optional<YAML::Node> failure_probability, max_retries, serverless;
  bool reference_given = false;  // runtime.reference_workers set
  SourceLocation where;
};

struct JobRuntimes {
  std::map<std::string, TaskRuntimes> tasks;
  std::optional<double> runs_per_month;
  std::optional<YAML::Node> arrivals, max_retries, sla_minutes;
  SourceLocation where;
};

struct PipelineRuntimes {
  double hours_per_month = 0;
  std::optional<double> runs_per_month;
  std::optional<YAML::Node> dbus_per_hour;  // a serverless pipeline's DBU/h as billed
  SourceLocation where;
};

struct Runtimes {
  std::string file;
  std::map<std::string, JobRuntimes> jobs;
  std::map<std::string, PipelineRuntimes> pipelines;
  std::map<std::string, YAML::Node> sql_warehouses;  // {activity, queries_per_cluster}
  std::map<std::string, YAML::Node> clusters;        // {activity, left_running_over_weekend}
  std::optional<YAML::Node> assumptions;
};

Runtimes read_runtimes(const YamlView& root);

}  // namespace dbcost
