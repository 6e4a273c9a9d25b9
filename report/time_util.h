// Dates and instants for waivers, `--now` and report timestamps. Everything is UTC:
// a waiver that expires on 2027-03-31 expires at the same instant on every runner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/calendar.h"

namespace edict::report {

// Calendar arithmetic is the runtime's (runtime/calendar.h), shared with the date built-ins.
using edict::civil_from_days;
using edict::days_from_civil;

// `2026-11-21` (midnight UTC), `2026-11-21T10:00:00Z`, `2026-11-21T10:00:00.5+01:00`
// (also lowercase `t`/`z` or a space between date and time, as RFC 3339 allows).
// Returns Unix seconds, or nullopt on anything else, including impossible dates.
std::optional<int64_t> parse_timestamp(std::string_view text);

std::string format_rfc3339(int64_t unix_seconds);  // "2026-11-21T10:00:00Z"
std::string format_date(int64_t days);             // "2027-03-31"
inline int64_t day_of(int64_t unix_seconds) {
  return unix_seconds >= 0 ? unix_seconds / 86400 : -((-unix_seconds + 86399) / 86400);
}

}  // namespace edict::report
