// Registry values that are absent mean Microsoft's documented default (docs/windows.md
// cites each): RDP UserAuthentication absent is 0 (NLA not required), USBSTOR Start
// absent is not "disabled", Deny_All absent is "not configured", NoDriveTypeAutoRun
// absent is a default below 0xFF. A value that cannot be read stays unknown.
#include <catch2/catch.hpp>

#include "collectors/windows/windows_facts.h"
#include "tests/windows/fakes.h"

using namespace edict::collectors::windows;
using namespace edict::collectors::windows::testing;

namespace {

// A registry with RDP on and nothing else the security facts read.
FakeRegistry RdpOnly() {
  FakeRegistry reg;
  reg.SetDword(std::string(kTerminalServerKey), "fDenyTSConnections", 0);
  return reg;
}

}  // namespace

TEST_CASE("UserAuthentication absent everywhere is the documented default: NLA is not required") {
  FakeRegistry reg = RdpOnly();
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(reg, &notes);
  CHECK(s.rdp_enabled == true);
  REQUIRE(s.nla_required.has_value());  // was unknown before
  CHECK(*s.nla_required == false);
  CHECK_FALSE(notes.failed);
}

TEST_CASE("UserAuthentication: the policy copy wins, then RDP-Tcp, then the default") {
  FakeRegistry reg = RdpOnly();
  reg.SetDword(std::string(kRdpTcpKey), "UserAuthentication", 1);
  Notes notes;
  CHECK(ReadSecurityFacts(reg, &notes).nla_required == true);
  reg.SetDword(std::string(kTerminalServicesPolicyKey), "UserAuthentication", 0);
  CHECK(ReadSecurityFacts(reg, &notes).nla_required == false);
}

TEST_CASE("an unreadable UserAuthentication is unknown, never the default") {
  FakeRegistry reg = RdpOnly();
  reg.Deny(std::string(kRdpTcpKey));
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(reg, &notes);
  CHECK_FALSE(s.nla_required.has_value());
  CHECK(notes.failed);
}

TEST_CASE("removable media: nothing configured means USB storage allowed, no deny-all, AutoRun not off everywhere") {
  FakeRegistry reg = RdpOnly();
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(reg, &notes);
  CHECK(s.usb_storage_disabled == false);
  CHECK(s.removable_deny_all == false);
  CHECK(s.autorun_off_all_drives == false);
}

TEST_CASE("removable media: USBSTOR Start 4, Deny_All 1 and NoDriveTypeAutoRun 0xFF are read as blocked") {
  FakeRegistry reg = RdpOnly();
  reg.SetDword(std::string(kUsbStorServiceKey), "Start", kServiceStartDisabled);
  reg.SetDword(std::string(kRemovableStoragePolicyKey), "Deny_All", 1);
  reg.SetDword(std::string(kExplorerPolicyKey), "NoDriveTypeAutoRun", 0xFF);
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(reg, &notes);
  CHECK(s.usb_storage_disabled == true);
  CHECK(s.removable_deny_all == true);
  CHECK(s.autorun_off_all_drives == true);

  // Start 3 (demand) loads the driver when a stick is plugged in; 0x91 leaves
  // removable and CD-ROM drives with AutoRun.
  reg.SetDword(std::string(kUsbStorServiceKey), "Start", 3);
  reg.SetDword(std::string(kExplorerPolicyKey), "NoDriveTypeAutoRun", 0x91);
  s = ReadSecurityFacts(reg, &notes);
  CHECK(s.usb_storage_disabled == false);
  CHECK(s.autorun_off_all_drives == false);
}

TEST_CASE("removable media: an unreadable USBSTOR key is unknown, not 'allowed'") {
  FakeRegistry reg = RdpOnly();
  reg.Deny(std::string(kUsbStorServiceKey));
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(reg, &notes);
  CHECK_FALSE(s.usb_storage_disabled.has_value());
  CHECK(notes.failed);
}

TEST_CASE("removable media from the hardened .reg fixture the Wine tests import") {
  FakeRegistry reg;
  std::string error;
  for (const char* f : {"server2008-sp2-6002.reg", "server2008-sp2-6003-hardened.reg"}) {
    REQUIRE(reg.ImportFile(std::string(EDICT_SOURCE_DIR) + "/tests/data/windows/" + f, &error));
  }
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(reg, &notes);
  CHECK(s.usb_storage_disabled == true);
  CHECK(s.removable_deny_all == false);
  CHECK(s.autorun_off_all_drives == true);
}
