// host, os and windows.registry facts from registry values and system calls (the
// sources in sources.h). Pure logic: no <windows.h>, unit-tested on Linux.
#include <cctype>
#include <charconv>

#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string Where(std::string_view key, std::string_view value) {
  return "HKLM\\" + std::string(key) + "\\" + std::string(value);
}

// Absent is silent; a value of the wrong type or a failed read is noted.
template <typename T>
void NoteProblem(const RegResult<T>& r, std::string_view key, std::string_view value, Notes* notes) {
  if (r.status == RegStatus::kWrongType) {
    notes->Note("`" + Where(key, value) + "` has an unexpected type" + (r.error.empty() ? "" : ": " + r.error));
  } else if (r.status == RegStatus::kFailed) {
    notes->Fail("cannot read `" + Where(key, value) + "`" + (r.error.empty() ? "" : ": " + r.error));
  }
}

std::optional<std::string> String(const RegistrySource& reg, std::string_view key, std::string_view value,
                                  Notes* notes) {
  auto r = reg.ReadString(key, value);
  NoteProblem(r, key, value, notes);
  if (!r.ok()) return std::nullopt;
  std::string s = Trim(r.value);
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<uint32_t> Dword(const RegistrySource& reg, std::string_view key, std::string_view value,
                              Notes* notes) {
  auto r = reg.ReadDword(key, value);
  NoteProblem(r, key, value, notes);
  if (!r.ok()) return std::nullopt;
  return r.value;
}

std::optional<uint32_t> ParseUint(std::string_view text) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// The local setting, unless the Group Policy copy is set: Group Policy is what the
// host enforces, and an administrator's local change does not survive its refresh.
std::optional<uint32_t> PolicyOrLocal(const RegistrySource& reg, std::string_view policy_key,
                                      std::string_view policy_value, std::string_view local_key,
                                      std::string_view local_value, Notes* notes) {
  if (auto policy = Dword(reg, policy_key, policy_value, notes)) return policy;
  return Dword(reg, local_key, local_value, notes);
}

// The value, `fallback` when it is absent (Microsoft's documented default), nullopt
// when it could not be read: a failed read is unknown, never the default.
std::optional<uint32_t> DwordOrDefault(const RegistrySource& reg, std::string_view key, std::string_view value,
                                       uint32_t fallback, Notes* notes) {
  auto r = reg.ReadDword(key, value);
  NoteProblem(r, key, value, notes);
  if (r.status == RegStatus::kOk) return r.value;
  if (r.status == RegStatus::kNotFound) return fallback;
  return std::nullopt;
}

// PolicyOrLocal, with `fallback` when neither is set.
std::optional<uint32_t> PolicyOrLocalOrDefault(const RegistrySource& reg, std::string_view policy_key,
                                               std::string_view policy_value, std::string_view local_key,
                                               std::string_view local_value, uint32_t fallback, Notes* notes) {
  auto policy = reg.ReadDword(policy_key, policy_value);
  NoteProblem(policy, policy_key, policy_value, notes);
  if (policy.status == RegStatus::kOk) return policy.value;
  if (policy.status != RegStatus::kNotFound) return std::nullopt;
  return DwordOrDefault(reg, local_key, local_value, fallback, notes);
}

}  // namespace

void Notes::ApplyTo(CollectorReport& report) const {
  if (failed) report.ok = false;
  for (const auto& m : messages) {
    if (!report.message.empty()) report.message += "; ";
    report.message += m;
  }
}

std::optional<std::string> ProductTypeName(std::string_view product_type) {
  std::string t = Trim(product_type);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // LanmanNT is a domain controller: a server.
  if (t == "servernt" || t == "lanmannt") return "server";
  if (t == "winnt") return "workstation";
  return std::nullopt;
}

std::optional<std::string> ArchName(uint16_t architecture) {
  switch (architecture) {
    case kArchAmd64: return "x86_64";
    case kArchIntel: return "x86";
    case kArchIa64: return "ia64";
    case kArchArm64: return "aarch64";
    case kArchArm: return "arm";
    default: return std::nullopt;
  }
}

int64_t ServicePackFromCsd(uint32_t csd_version) { return (csd_version >> 8) & 0xff; }

HostFacts ReadHostFacts(const RegistrySource& registry, SystemSource* system, Notes* notes) {
  HostFacts host;
  if (system) {
    host.name = system->ComputerName();
    if (!host.name) notes->Fail("GetComputerNameExW failed");
  }
  host.id = String(registry, kCryptographyKey, "MachineGuid", notes);
  return host;
}

