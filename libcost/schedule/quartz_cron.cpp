#include "schedule/quartz_cron.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>

#include "core/errors.h"

namespace dbcost {

CronParseError::CronParseError(std::size_t pos, std::string why)
    : std::invalid_argument("at position " + std::to_string(pos) + ": " + why), position(pos), reason(std::move(why)) {}

int QuartzCron::Bits::ceil(std::int64_t v) const {
  if (v < 0) v = 0;
  if (v >= 64) return -1;
  const std::uint64_t rest = mask & (~std::uint64_t{0} << v);
  return rest == 0 ? -1 : std::countr_zero(rest);
}

int QuartzCron::next_year(std::int64_t y) const {
  for (std::int64_t v = std::max<std::int64_t>(y, kMinYear); v <= kMaxYear; ++v)
    if (years_[static_cast<std::size_t>(v - kMinYear)]) return static_cast<int>(v);
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Parsing

namespace {

// 'x' for a printable character, '\r', '\t' or byte 0x.. otherwise, so a message never carries a raw
// control byte.
std::string printable_char(char c) {
  if (c == '\r') return "'\\r'";
  if (c == '\t') return "'\\t'";
  if (c == '\n') return "'\\n'";
  const auto b = static_cast<unsigned char>(c);
  if (b < 0x20 || b >= 0x7F) {
    static const char* const kHex = "0123456789ABCDEF";
    return std::string("byte 0x") + kHex[b >> 4] + kHex[b & 15];
  }
  return std::string("'") + c + "'";
}

enum FieldIndex { kSecondField, kMinuteField, kHourField, kDayOfMonthField, kMonthField, kDayOfWeekField, kYearField };

struct FieldSpec {
  const char* name;  // as in error messages
  const char* unit;
  int lo, hi;
  int wrap;  // Quartz's modulus for ranges that run past the end ("22-2"); 0: not allowed
};

constexpr FieldSpec kFields[] = {
    {"seconds", "second", 0, 59, 60},
    {"minutes", "minute", 0, 59, 60},
    {"hours", "hour", 0, 23, 24},
    {"day-of-month", "day of month", 1, 31, 31},
    {"month", "month", 1, 12, 12},
    {"day-of-week", "day of week", 1, 7, 7},
    {"year", "year", QuartzCron::kMinYear, QuartzCron::kMaxYear, 0},
};

constexpr std::array<const char*, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<const char*, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

}  // namespace

class QuartzCronParser {
 public:
  explicit QuartzCronParser(std::string_view expr) : s_(expr) {}

  QuartzCron run() {
    QuartzCron cron;
    cron.expression_ = std::string(s_);
    cron.years_.assign(QuartzCron::kMaxYear - QuartzCron::kMinYear + 1, false);
    cron_ = &cron;

    struct Token {
      std::size_t begin, end;
    };
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < s_.size();) {
      if (s_[i] == ' ' || s_[i] == '\t') {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < s_.size() && s_[j] != ' ' && s_[j] != '\t') ++j;
      tokens.push_back({i, j});
      i = j;
    }
    if (tokens.size() > 7)
      fail(tokens[7].begin,
           "expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), "
           "found " +
               std::to_string(tokens.size()));
    if (tokens.size() < 6)
      fail(s_.size(),
           "expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), "
           "found " +
               std::to_string(tokens.size()));
    for (std::size_t f = 0; f < tokens.size(); ++f)
      parse_field(static_cast<FieldIndex>(f), tokens[f].begin, tokens[f].end);
    if (tokens.size() == 6) add_range(kYearField, QuartzCron::kMinYear, QuartzCron::kMaxYear, 1);

    if (!cron.day_of_month_unspecified_ && !cron.day_of_week_unspecified_)
      fail(tokens[kDayOfWeekField].begin,
           "both day-of-month and day-of-week are set; one of them must be '?' (Quartz supports one day rule)");
    if (cron.day_of_month_unspecified_ && cron.day_of_week_unspecified_)
      fail(tokens[kDayOfWeekField].begin, "day-of-month and day-of-week are both '?'; one of them must be set");

    for (int h = 0; h < 24; ++h) {
      if (!cron.hours_.has(h)) continue;
      for (int m = 0; m < 60; ++m) {
        if (!cron.minutes_.has(m)) continue;
        for (int sec = 0; sec < 60; ++sec)
          if (cron.seconds_.has(sec)) cron.seconds_of_day_.push_back(h * 3600 + m * 60 + sec);
      }
    }
    return cron;
  }

 private:
  [[noreturn]] void fail(std::size_t pos, const std::string& why) const { throw CronParseError(pos, why); }

  QuartzCron::Bits& bits(FieldIndex f) {
    switch (f) {
      case kSecondField:
        return cron_->seconds_;
      case kMinuteField:
        return cron_->minutes_;
      case kHourField:
        return cron_->hours_;
      case kDayOfMonthField:
        return cron_->days_of_month_;
      case kMonthField:
        return cron_->months_;
      case kDayOfWeekField:
      case kYearField:
        break;
    }
    return cron_->days_of_week_;
  }

  void add(FieldIndex f, int v) {
    if (f == kYearField)
      cron_->years_[static_cast<std::size_t>(v - QuartzCron::kMinYear)] = true;
    else
      bits(f).mask |= std::uint64_t{1} << v;
  }

  // Quartz's addToSet: start..stop by step, a stop below the start wrapping past the maximum.
  void add_range(FieldIndex f, int start, int stop, int step) {
    const FieldSpec& spec = kFields[f];
    const bool wraps = stop < start;
    if (wraps) stop += spec.wrap;
    for (int i = start; i <= stop; i += step) {
      int v = wraps ? i % spec.wrap : i;
      if (wraps && v == 0 && spec.lo == 1) v = spec.wrap;
      add(f, v);
    }
  }

  struct Value {
    int value;
    bool named;
  };

  // A number, or a month/day name in the fields that take names.
  Value read_value(FieldIndex f, std::size_t& i, std::size_t end) {
    const FieldSpec& spec = kFields[f];
    const std::size_t start = i;
    if (i < end && is_digit(s_[i])) {
      long v = 0;
      while (i < end && is_digit(s_[i])) {
        v = v * 10 + (s_[i] - '0');
        if (v > 100000) fail(start, std::string(spec.unit) + " value is far out of range " + range_text(spec));
        ++i;
      }
      const int value = static_cast<int>(v);
      if (value < spec.lo || value > spec.hi)
        fail(start, std::string(spec.unit) + " " + std::to_string(value) + " is out of range " + range_text(spec) +
                        (f == kDayOfWeekField ? " (1 = Sunday, as in Quartz)" : ""));
      return {value, false};
    }
    if (i < end && is_alpha(s_[i]) && (f == kMonthField || f == kDayOfWeekField)) {
      std::string name;
      while (i < end && is_alpha(s_[i]) && name.size() < 3) name += upper(s_[i++]);
      if (f == kMonthField) {
        for (std::size_t k = 0; k < kMonthNames.size(); ++k)
          if (name == kMonthNames[k]) return {static_cast<int>(k) + 1, true};
        if (name[0] == 'L' || name[0] == 'W') unexpected(f, start);
        fail(start, "unknown month name '" + std::string(s_.substr(start, i - start)) + "' (JAN-DEC)");
      }
      for (std::size_t k = 0; k < kDayNames.size(); ++k)
        if (name == kDayNames[k]) return {static_cast<int>(k) + 1, true};
      if (name[0] == 'L' || name[0] == 'W') unexpected(f, start);
      fail(start, "unknown day-of-week name '" + std::string(s_.substr(start, i - start)) + "' (SUN-SAT)");
    }
    if (i >= end) fail(i, std::string("expected a ") + spec.unit + " value");
    unexpected(f, i);
  }

  static std::string range_text(const FieldSpec& spec) {
    return std::to_string(spec.lo) + "-" + std::to_string(spec.hi);
  }

  [[noreturn]] void unexpected(FieldIndex f, std::size_t i) const {
    const char c = upper(s_[i]);
    const std::string field = kFields[f].name;
    if (c == 'L' && f != kDayOfMonthField && f != kDayOfWeekField)
      fail(i, "'L' is not allowed in the " + field + " field (only day-of-month and day-of-week)");
    if (c == 'W' && f == kDayOfMonthField) fail(i, "'W' must follow a single day of month, e.g. 15W");
    if (c == 'L' && f == kDayOfWeekField)
      fail(i, "'L' in the day-of-week field stands alone (Saturday) or follows one day, e.g. 6L");
    if (c == 'W' && f != kDayOfMonthField) fail(i, "'W' is not allowed in the " + field + " field (only day-of-month)");
    if (c == '#' && f != kDayOfWeekField) fail(i, "'#' is not allowed in the " + field + " field (only day-of-week)");
    if (c == '?') fail(i, "'?' is allowed only as the whole day-of-month or day-of-week field");
    if (is_alpha(c) && f != kMonthField && f != kDayOfWeekField)
      fail(i, "names are allowed only in the month and day-of-week fields");
    fail(i, "unexpected character " + printable_char(s_[i]) + " in the " + field + " field");
  }

  int read_step(FieldIndex f, std::size_t& i, std::size_t end) {
    const std::size_t start = i;
    if (i >= end || !is_digit(s_[i])) fail(i, "'/' must be followed by a step (a whole number)");
    long v = 0;
    while (i < end && is_digit(s_[i])) {
      v = v * 10 + (s_[i] - '0');
      if (v > 100000) break;
      ++i;
    }
    const FieldSpec& spec = kFields[f];
    const int max_step = f == kYearField ? spec.hi - spec.lo + 1 : spec.hi;
    if (v == 0) fail(start, "a step of 0 is not allowed");
    if (v > max_step) {
      std::size_t digits_end = start;
      while (digits_end < end && is_digit(s_[digits_end])) ++digits_end;
      fail(start, "step " + std::string(s_.substr(start, digits_end - start)) + " is larger than " +
                      std::to_string(max_step) + " in the " + spec.name + " field");
    }
    return static_cast<int>(v);
  }

  void parse_field(FieldIndex f, std::size_t begin, std::size_t end) {
    const std::string_view text = s_.substr(begin, end - begin);
    if (text == "?") {
      if (f == kDayOfMonthField)
        cron_->day_of_month_unspecified_ = true;
      else if (f == kDayOfWeekField)
        cron_->day_of_week_unspecified_ = true;
      else
        fail(begin, "'?' is allowed only in the day-of-month and day-of-week fields");
      return;
    }
    const bool list = text.find(',') != std::string_view::npos;
    if (f == kDayOfMonthField && parse_day_of_month_special(begin, end, list)) return;
    if (f == kDayOfWeekField && parse_day_of_week_special(begin, end, list)) return;

    std::size_t i = begin;
    for (;;) {
      const std::size_t item_end = std::min(end, s_.find(',', i));
      if (item_end == i) fail(i, std::string("empty item in the ") + kFields[f].name + " list");
      parse_item(f, i, item_end);
      if (item_end == end) break;
      i = item_end + 1;
      if (i == end) fail(i - 1, std::string("the ") + kFields[f].name + " list ends with ','");
    }
  }

  // "*", "*/n", "a", "a-b", "a/n", "a-b/n"
  void parse_item(FieldIndex f, std::size_t i, std::size_t end) {
    const FieldSpec& spec = kFields[f];
    if (s_[i] == '*') {
      ++i;
      int step = 1;
      if (i < end && s_[i] == '/') {
        ++i;
        step = read_step(f, i, end);
      }
      if (i != end) unexpected(f, i);
      add_range(f, spec.lo, spec.hi, step);
      return;
    }
    const std::size_t first_pos = i;
    const Value first = read_value(f, i, end);
    int stop = first.value;
    bool range = false;
    bool named = first.named;
    if (i < end && s_[i] == '-') {
      ++i;
      const Value last = read_value(f, i, end);
      stop = last.value;
      named = named || last.named;
      range = true;
      if (f == kYearField && stop < first.value)
        fail(first_pos, "year range " + std::to_string(first.value) + "-" + std::to_string(stop) + " runs backwards");
    }
    if (i < end && s_[i] == '/') {
      if (named) fail(i, "a step cannot follow a month or day name (Quartz would ignore it); use numbers, e.g. 2-6/2");
      ++i;
      const int step = read_step(f, i, end);
      if (i != end) unexpected(f, i);
      add_range(f, first.value, range ? stop : spec.hi, step);
      return;
    }
    if (i != end) {
      const char c = upper(s_[i]);
      if (f == kDayOfWeekField && (c == 'L' || c == '#'))
        fail(i, std::string("'") + c + "' must stand alone in the day-of-week field, e.g. 6L or 6#3");
      if (f == kDayOfMonthField && c == 'W' && i + 1 == end) {
        if (range) fail(i, "'W' needs a single day of month, not a range (Quartz would drop the W)");
        cron_->nearest_weekday_ = true;
        add(f, first.value);
        return;
      }
      unexpected(f, i);
    }
    add_range(f, first.value, stop, 1);
  }

  // L, L-n, LW, L-nW. Returns false when the field is an ordinary one (nW, alone or in a list, is
  // an item of one: see parse_item).
  bool parse_day_of_month_special(std::size_t begin, std::size_t end, bool list) {
    std::size_t i = begin;
    if (list) {
      for (std::size_t k = begin; k < end; ++k)
        if (upper(s_[k]) == 'L')
          fail(k,
               "'L' and 'LW' cannot be combined with other days of the month in a list (Quartz: \"Support for "
               "specifying 'L' and 'LW' with other days of the month is not implemented\")");
      return false;
    }
    if (upper(s_[i]) == 'L') {
      cron_->last_day_of_month_ = true;
      ++i;
      if (i < end && s_[i] == '-') {
        ++i;
        const std::size_t at = i;
        if (i >= end || !is_digit(s_[i])) fail(i, "'L-' must be followed by a number of days (0-30)");
        int n = 0;
        while (i < end && is_digit(s_[i]) && n <= 30) n = n * 10 + (s_[i++] - '0');
        if (n > 30) fail(at, "the offset in 'L-n' must be 0-30");
        cron_->last_day_offset_ = n;
      }
      if (i < end && upper(s_[i]) == 'W') {
        cron_->nearest_weekday_ = true;
        ++i;
      }
      if (i != end) unexpected(kDayOfMonthField, i);
      return true;
    }
    return false;
  }

  // L, nL, n#k. Returns false when the field is an ordinary one.
  bool parse_day_of_week_special(std::size_t begin, std::size_t end, bool list) {
    const std::string_view text = s_.substr(begin, end - begin);
    if (text.size() == 1 && upper(text[0]) == 'L') {
      add(kDayOfWeekField, 7);
      return true;
    }
    const std::size_t hash = text.find('#');
    if (text.size() > 1 && upper(text[0]) == 'L')
      fail(begin, "'L' in the day-of-week field stands alone (Saturday) or follows one day, e.g. 6L");
    const bool last = text.size() > 1 && upper(text.back()) == 'L' && (is_alpha(text[0]) || is_digit(text[0]));
    if (hash == std::string_view::npos && !last) return false;
    if (list)
      fail(begin + (hash != std::string_view::npos ? hash : text.size() - 1),
           std::string("'") + (hash != std::string_view::npos ? '#' : 'L') +
               "' cannot be combined with other days in a list");
    std::size_t i = begin;
    const Value day = read_value(kDayOfWeekField, i, end);
    if (i >= end || (s_[i] != '#' && upper(s_[i]) != 'L')) {
      if (i < end && (s_[i] == '-' || s_[i] == '/')) fail(i, "'L' and '#' take a single day of week, not a range");
      unexpected(kDayOfWeekField, i < end ? i : end - 1);
    }
    if (upper(s_[i]) == 'L') {
      if (i + 1 != end) unexpected(kDayOfWeekField, i + 1);
      cron_->last_day_of_week_ = true;
    } else {
      ++i;
      const std::size_t at = i;
      if (i >= end || !is_digit(s_[i])) fail(i, "'#' must be followed by 1-5 (the n-th such weekday of the month)");
      int n = 0;
      while (i < end && is_digit(s_[i]) && n < 100) n = n * 10 + (s_[i++] - '0');
      if (i != end) unexpected(kDayOfWeekField, i);
      if (n < 1 || n > 5)
        fail(at, "'#' must be followed by 1-5 (the n-th such weekday of the month), not " + std::to_string(n));
      cron_->nth_day_of_week_ = n;
    }
    add(kDayOfWeekField, day.value);
    return true;
  }

  std::string_view s_;
  QuartzCron* cron_ = nullptr;
};

QuartzCron QuartzCron::parse(std::string_view expr) { return QuartzCronParser(expr).run(); }

// ---------------------------------------------------------------------------------------------
// Evaluation: a line-by-line port of Quartz 2.3.2's CronExpression.getTimeAfter on top of an
// emulation of the lenient java.util.GregorianCalendar it drives.

namespace {

using detail::days_from_civil;
using detail::days_in_month;
using detail::floor_div;
using detail::floor_mod;

enum CalendarField { kYear, kMonth, kDay, kHour, kMinute, kSecond };  // kMonth is 0-based, as in Java

// Fields are set without normalising; the first get() after a set() rebuilds the wall time from
// all fields (month, day and time overflow carry over, as lenient Java calendars do), resolves it
// to an instant by Java's wall-time rule and recomputes every field from that instant.
class JavaCalendar {
 public:
  JavaCalendar(const detail::ZoneTable& zone, UnixSeconds t) : zone_(&zone) { set_time(t); }
  JavaCalendar(const detail::ZoneTable& zone, const std::array<std::int64_t, 6>& fields)
      : zone_(&zone), f_(fields), dirty_(true) {}

