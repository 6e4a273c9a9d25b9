#include "runtime/calendar.h"

namespace edict {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2);
}

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

std::optional<int64_t> parse(std::string_view t, bool local_is_utc) {
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
  // RFC 3339 requires an offset; a TOML local date-time has none.
  if (pos >= t.size()) return local_is_utc ? std::optional<int64_t>(seconds) : std::nullopt;
  if ((t[pos] == 'Z' || t[pos] == 'z') && pos + 1 == t.size()) return seconds;
  if (t[pos] != '+' && t[pos] != '-') return std::nullopt;
  int oh, om;
  if (pos + 6 != t.size() || !digits(t, pos + 1, 2, &oh) || t[pos + 3] != ':' || !digits(t, pos + 4, 2, &om) ||
      oh > 23 || om > 59)
    return std::nullopt;
  int64_t offset = oh * 3600 + om * 60;
  return t[pos] == '+' ? seconds - offset : seconds + offset;
}

}  // namespace

std::optional<int64_t> parse_timestamp(std::string_view text) { return parse(text, false); }

std::optional<int64_t> parse_timestamp_utc_default(std::string_view text) { return parse(text, true); }

}  // namespace edict
