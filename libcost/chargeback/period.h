// Chargeback periods: calendar month ("2026-03"), ISO 8601 week ("2026-W10", weeks start on Monday
// and belong to the year of their Thursday) and day ("2026-03-02"), all in UTC.
//
// A period is identified by an integer key that sorts like its label: months since year 0, the
// day number (days since 1970-01-01) of the week's Monday, or the day number itself.
#pragma once

#include <cstdint>
#include <string>

#include "io/timestamp.h"

namespace dbcost {

enum class PeriodKind { Month, Week, Day };

// "month", "week" or "day"; throws InputError naming `flag` otherwise.
PeriodKind parse_period_kind(const std::string& text, const std::string& flag = "--period");
const char* period_kind_name(PeriodKind kind);

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
constexpr std::int64_t day_of(UnixSeconds t) { return floor_div(t, 86400); }

std::int64_t period_key_of_day(PeriodKind kind, std::int64_t day);
std::string period_label(PeriodKind kind, std::int64_t key);
// [start, end) of the period.
UnixSeconds period_start(PeriodKind kind, std::int64_t key);
UnixSeconds period_end(PeriodKind kind, std::int64_t key);

}  // namespace dbcost
