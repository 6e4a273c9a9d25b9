// `--pack NAME`: packs found by name on the pack search path (cli/packs.h), from any
// directory, with E0850/E0851 for names that are paths or packs that do not exist.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "tests/cli/run_edict.h"

using edict::testing::run_edict;

namespace {

// Points the search path at the source tree's policies/ for one test.
struct PackPath {
  explicit PackPath(const std::string& value) { ::setenv("EDICT_PACK_PATH", value.c_str(), 1); }
  ~PackPath() { ::unsetenv("EDICT_PACK_PATH"); }
};

const std::string kPolicies = std::string(EDICT_SOURCE_DIR) + "/policies";

}  // namespace

TEST_CASE("pack search: --pack finds a pack on EDICT_PACK_PATH from another directory, as the path itself would") {
  PackPath path("/nonexistent:" + kPolicies);
  auto by_name = run_edict("test --pack network", "tests");
  auto by_path = run_edict("test ../policies/network", "tests");
  CHECK(by_name.exit_code == 0);
  CHECK(by_name.out == by_path.out);
  auto doc = run_edict("doc --pack linux", "tests");
  CHECK(doc.exit_code == 0);
  CHECK(doc.out.find("linux.baseline") != std::string::npos);
  // check: the linux pack against a fixture root; the same verdict as naming the path.
  auto check = run_edict("check --pack linux --root data/facts/roots/debian12", "tests");
  auto check_path = run_edict("check ../policies/linux --root data/facts/roots/debian12", "tests");
  CHECK(check.exit_code == 1);
  CHECK(check.out == check_path.out);
}

TEST_CASE("pack search: --pack: a pack found nowhere is E0851 naming the packs that were found") {
  PackPath path(kPolicies);
  auto r = run_edict("check --pack linx", "tests");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("error[E0851]: no policy pack `linx`") != std::string::npos);
  CHECK(r.err.find("`linux`, `network`, `windows`") != std::string::npos);
}

TEST_CASE("pack search: --pack: a name that is a path is E0850, never a directory outside the search path") {
  PackPath path(kPolicies);
  for (const char* name : {"../policies/linux", "..", "/etc", "linux/../windows"}) {
    INFO(name);
    auto r = run_edict(std::string("check --pack '") + name + "'", "tests");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("E0850") != std::string::npos);
  }
}

TEST_CASE("pack search: --pack with --bundle is E0805: a bundle is already compiled") {
  PackPath path(kPolicies);
  auto r = run_edict("check --pack linux --bundle x.edictc", "tests");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("E0805") != std::string::npos);
}
