// windows.build.*: the build as the registry, RtlGetVersion and ntoskrnl.exe's file
// version each say it, kept apart so windows.server2008.esu.build_genuine can compare
// them (a patched version table shows up as a disagreement).
#include <catch2/catch.hpp>

#include "collectors/windows/windows_facts.h"
#include "tests/windows/fakes.h"

using namespace edict::collectors::windows;
using namespace edict::collectors::windows::testing;

TEST_CASE("build facts: each source's build is kept, even when they disagree") {
  FakeRegistry reg;
  reg.SetString(std::string(kCurrentVersionKey), "CurrentVersion", "6.0");
  reg.SetString(std::string(kCurrentVersionKey), "CurrentBuildNumber", "6003");
  FakeSystem sys;
  sys.kernel = KernelVersion{6, 0, 6002, 2};
  sys.image = FileVersion{6, 0, 6002, 24564};
  Notes notes;
  OsFacts os = ReadOsFacts(reg, &sys, &notes);
  CHECK(os.registry_build == 6003);
  CHECK(os.kernel_build == 6002);
  CHECK(os.ntoskrnl_build == 6002);
  CHECK(os.ntoskrnl_version == "6.0.6002.24564");
  CHECK(os.build == 6002);  // the kernel wins for os.build, as before
}

TEST_CASE("build facts: an unreadable ntoskrnl.exe leaves its build unknown, with a note") {
  FakeRegistry reg;
  reg.SetString(std::string(kCurrentVersionKey), "CurrentBuildNumber", "6003");
  FakeSystem sys;
  sys.kernel = KernelVersion{6, 0, 6003, 2};
  Notes notes;
  OsFacts os = ReadOsFacts(reg, &sys, &notes);
  CHECK_FALSE(os.ntoskrnl_build.has_value());
  CHECK(os.kernel_build == 6003);
  REQUIRE(notes.messages.size() == 1);
  CHECK(notes.messages[0].find("ntoskrnl.exe") != std::string::npos);
}

TEST_CASE("build facts: without a system source only the registry's build is known") {
  FakeRegistry reg;
  reg.SetString(std::string(kCurrentVersionKey), "CurrentBuildNumber", "6002");
  Notes notes;
  OsFacts os = ReadOsFacts(reg, nullptr, &notes);
  CHECK(os.registry_build == 6002);
  CHECK_FALSE(os.kernel_build.has_value());
  CHECK_FALSE(os.ntoskrnl_build.has_value());
}
