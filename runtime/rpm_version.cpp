// rpmvercmp and rpmverCmp (rpm 4.18, rpmio/rpmver.c) over string_views. The test
// tests/collectors/rpm_vercmp_test.cpp compares both with rpm's own on 40+ pairs.
#include "runtime/rpm_version.h"

#include <optional>

namespace edict {

namespace {

// rpm's risdigit/risalpha/risalnum: ASCII only, whatever the locale.
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_alnum(char c) { return ascii_digit(c) || ascii_alpha(c); }

// rpm works on C strings: a NUL byte ends the string there.
std::string_view c_string(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

int sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

struct Evr {
  std::string_view epoch;                   // "0" when written as ":v"
  bool has_epoch = false;
  std::string_view version;
  std::optional<std::string_view> release;  // absent without a '-'
};

// rpm's parseEVR: leading digits followed by ':' are the epoch; the last '-' after
// them splits version from release.
Evr parse_evr(std::string_view s) {
  Evr evr;
  size_t digits = 0;
  while (digits < s.size() && ascii_digit(s[digits])) ++digits;
  size_t dash = s.rfind('-');
  if (dash != std::string_view::npos && dash < digits) dash = std::string_view::npos;
  std::string_view rest = s;
  if (digits < s.size() && s[digits] == ':') {
    evr.has_epoch = true;
    evr.epoch = digits == 0 ? std::string_view("0") : s.substr(0, digits);
    rest = s.substr(digits + 1);
    if (dash != std::string_view::npos) dash -= digits + 1;
  }
  if (dash != std::string_view::npos) {
    evr.version = rest.substr(0, dash);
    evr.release = rest.substr(dash + 1);
  } else {
    evr.version = rest;
  }
  return evr;
}

}  // namespace

int rpm_segment_compare(std::string_view a_in, std::string_view b_in) {
  std::string_view a = c_string(a_in), b = c_string(b_in);
  if (a == b) return 0;
  size_t i = 0, j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !ascii_alnum(a[i]) && a[i] != '~' && a[i] != '^') ++i;
    while (j < b.size() && !ascii_alnum(b[j]) && b[j] != '~' && b[j] != '^') ++j;
    char ca = at(a, i), cb = at(b, j);
    // `~` sorts before everything, the end of the string included.
    if (ca == '~' || cb == '~') {
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      ++i, ++j;
      continue;
    }
    // `^` sorts after the end of the string but before anything else.
    if (ca == '^' || cb == '^') {
      if (ca == '\0') return -1;
      if (cb == '\0') return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      ++i, ++j;
      continue;
    }
    if (ca == '\0' || cb == '\0') break;
    size_t ea = i, eb = j;
    bool numeric = ascii_digit(ca);
    if (numeric) {
      while (ea < a.size() && ascii_digit(a[ea])) ++ea;
      while (eb < b.size() && ascii_digit(b[eb])) ++eb;
    } else {
      while (ea < a.size() && ascii_alpha(a[ea])) ++ea;
      while (eb < b.size() && ascii_alpha(b[eb])) ++eb;
    }
    // A numeric segment against an alpha one: the number is newer.
    if (eb == j) return numeric ? 1 : -1;
    std::string_view sa = a.substr(i, ea - i), sb = b.substr(j, eb - j);
    if (numeric) {
      while (!sa.empty() && sa.front() == '0') sa.remove_prefix(1);
      while (!sb.empty() && sb.front() == '0') sb.remove_prefix(1);
      if (sa.size() != sb.size()) return sa.size() > sb.size() ? 1 : -1;
    }
    int rc = sa.compare(sb);
    if (rc != 0) return sign(rc);
    i = ea;
    j = eb;
  }
  // Every segment matched: the one with characters left over is newer.
  if (i >= a.size() && j >= b.size()) return 0;
  return i >= a.size() ? -1 : 1;
}

bool rpm_version_compare(std::string_view a, std::string_view b, int* result) {
  a = c_string(a);
  b = c_string(b);
  if (a.empty() || b.empty()) return false;
  Evr x = parse_evr(a), y = parse_evr(b);
  int rc = rpm_segment_compare(x.has_epoch ? x.epoch : "0", y.has_epoch ? y.epoch : "0");
  if (rc == 0) rc = rpm_segment_compare(x.version, y.version);
  if (rc == 0) {
    if (x.release && y.release) rc = rpm_segment_compare(*x.release, *y.release);
    else if (x.release) rc = 1;
    else if (y.release) rc = -1;
  }
  *result = rc;
  return true;
}

}  // namespace edict
