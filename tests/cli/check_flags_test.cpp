// Issue 17: `edict check` takes the flags the other verbs have: `-o` (as `--output`),
// `--facts-d` (as `edict facts`), and `--color auto|always|never` (NO_COLOR still wins
// for auto; always forces colour into a log viewer that renders it).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "run_edict.h"
#include "tests/facts/temp_tree.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kGate = "tests/data/cli/gate";
const std::string kFail = "check policies --facts facts/fail.json --config config/defaults.toml --now 2026-11-21 ";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("check -o: the short spelling of --output") {
  std::string path = scratch_dir("check-flags") + "/r.json";
  std::filesystem::remove(path);
  RunResult r = run_edict(kFail + "-o json='" + path + "'", kGate);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(read_file(path), nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["summary"]["exit_code"] == 1);
  // stdout still has the text report: -o adds a file, as --output does.
  CHECK(has(r.out, "gate fail (exit 1)"));
}

TEST_CASE("check --color: always forces ANSI even under NO_COLOR, never and auto (not a terminal) do not") {
  RunResult always = run_edict(kFail + "--color always", kGate);  // run_edict sets NO_COLOR=1
  CHECK(always.exit_code == 1);
  CHECK(has(always.out, "\033[31mFAIL"));
  for (const char* mode : {"never", "auto"}) {
    INFO(mode);
    RunResult r = run_edict(kFail + "--color " + mode, kGate);
    CHECK(r.exit_code == 1);
    CHECK_FALSE(has(r.out, "\033["));
  }
  // Colour is for a terminal: a file written with --color always has none.
  std::string path = scratch_dir("check-flags") + "/r.txt";
  RunResult file = run_edict(kFail + "--color always --output text='" + path + "'", kGate);
  CHECK(file.exit_code == 1);
  CHECK(has(read_file(path), "FAIL"));
  CHECK_FALSE(has(read_file(path), "\033["));
}

TEST_CASE("check --color: a word other than auto, always or never is E0803, before any work") {
  RunResult r = run_edict(kFail + "--color sometimes", kGate);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0803]: `--color sometimes` is not one of auto|always|never"));
  CHECK(r.out.empty());
}

TEST_CASE("check --facts-d: a static facts file there answers a declared fact, as with edict facts") {
  // facts.d must not be writable by others anywhere on its path (so not under /tmp).
  std::string base = edict::testing::trusted_base_dir();
  REQUIRE_FALSE(base.empty());
  edict::testing::TempTree facts_d("check-facts-d", base);
  std::ofstream(facts_d.path() + "/app.json") << R"({"app": {"licensed": false}})";
  ::chmod((facts_d.path() + "/app.json").c_str(), 0644);
  std::string policies = scratch_dir("check-facts-d-policies");
  std::ofstream(policies + "/app.edict") << "package t\nfact app.licensed: bool\n"
                                            "policy p \"P\" {\n  severity high\n"
                                            "  rule licensed \"The app is licensed\" { require app.licensed }\n}\n";
  RunResult with = run_edict("check '" + policies + "' --facts-d '" + facts_d.path() +
                                 "' --now 2026-11-21 --explain",
                             ".");
  INFO(with.err);
  CHECK(with.exit_code == 1);  // the fact is known (false), so the rule fails instead of being unknown
  CHECK(has(with.out, "FAIL    t.p.licensed"));
  RunResult without = run_edict("check '" + policies + "' --now 2026-11-21", ".");
  CHECK(without.exit_code == 3);
  CHECK(has(without.out, "missing facts: app.licensed"));
}

TEST_CASE("check --facts-d with --facts is E0805: a snapshot is not collected") {
  RunResult r = run_edict(kFail + "--facts-d /run", kGate);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0805]: `--facts-d` applies to collection, not to `--facts`"));
}

TEST_CASE("check --facts-d: a directory others can write (below /tmp) or a missing one is refused, fail closed") {
  std::string policies = scratch_dir("check-facts-d-refused");
  std::ofstream(policies + "/app.edict") << "package t\nfact app.licensed: bool\n"
                                            "policy p \"P\" {\n  severity high\n"
                                            "  rule licensed \"The app is licensed\" { require app.licensed }\n}\n";
  std::string untrusted = scratch_dir("check-facts-d-untrusted");  // below the temporary directory
  std::ofstream(untrusted + "/app.json") << R"({"app": {"licensed": true}})";
  for (const std::string& dir : {untrusted, std::string("/nonexistent-edict-facts-d")}) {
    INFO(dir);
    RunResult r = run_edict("check '" + policies + "' --facts-d '" + dir + "' --now 2026-11-21", ".");
    CHECK(r.exit_code == 3);  // the fact stays unknown: never a pass on facts from an untrusted place
    CHECK(has(r.err, "warning[W0521]: collector `external` failed: refused facts.d `" + dir + "`"));
  }
}