  void set(CalendarField f, std::int64_t v) {
    f_[f] = v;
    dirty_ = true;
  }
  void touch() { dirty_ = true; }
  std::int64_t get(CalendarField f) {
    complete();
    return f_[f];
  }
  int day_of_week() {  // 1 = Sunday ... 7 = Saturday
    complete();
    return dow_;
  }
  UnixSeconds time() {
    complete();
    return time_;
  }
  // Calendar.add(YEAR, n): the day of month is pinned to the new month's length.
  void add_years(int n) {
    complete();
    f_[kYear] += n;
    const int dim = days_in_month(f_[kYear], static_cast<int>(f_[kMonth]) + 1);
    if (f_[kDay] > dim) f_[kDay] = dim;
    dirty_ = true;
  }

 private:
  void complete() {
    if (!dirty_) return;
    const std::int64_t year = f_[kYear] + floor_div(f_[kMonth], 12);
    const int month = static_cast<int>(floor_mod(f_[kMonth], 12)) + 1;
    const std::int64_t local =
        (days_from_civil(year, month, 1) + f_[kDay] - 1) * 86400 + f_[kHour] * 3600 + f_[kMinute] * 60 + f_[kSecond];
    set_time(zone_->resolve_wall(local));
  }

  void set_time(UnixSeconds t) {
    time_ = t;
    const std::int64_t local = t + zone_->offset_at(t);
    const std::int64_t days = floor_div(local, 86400);
    const std::int64_t sod = local - days * 86400;
    const auto ymd = detail::civil_from_days(days);
    f_ = {ymd.year, ymd.month - 1, ymd.day, sod / 3600, sod / 60 % 60, sod % 60};
    dow_ = detail::weekday_from_days(days) + 1;
    dirty_ = false;
  }

