// `edict check --bundle`: a compiled bundle gates exactly like the sources it came
// from, and a file that is not a bundle is exit 2. Catches: reports or gating that
// depend on compiling in the same process.
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/gate";
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
RunResult check(const std::string& facts, const std::string& config, const std::string& extra) {
  return run_edict("check policies --facts facts/" + facts + ".json --config config/" + config +
                       ".toml --now 2026-11-21 " + extra,
                   kDir);
}

}  // namespace

TEST_CASE("check --bundle: a compiled bundle gates exactly like its sources") {
  std::string dir = scratch_dir("bundle");
  RunResult c = run_edict("compile policies -o " + dir + "/gate.edictc", kDir);
  REQUIRE(c.exit_code == 0);
  RunResult r = run_edict("check --bundle " + dir + "/gate.edictc --facts facts/fail.json --config config/defaults.toml "
                          "--now 2026-11-21 --format json",
                          kDir);
  RunResult s = check("fail", "defaults", "--format json");
  CHECK(r.exit_code == 1);
  CHECK(r.out == s.out);
  CHECK(run_edict("check --bundle " + dir + "/gate.edictc --facts facts/fail.json --config config/waiver_active.toml",
                  kDir).exit_code == 0);
  RunResult bad = run_edict("check --bundle facts/fail.json --facts facts/fail.json --config config/defaults.toml", kDir);
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, "E0701"));
  RunResult both = run_edict("check policies --bundle " + dir + "/gate.edictc --facts facts/fail.json", kDir);
  CHECK(both.exit_code == 2);
  CHECK(has(both.err, "E0805"));
}

