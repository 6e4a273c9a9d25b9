// The built-in functions of Edict, in one table the checker (arity, types), the VM
// (CALL) and the disassembler (names) share. Implemented in C++; the stdlib builds on
// them in Edict itself. All are pure except the clock-reading ones, which read the
// evaluation's pinned `now` (never folded at compile time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/arena.h"
#include "runtime/value.h"

namespace edict {

// X(Id, "name", min args, max args, result type, flags, "signature as users see it")
// Flags: kPure (foldable, unknown in -> unknown out), kUnknownAware (sees unknown
// arguments itself), kClock (reads `now`: never folded).
#define EDICT_BUILTINS(X)                                                                           \
  X(kLen, "len", 1, 1, "int", kPure, "len(string | list | map) -> int")                             \
  X(kLower, "lower", 1, 1, "string", kPure, "lower(string) -> string")                              \
  X(kUpper, "upper", 1, 1, "string", kPure, "upper(string) -> string")                              \
  X(kTrim, "trim", 1, 1, "string", kPure, "trim(string) -> string")                                 \
  X(kSplit, "split", 2, 2, "list<string>", kPure, "split(string, separator) -> list<string>")       \
  X(kVersion, "version", 1, 1, "version", kPure, "version(string) -> version")                      \
  X(kIpInCidr, "ip_in_cidr", 2, 2, "bool", kPure, "ip_in_cidr(ip, cidr) -> bool")                   \
  X(kCidrContains, "cidr_contains", 2, 2, "bool", kPure, "cidr_contains(outer, inner) -> bool")     \
  X(kIsPrivateIp, "is_private_ip", 1, 1, "bool", kPure, "is_private_ip(ip) -> bool")                \
  X(kCidrPrefixLen, "cidr_prefix_len", 1, 1, "int", kPure, "cidr_prefix_len(cidr) -> int")          \
  X(kCidrIsIpv6, "cidr_is_ipv6", 1, 1, "bool", kPure, "cidr_is_ipv6(ip or cidr) -> bool")           \
  X(kExists, "exists", 1, 1, "bool", kUnknownAware, "exists(x) -> bool")                            \
  X(kSum, "sum", 1, 1, "any", kPure, "sum(list<number>) -> number")                                 \
  X(kMin, "min", 1, 1, "any", kPure, "min(list) -> element")                                        \
  X(kMax, "max", 1, 1, "any", kPure, "max(list) -> element")                                        \
  X(kKeys, "keys", 1, 1, "list<string>", kPure, "keys(map) -> list<string>")                        \
  X(kDaysBetween, "days_between", 2, 2, "int", kPure, "days_between(date, date) -> int (date: \"YYYY-MM-DD\" or RFC 3339)") \
  X(kToday, "today", 0, 0, "string", kClock, "today() -> \"YYYY-MM-DD\" (UTC, the evaluation's now)") \
  X(kDaysSince, "days_since", 1, 1, "int", kClock, "days_since(date) -> int (date: \"YYYY-MM-DD\" or RFC 3339)")              \
  X(kDebianVersionCompare, "debian_version_compare", 2, 2, "int", kPure,                             \
    "debian_version_compare(a, b) -> -1 | 0 | 1 (dpkg ordering)")                                  \
  X(kCidrCoveredBy, "cidr_covered_by", 2, 2, "bool", kPure,                                         \
    "cidr_covered_by(cidr, list<cidr>) -> bool (every address of cidr is in one of the list's)") \
  X(kRpmVersionCompare, "rpm_version_compare", 2, 2, "int", kPure,                                   \
    "rpm_version_compare(a, b) -> -1 | 0 | 1 (rpm ordering of [epoch:]version[-release])")

enum class BuiltinFlags : uint8_t { kPure, kUnknownAware, kClock };

enum class Builtin : uint8_t {
#define EDICT_BUILTIN_ENUM(id, name, lo, hi, result, flags, sig) id,
  EDICT_BUILTINS(EDICT_BUILTIN_ENUM)
#undef EDICT_BUILTIN_ENUM
};

struct BuiltinInfo {
  const char* name;
  uint8_t min_args;
  uint8_t max_args;
  const char* result_type;  // parse_type() syntax; "any" when it depends on the argument
  BuiltinFlags flags;
  const char* signature;
};

inline constexpr BuiltinInfo kBuiltinInfo[] = {
#define EDICT_BUILTIN_INFO(id, name, lo, hi, result, flags, sig) {name, lo, hi, result, BuiltinFlags::flags, sig},
    EDICT_BUILTINS(EDICT_BUILTIN_INFO)
#undef EDICT_BUILTIN_INFO
};
inline constexpr uint32_t kBuiltinCount = sizeof(kBuiltinInfo) / sizeof(kBuiltinInfo[0]);

const BuiltinInfo& builtin_info(Builtin id);
std::optional<Builtin> find_builtin(std::string_view name);

// What a built-in needs from the evaluation: scratch memory and the pinned clock.
struct BuiltinContext {
  Arena* scratch;
  int64_t now;  // unix seconds
};

// Runs a built-in on already-evaluated arguments. Unknown arguments of a kPure or
// kClock built-in never reach here (the VM returns unknown first). On failure returns
// false and sets *error (a one-line, lowercase message).
bool call_builtin(Builtin id, const Value* args, uint32_t argc, BuiltinContext& context, Value* out,
                  std::string* error);

// ---- helpers the stdlib's semantics rest on, exposed for tests ----
// Parses an IPv4 or IPv6 address (no prefix) into 16 bytes (IPv4 as ::ffff:a.b.c.d).
bool parse_ip(std::string_view text, uint8_t out[16], bool* is_v6);
// "10.0.0.0/8", "::/0"; a bare address is a /32 or /128.
bool parse_cidr(std::string_view text, uint8_t out[16], int* prefix_bits, bool* is_v6);
// dpkg's ordering of Debian version strings ([epoch:]upstream[-revision]).
int debian_version_compare(std::string_view a, std::string_view b);
// Days since 1970-01-01 of "YYYY-MM-DD"; false when malformed or not a real date.
bool parse_date(std::string_view text, int64_t* days);

}  // namespace edict
