// `edict check` over facts that used to pass a gate they should not: a TOML `nan` made
// `not (cpu.load >= 90.0)` pass, and `"licensed": false, "licensed": true` read as
// licensed. Both are now input errors: exit 2, the code and caret on stderr, no report.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

namespace fs = std::filesystem;

const char* kPolicy = R"(package t
fact cpu.load: float
fact app.licensed: bool
policy tp "Fail closed" {
  severity high
  rule cpu "cpu under 90" {
    require not (cpu.load >= 90.0)
  }
  rule lic "licensed" {
    require app.licensed
  }
}
)";

RunResult check_with(const std::string& name, const std::string& facts) {
  std::string dir = scratch_dir("fail-closed-" + name);
  fs::create_directories(dir + "/policies");
  std::ofstream(dir + "/policies/t.edict") << kPolicy;
  std::ofstream(dir + "/" + name) << facts;
  // run_edict takes a directory relative to the repository.
  return run_edict("check policies --facts " + name + " --now 2026-11-21 --output json=report.json",
                   fs::relative(dir, EDICT_SOURCE_DIR).string());
}

}  // namespace

TEST_CASE("check: a TOML nan is an input error, not a pass of not (x >= 90.0)") {
  RunResult r = check_with("host.toml", "[app]\nlicensed = true\n[cpu]\nload = nan\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("host.toml:4:8: error[E0516]: fact `cpu.load` is `nan`, not a number a fact can hold") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(fs::path(scratch_dir("fail-closed-host.toml")) / "report.json"));
}

TEST_CASE("check: a JSON key written twice is an input error, not the last one winning") {
  RunResult r = check_with("host.json", R"({"cpu": {"load": 10.0}, "app": {"licensed": false, "licensed": true}})");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("host.json:1:52: error[E0517]: key `licensed` appears twice in the same map") != std::string::npos);
  CHECK(r.err.find("the first `licensed` is at line 1, column 33") != std::string::npos);
}

TEST_CASE("check: the same facts without nan or the repeat pass, so the refusals above are about them") {
  RunResult r = check_with("ok.json", R"({"cpu": {"load": 10.0}, "app": {"licensed": true}})");
  CHECK(r.exit_code == 0);
}
