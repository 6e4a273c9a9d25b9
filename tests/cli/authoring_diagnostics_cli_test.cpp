// Issue 17 ("Policy authors") through the real binary: a habit from another language is
// one diagnostic with a caret and a non-zero exit; warnings about names are printed and
// leave the exit code and the bundle alone.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/cli/run_edict.h"

using edict::testing::run_edict;
using edict::testing::scratch_dir;

namespace {

std::string write_policy(const std::string& name, const std::string& text) {
  std::string path = scratch_dir("authoring") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("edict compile: `&&` is one error with a caret under both characters", "[cli][authoring]") {
  std::string file = write_policy("andand.edict",
                                  "policy p \"t\" {\n  rule r \"t\" {\n    require os.build >= 1 && os.family == \"linux\"\n"
                                  "  }\n}\n");
  auto r = run_edict("compile '" + file + "' -o '" + scratch_dir("authoring") + "/a.edictc'", ".");
  INFO(r.err);
  CHECK(r.exit_code != 0);
  CHECK(count(r.err, "error[") == 1);
  CHECK(r.err.find("andand.edict:3:27: error[E0118]: `&&` is not an operator in Edict") != std::string::npos);
  CHECK(r.err.find("  |                           ^^\n") != std::string::npos);
  CHECK(r.err.find("= help: write `and`") != std::string::npos);
}

TEST_CASE("edict check: warnings are printed, the gate still decides the exit code", "[cli][authoring]") {
  std::string file = write_policy("warn.edict",
                                  "import std.net\nlet unused = 1\npolicy p \"t\" { rule r \"t\" { require os.build > 1 } }\n");
  std::string facts = write_policy("facts.json", "{\"os\": {\"build\": 5}}");
  auto r = run_edict("check '" + file + "' --facts '" + facts + "'", ".");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("warn.edict:1:1: warning[W0202]: `import std.net` is never used in this file") != std::string::npos);
  CHECK(r.err.find("warn.edict:2:5: warning[W0201]: `let unused` is never used") != std::string::npos);
  CHECK(r.out.find("gate pass") != std::string::npos);
}
