// Issue 17: checking one pack of a repository does not warn (W0603) about the waivers
// edict.toml holds for its other packs; a waiver of the loaded pack that matches no rule
// still does.
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;

TEST_CASE("waiver scope: checking only the site pack does not warn about the Windows waiver") {
  // examples/legacy-estate/edict.toml waives windows.server2008.esu.air_gapped.
  RunResult r = run_edict("check policies/site --facts facts/legacy-db-01.json --now 2026-11-21", "examples/legacy-estate");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("W0603") == std::string::npos);
}

TEST_CASE("waiver scope: a waiver of the loaded package that matches no rule is still W0603") {
  RunResult r = run_edict("check policies --facts facts/fail.json --config config/waiver_unmatched.toml --now 2026-11-21",
                          "tests/data/cli/gate");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("warning[W0603]: waiver for `ci.gate.biuld` matches no rule") != std::string::npos);
}
