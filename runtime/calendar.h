// Proleptic Gregorian calendar arithmetic in UTC (days since 1970-01-01), shared by the
// date built-ins and the report layer's waivers and timestamps. No time zone database:
// results must not depend on the machine's TZ.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace edict {

// Days since 1970-01-01 of year-month-day (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
// The inverse.
void civil_from_days(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// `2026-11-21` (midnight UTC), `2026-11-21T10:00:00Z`, `2026-11-21T10:00:00.5+01:00`
// (also lowercase `t`/`z` or a space between date and time, as RFC 3339 allows).
// Returns Unix seconds, or nullopt on anything else, including impossible dates.
// `--now`, waivers and the date built-ins all read instants with this one parser.
std::optional<int64_t> parse_timestamp(std::string_view text);

// The same, and also a date-time without an offset (`2026-11-21T10:00:00`, a TOML
// local date-time as a facts file gives it), read as UTC like every date in Edict.
std::optional<int64_t> parse_timestamp_utc_default(std::string_view text);

// The day (days since 1970-01-01) of an instant in Unix seconds, rounding down.
inline int64_t day_of(int64_t unix_seconds) {
  return unix_seconds >= 0 ? unix_seconds / 86400 : -((-unix_seconds + 86399) / 86400);
}

}  // namespace edict
