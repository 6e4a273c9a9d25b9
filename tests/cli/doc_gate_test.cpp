// Issue 17: `edict doc` states what the gate enforces: edict.toml's fail_on and unknown,
// and each waiver (rule, hosts, reason, expiry, state as of --now).
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;

TEST_CASE("doc: the sample repository's rulebook lists its gate settings and its waiver") {
  RunResult r = run_edict("doc --now 2026-11-21", "examples/legacy-estate");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("- fail_on: `high`: mandatory rules of severity high or above gate") != std::string::npos);
  CHECK(r.out.find("- unknown: `fail`: a gating rule the host gave no facts for blocks the gate (exit 3)") !=
        std::string::npos);
  CHECK(r.out.find("| `windows.server2008.esu.air_gapped` | `legacy-db-*` | Vendor support link until the migration "
                   "(change 4411) | ciso@example.com | 2027-03-31 | active |") != std::string::npos);
  RunResult later = run_edict("doc --now 2027-04-01", "examples/legacy-estate");
  CHECK(later.out.find("| 2027-03-31 | expired (no longer applies) |") != std::string::npos);
  RunResult bad = run_edict("doc --now tomorrow", "examples/legacy-estate");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("error[E0802]") != std::string::npos);
}