OsFacts ReadOsFacts(const RegistrySource& registry, SystemSource* system, Notes* notes) {
  OsFacts os;
  os.name = String(registry, kCurrentVersionKey, "ProductName", notes);

  auto reg_build_text = String(registry, kCurrentVersionKey, "CurrentBuildNumber", notes);
  std::optional<uint32_t> reg_build = reg_build_text ? ParseUint(*reg_build_text) : std::nullopt;
  if (reg_build_text && !reg_build) notes->Note("CurrentBuildNumber `" + *reg_build_text + "` is not a number");

  if (reg_build) os.registry_build = *reg_build;
  std::optional<KernelVersion> kernel = system ? system->RtlVersion() : std::nullopt;
  if (kernel) os.kernel_build = kernel->build;
  if (system) {
    if (auto image = system->KernelImageVersion()) {
      os.ntoskrnl_build = image->build;
      os.ntoskrnl_version = std::to_string(image->major) + "." + std::to_string(image->minor) + "." +
                            std::to_string(image->build) + "." + std::to_string(image->revision);
    } else {
      notes->Note("the file version of ntoskrnl.exe could not be read");
    }
  }
  if (kernel) {
    os.version = std::to_string(kernel->major) + "." + std::to_string(kernel->minor) + "." +
                 std::to_string(kernel->build);
    os.build = kernel->build;
    if (reg_build && *reg_build != kernel->build) {
      notes->Note("RtlGetVersion reports build " + std::to_string(kernel->build) + " but CurrentBuildNumber is " +
                  std::to_string(*reg_build) + "; the kernel's build is used");
    }
  } else {
    // Without RtlGetVersion (no ntdll export, or a test without a system source),
    // the registry's CurrentVersion ("6.0") and CurrentBuildNumber give the same triple.
    if (system) notes->Note("RtlGetVersion is not available; the version comes from the registry");
    auto current = String(registry, kCurrentVersionKey, "CurrentVersion", notes);
    if (current && reg_build) os.version = *current + "." + std::to_string(*reg_build);
    if (reg_build) os.build = *reg_build;
  }

  if (auto csd = Dword(registry, kWindowsControlKey, "CSDVersion", notes)) {
    os.service_pack = ServicePackFromCsd(*csd);
  } else if (kernel) {
    os.service_pack = kernel->service_pack_major;
  }

  if (auto type = String(registry, kProductOptionsKey, "ProductType", notes)) {
    os.product_type = ProductTypeName(*type);
    if (!os.product_type) notes->Note("unrecognised ProductType `" + *type + "`");
  }

  if (system) {
    if (auto arch = system->NativeArchitecture()) {
      os.arch = ArchName(*arch);
      if (!os.arch) notes->Note("unrecognised processor architecture " + std::to_string(*arch));
    }
  }
  return os;
}

SecurityFacts ReadSecurityFacts(const RegistrySource& registry, Notes* notes) {
  SecurityFacts s;
  // The local store calls the private profile StandardProfile; Group Policy says PrivateProfile.
  struct Profile {
    const char* local;
    const char* policy;
    std::optional<bool> SecurityFacts::*fact;
  };
  const Profile profiles[] = {
      {"DomainProfile", "DomainProfile", &SecurityFacts::firewall_domain},
      {"StandardProfile", "PrivateProfile", &SecurityFacts::firewall_private},
      {"PublicProfile", "PublicProfile", &SecurityFacts::firewall_public},
  };
  for (const auto& p : profiles) {
    std::string policy_key = std::string(kFirewallGroupPolicyKey) + "\\" + p.policy;
    std::string local_key = std::string(kFirewallPolicyKey) + "\\" + p.local;
    auto v = PolicyOrLocal(registry, policy_key, "EnableFirewall", local_key, "EnableFirewall", notes);
    if (v) s.*(p.fact) = *v != 0;
  }

  if (auto deny = PolicyOrLocal(registry, kTerminalServicesPolicyKey, "fDenyTSConnections", kTerminalServerKey,
                                "fDenyTSConnections", notes)) {
    s.rdp_enabled = *deny == 0;
  }
  // UserAuthentication absent (in the policy and in RDP-Tcp) is Microsoft's documented
  // default 0: Network Level Authentication is not required (docs/windows.md).
  if (auto nla = PolicyOrLocalOrDefault(registry, kTerminalServicesPolicyKey, "UserAuthentication", kRdpTcpKey,
                                        "UserAuthentication", 0, notes)) {
    s.nla_required = *nla == 1;
  }

  // The SMB server runs SMBv1 unless SMB1 = 0 turns it off: an absent value (or an
  // absent Parameters key) means enabled. A value we could not read stays unknown.
  auto smb1 = registry.ReadDword(kLanmanServerParametersKey, "SMB1");
  NoteProblem(smb1, kLanmanServerParametersKey, "SMB1", notes);
  if (smb1.status == RegStatus::kOk) {
    s.smb1_enabled = smb1.value != 0;
  } else if (smb1.status == RegStatus::kNotFound) {
    s.smb1_enabled = true;
  }

  // Removable media. Each absent value has a documented meaning (docs/windows.md):
  // USBSTOR Start has no default (absent: the driver is not disabled), Deny_All is
  // not configured, and NoDriveTypeAutoRun's defaults leave some drive types on.
  if (auto start = DwordOrDefault(registry, kUsbStorServiceKey, "Start", 0, notes)) {
    s.usb_storage_disabled = *start == kServiceStartDisabled;
  }
  if (auto deny = DwordOrDefault(registry, kRemovableStoragePolicyKey, "Deny_All", 0, notes)) {
    s.removable_deny_all = *deny == 1;
  }
  if (auto autorun = DwordOrDefault(registry, kExplorerPolicyKey, "NoDriveTypeAutoRun", 0, notes)) {
    s.autorun_off_all_drives = (*autorun & kAutoRunOffAllDriveTypes) == kAutoRunOffAllDriveTypes;
  }
  return s;
}

}  // namespace edict::collectors::windows
