// Issue 17: reports print a version as written (Ubuntu `22.04`, not v"22.4"), and
// signed evidence of such a run still replays byte for byte: the facts codec keeps the
// text (tag "vs"), so the replayed report prints the same.
#include <catch2/catch.hpp>

#include "helpers.h"

using namespace edict::testing;

namespace {

// Ubuntu 22.04 after the end of its standard support: the release rule fails, and its
// explanation shows os.version.
const char* kArgs = "check policies/linux --facts policies/linux/fixtures/ubuntu2204-hardened.json --now 2027-06-21";

}  // namespace

TEST_CASE("versions as written: Ubuntu 22.04 in the text, Markdown and JSON reports") {
  std::string dir = scratch_dir("version-spelling");
  RunResult r = run_edict(std::string(kArgs) + " --explain --output markdown=" + dir + "/r.md --output json=" + dir +
                              "/r.json",
                          ".");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(r.out.find("os.version = v\"22.04\"") != std::string::npos);
  CHECK(r.out.find("os.version = v\"22.4\"") == std::string::npos);
  std::string md = read_file(dir + "/r.md");
  CHECK(md.find("| `os.version` | `v\"22.04\"` |") != std::string::npos);
  std::string json = read_file(dir + "/r.json");
  // The fact's evidence: `value` as JSON (a version as its text) and `display`.
  CHECK(json.find("\"value\": \"22.04\"") != std::string::npos);
  CHECK(json.find("\"display\": \"v\\\"22.04\\\"\"") != std::string::npos);
}

TEST_CASE("versions as written: evidence of the run verifies and replays") {
  std::string dir = scratch_dir("version-spelling-evidence");
  std::string keys = make_keys(dir, "signer");
  std::string evidence = dir + "/e.dsse.json";
  std::remove(evidence.c_str());
  RunResult r = run_edict(std::string(kArgs) + " --evidence '" + evidence + "' --sign '" + keys + ".key'", ".");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(read_file(evidence).size() > 0);
  RunResult v = run_edict("verify '" + evidence + "' --key '" + keys + ".pub'", ".");
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("reproduced byte for byte") != std::string::npos);
}
