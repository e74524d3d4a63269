#include "cli_common.h"

#include <iostream>

#include "io/atomic_file.h"

namespace dbcost::cli {

int& exit_code() {
  static int code = kExitOk;
  return code;
}

void add_raw_csv_flag(CLI::App* cmd, bool& raw_csv) {
  cmd->add_flag("--raw-csv", raw_csv,
                "CSV output: write cells as they are; by default a cell starting with =, +, -, @, tab or CR (and "
                "not a plain number) gets a leading ' so that spreadsheets do not run it as a formula");
}

void add_output_options(CLI::App* cmd, OutputOptions& options, const std::vector<std::string>& formats) {
  cmd->add_option("--format", options.format, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
  cmd->add_option("--out", options.out, "Write the output to this file (atomically) instead of stdout");
  for (const auto& f : formats)
    if (f == "csv" || f == "focus") {
      add_raw_csv_flag(cmd, options.raw_csv);
      break;
    }
}

void emit(const OutputOptions& options, const std::string& content) {
  if (options.out.empty()) {
    std::cout << content;
    std::cout.flush();
  } else {
    write_file_atomically(options.out, content);
  }
}

}  // namespace dbcost::cli
