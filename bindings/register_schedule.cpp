// dbcost.schedule, dbcost.schedule_count: the runs of a Quartz cron schedule as Databricks fires them.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstring>

#include "commands/other_commands.h"
#include "core/errors.h"
#include "register.h"
#include "schedule/quartz_cron.h"
#include "schedule/time.h"
#include "schedule/triggers.h"

namespace py = pybind11;

namespace dbcost::py {

namespace {

// str: a date or an ISO 8601 instant; datetime.datetime: aware as is, naive as wall time in the
// schedule's zone; datetime.date: the start of that day in the zone. Sub-second parts round up,
// since runs fall on whole seconds and the window is [start, end).
UnixSeconds instant(const ::py::object& o, const date::time_zone* zone, const std::string& name) {
  if (::py::isinstance<::py::str>(o)) return parse_time_point(o.cast<std::string>(), zone, name);
  const auto datetime = ::py::module_::import("datetime");
  if (::py::isinstance(o, datetime.attr("datetime"))) {
    if (!o.attr("tzinfo").is_none() && !o.attr("utcoffset")().is_none())
      return static_cast<UnixSeconds>(std::ceil(o.attr("timestamp")().cast<double>()));
    const CivilTime c{o.attr("year").cast<int>(), o.attr("month").cast<int>(),  o.attr("day").cast<int>(),
                      o.attr("hour").cast<int>(), o.attr("minute").cast<int>(), o.attr("second").cast<int>()};
    return civil_to_unix(c, zone, name) + (o.attr("microsecond").cast<int>() > 0 ? 1 : 0);
  }
  if (::py::isinstance(o, datetime.attr("date")))
    return civil_to_unix({o.attr("year").cast<int>(), o.attr("month").cast<int>(), o.attr("day").cast<int>()}, zone,
                         name);
  throw InputError(SourceLocation{"", 0, 0, name},
                   "expected an ISO 8601 string, a datetime.date or a datetime.datetime, got " +
                       ::py::str(::py::type::of(o).attr("__name__")).cast<std::string>());
}

ScheduleWindow window(const std::string& expr, const std::string& timezone, const ::py::object& start,
                      const ::py::object& end) {
  const auto* zone = schedule_zone(timezone, FrontEnd::Python);
  const UnixSeconds from = instant(start, zone, "start");
  const UnixSeconds to = instant(end, zone, "end");
  return schedule_window(expr, zone, from, to, FrontEnd::Python);
}

}  // namespace

void register_schedule(pybind11::module_& m) {
  m.def(
      "schedule",
      [](const std::string& expr, const std::string& timezone, const ::py::object& start, const ::py::object& end,
         std::size_t limit, std::int64_t min_seconds_between_runs) {
        const ScheduleWindow w = window(expr, timezone, start, end);
        const auto times = w.cron.fire_times(w.from, w.to, w.zone, limit, min_seconds_between_runs);
        ::py::array_t<std::int64_t> out(static_cast<::py::ssize_t>(times.size()));
        if (!times.empty()) std::memcpy(out.mutable_data(), times.data(), times.size() * sizeof(std::int64_t));
        return out.attr("view")("datetime64[s]");
      },
      ::py::arg("expr"), ::py::kw_only(), ::py::arg("timezone") = "UTC", ::py::arg("start"), ::py::arg("end"),
      ::py::arg("limit") = QuartzCron::kDefaultLimit,
      ::py::arg("min_seconds_between_runs") = QuartzCron::kMinSecondsBetweenRuns,
      R"doc(The runs of a Quartz cron schedule in [start, end), as Databricks fires them.

Quartz 2.3.2 semantics (day of week 1 = Sunday; exactly one of day-of-month and day-of-week is
'?'), evaluated in ``timezone``: a time skipped by a spring-forward gap does not run, and a
repeated fall-back hour runs only in its second (standard-time) pass. Runs less than
``min_seconds_between_runs`` (Databricks: 10) after the previous run are dropped; 0 keeps every
Quartz fire time.

start, end: an ISO 8601 instant with Z or an offset, a date string (midnight in ``timezone``),
a ``datetime.date`` (midnight in ``timezone``), or a ``datetime.datetime`` (aware, or naive =
wall time in ``timezone``).

Returns a numpy ``datetime64[s]`` array of UTC instants. Raises ``dbcost.InputError`` for a bad
expression (with the position), an unknown time zone or a bad date, and ``dbcost.ModelError``
past ``limit`` runs.)doc");

  m.def(
      "schedule_count",
      [](const std::string& expr, const std::string& timezone, const ::py::object& start, const ::py::object& end,
         std::int64_t min_seconds_between_runs) {
        const ScheduleWindow w = window(expr, timezone, start, end);
        return w.cron.count(w.from, w.to, w.zone, min_seconds_between_runs);
      },
      ::py::arg("expr"), ::py::kw_only(), ::py::arg("timezone") = "UTC", ::py::arg("start"), ::py::arg("end"),
      ::py::arg("min_seconds_between_runs") = QuartzCron::kMinSecondsBetweenRuns,
      R"doc(The number of runs ``dbcost.schedule`` would return, without building the array
(a per-second schedule over a year takes well under a second).)doc");
}

}  // namespace dbcost::py
