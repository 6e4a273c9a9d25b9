// UTC calendar arithmetic for waivers and report timestamps (no time zone database:
// reports must not depend on the runner's TZ).
#include "report/time_util.h"

#include <cstdio>

namespace edict::report {

std::string format_date(int64_t days) {
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string format_rfc3339(int64_t unix_seconds) {
  int64_t days = day_of(unix_seconds);
  int64_t rest = unix_seconds - days * 86400;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", format_date(days).c_str(),
                static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60));
  return buf;
}

}  // namespace edict::report
