// Issue 17: `days_since` and `days_between` take RFC 3339 date-times, which is what a
// TOML date-time in a facts file becomes (runtime/facts/document.cpp). A date-time
// counts on its UTC day; one without an offset (a TOML local date-time) is read as UTC.
// Before, every date-time was an error ("is not a date (YYYY-MM-DD)").
#include <catch2/catch.hpp>

#include "runtime/builtins.h"
#include "runtime/calendar.h"

using namespace edict;

namespace {

// 2026-11-25T12:00:00Z
constexpr int64_t kNow = 1795608000;

struct Call {
  bool ok;
  int64_t days;
  std::string error;
};

Call call(Builtin id, std::vector<std::string> texts) {
  Arena arena;
  std::vector<Value> args;
  for (const auto& t : texts) args.push_back(Value::of_string(t));
  BuiltinContext ctx{&arena, kNow};
  Value out;
  Call c;
  c.ok = call_builtin(id, args.data(), static_cast<uint32_t>(args.size()), ctx, &out, &c.error);
  c.days = c.ok ? out.integer : 0;
  return c;
}

}  // namespace

TEST_CASE("days_since takes a date, an offset date-time on its UTC day, and a local date-time") {
  REQUIRE(day_of(kNow) == days_from_civil(2026, 11, 25));
  CHECK(call(Builtin::kDaysSince, {"2026-11-21"}).days == 4);
  CHECK(call(Builtin::kDaysSince, {"2026-11-21T00:00:00Z"}).days == 4);
  CHECK(call(Builtin::kDaysSince, {"2026-11-21T23:59:59.999999Z"}).days == 4);
  // 23:30 at UTC-2 is 01:30 UTC on the 21st: 4 days, not 5.
  CHECK(call(Builtin::kDaysSince, {"2026-11-20T23:30:00-02:00"}).days == 4);
  // 00:30 at UTC+01:00 is 23:30 UTC on the 20th: 5 days.
  CHECK(call(Builtin::kDaysSince, {"2026-11-21T00:30:00+01:00"}).days == 5);
  CHECK(call(Builtin::kDaysSince, {"2026-11-21T10:00:00"}).days == 4);   // TOML local date-time
  CHECK(call(Builtin::kDaysSince, {"2026-11-21 10:00:00z"}).days == 4);  // RFC 3339's space and z
}

TEST_CASE("days_between mixes dates and date-times") {
  CHECK(call(Builtin::kDaysBetween, {"2026-08-01", "2026-09-01T10:00:00Z"}).days == 31);
  CHECK(call(Builtin::kDaysBetween, {"2026-09-01T10:00:00Z", "2026-08-01"}).days == -31);
  CHECK(call(Builtin::kDaysBetween, {"2024-02-28T12:00:00Z", "2024-03-01T00:00:00+00:00"}).days == 2);
}

TEST_CASE("a date-time that is not RFC 3339 is still an error, never a guess") {
  for (const char* bad : {"2026-11-21T10:00", "2026-11-21T25:00:00Z", "2026-02-30T00:00:00Z", "2026-11-21T10:00:00+2",
                          "2026-11-21T10:00:00Zjunk", "21/11/2026", "10:00:00", ""}) {
    INFO(bad);
    Call c = call(Builtin::kDaysSince, {bad});
    CHECK_FALSE(c.ok);
    CHECK(c.error.find("is not a date (YYYY-MM-DD) or an RFC 3339 date-time") != std::string::npos);
  }
}
