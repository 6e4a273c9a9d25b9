// edict::run_decision_tests called as a library (include/edict/decision_tests.h).
#include <catch2/catch.hpp>

#include "edict/decision_tests.h"
#include "tests/engine/engine_fixtures.h"

namespace edict {
namespace {

const char* kPolicy =
    "package t\n"
    "policy p \"P\" {\n"
    "  rule new_build \"A new build\" {\n"
    "    require os.build >= 6003\n"
    "  }\n"
    "}\n";

DecisionTestResult run(const std::vector<std::string>& paths, DiagnosticSink& sink, const std::string& pattern = "") {
  SourceManager sources;
  DecisionTestOptions options;
  options.paths = paths;
  options.run_pattern = pattern;
  return run_decision_tests(options, sources, sink);
}

TEST_CASE("edict::run_decision_tests: the Linux pack's cases all hold") {
  DiagnosticSink sink;
  DecisionTestResult r = run({std::string(EDICT_SOURCE_DIR) + "/policies/linux"}, sink);
  CHECK(r.exit_code == 0);
  CHECK(r.cases.size() >= 5);
  for (const auto& c : r.cases) CHECK(c.passed());
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("edict::run_decision_tests: a case whose outcome differs is exit 1 with the mismatch") {
  testing::ScratchDir dir("edict-engine-cases");
  dir.write("p.edict", kPolicy);
  dir.write("p_test.toml",
            "[[case]]\nname = \"old build\"\nfacts = { os = { build = 6002 } }\nexpect = { \"t.p.new_build\" = \"pass\" }\n"
            "[[case]]\nname = \"new build\"\nfacts = { os = { build = 6003 } }\nexpect = { \"t.p.new_build\" = \"pass\" }\n");
  DiagnosticSink sink;
  DecisionTestResult r = run({dir.path()}, sink);
  CHECK(r.exit_code == 1);
  REQUIRE(r.cases.size() == 2);
  CHECK(r.cases[0].name == "old build");
  REQUIRE(r.cases[0].mismatches.size() == 1);
  CHECK(r.cases[0].mismatches[0].got == Outcome::kFail);
  CHECK(r.cases[1].passed());

  SECTION("--run keeps only the matching cases") {
    DiagnosticSink only_sink;
    DecisionTestResult only = run({dir.path()}, only_sink, "new*");
    CHECK(only.exit_code == 0);
    CHECK(only.cases.size() == 1);
  }
  SECTION("a pattern matching no case is E0621, not a green run of zero cases") {
    DiagnosticSink none_sink;
    DecisionTestResult none = run({dir.path()}, none_sink, "nothing*");
    CHECK(none.exit_code == 2);
    REQUIRE(none_sink.has_errors());
    CHECK(none_sink.diagnostics().back().code == "E0621");
  }
}

TEST_CASE("edict::run_decision_tests: a wrong test file runs no case and counts those not run") {
  testing::ScratchDir dir("edict-engine-badcase");
  dir.write("p.edict", kPolicy);
  dir.write("p_test.toml",
            "[[case]]\nname = \"a\"\nfacts = { os = { build = 6003 } }\nexpect = { \"t.p.new_buld\" = \"pass\" }\n"
            "[[case]]\nname = \"b\"\nfacts = { os = { build = 6003 } }\nexpect = { \"t.p.new_build\" = \"pass\" }\n");
  DiagnosticSink sink;
  DecisionTestResult r = run({dir.path()}, sink);
  CHECK(r.exit_code == 2);
  CHECK(r.cases.empty());
  REQUIRE(r.cases_not_run);
  CHECK(*r.cases_not_run == 2);
  REQUIRE(sink.has_errors());
  CHECK(sink.diagnostics().front().code == "E0613");
  CHECK_THAT(sink.diagnostics().front().help, Catch::Contains("t.p.new_build"));
}

TEST_CASE("edict::run_decision_tests: no test file is E0616 with nothing to count") {
  testing::ScratchDir dir("edict-engine-notests");
  dir.write("p.edict", kPolicy);
  DiagnosticSink sink;
  DecisionTestResult r = run({dir.path()}, sink);
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.cases_not_run);
  REQUIRE(sink.has_errors());
  CHECK(sink.diagnostics().front().code == "E0616");
}

}  // namespace
}  // namespace edict
