// UTC calendar arithmetic for waivers and report timestamps (no time zone database:
// reports must not depend on the runner's TZ).
#include "report/time_util.h"

#include <cstdio>

namespace edict::report {

namespace {

bool digits(std::string_view text, size_t pos, size_t n, int* out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<int64_t> parse_timestamp(std::string_view t) {
  int y, mo, d;
  if (!digits(t, 0, 4, &y) || t.size() < 10 || t[4] != '-' || !digits(t, 5, 2, &mo) || t[7] != '-' ||
      !digits(t, 8, 2, &d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, mo)) return std::nullopt;
  int64_t seconds = days_from_civil(y, mo, d) * 86400;
  if (t.size() == 10) return seconds;
  if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
  int h, mi, s;
  if (!digits(t, 11, 2, &h) || t.size() < 19 || t[13] != ':' || !digits(t, 14, 2, &mi) || t[16] != ':' ||
      !digits(t, 17, 2, &s))
    return std::nullopt;
  if (h > 23 || mi > 59 || s > 60) return std::nullopt;  // 60: a leap second, counted as :59 + 1
  seconds += h * 3600 + mi * 60 + s;
  size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {  // fractional seconds are accepted and dropped
    ++pos;
    size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= t.size()) return std::nullopt;  // RFC 3339 requires an offset
  if ((t[pos] == 'Z' || t[pos] == 'z') && pos + 1 == t.size()) return seconds;
  if (t[pos] != '+' && t[pos] != '-') return std::nullopt;
  int oh, om;
  if (pos + 6 != t.size() || !digits(t, pos + 1, 2, &oh) || t[pos + 3] != ':' || !digits(t, pos + 4, 2, &om) ||
      oh > 23 || om > 59)
    return std::nullopt;
  int64_t offset = oh * 3600 + om * 60;
  return t[pos] == '+' ? seconds - offset : seconds + offset;
}

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
