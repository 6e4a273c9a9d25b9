// The advisory windows.server2008.lifecycle policy (issue 13): it fails on every
// Windows Server 2008 host after the end of ESU, every report shows it, `edict doc`
// documents it, and it never gates: a compliant ESU host still exits 0.
#include <catch2/catch.hpp>

#include "tests/cli/run_edict.h"

using edict::testing::run_edict;

TEST_CASE("check: the Server 2008 lifecycle advisory fails and shows, but does not gate") {
  auto r = run_edict("check policies/windows --facts policies/windows/fixtures/ws2008-esu-airgapped.json", ".");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("FAIL    windows.server2008.lifecycle.supported") != std::string::npos);
  CHECK(r.out.find("[high, advisory]") != std::string::npos);
}

TEST_CASE("check: the lifecycle advisory is in the JSON report too") {
  auto r = run_edict("check policies/windows --facts policies/windows/fixtures/ws2008-esu-airgapped.json --format json", ".");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"windows.server2008.lifecycle.supported\"") != std::string::npos);
}

TEST_CASE("doc: the rulebook shows the lifecycle policy with its dates and migration paths") {
  auto r = run_edict("doc policies/windows --format markdown", ".");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("windows.server2008.lifecycle") != std::string::npos);
  CHECK(r.out.find("enforcement: advisory") != std::string::npos);
  CHECK(r.out.find("January 14, 2020") != std::string::npos);
  CHECK(r.out.find("January 9, 2024") != std::string::npos);
  CHECK(r.out.find("Windows Server 2012 R2") != std::string::npos);
}

TEST_CASE("check: a Windows Vista workstation is out of the Server 2008 packs' scope") {
  auto r = run_edict("check policies/windows --facts policies/windows/fixtures/vista-sp2-workstation.json", ".");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("FAIL") == std::string::npos);
  CHECK(r.out.find("12 skip") != std::string::npos);
}