  const detail::ZoneTable* zone_;
  std::array<std::int64_t, 6> f_{};
  UnixSeconds time_ = 0;
  int dow_ = 1;
  bool dirty_ = false;
};

// Quartz's setCalendarHour: when the hour does not survive (a spring-forward gap), take the next.
void set_calendar_hour(JavaCalendar& cal, std::int64_t hour) {
  cal.set(kHour, hour);
  if (cal.get(kHour) != hour && hour != 24) cal.set(kHour, hour + 1);
}

void restart_day(JavaCalendar& cal, std::int64_t day, std::int64_t month0) {
  cal.set(kSecond, 0);
  cal.set(kMinute, 0);
  cal.set(kHour, 0);
  cal.set(kDay, day);
  cal.set(kMonth, month0);
}

}  // namespace

std::optional<UnixSeconds> QuartzCron::next_after_in(const detail::ZoneTable& zone, UnixSeconds after) const {
  const UnixSeconds after_time = after + 1;
  JavaCalendar cl(zone, after_time);
  cl.touch();  // cl.set(Calendar.MILLISECOND, 0)

  // The 'W' rule: Quartz moves `day` to the nearest weekday on a scratch calendar and reports
  // whether that day at the current time of day is already past.
  const auto nearest_weekday = [&](std::int64_t day, std::int64_t mon, std::int64_t sec, std::int64_t min,
                                   std::int64_t hr, bool& before) {
    const std::int64_t year = cl.get(kYear);
    JavaCalendar tcal(zone, {year, mon - 1, day, 0, 0, 0});
    const int ldom = days_in_month(year, static_cast<int>(mon));
    const int dow = tcal.day_of_week();
    if (dow == 7 && day == 1)
      day += 2;
    else if (dow == 7)
      day -= 1;
    else if (dow == 1 && day == ldom)
      day -= 2;
    else if (dow == 1)
      day += 1;
    tcal.set(kSecond, sec);
    tcal.set(kMinute, min);
    tcal.set(kHour, hr);
    tcal.set(kDay, day);
    tcal.set(kMonth, mon - 1);
    before = tcal.time() < after_time;
    return day;
  };

  // Quartz's loop only moves forward and stops past kMaxYear; the cap turns a bug into an error
  // instead of a hang (the longest legitimate search, a date that never comes, takes ~3 steps a
  // month up to 2199: under 10,000).
  constexpr int kMaxSteps = 1'000'000;
  for (int step = 0;; ++step) {
    if (step == kMaxSteps)
      throw std::logic_error("Quartz search for '" + expression_ + "' did not settle after " + format_utc(after));
    if (cl.get(kYear) > kMaxYear) return std::nullopt;

    std::int64_t sec = cl.get(kSecond);
    std::int64_t min = cl.get(kMinute);
    if (const int s = seconds_.ceil(sec); s >= 0) {
      sec = s;
    } else {
      sec = seconds_.first();
      ++min;
      cl.set(kMinute, min);
    }
    cl.set(kSecond, sec);

    min = cl.get(kMinute);
    std::int64_t hr = cl.get(kHour);
    std::int64_t t = -1;
    if (const int m = minutes_.ceil(min); m >= 0) {
      t = min;
      min = m;
    } else {
      min = minutes_.first();
      ++hr;
    }
    if (min != t) {
      cl.set(kSecond, 0);
      cl.set(kMinute, min);
      set_calendar_hour(cl, hr);
      continue;
    }
    cl.set(kMinute, min);

    hr = cl.get(kHour);
    std::int64_t day = cl.get(kDay);
    t = -1;
    if (const int h = hours_.ceil(hr); h >= 0) {
      t = hr;
      hr = h;
    } else {
      hr = hours_.first();
      ++day;
    }
    if (hr != t) {
      cl.set(kSecond, 0);
      cl.set(kMinute, 0);
      cl.set(kDay, day);
      set_calendar_hour(cl, hr);
      continue;
    }
    cl.set(kHour, hr);

    day = cl.get(kDay);
    std::int64_t mon = cl.get(kMonth) + 1;
    t = -1;
    std::int64_t tmon = mon;

    if (!day_of_month_unspecified_) {
      const int st = days_of_month_.ceil(day);
      if (last_day_of_month_) {
        t = day;
        day = days_in_month(cl.get(kYear), static_cast<int>(mon)) - last_day_offset_;
        if (!nearest_weekday_) {
          if (t > day) {
            ++mon;
            if (mon > 12) {
              mon = 1;
              tmon = 3333;
              cl.add_years(1);
            }
            day = 1;
          }
        } else {
          bool before = false;
          day = nearest_weekday(day, mon, sec, min, hr, before);
          if (before) {
            day = 1;
            ++mon;
          }
        }
      } else if (nearest_weekday_) {
        // Only the smallest day of the field counts: "2W,16", "16,2W" and "2,16W" all fire on the
        // weekday nearest the 2nd and never on the 16th (quartz-scheduler/quartz@v2.3.2:
        // quartz-core/src/main/java/org/quartz/CronExpression.java, getTimeAfter lines 1314-1349,
        // `day = daysOfMonth.first()`; one nearestWeekday flag for the whole field, lines 744-756).
        t = day;
        bool before = false;
        day = nearest_weekday(days_of_month_.first(), mon, sec, min, hr, before);
        if (before) {
          day = days_of_month_.first();
          ++mon;
        }
      } else if (st >= 0) {
        t = day;
        day = st;
        if (day > days_in_month(cl.get(kYear), static_cast<int>(mon))) {
          day = days_of_month_.first();
          ++mon;
        }
      } else {
        day = days_of_month_.first();
        ++mon;
      }
      if (day != t || mon != tmon) {
        restart_day(cl, day, mon - 1);
        continue;
      }
    } else if (last_day_of_week_) {
      const int dow = days_of_week_.first();
      const int cdow = cl.day_of_week();
      std::int64_t add = 0;
      if (cdow < dow) add = dow - cdow;
      if (cdow > dow) add = dow + (7 - cdow);
      const int ldom = days_in_month(cl.get(kYear), static_cast<int>(mon));
      if (day + add > ldom) {
        restart_day(cl, 1, mon);
        continue;
      }
      while (day + add + 7 <= ldom) add += 7;
      day += add;
      if (add > 0) {
        restart_day(cl, day, mon - 1);
        continue;
      }
    } else if (nth_day_of_week_ != 0) {
      const int dow = days_of_week_.first();
      const int cdow = cl.day_of_week();
      std::int64_t add = 0;
      if (cdow < dow)
        add = dow - cdow;
      else if (cdow > dow)
        add = dow + (7 - cdow);
      const bool shifted = add > 0;
      day += add;
      std::int64_t week = day / 7;
      if (day % 7 > 0) ++week;
      add = (nth_day_of_week_ - week) * 7;
      day += add;
      if (add < 0 || day > days_in_month(cl.get(kYear), static_cast<int>(mon))) {
        restart_day(cl, 1, mon);
        continue;
      }
      if (add > 0 || shifted) {
        restart_day(cl, day, mon - 1);
        continue;
      }
    } else {
      const int cdow = cl.day_of_week();
      int dow = days_of_week_.first();
      if (const int c = days_of_week_.ceil(cdow); c >= 0) dow = c;
      std::int64_t add = 0;
      if (cdow < dow) add = dow - cdow;
      if (cdow > dow) add = dow + (7 - cdow);
      const int ldom = days_in_month(cl.get(kYear), static_cast<int>(mon));
      if (day + add > ldom) {
        restart_day(cl, 1, mon);
        continue;
      }
      if (add > 0) {
        restart_day(cl, day + add, mon - 1);
        continue;
      }
    }
    cl.set(kDay, day);

    mon = cl.get(kMonth) + 1;
    std::int64_t year = cl.get(kYear);
    t = -1;
    if (year > kMaxYear) return std::nullopt;
    if (const int m = months_.ceil(mon); m >= 0) {
      t = mon;
      mon = m;
    } else {
      mon = months_.first();
      ++year;
    }
    if (mon != t) {
      restart_day(cl, 1, mon - 1);
      cl.set(kYear, year);
      continue;
    }
    cl.set(kMonth, mon - 1);

    year = cl.get(kYear);
    const int y = next_year(year);
    if (y < 0) return std::nullopt;
    if (y != year) {
      restart_day(cl, 1, 0);
      cl.set(kYear, y);
      continue;
    }
    cl.set(kYear, year);
    return cl.time();
  }
}

std::optional<UnixSeconds> QuartzCron::next_after(UnixSeconds t, const date::time_zone* zone) const {
  return next_after_in(detail::ZoneTable::get(zone), t);
}

// Quartz's fire times in [from, to). Between two fire times on the same local day with no UTC
// offset change in between (and not in the last stretch before a fall-back, whose wall times
// Java reads as the second pass), Quartz returns exactly the next allowed second of the day, so
// those come straight from seconds_of_day_; every other step goes through next_after_in.
template <class Emit>
void QuartzCron::enumerate(UnixSeconds from, UnixSeconds to, const date::time_zone* tz, Emit&& emit) const {
  if (from >= to) return;
  const detail::ZoneTable& zone = detail::ZoneTable::get(tz);
  std::optional<UnixSeconds> next = next_after_in(zone, from - 1);
  while (next && *next < to) {
    UnixSeconds fire = *next;
    emit(fire);
    const std::size_t k = zone.index_at(fire);
    const int offset = zone.offset(k);
    UnixSeconds safe_end = zone.end(k);
    if (k + 1 < zone.size() && zone.offset(k + 1) < offset) safe_end -= offset - zone.offset(k + 1);
    const std::int64_t local = fire + offset;
    const std::int64_t day_start = floor_div(local, 86400) * 86400;
    const UnixSeconds base = day_start - offset;
    const UnixSeconds stop = std::min(to, safe_end);
    auto it =
        std::upper_bound(seconds_of_day_.begin(), seconds_of_day_.end(), static_cast<std::int32_t>(local - day_start));
    for (; it != seconds_of_day_.end(); ++it) {
      const UnixSeconds c = base + *it;
      if (c >= stop) break;
      emit(c);
      fire = c;
    }
    if (it != seconds_of_day_.end() && base + *it >= to) return;
    next = next_after_in(zone, fire);
  }
}

std::vector<UnixSeconds> QuartzCron::fire_times(UnixSeconds from, UnixSeconds to, const date::time_zone* zone,
                                                std::size_t limit, UnixSeconds min_seconds_between_runs) const {
  std::vector<UnixSeconds> out;
  enumerate(from, to, zone, [&](UnixSeconds t) {
    if (!out.empty() && t - out.back() < min_seconds_between_runs) return;
    if (out.size() == limit)
      throw ModelError("schedule '" + expression_ + "' runs more than " + std::to_string(limit) + " times in [" +
                       format_utc(from) + ", " + format_utc(to) + "); narrow the window or count the runs instead");
    out.push_back(t);
  });
  return out;
}

std::size_t QuartzCron::count(UnixSeconds from, UnixSeconds to, const date::time_zone* zone,
                              UnixSeconds min_seconds_between_runs) const {
  std::size_t n = 0;
  UnixSeconds last = 0;
  enumerate(from, to, zone, [&](UnixSeconds t) {
    if (n > 0 && t - last < min_seconds_between_runs) return;
    ++n;
    last = t;
  });
  return n;
}

}  // namespace dbcost
