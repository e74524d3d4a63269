#include "chargeback/period.h"

#include <gtest/gtest.h>

#include "core/errors.h"

namespace dbcost {
namespace {

std::string label(PeriodKind kind, const char* date) {
  return period_label(kind, period_key_of_day(kind, day_of(*parse_timestamp_utc(date))));
}

TEST(ChargebackPeriodTest, LabelsMonthsIsoWeeksAndDays) {
  EXPECT_EQ(label(PeriodKind::Month, "2026-03-31T23:59:59Z"), "2026-03");
  EXPECT_EQ(label(PeriodKind::Month, "1969-12-31T12:00:00Z"), "1969-12");
  EXPECT_EQ(label(PeriodKind::Day, "2026-03-02T10:00:00Z"), "2026-03-02");
  // 2026-03-02 is the Monday of ISO week 10 (2026-01-01 is a Thursday, so week 1 starts 2025-12-29).
  EXPECT_EQ(label(PeriodKind::Week, "2026-03-02"), "2026-W10");
  EXPECT_EQ(label(PeriodKind::Week, "2026-03-08T23:59:59Z"), "2026-W10");
  EXPECT_EQ(label(PeriodKind::Week, "2026-03-09"), "2026-W11");
  EXPECT_EQ(label(PeriodKind::Week, "2025-12-29"), "2026-W01");
  EXPECT_EQ(label(PeriodKind::Week, "2026-01-01"), "2026-W01");
  // 2027-01-01 is a Friday: it belongs to the last week of 2026, which has 53 weeks.
  EXPECT_EQ(label(PeriodKind::Week, "2027-01-01"), "2026-W53");
  EXPECT_EQ(label(PeriodKind::Week, "2027-01-04"), "2027-W01");
  EXPECT_EQ(label(PeriodKind::Week, "2024-12-30"), "2025-W01");
  EXPECT_EQ(label(PeriodKind::Week, "1970-01-01"), "1970-W01");
}

TEST(ChargebackPeriodTest, BoundsAreHalfOpenUtc) {
  const auto key = period_key_of_day(PeriodKind::Month, day_of(*parse_timestamp_utc("2026-02-10")));
  EXPECT_EQ(format_timestamp_utc(period_start(PeriodKind::Month, key)), "2026-02-01T00:00:00Z");
  EXPECT_EQ(format_timestamp_utc(period_end(PeriodKind::Month, key)), "2026-03-01T00:00:00Z");
  const auto dec = period_key_of_day(PeriodKind::Month, day_of(*parse_timestamp_utc("2025-12-10")));
  EXPECT_EQ(format_timestamp_utc(period_end(PeriodKind::Month, dec)), "2026-01-01T00:00:00Z");
  const auto week = period_key_of_day(PeriodKind::Week, day_of(*parse_timestamp_utc("2026-03-04")));
  EXPECT_EQ(format_timestamp_utc(period_start(PeriodKind::Week, week)), "2026-03-02T00:00:00Z");
  EXPECT_EQ(format_timestamp_utc(period_end(PeriodKind::Week, week)), "2026-03-09T00:00:00Z");
  EXPECT_EQ(day_of(-1), -1);
  EXPECT_EQ(parse_period_kind("week"), PeriodKind::Week);
  EXPECT_THROW(parse_period_kind("quarter"), InputError);
}

}  // namespace
}  // namespace dbcost
