// The built-in functions' C++ bodies. Each validates its argument kinds (a wrong kind is
// an `error` outcome with a message, never a crash) and allocates only in the scratch arena.
#include "runtime/builtins.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "runtime/calendar.h"
#include "runtime/cidr_memo.h"
#include "runtime/rpm_version.h"
#include "runtime/uint128.h"

namespace edict {

const BuiltinInfo& builtin_info(Builtin id) { return kBuiltinInfo[static_cast<uint8_t>(id)]; }

std::optional<Builtin> find_builtin(std::string_view name) {
  for (uint32_t i = 0; i < kBuiltinCount; ++i) {
    if (name == kBuiltinInfo[i].name) return static_cast<Builtin>(i);
  }
  return std::nullopt;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool parse_ipv4(std::string_view text, uint8_t out[4]) {
  int part = 0;
  size_t i = 0;
  for (; part < 4; ++part) {
    if (i >= text.size() || !is_digit(text[i])) return false;
    int value = 0;
    size_t digits = 0;
    while (i < text.size() && is_digit(text[i])) {
      value = value * 10 + (text[i] - '0');
      if (++digits > 3 || value > 255) return false;
      ++i;
    }
    // Leading zeros are ambiguous (octal in some parsers): refuse them.
    if (digits > 1 && text[i - digits] == '0') return false;
    out[part] = static_cast<uint8_t>(value);
    if (part < 3) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  return i == text.size();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_ipv6(std::string_view text, uint8_t out[16]) {
  uint16_t groups[8] = {};
  int count = 0;
  int gap = -1;  // index where `::` stands
  size_t i = 0;
  if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
    gap = 0;
    i = 2;
    if (i == text.size()) {
      std::memset(out, 0, 16);
      return true;
    }
  } else if (!text.empty() && text[0] == ':') {
    return false;
  }
  while (i < text.size()) {
    if (count == 8) return false;
    // An embedded IPv4 tail (::ffff:1.2.3.4).
    size_t end = text.find_first_of(":", i);
    std::string_view piece = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (piece.find('.') != std::string_view::npos) {
      if (end != std::string_view::npos || count > 6) return false;
      uint8_t v4[4];
      if (!parse_ipv4(piece, v4)) return false;
      groups[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      i = text.size();
      break;
    }
    if (piece.empty() || piece.size() > 4) return false;
    uint16_t value = 0;
    for (char c : piece) {
      int h = hex_value(c);
      if (h < 0) return false;
      value = static_cast<uint16_t>(value << 4 | h);
    }
    groups[count++] = value;
    i += piece.size();
    if (i == text.size()) break;
    ++i;  // the ':'
    if (i < text.size() && text[i] == ':') {
      if (gap >= 0) return false;
      gap = count;
      ++i;
      if (i == text.size()) break;
    } else if (i == text.size()) {
      return false;  // trailing single ':'
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count == 8) return false;
  uint16_t full[8] = {};
  if (gap < 0) {
    std::copy(groups, groups + 8, full);
  } else {
    int tail = count - gap;
    std::copy(groups, groups + gap, full);
    std::copy(groups + gap, groups + count, full + 8 - tail);
  }
  for (int g = 0; g < 8; ++g) {
    out[2 * g] = static_cast<uint8_t>(full[g] >> 8);
    out[2 * g + 1] = static_cast<uint8_t>(full[g] & 0xff);
  }
  return true;
}

bool prefix_match(const uint8_t a[16], const uint8_t b[16], int bits) {
  int bytes = bits / 8;
  if (std::memcmp(a, b, bytes) != 0) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[bytes] & mask) == (b[bytes] & mask);
}

std::string quoted(const Value& v) { return to_display(v); }

bool want_string(const char* fn, const Value& v, int position, std::string* error) {
  if (v.kind == ValueKind::kString) return true;
  *error = std::string("`") + fn + "` expects a string as argument " + std::to_string(position) + ", got " +
           a_kind(v.kind);
  return false;
}

// The first and last address of a CIDR as 128-bit numbers (IPv4 in the low 32 bits).
void cidr_span(const uint8_t bytes[16], int bits, bool v6, Uint128* first, Uint128* last) {
  int width = v6 ? 128 : 32;
  Uint128 value = 0;
  for (int i = 0; i < width / 8; ++i) value = value << 8 | bytes[i];
  int host_bits = width - bits;
  Uint128 host_mask = host_bits == 128 ? ~static_cast<Uint128>(0)
                                                 : (static_cast<Uint128>(1) << host_bits) - 1;
  *first = value & ~host_mask;
  *last = *first | host_mask;
}

bool cidr_arg(const char* fn, const Value& v, uint8_t out[16], int* bits, bool* v6, std::string* error) {
  if (!want_string(fn, v, 1, error)) return false;
  if (!parse_cidr_memo(v.str(), out, bits, v6)) {
    *error = std::string("`") + fn + "`: " + quoted(v) + " is not an IP address or CIDR";
    return false;
  }
  return true;
}

// Orders two list elements for min/max; false when they are not comparable.
bool less_than(const Value& a, const Value& b, bool* less) {
  if (a.is_number() && b.is_number()) {
    double x = a.kind == ValueKind::kInt ? static_cast<double>(a.integer) : a.number;
    double y = b.kind == ValueKind::kInt ? static_cast<double>(b.integer) : b.number;
    if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) *less = a.integer < b.integer;
    else *less = x < y;
    return true;
  }
  if (a.kind != b.kind) return false;
  if (a.kind == ValueKind::kString) { *less = a.str() < b.str(); return true; }
  if (a.kind == ValueKind::kVersion) { *less = compare_versions(a, b) < 0; return true; }
  return false;
}

// A date, or a date-time: what a TOML date or date-time in a facts file becomes
// (docs/facts.md). A date-time counts on its UTC day, one without an offset as UTC.
bool days_arg(const char* fn, const Value& v, int64_t* days, std::string* error) {
  if (!want_string(fn, v, 1, error)) return false;
  std::optional<int64_t> instant = parse_timestamp_utc_default(v.str());
  if (!instant) {
    *error = std::string("`") + fn + "`: " + quoted(v) +
             " is not a date (YYYY-MM-DD) or an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SSZ)";
    return false;
  }
  *days = day_of(*instant);
  return true;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int dpkg_order(int c) {
  if (c >= '0' && c <= '9') return 0;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return c;
  if (c == '~') return -1;
  if (c) return c + 256;
  return 0;
}

int verrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto at = [](std::string_view s, size_t k) -> int { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      int ac = dpkg_order(at(a, i));
      int bc = dpkg_order(at(b, j));
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    while (is_digit(static_cast<char>(at(a, i))) && is_digit(static_cast<char>(at(b, j)))) {
      if (!first_diff) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (is_digit(static_cast<char>(at(a, i)))) return 1;
    if (is_digit(static_cast<char>(at(b, j)))) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

void split_debian(std::string_view v, int64_t* epoch, std::string_view* upstream, std::string_view* revision) {
  *epoch = 0;
  size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    int64_t e = 0;
    for (char c : v.substr(0, colon)) {
      if (!is_digit(c) || e > 1'000'000'000) break;
      e = e * 10 + (c - '0');
    }
    *epoch = e;
    v.remove_prefix(colon + 1);
  }
  size_t dash = v.rfind('-');
  if (dash != std::string_view::npos) {
    *upstream = v.substr(0, dash);
    *revision = v.substr(dash + 1);
  } else {
    *upstream = v;
    *revision = {};
  }
}

std::string_view trim_ascii(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

bool parse_ip(std::string_view text, uint8_t out[16], bool* is_v6) {
  std::memset(out, 0, 16);
  if (text.find(':') != std::string_view::npos) {
    *is_v6 = true;
    return parse_ipv6(text, out);
  }
  *is_v6 = false;
  return parse_ipv4(text, out);
}

bool parse_cidr(std::string_view text, uint8_t out[16], int* prefix_bits, bool* is_v6) {
  size_t slash = text.find('/');
  if (!parse_ip(text.substr(0, slash), out, is_v6)) return false;
  int max_bits = *is_v6 ? 128 : 32;
  if (slash == std::string_view::npos) {
    *prefix_bits = max_bits;
    return true;
  }
  std::string_view bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3) return false;
  int value = 0;
  for (char c : bits) {
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  if (value > max_bits) return false;
  *prefix_bits = value;
  return true;
}

int debian_version_compare(std::string_view a, std::string_view b) {
  int64_t ea, eb;
  std::string_view ua, ra, ub, rb;
  split_debian(a, &ea, &ua, &ra);
  split_debian(b, &eb, &ub, &rb);
  if (ea != eb) return ea < eb ? -1 : 1;
  int r = verrevcmp(ua, ub);
  if (r == 0) r = verrevcmp(ra, rb);
  return r < 0 ? -1 : (r > 0 ? 1 : 0);
}

bool parse_date(std::string_view text, int64_t* days) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(text[i])) return false;
  }
  int64_t y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  unsigned m = (text[5] - '0') * 10 + (text[6] - '0');
  unsigned d = (text[8] - '0') * 10 + (text[9] - '0');
  if (m < 1 || m > 12 || d < 1) return false;
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  unsigned limit = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > limit) return false;
  *days = days_from_civil(y, m, d);
  return true;
}

// argc: the verifier already held every CALL to the table's arity, so each case reads
// args[0..arity) without looking at it.
bool call_builtin(Builtin id, const Value* args, [[maybe_unused]] uint32_t argc, BuiltinContext& ctx, Value* out,
                  std::string* error) {
  const char* fn = builtin_info(id).name;
  Arena& arena = *ctx.scratch;
  switch (id) {
    case Builtin::kLen: {
      const Value& v = args[0];
      if (v.kind == ValueKind::kString) {
        int64_t n = 0;
        for (char c : v.str()) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // code points
        *out = Value::of_int(n);
      } else if (v.kind == ValueKind::kList || v.kind == ValueKind::kMap) {
        *out = Value::of_int(v.size);
      } else {
        *error = std::string("`len` expects a string, list or map, got ") + a_kind(v.kind);
        return false;
      }
      return true;
    }
    case Builtin::kLower:
    case Builtin::kUpper: {
      if (!want_string(fn, args[0], 1, error)) return false;
      std::string_view s = args[0].str();
      char* p = arena.allocate_array<char>(s.size() + 1);
      for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (id == Builtin::kLower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (id == Builtin::kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        p[i] = c;
      }
      *out = Value::of_string({p, s.size()});
      return true;
    }
    case Builtin::kTrim:
      if (!want_string(fn, args[0], 1, error)) return false;
      *out = Value::of_string(trim_ascii(args[0].str()));  // a view of the argument's bytes
      return true;
    case Builtin::kSplit: {
      if (!want_string(fn, args[0], 1, error) || !want_string(fn, args[1], 2, error)) return false;
      std::string_view s = args[0].str(), sep = args[1].str();
      if (sep.empty()) {
        *error = "`split` needs a non-empty separator";
        return false;
      }
      size_t n = 1;
      for (size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, at + sep.size())) ++n;
      Value* items = arena.allocate_array<Value>(n);
      size_t k = 0, start = 0;
      for (size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, start)) {
        items[k++] = Value::of_string(s.substr(start, at - start));
        start = at + sep.size();
      }
      items[k++] = Value::of_string(s.substr(start));
      *out = Value::of_list(items, static_cast<uint32_t>(k));
      return true;
    }
    case Builtin::kVersion:
      if (args[0].kind == ValueKind::kVersion) {
        *out = args[0];
        return true;
      }
      if (!want_string(fn, args[0], 1, error)) return false;
      if (!parse_version(arena, trim_ascii(args[0].str()), out)) {
        // Package versions (`3.0.15-1~deb12u1`) are the common case: say what compares them.
        *error = "`version`: " + quoted(args[0]) +
                 " is not a dotted numeric version (compare a Debian package version with "
                 "`debian_version_compare(a, b)`)";
        return false;
      }
      return true;
    case Builtin::kIpInCidr:
    case Builtin::kCidrContains: {
      uint8_t a[16], b[16];
      int abits, bbits;
      bool av6, bv6;
      // ip_in_cidr(ip, cidr): is ip inside cidr; cidr_contains(outer, inner): is inner inside outer.
      const Value& outer = id == Builtin::kIpInCidr ? args[1] : args[0];
      const Value& inner = id == Builtin::kIpInCidr ? args[0] : args[1];
      if (!cidr_arg(fn, outer, a, &abits, &av6, error) || !cidr_arg(fn, inner, b, &bbits, &bv6, error)) return false;
      *out = Value::of_bool(av6 == bv6 && bbits >= abits && prefix_match(a, b, abits));
      return true;
    }
    case Builtin::kIsPrivateIp: {
      uint8_t a[16];
      int bits;
      bool v6;
      if (!cidr_arg(fn, args[0], a, &bits, &v6, error)) return false;
      bool is_private;
      if (v6) {
        is_private = (a[0] & 0xfe) == 0xfc;  // fc00::/7, unique local
      } else {
        is_private = a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168);
      }
      *out = Value::of_bool(is_private);
      return true;
    }
    case Builtin::kCidrCoveredBy: {
      // Is every address of args[0] inside the union of the list's blocks? std.net
      // asks this of the special-purpose registry: 224.0.0.0/3 is two blocks, no one.
      uint8_t a[16];
      int abits;
      bool av6;
      if (!cidr_arg(fn, args[0], a, &abits, &av6, error)) return false;
      if (args[1].kind != ValueKind::kList) {
        *error = std::string("`") + fn + "` expects a list of CIDRs as its second argument, got " + a_kind(args[1].kind);
        return false;
      }
      const Value& list = args[1];
      std::vector<std::pair<Uint128, Uint128>> spans;  // [first, last] inside args[0]
      Uint128 first, last;
      cidr_span(a, abits, av6, &first, &last);
      for (uint32_t i = 0; i < list.size; ++i) {
        if (list.items[i].is_unknown()) {
          *out = Value::unknown();
          return true;
        }
        uint8_t b[16];
        int bbits;
        bool bv6;
        if (!cidr_arg(fn, list.items[i], b, &bbits, &bv6, error)) return false;
        if (bv6 != av6) continue;  // families never mix
        Uint128 lo, hi;
        cidr_span(b, bbits, bv6, &lo, &hi);
        if (hi < first || lo > last) continue;
        spans.emplace_back(lo < first ? first : lo, hi > last ? last : hi);
      }
      std::sort(spans.begin(), spans.end());
      Uint128 next = first;  // the first address not yet covered
      bool covered = false;
      for (const auto& [lo, hi] : spans) {
        if (lo > next) break;
        if (hi >= last) {
          covered = true;
          break;
        }
        if (hi + 1 > next) next = hi + 1;
      }
      *out = Value::of_bool(covered);
      return true;
    }
    case Builtin::kCidrPrefixLen:
    case Builtin::kCidrIsIpv6: {
      uint8_t a[16];
      int bits;
      bool v6;
      if (!cidr_arg(fn, args[0], a, &bits, &v6, error)) return false;
      *out = id == Builtin::kCidrPrefixLen ? Value::of_int(bits) : Value::of_bool(v6);
      return true;
    }
    case Builtin::kExists:
      *out = Value::of_bool(!args[0].is_unknown());
      return true;
    case Builtin::kSum:
    case Builtin::kMin:
    case Builtin::kMax: {
      const Value& list = args[0];
      if (list.kind != ValueKind::kList) {
        *error = std::string("`") + fn + "` expects a list, got " + a_kind(list.kind);
        return false;
      }
      for (uint32_t i = 0; i < list.size; ++i) {
        if (list.items[i].is_unknown()) {
          *out = Value::unknown();
          return true;
        }
      }
      if (id == Builtin::kSum) {
        int64_t total = 0;
        double ftotal = 0;
        bool is_float = false;
        for (uint32_t i = 0; i < list.size; ++i) {
          const Value& e = list.items[i];
          if (e.kind == ValueKind::kInt) {
            if (__builtin_add_overflow(total, e.integer, &total)) {
              *error = "integer overflow in `sum`";
              return false;
            }
          } else if (e.kind == ValueKind::kFloat) {
            is_float = true;
            ftotal += e.number;
          } else {
            *error = std::string("`sum` expects numbers, found ") + a_kind(e.kind);
            return false;
          }
        }
        *out = is_float ? Value::of_float(ftotal + static_cast<double>(total)) : Value::of_int(total);
        return true;
      }
      if (list.size == 0) {
        *error = std::string("`") + fn + "` of an empty list";
        return false;
      }
      Value best = list.items[0];
      for (uint32_t i = 1; i < list.size; ++i) {
        bool less;
        const Value& e = list.items[i];
        if (!less_than(e, best, &less)) {
          *error = std::string("`") + fn + "` cannot order " + a_kind(e.kind) + " against " + a_kind(best.kind);
          return false;
        }
        bool greater;
        less_than(best, e, &greater);
        if (id == Builtin::kMin ? less : greater) best = e;
      }
      if (!best.is_number() && best.kind != ValueKind::kString && best.kind != ValueKind::kVersion) {
        *error = std::string("`") + fn + "` cannot order " + kind_name(best.kind) + " values";
        return false;
      }
      *out = best;
      return true;
    }
    case Builtin::kKeys: {
      if (args[0].kind != ValueKind::kMap) {
        *error = std::string("`keys` expects a map, got ") + a_kind(args[0].kind);
        return false;
      }
      Value* items = arena.allocate_array<Value>(args[0].size);
      for (uint32_t i = 0; i < args[0].size; ++i) items[i] = Value::of_string(args[0].entries[i].key);
      *out = Value::of_list(items, args[0].size);
      return true;
    }
    case Builtin::kDaysBetween: {
      int64_t a, b;
      if (!days_arg(fn, args[0], &a, error) || !days_arg(fn, args[1], &b, error)) return false;
      *out = Value::of_int(b - a);
      return true;
    }
    case Builtin::kToday: {
      int64_t y;
      unsigned m, d;
      civil_from_days(floor_div(ctx.now, 86400), &y, &m, &d);
      char buf[32];
      int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
      *out = make_string(arena, std::string_view(buf, static_cast<size_t>(n)));
      return true;
    }
    case Builtin::kDaysSince: {
      int64_t a;
      if (!days_arg(fn, args[0], &a, error)) return false;
      *out = Value::of_int(floor_div(ctx.now, 86400) - a);
      return true;
    }
    case Builtin::kDebianVersionCompare:
      if (!want_string(fn, args[0], 1, error) || !want_string(fn, args[1], 2, error)) return false;
      *out = Value::of_int(debian_version_compare(args[0].str(), args[1].str()));
      return true;
    case Builtin::kRpmVersionCompare: {
      if (!want_string(fn, args[0], 1, error) || !want_string(fn, args[1], 2, error)) return false;
      int order = 0;
      if (!rpm_version_compare(args[0].str(), args[1].str(), &order)) {
        // rpm itself refuses an empty EVR (rpmverParse returns NULL): no order to give.
        *error = "`rpm_version_compare` needs a non-empty version";
        return false;
      }
      *out = Value::of_int(order);
      return true;
    }
  }
  *error = "unknown built-in";
  return false;
}

}  // namespace edict
