#include "cli_common.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "core/errors.h"
#include "core/text_escape.h"
#include "io/output_file.h"

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

namespace {

[[noreturn]] void stdout_failed(int err) {
  throw InputError({"<stdout>", 0, 0, ""},
                   std::string("cannot write the output") + (err ? std::string(": ") + std::strerror(err) : ""));
}

}  // namespace

void emit(const OutputOptions& options, const std::string& content) {
  if (!options.out.empty()) return write_file_atomically(options.out, content);
  flush_stdout();
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) stdout_failed(errno);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void flush_stdout() {
  std::cout.flush();
  if (std::cout && std::fflush(stdout) == 0 && !std::ferror(stdout)) return;
  stdout_failed(errno);
}

namespace {

bool is_output_option(const CLI::Option* o) {
  const auto& names = o->get_lnames();
  for (const auto& n : names)
    if (n == "out" || (n.size() > 4 && n.ends_with("-out"))) return true;
  return false;
}

std::string option_label(const CLI::Option* o) {
  return o->get_lnames().empty() ? o->get_name(true, false) : "--" + o->get_lnames().front();
}

void refuse_overwriting_inputs(const CLI::App* cmd) {
  std::vector<NamedPath> outputs, inputs;
  for (const CLI::Option* o : cmd->get_options()) {
    auto& list = is_output_option(o) ? outputs : inputs;
    for (const auto& value : o->results()) list.push_back({option_label(o), value});
  }
  if (!outputs.empty()) refuse_outputs_over_inputs(outputs, inputs);
}

}  // namespace

void guard_outputs(CLI::App& app) {
  for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
    guard_outputs(*cmd);
    cmd->parse_complete_callback([cmd] { refuse_overwriting_inputs(cmd); });
  }
}

void warn_policy_notes(const Policy& policy) {
  for (const auto& n : policy.notes) std::cerr << "warning: " << escape_controls(n.text()) << "\n";
}

}  // namespace dbcost::cli
