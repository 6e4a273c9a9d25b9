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
using edict::day_of;
using edict::parse_timestamp;

std::string format_rfc3339(int64_t unix_seconds);  // "2026-11-21T10:00:00Z"
std::string format_date(int64_t days);             // "2027-03-31"

}  // namespace edict::report
