// dbcost schedule EXPR --timezone TZ --from FROM --to TO: the runs of a Quartz cron schedule, as
// Databricks fires them (Quartz 2.3.2 semantics, at most one run per 10 seconds).
#include <memory>

#include "cli_common.h"
#include "commands.h"
#include "commands/other_commands.h"
#include "io/table.h"

namespace dbcost::cli {

void register_schedule(CLI::App& app) {
  struct Args {
    std::vector<std::string> expr;
    std::string timezone, from, to;
    bool count = false;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("schedule", "List the runs of a Quartz cron schedule in [FROM, TO)");
  cmd->add_option("EXPR", args->expr,
                  "Quartz cron expression, quoted: \"SEC MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK [YEAR]\"")
      ->required();
  cmd->add_option("--timezone", args->timezone, "IANA time zone id, as timezone_id (e.g. Europe/Paris)")->required();
  cmd->add_option("--from", args->from, "Start: a date (midnight in the time zone) or an ISO 8601 instant")->required();
  cmd->add_option("--to", args->to, "End (excluded): a date or an ISO 8601 instant")->required();
  cmd->add_flag("--count", args->count, "Print only the number of runs");
  add_output_options(cmd, args->output, {"table", "csv", "json"});
  cmd->callback([args] {
    std::string expr;
    for (const auto& part : args->expr) expr += (expr.empty() ? "" : " ") + part;
    const auto* zone = schedule_zone(args->timezone, FrontEnd::Cli);
    const UnixSeconds from = parse_time_point(args->from, zone, "--from");
    const UnixSeconds to = parse_time_point(args->to, zone, "--to");
    const ScheduleWindow w = schedule_window(expr, zone, from, to, FrontEnd::Cli);
    if (args->count) {
      emit(args->output, std::to_string(w.cron.count(w.from, w.to, zone)) + "\n");
      return;
    }
    Table table({{"run_time_utc"}, {"run_time_local"}});
    for (const UnixSeconds t : w.cron.fire_times(w.from, w.to, zone))
      table.add_row({format_utc(t), format_local(t, zone)});
    emit(args->output, table.render(args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
