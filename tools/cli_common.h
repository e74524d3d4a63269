// Shared wiring for the dbcost subcommands: exit codes, output options, and writing results.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "io/table.h"
#include "policy/policy_definition.h"

namespace dbcost::cli {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 3;

// The exit code a subcommand asks for (findings); errors are thrown instead.
int& exit_code();

struct OutputOptions {
  std::string format = "table";
  std::string out;
  bool raw_csv = false;  // --raw-csv: CSV cells as they are, formula-like ones included

  RenderOptions render() const { return {raw_csv}; }
};

// Adds --raw-csv, for a command that writes CSV without OutputOptions.
void add_raw_csv_flag(CLI::App* cmd, bool& raw_csv);
// Adds --format (checked against `formats`), --out, and --raw-csv when a format is CSV (csv, focus).
void add_output_options(CLI::App* cmd, OutputOptions& options, const std::vector<std::string>& formats);

// Writes to stdout, or to options.out atomically (io/output_file.h).
void emit(const OutputOptions& options, const std::string& content);
// Flushes stdout; a write error (a full disk, a closed pipe) is an InputError naming <stdout>.
void flush_stdout();

// What a policy says that dbcost reads leniently (policy_rule.h): accepted, shown on stderr.
void warn_policy_notes(const Policy& policy);
// Before any subcommand runs: an output option (--out, --*-out) naming one of the command's input
// files, or two outputs naming one file, is refused.
void guard_outputs(CLI::App& app);

}  // namespace dbcost::cli
