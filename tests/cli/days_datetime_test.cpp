// Issue 17: a rule over a TOML date-time fact. TOML date-times become RFC 3339 text as
// facts (docs/facts.md), and `days_since`/`days_between` take them: the rules pass or
// fail on the dates. Before, both rules ended in `error` (exit 3) whatever the dates.
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;

namespace {

RunResult check(const std::string& facts) {
  return run_edict("check policies --facts " + facts + " --explain --now 2026-11-25", "tests/data/cli/days");
}

}  // namespace

TEST_CASE("days: TOML date-times in a facts file are dates for days_since and days_between") {
  RunResult recent = check("recent.toml");
  INFO(recent.out << recent.err);
  CHECK(recent.exit_code == 0);
  CHECK(recent.out.find("2 rules: 2 pass, 0 fail, 0 unknown, 0 error") != std::string::npos);

  RunResult stale = check("stale.toml");
  INFO(stale.out << stale.err);
  CHECK(stale.exit_code == 1);
  CHECK(stale.out.find("FAIL    days.patching.recent") != std::string::npos);
  CHECK(stale.out.find("          85\n") != std::string::npos);  // 2026-09-01T10:00:00Z to 2026-11-25
  CHECK(stale.out.find("FAIL    days.patching.window") != std::string::npos);
  CHECK(stale.out.find("ERROR") == std::string::npos);
}
