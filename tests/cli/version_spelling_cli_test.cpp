// Issue 17: versions print as written from policies too, not only from facts. A version
// literal or constant (`v"22.04"`) keeps its spelling through the compiler's constant
// pool and the bundle (format 4), so explanations, `edict doc` and `edict disasm` print
// `22.04`, not `v"22.4"`; it still compares as 22.4.
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/version_spelling";

void check_spelled(const std::string& out) {
  // floor()'s value under its caret, and the quantifier's deciding element.
  CHECK(out.find("          v\"22.04\"\n    in floor():") != std::string::npos);
  CHECK(out.find("was decided by v\"22.04\"") != std::string::npos);
  CHECK(out.find("v\"22.4\"\n") == std::string::npos);
  CHECK(out.find("decided by v\"22.4\"") == std::string::npos);
  // Comparisons are unchanged: v"22.04" == v"22.4", and 20.04 < 22.04 (the rule `same`
  // passes; text output lists only the rules that did not).
  CHECK(out.find("spelling.ubuntu.same") == std::string::npos);
  CHECK(out.find("3 rules: 1 pass, 2 fail") != std::string::npos);
}

}  // namespace

TEST_CASE("versions as written: check --explain shows a constant's v\"22.04\"") {
  RunResult r = run_edict("check policy.edict --facts facts.json --explain", kDir);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  check_spelled(r.out);
}

TEST_CASE("versions as written: a compiled bundle keeps the spelling") {
  std::string dir = scratch_dir("version-spelling-bundle");
  std::string bundle = dir + "/p.edictc";
  RunResult c = run_edict("compile policy.edict -o '" + bundle + "'", kDir);
  INFO(c.err);
  REQUIRE(c.exit_code == 0);
  RunResult r = run_edict("check --bundle '" + bundle + "' --facts facts.json --explain", kDir);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  check_spelled(r.out);
  RunResult d = run_edict("disasm --bundle '" + bundle + "'", kDir);
  INFO(d.out << d.err);
  CHECK(d.out.find("v\"22.04\"") != std::string::npos);
  CHECK(d.out.find("v\"22.4\"") != std::string::npos);  // the literal written as 22.4
}

TEST_CASE("versions as written: edict doc prints the requirement as written") {
  RunResult r = run_edict("doc policy.edict", kDir);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("require v\"22.04\" == v\"22.4\" and lts == v\"22.4\"") != std::string::npos);
  CHECK(r.out.find("v\"22.04\"") != std::string::npos);
}
