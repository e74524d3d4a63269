// dbcost: simulate and allocate Databricks spend. Wiring only; the models live in libcost/.
#include <exception>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/text_escape.h"
#include "io/output_file.h"

int main(int argc, char** argv) {
  using namespace dbcost::cli;
  dbcost::remove_partial_files_on_interrupt();
  CLI::App app{"dbcost: simulate and allocate Databricks spend"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dbcost 0.1.0");
  register_quote(app);
  register_catalogs(app);
  register_schedule(app);
  register_run(app);
  register_chargeback(app);
  register_compare(app);
  register_spot(app);
  register_bundle(app);
  register_alerts(app);
  register_policy(app);
  register_usage(app);
  register_calibrate(app);
  guard_outputs(app);
  try {
    app.parse(argc, argv);
    flush_stdout();
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  } catch (const dbcost::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const dbcost::ModelError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << dbcost::escape_controls(e.what()) << "\n";
    return kExitInternal;
  }
  return exit_code();
}
