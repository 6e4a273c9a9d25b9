// edict::check called as a library (include/edict/check.h): the pipeline of `edict check`
// with no argv, its documents handed to the caller's sink, nothing printed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "compiler/compile.h"
#include "edict/check.h"
#include "tests/engine/engine_fixtures.h"

namespace edict {
namespace {

const std::string kGate = std::string(EDICT_SOURCE_DIR) + "/tests/data/cli/gate";

struct Captured {
  std::vector<report::OutputFile> files;
  int writes = 0;
};

CheckOptions gate_options(const std::string& facts, Captured* captured) {
  CheckOptions options;
  options.policy_paths = {kGate + "/policies"};
  options.facts_path = kGate + "/facts/" + facts;
  options.now = 1'800'000'000;
  options.tool_version = "test";
  options.outputs = {{report::Format::kJson, "report.json", {}}, {report::Format::kText, "-", {}}};
  options.write = [captured](const std::vector<report::OutputFile>& files, DiagnosticSink&) {
    captured->files = files;
    ++captured->writes;
    return true;
  };
  return options;
}

std::string outcome_of(const report::Report& rep, const std::string& id) {
  for (const auto& r : rep.rules)
    if (r.info.id == id) return outcome_name(r.outcome);
  return "(no such rule)";
}

TEST_CASE("edict::check: a failing host is exit 1, every document handed to the sink, none printed") {
  Captured captured;
  SourceManager sources;
  DiagnosticSink sink;
  CheckResult result = check(gate_options("fail.json", &captured), sources, sink);
  CHECK(result.exit_code == 1);
  REQUIRE(result.report);
  CHECK(outcome_of(*result.report, "ci.gate.build") == "fail");
  CHECK(result.compiled);  // check() compiled the policies itself
  REQUIRE(captured.writes == 1);
  REQUIRE(captured.files.size() == 2);
  CHECK(captured.files[0].path == "report.json");
  auto doc = nlohmann::json::parse(captured.files[0].contents);
  CHECK(doc["summary"]["exit_code"] == 1);
  CHECK(captured.files[1].path == "-");
  CHECK_THAT(captured.files[1].contents, Catch::Contains("gate fail (exit 1)"));
}

TEST_CASE("edict::check: a passing host is exit 0") {
  Captured captured;
  SourceManager sources;
  DiagnosticSink sink;
  CheckResult result = check(gate_options("pass.json", &captured), sources, sink);
  CHECK(result.exit_code == 0);
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("edict::check: a program the caller loaded is evaluated as given, not recompiled") {
  SourceManager compile_sources;
  DiagnosticSink compile_sink;
  auto program = compiler::compile_paths({kGate + "/policies"}, {}, compile_sources, compile_sink);
  REQUIRE(program);
  Captured captured;
  CheckOptions options = gate_options("unknown.json", &captured);
  options.policy_paths.clear();
  options.program = &*program;
  SourceManager sources;
  DiagnosticSink sink;
  CheckResult result = check(options, sources, sink);
  CHECK_FALSE(result.compiled);
  CHECK(result.program == &*program);
  CHECK(result.exit_code == 3);  // a gating rule unknown under unknown = "fail"
}

TEST_CASE("edict::check: before_write may add a document or refuse the run, and then nothing is written") {
  Captured captured;
  CheckOptions options = gate_options("pass.json", &captured);
  options.before_write = [](const CheckResult& run, std::vector<report::OutputFile>& files) {
    CHECK(run.report);
    CHECK(run.facts);
    files.push_back({"evidence.json", "{}"});
    return true;
  };
  SourceManager sources;
  DiagnosticSink sink;
  CHECK(check(options, sources, sink).exit_code == 0);
  REQUIRE(captured.files.size() == 3);
  CHECK(captured.files[2].path == "evidence.json");

  Captured refused;
  options = gate_options("fail.json", &refused);
  options.before_write = [](const CheckResult&, std::vector<report::OutputFile>&) { return false; };
  CHECK(check(options, sources, sink).exit_code == 2);
  CHECK(refused.writes == 0);
}

TEST_CASE("edict::check: a write that fails is exit 2, not the gate's code") {
  CheckOptions options = gate_options("pass.json", nullptr);
  options.write = [](const std::vector<report::OutputFile>&, DiagnosticSink& sink) {
    sink.report(Diagnostic::error("E0801", Span{}, "cannot write"));
    return false;
  };
  SourceManager sources;
  DiagnosticSink sink;
  CHECK(check(options, sources, sink).exit_code == 2);
}

TEST_CASE("edict::check: bad input evaluates nothing: exit 2 with the diagnostic in the sink") {
  Captured captured;
  SourceManager sources;
  SECTION("a facts file that does not exist") {
    DiagnosticSink sink;
    CheckOptions options = gate_options("no-such-file.json", &captured);
    CheckResult result = check(options, sources, sink);
    CHECK(result.exit_code == 2);
    CHECK_FALSE(result.report);
    REQUIRE(sink.has_errors());
    CHECK(sink.diagnostics().front().code == "E0500");
  }
  SECTION("a policy set with no rule (E0410), unless allow_empty") {
    testing::ScratchDir dir("edict-engine-empty");
    dir.write("empty.edict", "# nothing here\npackage empty\n");
    DiagnosticSink sink;
    CheckOptions options = gate_options("pass.json", &captured);
    options.policy_paths = {dir.path()};
    CHECK(check(options, sources, sink).exit_code == 2);
    REQUIRE(sink.has_errors());
    CHECK(sink.diagnostics().back().code == "E0410");
    CHECK(captured.writes == 0);
    Captured allowed_captured;
    CheckOptions allowed_options = gate_options("pass.json", &allowed_captured);
    allowed_options.policy_paths = {dir.path()};
    allowed_options.allow_empty = true;
    DiagnosticSink allowed;
    CHECK(check(allowed_options, sources, allowed).exit_code == 0);
    CHECK(allowed_captured.writes == 1);
  }
  SECTION("collection under a root that is not a directory (E0806)") {
    DiagnosticSink sink;
    CheckOptions options = gate_options("pass.json", &captured);
    options.facts_path.clear();
    options.collect.root = kGate + "/facts/pass.json";
    CHECK(check(options, sources, sink).exit_code == 2);
    REQUIRE(sink.has_errors());
    CHECK(sink.diagnostics().front().code == "E0806");
  }
  CHECK(captured.writes == 0);
}

TEST_CASE("edict::check: without a facts file the collectors read the host under the root") {
  testing::ScratchDir dir("edict-engine-collect");
  dir.write("os.edict",
            "package host\npolicy os \"OS\" {\n  rule debian \"Debian\" {\n    require os.distro == \"debian\"\n  }\n}\n");
  Captured captured;
  CheckOptions options = gate_options("", &captured);
  options.policy_paths = {dir.path()};
  options.facts_path.clear();
  options.collect.root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  SourceManager sources;
  DiagnosticSink sink;
  CheckResult result = check(options, sources, sink);
  CHECK(result.exit_code == 0);
  REQUIRE(result.facts);
  REQUIRE(result.facts->find("os.distro"));
  CHECK(result.facts->find("os.distro")->str() == "debian");
}

}  // namespace
}  // namespace edict
