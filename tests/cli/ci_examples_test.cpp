// Issue 17: CI logs get explanations. Off a terminal `edict check` explains only when
// asked (docs/report-formats.md), so the CI snippets in examples/ pass --explain; this
// checks they do, and that the command they run explains the failing rule in a log.
#include <catch2/catch.hpp>

#include <string>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;

namespace {

// The `edict check ...` command of a CI file, its folded continuation lines joined.
std::string check_command(const std::string& yml) {
  size_t at = yml.find("edict check ");
  if (at == std::string::npos) return {};
  std::string command;
  for (size_t i = at; i < yml.size(); ++i) {
    if (yml[i] != '\n') {
      command += yml[i];
      continue;
    }
    size_t next = yml.find_first_not_of(' ', i + 1);
    // A folded `run: >-` block goes on while the next line is indented as deep and not a key.
    if (next == std::string::npos || yml[next] == '#' || (yml[next] == '-' && yml.compare(next, 2, "- ") == 0) || yml.find(':', next) < yml.find('\n', next))
      break;
    if (next - (i + 1) < 10) break;
    command += ' ';
  }
  return command;
}

}  // namespace

TEST_CASE("ci examples: the edict check of every CI snippet passes --explain") {
  for (const char* file : {"github-actions.yml", "gitlab-ci.yml"}) {
    INFO(file);
    std::string command = check_command(read_file(std::string(EDICT_SOURCE_DIR) + "/examples/legacy-estate/ci/" + file));
    INFO(command);
    REQUIRE_FALSE(command.empty());
    CHECK(command.find(" --explain") != std::string::npos);
    CHECK(command.find("--output sarif=edict.sarif") != std::string::npos);
  }
}

TEST_CASE("ci examples: with --explain a CI log (not a terminal) shows why the rule failed, and that it does not gate") {
  RunResult r = run_edict("check --facts facts/legacy-db-01.json --explain --now 2026-11-21", "examples/legacy-estate");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("[high, advisory]  not gating (advisory)\n"
                   "  require days_since(win.server2008_esu_azure_year4_end) <= 0\n") != std::string::npos);
  CHECK(r.out.find("  remediation: Migrate") != std::string::npos);
}
