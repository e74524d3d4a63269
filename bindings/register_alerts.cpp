// dbcost._dbcost._alerts, wrapped by dbcost.alerts: tune() from a scenario or a usage export, and the
// back-test helpers on NumPy arrays (months x days, C order) without copies in.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "alerts/alerts_report.h"
#include "commands/alerts_command.h"
#include "convert.h"
#include "register.h"
#include "workload/scenario_reader.h"

namespace py = pybind11;

namespace dbcost::py {
namespace {

using Array = ::py::array_t<double, ::py::array::c_style | ::py::array::forcecast>;

// A months x days view of a 1-D (one month) or 2-D array.
Eigen::Map<const DailyMatrix> months_of(const Array& a, const char* name) {
  if (a.ndim() != 1 && a.ndim() != 2) throw ::py::value_error(std::string(name) + ": expected a 1-D or 2-D array");
  const auto rows = a.ndim() == 1 ? 1 : a.shape(0);
  const auto cols = a.ndim() == 1 ? a.shape(0) : a.shape(1);
  if (cols == 0) throw ::py::value_error(std::string(name) + ": expected at least one day");
  return {a.data(), rows, cols};
}

::py::dict report_dict(const AlertReport& report) {
  ::py::dict d;
  d["teams"] = table_to_frame(alert_team_table(report));
  d["overspends"] = table_to_frame(overspend_table(report));
  d["thresholds"] = table_to_frame(threshold_table(report));
  d["recommendation"] = table_to_frame(recommendation_table(report));
  d["backtest"] = table_to_frame(backtest_table(report));
  const auto j = alerts_json(report);
  d["databricks_budgets"] = json_to_python(j["databricks_budgets"]);
  d["notes"] = json_to_python(j["notes"]);
  d["source"] = report.inputs.source;
  d["month"] = report.inputs.calendar.label;
  return d;
}

}  // namespace

void register_alerts(pybind11::module_& m) {
  auto a = m.def_submodule("_alerts", "Budget alert tuning (dbcost.alerts wraps it)");
  a.def(
      "tune",
      [](const std::optional<std::string>& scenario_path, const std::optional<std::string>& scenario_text,
         const std::string& variant, const std::optional<std::string>& usage_path,
         const std::optional<std::string>& usage_text, const std::optional<std::string>& prices_path,
         const std::optional<std::string>& prices_text, const std::optional<std::string>& budgets_text,
         const std::string& budgets_name, TuningSettings settings, int trials, std::uint64_t seed, int threads,
         const std::string& basis, const std::string& team_tag, const std::string& notify) {
        AlertsOptions o;
        o.front = FrontEnd::Python;
        o.team_tag = team_tag;
        o.basis = basis;
        o.notify = notify;
        o.months = {trials, seed, threads, basis};
        o.settings = std::move(settings);
        const bool from_scenario = scenario_path || scenario_text;
        o.validate(usage_path || usage_text, from_scenario);
        const BudgetMap budgets = budgets_text ? parse_budgets(*budgets_text, budgets_name) : BudgetMap{};
        std::optional<AlertReport> report;
        if (from_scenario) {
          const Scenario sc = scenario_path ? load_scenario(*scenario_path, variant)
                                            : parse_scenario(*scenario_text, "<scenario>", variant);
          ::py::gil_scoped_release release;
          report = tune_scenario_alerts(sc, budgets, o);
        } else {
          const UsageOptions options = o.usage_options();
          const PriceBook prices = prices_text ? PriceBook::from_csv(*prices_text, "<prices DataFrame>")
                                               : load_price_book_option(prices_path.value_or(""));
          ::py::gil_scoped_release release;
          const UsageLedger ledger = usage_path ? read_usage(*usage_path, prices, options)
                                                : read_usage_text(*usage_text, "<usage DataFrame>", prices, options);
          report = tune_usage_alerts(ledger, prices, budgets, o);
        }
        return report_dict(*report);
      },
      ::py::arg("scenario_path"), ::py::arg("scenario_text"), ::py::arg("variant"), ::py::arg("usage_path"),
      ::py::arg("usage_text"), ::py::arg("prices_path"), ::py::arg("prices_text"), ::py::arg("budgets_text"),
      ::py::arg("budgets_name"), ::py::arg("settings"), ::py::arg("trials"), ::py::arg("seed"), ::py::arg("threads"),
      ::py::arg("basis"), ::py::arg("team_tag"), ::py::arg("notify"), "See dbcost.alerts.tune.");

  ::py::class_<TuningSettings>(a, "Settings", "Candidate thresholds and overspend sizes (dbcost.alerts.tune).")
      .def(::py::init<>())
      .def_readwrite("percents", &TuningSettings::percents)
      .def_readwrite("probabilities", &TuningSettings::probabilities)
      .def_readwrite("daily_per_year", &TuningSettings::daily_per_year)
      .def_readwrite("false_alarms_per_year", &TuningSettings::false_alarms_per_year)
      .def_readwrite("runaway_factor", &TuningSettings::runaway_factor)
      .def_readwrite("new_workload_percent", &TuningSettings::new_workload_percent)
      .def_readwrite("cluster_per_hour", &TuningSettings::cluster_per_hour)
      .def_readwrite("horizon_months", &TuningSettings::horizon_months);

  a.def(
      "cumulative_fire_day",
      [](const Array& daily, double budget, double percent) -> ::py::object {
        const auto m = months_of(daily, "daily");
        const auto rule = AlertRule::cumulative(percent, budget);
        const std::vector<bool> weekend(static_cast<std::size_t>(m.cols()), false);
        ::py::array_t<long long> out(m.rows());
        auto o = out.mutable_unchecked<1>();
        for (Eigen::Index i = 0; i < m.rows(); ++i)
          o(i) = first_alert(rule, {m.data() + i * m.cols(), static_cast<std::size_t>(m.cols())}, weekend) + 1;
        if (daily.ndim() == 1) return ::py::int_(o(0));
        return ::py::object(out);
      },
      ::py::arg("daily"), ::py::arg("budget"), ::py::arg("percent"), "See dbcost.alerts.cumulative_fire_day.");

  a.def(
      "forecast_probability",
      [](const Array& daily, double budget, const Array& reference) {
        const auto m = months_of(daily, "daily");
        const ForecastModel model(DailyMatrix(months_of(reference, "reference")));
        if (model.days() != m.cols()) throw ::py::value_error("daily and reference differ in days");
        ::py::array_t<double> out({m.rows(), m.cols()});
        auto o = out.mutable_unchecked<2>();
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
          double spent = 0;
          for (Eigen::Index d = 0; d < m.cols(); ++d) {
            spent += m(i, d);
            o(i, d) = model.probability_over(static_cast<int>(d), spent, budget);
          }
        }
        return out;
      },
      ::py::arg("daily"), ::py::arg("budget"), ::py::arg("reference"), "See dbcost.alerts.forecast_probability.");

