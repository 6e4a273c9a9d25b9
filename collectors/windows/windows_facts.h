// The Windows collectors' logic: registry values, WMI rows and IP helper tables in,
// fact values out. Free of <windows.h> so it builds and is unit-tested on Linux with
// fake sources (tests/windows/); the win32_*.cpp sources feed it on a real host.
// docs/windows.md says where each fact comes from.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/collector.h"
#include "collectors/windows/sources.h"

namespace edict::collectors::windows {

// Registry keys the collectors read (below HKLM), named once for the code and the tests.
inline constexpr std::string_view kCurrentVersionKey = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
inline constexpr std::string_view kWindowsControlKey = "SYSTEM\\CurrentControlSet\\Control\\Windows";
inline constexpr std::string_view kProductOptionsKey = "SYSTEM\\CurrentControlSet\\Control\\ProductOptions";
inline constexpr std::string_view kCryptographyKey = "SOFTWARE\\Microsoft\\Cryptography";
inline constexpr std::string_view kCbsPackagesKey =
    "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages";
inline constexpr std::string_view kFirewallPolicyKey =
    "SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy";
inline constexpr std::string_view kFirewallGroupPolicyKey = "SOFTWARE\\Policies\\Microsoft\\WindowsFirewall";
inline constexpr std::string_view kTerminalServerKey = "SYSTEM\\CurrentControlSet\\Control\\Terminal Server";
inline constexpr std::string_view kRdpTcpKey =
    "SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";
inline constexpr std::string_view kTerminalServicesPolicyKey =
    "SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services";
inline constexpr std::string_view kLanmanServerParametersKey =
    "SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters";
inline constexpr std::string_view kUsbStorServiceKey = "SYSTEM\\CurrentControlSet\\Services\\USBSTOR";
// "All Removable Storage classes: Deny all access" (RemovableStorage.admx), computer side.
inline constexpr std::string_view kRemovableStoragePolicyKey =
    "SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices";
inline constexpr std::string_view kExplorerPolicyKey =
    "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer";

// A service's Start value that means the service (here the USB mass storage driver)
// is disabled: 4 (SERVICE_DISABLED).
constexpr uint32_t kServiceStartDisabled = 4;
// NoDriveTypeAutoRun with every drive-type bit set: AutoRun off on all drive types.
constexpr uint32_t kAutoRunOffAllDriveTypes = 0xFF;

// CBS package CurrentState values that mean the package is on the host.
constexpr uint32_t kCbsStateInstalled = 0x70;
constexpr uint32_t kCbsStatePermanent = 0x80;
// A host has a few thousand CBS packages; past this many subkeys the key is not a
// CBS store we understand, and reading on would only slow the check down.
constexpr size_t kMaxCbsPackages = 100000;
// WMI rows read per query: SoftwareLicensingProduct has a few hundred rows,
// Win32_QuickFixEngineering a few hundred; more is a broken provider.
constexpr size_t kMaxWmiRows = 20000;

// What went wrong or was left out while collecting, for the CollectorReport.
struct Notes {
  bool failed = false;  // a source could not be read (not: a value is absent)
  std::vector<std::string> messages;
  void Note(std::string message) { messages.push_back(std::move(message)); }
  void Fail(std::string message) {
    failed = true;
    messages.push_back(std::move(message));
  }
  void ApplyTo(CollectorReport& report) const;
};

// ---- host, os ----
struct HostFacts {
  std::optional<std::string> name;
  std::optional<std::string> id;
};
HostFacts ReadHostFacts(const RegistrySource& registry, SystemSource* system, Notes* notes);

struct OsFacts {
  std::optional<std::string> name;     // ProductName
  std::optional<std::string> version;  // "6.0.6003"
  std::optional<int64_t> build;
  std::optional<int64_t> service_pack;
  std::optional<std::string> product_type;  // "server" / "workstation"
  std::optional<std::string> arch;
  // The build as each source says it, for windows.server2008.esu.build_genuine: the
  // registry's CurrentBuildNumber, RtlGetVersion, and ntoskrnl.exe's file version.
  std::optional<int64_t> registry_build;
  std::optional<int64_t> kernel_build;
  std::optional<int64_t> ntoskrnl_build;
  std::optional<std::string> ntoskrnl_version;  // "6.0.6003.20489"
};
// RtlGetVersion gives the version; without it, CurrentVersion + CurrentBuildNumber do.
// A CurrentBuildNumber that disagrees with RtlGetVersion is noted, and the kernel wins.
OsFacts ReadOsFacts(const RegistrySource& registry, SystemSource* system, Notes* notes);
// "ServerNT"/"LanmanNT" -> "server", "WinNT" -> "workstation", others -> nullopt.
std::optional<std::string> ProductTypeName(std::string_view product_type);
// PROCESSOR_ARCHITECTURE_* -> "x86_64", "x86", "ia64", "aarch64", "arm"; nullopt otherwise.
std::optional<std::string> ArchName(uint16_t architecture);
// CSDVersion (0x200 for SP2) -> 2.
int64_t ServicePackFromCsd(uint32_t csd_version);

// ---- windows.registry: firewall, RDP, SMB ----
struct SecurityFacts {
  std::optional<bool> firewall_domain;
  std::optional<bool> firewall_private;
  std::optional<bool> firewall_public;
  std::optional<bool> rdp_enabled;
  std::optional<bool> nla_required;
  std::optional<bool> smb1_enabled;
  // Removable media: the USBSTOR driver is disabled (Start = 4); the Removable Storage
  // Access "deny all" policy is on (Deny_All = 1); AutoRun is off for every drive type
  // (HKLM NoDriveTypeAutoRun = 0xFF). Absent values mean the documented default (off,
  // not configured, and a default below 0xFF): false, never unknown.
  std::optional<bool> usb_storage_disabled;
  std::optional<bool> removable_deny_all;
  std::optional<bool> autorun_off_all_drives;
};
// Group Policy copies under SOFTWARE\Policies win over the local settings when set.
SecurityFacts ReadSecurityFacts(const RegistrySource& registry, Notes* notes);

// ---- windows.updates ----
// "Package_for_KB4493471~31bf3856ad364e35~amd64~~6.0.1.0" -> "KB4493471" (also
// "Package_1_for_KB..."); nullopt for packages that are not a KB.
std::optional<std::string> KbFromCbsPackage(std::string_view package_name);
// "kb4493471" / "KB4493471 " -> "KB4493471"; nullopt unless KB followed by digits.
std::optional<std::string> NormalizeKb(std::string_view hotfix_id);
// The KBs of CBS packages whose CurrentState is installed or permanent.
std::optional<std::vector<std::string>> ReadCbsHotfixes(const RegistrySource& registry, Notes* notes);
inline constexpr std::string_view kQfeQuery = "SELECT HotFixID FROM Win32_QuickFixEngineering";
std::vector<std::string> HotfixesFromQfeRows(const std::vector<WmiRow>& rows);
// Sorted by KB number, unique.
std::vector<std::string> MergeHotfixes(std::vector<std::string> a, const std::vector<std::string>& b);

// ---- windows.license: ESU ----
struct EsuProduct {
  std::string id;  // lower case
  std::string name;
  int64_t license_status = 0;
};
// The last ESU year sold for Server 2008 / 2008 R2 outside Azure (ended January 10,
// 2023). Each year is its own SKU: a host is licensed for the ESU period only when
// this year's is activated (docs/windows.md).
constexpr int kEsuFinalYear = 3;
struct EsuFacts {
  bool licensed = false;  // the kEsuFinalYear id has LicenseStatus 1
  std::optional<int64_t> year;  // unset when no ESU year is licensed
  std::vector<EsuProduct> products;
};
// 1, 2 or 3 for a Server 2008 / 2008 R2 ESU activation id (any case); 0 otherwise.
int EsuYear(std::string_view activation_id);
// The WQL asking SoftwareLicensingProduct for the ESU activation ids only (the class
// is slow to enumerate whole on a real host).
std::string EsuQuery();
EsuFacts EsuFromRows(const std::vector<WmiRow>& rows);

// ---- network ----
// IPv4 dotted quad; IPv6 in RFC 5952 form (lower case, longest zero run as ::).
std::string FormatAddress(const RawAddress& address);
struct RouteFact {
  std::string destination;  // CIDR
  std::string gateway;
  std::string iface;  // the fact field `interface` (a macro in the Windows COM headers)
  int64_t metric = 0;
  std::string family;  // "ipv4" / "ipv6"
  std::string table;   // always "main"
  std::string type;    // always "unicast"
};
// Routes on interfaces that are up, in the source's order.
std::vector<RouteFact> RoutesFromTable(const std::vector<RawRoute>& table);
// "" when WinHTTP goes direct, else the configured proxy list ("automatic" for
// WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY and other modes that may use one).
std::string ProxyFact(const ProxyConfig& config);
// The machine-wide WinINET proxy, in force only when the policy "Make proxy settings
// per-machine" sets ProxySettingsPerUser = 0 (docs/windows.md cites each value):
// ProxyServer when ProxyEnable = 1, else "pac: <AutoConfigURL>", else "". nullopt
// (with a failure noted) when a value that decides it cannot be read.
std::optional<std::string> MachineWinInetProxy(const RegistrySource& registry, Notes* notes);

// ---- windows.software: the Uninstall keys ----
// Programs and Features lists what installers register here (docs/windows.md cites
// Microsoft's pages): the native view, and on 64-bit Windows the 32-bit view, which the
// 64-bit registry view shows below WOW6432Node.
inline constexpr std::string_view kUninstallKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
inline constexpr std::string_view kUninstallWow64Key =
    "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
// A host has a few hundred uninstall entries; past this many subkeys in one view the key
// is not one we understand, and the list is left unknown rather than cut short.
constexpr size_t kMaxUninstallEntries = 20000;
struct SoftwareEntry {
  std::string name;  // DisplayName
  std::optional<std::string> version;       // DisplayVersion
  std::optional<std::string> publisher;     // Publisher
  std::optional<std::string> install_date;  // InstallDate, as written ("20230110")
  std::string arch;  // the registry view: "x86_64" or "x86" (os.arch's names)
  bool system_component = false;  // SystemComponent = 1: hidden from Programs and Features
  bool update = false;            // ParentKeyName set: an update of another entry
  std::string key;                // the subkey name ("{GUID}" or the installer's name)
};
// Every entry with a DisplayName, in both views, sorted by name then arch then key.
// `native_arch` is os.arch ("x86_64" or "x86"); nullopt when an Uninstall key that
// exists cannot be enumerated (the list would be incomplete: unknown, not short).
std::optional<std::vector<SoftwareEntry>> ReadInstalledSoftware(const RegistrySource& registry,
                                                                std::string_view native_arch, Notes* notes);

// ---- windows.services: the service control manager ----
// dwStartType (QUERY_SERVICE_CONFIGW) and dwCurrentState (SERVICE_STATUS) values.
constexpr uint32_t kServiceBootStart = 0, kServiceSystemStart = 1, kServiceAutoStart = 2,
                   kServiceDemandStart = 3, kServiceDisabledStart = 4;
constexpr uint32_t kServiceStopped = 1, kServiceStartPending = 2, kServiceStopPending = 3, kServiceRunning = 4,
                   kServiceContinuePending = 5, kServicePausePending = 6, kServicePaused = 7;
// A host has a few hundred services; more is a broken enumeration.
constexpr size_t kMaxServices = 20000;
// 0..4 -> "boot", "system", "auto", "manual", "disabled"; nullopt for other numbers.
std::optional<std::string> ServiceStartName(uint32_t start_type);
// 1..7 -> "stopped", "start_pending", "stop_pending", "running", "continue_pending",
// "pause_pending", "paused"; nullopt for other numbers.
std::optional<std::string> ServiceStateName(uint32_t state);
// The map key: service names are case-insensitive to the SCM, so keys are lower case
// (ASCII: service names are ASCII in practice; other bytes are kept as they are).
std::string ServiceKey(std::string_view name);

// ---- windows.accounts: the local Administrators group ----
// A local group holds a handful of members; thousands is a broken enumeration.
constexpr size_t kMaxGroupMembers = 10000;
// The members sorted and each once (NetLocalGroupGetMembers gives no order); members
// that are empty are dropped.
std::vector<std::string> SortedMembers(std::vector<std::string> members);

// ---- ports: listening sockets ----
// A host listens on tens of sockets; past this many the table is not one we understand.
constexpr size_t kMaxListeningSockets = 100000;
struct PortFact {
  std::string protocol;  // "tcp" / "udp"
  std::string family;    // "ipv4" / "ipv6"
  std::string address;   // as FormatAddress writes it ("0.0.0.0", "::")
  int64_t port = 0;
  std::optional<std::vector<std::string>> processes;  // nullopt: the owner is unknown
};
// The sockets with their owners' names (the same record shape as the Linux `ports`),
// sorted by protocol, family, address and port, each once. `names` is null when no
// process snapshot could be taken: then every `processes` is unknown.
std::vector<PortFact> PortsFromSockets(const std::vector<RawSocket>& sockets,
                                       const std::map<uint32_t, std::string>* names);

// ---- files: the paths a program names (a keyed resource, as on Linux) ----
// A version resource is a few KiB; a larger one is not a version resource we read
// (GetFileVersionInfoW copies it whole into memory).
constexpr uint32_t kMaxVersionInfoBytes = 1 << 20;
// The path `path` (an absolute Windows path, `files`' key) as this process must name it.
// `wow64`: a 32-bit process on 64-bit Windows, where the file system redirector shows
// `%SystemRoot%\\System32` as SysWOW64 (32-bit DLLs, no ntoskrnl.exe): there a path below
// the System32 of `windows_dir` goes through the `Sysnative` alias WOW64 provides from
// Vista on, so the key names the same file for both edict.exe's (docs/windows.md).
// Case-insensitive, either separator; other paths unchanged.
std::string NativeFilePath(std::string_view path, std::string_view windows_dir, bool wow64);
// "6.0.6003.21000" (major.minor.build.revision).
std::string FileVersionText(const FileVersion& v);

// The eleven Windows collectors (`host`, `os`, `network`, `windows.updates`,
// `windows.license`, `windows.registry`, `windows.software`, `windows.services`,
// `windows.accounts`, `ports`, `files`) over the given sources.
std::vector<std::unique_ptr<Collector>> MakeCollectors(const Sources& sources);
std::unique_ptr<Collector> MakeFilesCollector(const Sources& sources);  // files_facts.cpp

}  // namespace edict::collectors::windows
