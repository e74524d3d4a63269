// Shared wiring for the dbcost subcommands: exit codes, output options, and writing results.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

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
};

// Adds --format (checked against `formats`) and --out.
void add_output_options(CLI::App* cmd, OutputOptions& options, const std::vector<std::string>& formats);

// Writes to stdout, or to options.out through a temporary file and a rename.
void emit(const OutputOptions& options, const std::string& content);

}  // namespace dbcost::cli
