// The round trip on every bundled pack and each of its fixtures, and on the example
// repository (edict.toml with a waiver): sign, verify, re-run. Catches any part of a
// real run the evidence fails to pin (a path, a time, a provenance, a config).
#include <catch2/catch.hpp>

#include <filesystem>

#include "evidence/verify.h"
#include "helpers.h"

using namespace edict;
using namespace edict::testing;
namespace ev = edict::evidence;
namespace fs = std::filesystem;

namespace {

// check with evidence, verify, re-run without evidence: the three reports agree.
void round_trip(const std::string& cwd, const std::string& what, const std::string& facts, const std::string& keys,
                const std::string& evidence) {
  INFO(cwd << ": " << what << " --facts " << facts);
  std::string base = "check " + what + " --facts " + facts + " --now 2026-11-21 --format json";
  RunResult signed_run = run_edict(base + " --evidence '" + evidence + "' --sign '" + keys + ".key'", cwd);
  REQUIRE(signed_run.exit_code != 2);
  RunResult rerun = run_edict(base, cwd);
  CHECK(rerun.exit_code == signed_run.exit_code);
  CHECK(rerun.out == signed_run.out);
  std::string text = read_file(evidence);
  ev::Verification v = ev::verify_evidence(text, public_key(keys));
  CHECK(v.message == "");
  REQUIRE(v.verdict == ev::Verdict::kVerified);
  CHECK(v.statement->parts.report_json == signed_run.out);
  CHECK(v.replayed->report.summary.exit_code == signed_run.exit_code);
}

}  // namespace

TEST_CASE("sign, verify, re-run: every bundled pack with each of its fixtures") {
  std::string dir = scratch_dir("packs-roundtrip");
  std::string keys = make_keys(dir, "packs");
  size_t runs = 0;
  for (const char* pack : {"debian12", "linux", "network", "windows"}) {
    fs::path fixtures = fs::path(EDICT_SOURCE_DIR) / "policies" / pack / "fixtures";
    for (const auto& entry : fs::directory_iterator(fixtures)) {
      if (entry.path().extension() != ".json") continue;
      round_trip(".", std::string("policies/") + pack, "policies/" + std::string(pack) + "/fixtures/" +
                                                           entry.path().filename().string(),
                 keys, dir + "/" + pack + "-" + entry.path().stem().string() + ".dsse.json");
      ++runs;
    }
  }
  CHECK(runs >= 20);
}

TEST_CASE("sign, verify, re-run: the example repository, its edict.toml and waiver") {
  std::string dir = scratch_dir("example-roundtrip");
  std::string keys = make_keys(dir, "example");
  round_trip("examples/legacy-estate", "", "facts/legacy-db-01.json", keys, dir + "/legacy.dsse.json");
  auto statement = statement_of(read_file(dir + "/legacy.dsse.json"));
  CHECK(statement["predicate"]["config"]["path"] == "edict.toml");
  CHECK(statement["predicate"]["config"]["text"].get<std::string>().find("[[waiver]]") != std::string::npos);
}

TEST_CASE("sign, verify: collected facts of this host (provenance, collection times)") {
  std::string dir = scratch_dir("collect-roundtrip");
  std::string keys = make_keys(dir, "collect");
  std::string evidence = dir + "/collected.dsse.json";
  RunResult r = run_edict("check policies/linux --collect -q --evidence '" + evidence + "' --sign '" + keys + ".key'", ".");
  REQUIRE(r.exit_code != 2);
  ev::Verification v = ev::verify_evidence(read_file(evidence), public_key(keys));
  CHECK(v.message == "");
  CHECK(v.verdict == ev::Verdict::kVerified);
  auto statement = statement_of(read_file(evidence));
  CHECK(statement["predicate"]["facts"]["provenance"].size() > 0);
}
