// Issue 17: `edict test --run PATTERN` and `-v`; the closing line `N passed, N failed`
// also when the run stops with exit 2 (a policy that does not compile, a bad case); a
// case whose facts file is missing is E0620 at the case, not a bare E0500.
#include <catch2/catch.hpp>

#include <fstream>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string last_line(const std::string& text) {
  std::string t = text;
  if (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

const char* kPolicy =
    "package t\n"
    "policy p \"P\" {\n"
    "  severity high\n"
    "  rule build \"Build is 6003 or later\" { require os.build >= 6003 }\n"
    "}\n";

const char* kCases =
    "[[case]]\n"
    "name = \"esu host passes\"\n"
    "facts = { os = { build = 6003 } }\n"
    "expect = { \"t.p.build\" = \"pass\" }\n"
    "\n"
    "[[case]]\n"
    "name = \"esu old build fails\"\n"
    "facts = { os = { build = 6002 } }\n"
    "expect = { \"t.p.build\" = \"fail\" }\n"
    "\n"
    "[[case]]\n"
    "name = \"unknown build\"\n"
    "facts = { os = { family = \"windows\" } }\n"
    "expect = { \"t.p.build\" = \"unknown\" }\n";

// A directory with the policy (or `policy_text`) and its test file.
std::string suite(const std::string& name, const std::string& policy_text, const std::string& cases) {
  std::string dir = scratch_dir("test-run-" + name);
  std::ofstream(dir + "/p.edict") << policy_text;
  std::ofstream(dir + "/p_test.toml") << cases;
  return dir;
}

}  // namespace

TEST_CASE("test --run: only the cases whose name matches the glob run and count") {
  std::string dir = suite("run", kPolicy, kCases);
  RunResult r = run_edict("test '" + dir + "' --run 'esu*'", ".");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(last_line(r.out) == "2 passed, 0 failed");
  RunResult one = run_edict("test '" + dir + "' --run 'unknown build' -v", ".");
  CHECK(one.out == "PASS " + dir + "/p_test.toml:11: unknown build\n1 passed, 0 failed\n");
}

TEST_CASE("test --run: a pattern that matches no case is E0621, exit 2, never a green empty run") {
  std::string dir = suite("run-none", kPolicy, kCases);
  RunResult r = run_edict("test '" + dir + "' --run 'esx*'", ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0621]: no case matches `--run esx*`"));
  CHECK(last_line(r.out) == "0 passed, 1 failed");
}

TEST_CASE("test -v: each case with its outcome, failures with their detail") {
  std::string dir = suite("verbose", kPolicy, std::string(kCases) + "\n[[case]]\nname = \"wrong\"\n"
                                                                    "facts = { os = { build = 1 } }\n"
                                                                    "expect = { \"t.p.build\" = \"pass\" }\n");
  RunResult r = run_edict("test '" + dir + "' -v", ".");
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "PASS " + dir + "/p_test.toml:1: esu host passes\n"));
  CHECK(has(r.out, "PASS " + dir + "/p_test.toml:6: esu old build fails\n"));
  CHECK(has(r.out, "PASS " + dir + "/p_test.toml:11: unknown build\n"));
  CHECK(has(r.out, "FAIL " + dir + "/p_test.toml:16: wrong\n  t.p.build: expected pass, got fail\n"));
  CHECK(last_line(r.out) == "3 passed, 1 failed");
  // Without -v only the failure is listed.
  RunResult quiet = run_edict("test '" + dir + "'", ".");
  CHECK_FALSE(has(quiet.out, "PASS "));
}

TEST_CASE("test: a policy that does not compile still ends in `0 passed, N failed`, exit 2") {
  std::string dir = suite("compile-error", "package t\npolicy p \"P\" {\n  rule build \"B\" { require os.build >= }\n}\n",
                          kCases);
  RunResult r = run_edict("test '" + dir + "'", ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0"));
  CHECK(last_line(r.out) == "0 passed, 3 failed");  // the three cases did not run
}

TEST_CASE("test: a case whose facts file is missing is E0620 at the case, not E0500, and nothing runs") {
  std::string dir = suite("missing-facts", kPolicy,
                          std::string(kCases) + "\n[[case]]\nname = \"from a file\"\nfacts = \"fixtures/nope.json\"\n"
                                                "expect = { \"t.p.build\" = \"pass\" }\n");
  RunResult r = run_edict("test '" + dir + "'", ".");
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir + "/p_test.toml:18:9: error[E0620]: case `from a file`: facts file `" + dir +
                       "/fixtures/nope.json` does not exist"));
  CHECK_FALSE(has(r.err, "E0500"));
  CHECK_FALSE(has(r.err, "--facts"));
  CHECK(last_line(r.out) == "0 passed, 4 failed");
}