  a.def(
      "daily_limits",
      [](const Array& reference, double quantile, const std::optional<std::string>& month) {
        const DailyMatrix ref(months_of(reference, "reference"));
        const auto cal = backtest_calendar(month, static_cast<int>(ref.cols()));
        const auto rule = AlertRule::daily(quantile, ref, cal.weekend_mask());
        return std::make_pair(rule.limit, rule.weekend_limit);
      },
      ::py::arg("reference"), ::py::arg("quantile"), ::py::arg("month"), "See dbcost.alerts.daily_limits.");

  a.def(
      "backtest",
      [](const Array& daily, std::optional<double> budget, const std::optional<Array>& reference,
         const std::optional<std::string>& month, const TuningSettings& settings, double cluster_per_hour,
         double runaway_per_day, double new_workload_per_day) {
        validate_tuning_settings(settings, FrontEnd::Python, false);
        AlertReport report;
        report.settings = settings;
        TeamInput in;
        in.team = "";
        in.budget = budget;
        in.test = DailyMatrix(months_of(daily, "daily"));
        in.fit = reference ? DailyMatrix(months_of(*reference, "reference")) : in.test;
        if (in.fit.cols() != in.test.cols()) throw ::py::value_error("daily and reference differ in days");
        report.inputs.calendar = backtest_calendar(month, static_cast<int>(in.test.cols()));
        in.overspends = {forgotten_cluster(cluster_per_hour, ""), runaway_job(runaway_per_day, 2, ""),
                         new_workload(new_workload_per_day, "")};
        {
          ::py::gil_scoped_release release;
          report.teams.push_back(tune_team(in, report.inputs.calendar, settings));
        }
        return table_to_frame(threshold_table(report));
      },
      ::py::arg("daily"), ::py::arg("budget"), ::py::arg("reference"), ::py::arg("month"), ::py::arg("settings"),
      ::py::arg("cluster_per_hour"), ::py::arg("runaway_per_day"), ::py::arg("new_workload_per_day"),
      "See dbcost.alerts.backtest.");
}

}  // namespace dbcost::py
