// Instants as seconds since the Unix epoch (UTC), and the timestamp forms Databricks writes in
// system-table exports: "2026-03-01", "2026-03-01 10:00:00", "2026-03-01T10:00:00Z",
// "2026-03-01 10:00:00.000+00:00", "2026-03-01T12:00:00.123456+02:00". Fractional seconds are
// truncated (billing hours start on whole seconds). A date alone means midnight UTC.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace dbcost {

using UnixSeconds = std::int64_t;
constexpr UnixSeconds kBeginningOfTime = std::numeric_limits<UnixSeconds>::min();
constexpr UnixSeconds kEndOfTime = std::numeric_limits<UnixSeconds>::max();

// nullopt when the text is not one of the forms above or names an impossible date (Feb 30).
std::optional<UnixSeconds> parse_timestamp_utc(std::string_view text);
// Days since 1970-01-01 for a valid civil date; nullopt when impossible.
std::optional<std::int64_t> days_from_civil_checked(int year, unsigned month, unsigned day);
// "2026-03-01T10:00:00Z"
std::string format_timestamp_utc(UnixSeconds t);
// "2026-03-01"
std::string format_date_utc(UnixSeconds t);

}  // namespace dbcost
