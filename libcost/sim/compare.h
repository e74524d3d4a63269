// `dbcost compare`: the base scenario beside its variants and beside automatic alternatives for
// each job, with the delta's spread from paired trials.
//
// Pairing: base and alternative run with the same seed, trial indices and per-workload streams
// (common random numbers), so a trial's delta compares like with like; the delta's p05-p95 and the
// share of trials in which the alternative is cheaper come from those paired deltas.
// Automatic alternatives per job (each simulated for that job alone):
//   - job clusters: every task on job compute (a job cluster of the same spec, with its start-up);
//   - all-purpose: every task billed as all-purpose compute on a cluster of the same spec, already
//     running (no start-up), as when a job names an existing_cluster_id;
//   - serverless: every task on serverless jobs compute at assumptions.serverless_dbus_per_hour
//     (or the task's own serverless rate), no start-up;
//   - Photon flipped on every cluster of the job (runtimes scale by the tasks' photon_speedup).
// Alternatives equal to the job as written are left out.
#pragma once

#include <string>
#include <vector>

#include "io/table.h"
#include "sim/engine.h"

namespace dbcost {

struct Alternative {
  std::string name;      // variant name, or "<job>: serverless" ...
  std::string kind;      // variant | alternative
  std::string workload;  // "" = the whole scenario
  Scenario base;         // what the alternative is compared against (the whole scenario or one job)
  Scenario changed;
};

std::vector<Alternative> automatic_alternatives(const Scenario& base);

struct Comparison {
  std::string name, kind, workload;
  Summary base, alternative, delta;
  double probability_cheaper = 0;
};

Comparison compare_pair(const Alternative& alt, const RunOptions& options);
Table comparison_table(const std::vector<Comparison>& rows);

}  // namespace dbcost
