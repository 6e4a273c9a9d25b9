// Proleptic Gregorian calendar arithmetic in UTC (days since 1970-01-01), shared by the
// date built-ins and the report layer's waivers and timestamps. No time zone database:
// results must not depend on the machine's TZ.
#pragma once

#include <cstdint>

namespace edict {

// Days since 1970-01-01 of year-month-day (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
// The inverse.
void civil_from_days(int64_t days, int64_t* year, unsigned* month, unsigned* day);

}  // namespace edict
