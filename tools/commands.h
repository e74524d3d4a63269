// One function per subcommand; each adds its subcommand and callback to the app.
#pragma once

#include <CLI/CLI.hpp>

namespace dbcost::cli {

void register_quote(CLI::App& app);
void register_catalogs(CLI::App& app);  // prices, nodes
void register_schedule(CLI::App& app);
void register_run(CLI::App& app);
void register_chargeback(CLI::App& app);
void register_compare(CLI::App& app);
void register_spot(CLI::App& app);
void register_bundle(CLI::App& app);  // estimate, diff
void register_alerts(CLI::App& app);
void register_policy(CLI::App& app);  // policy check, policy apply
void register_usage(CLI::App& app);
void register_calibrate(CLI::App& app);

}  // namespace dbcost::cli
