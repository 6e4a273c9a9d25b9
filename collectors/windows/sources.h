// Where the Windows collectors read from: the registry, WMI, the IP helper and a few
// system calls, each behind an interface so tests swap in fakes (tests/windows/) and
// the logic (windows_facts.h) compiles on Linux. Only win32_*.cpp implement them for
// real. Strings cross these interfaces as UTF-8; keys are under HKEY_LOCAL_MACHINE.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace edict::collectors::windows {

// What a registry read found. kNotFound (the key or the value is absent) is an answer,
// not a failure: some facts have a meaning for "absent" (SMB1).
enum class RegStatus { kOk, kNotFound, kWrongType, kFailed };

template <typename T>
struct RegResult {
  RegStatus status = RegStatus::kNotFound;
  T value{};
  std::string error;  // kWrongType / kFailed: what went wrong, for the collector report
  bool ok() const { return status == RegStatus::kOk; }
};

class RegistrySource {
 public:
  virtual ~RegistrySource() = default;
  // REG_SZ, or REG_EXPAND_SZ left unexpanded. `key` is below HKLM ("SOFTWARE\\Microsoft\\...").
  virtual RegResult<std::string> ReadString(std::string_view key, std::string_view value) const = 0;
  virtual RegResult<uint32_t> ReadDword(std::string_view key, std::string_view value) const = 0;
  // The names of the key's direct subkeys, in the order the source gives them.
  virtual RegResult<std::vector<std::string>> EnumSubkeys(std::string_view key) const = 0;
};

// One WMI property value: absent/NULL, a number, a string or a boolean.
using WmiValue = std::variant<std::monostate, int64_t, std::string, bool>;
using WmiRow = std::map<std::string, WmiValue, std::less<>>;

class WmiSource {
 public:
  virtual ~WmiSource() = default;
  // Runs a WQL query in ROOT\CIMV2 and returns the named properties of each row.
  // False (with *error) when WMI could not be reached or the query failed.
  virtual bool Query(std::string_view wql, const std::vector<std::string>& properties, std::vector<WmiRow>* rows,
                     std::string* error) = 0;
};

// An address as the IP helper gives it: 4 or 16 bytes in network order.
struct RawAddress {
  int family = 4;  // 4 or 6
  std::array<uint8_t, 16> bytes{};
};

struct RawRoute {
  RawAddress destination;
  int prefix_length = 0;
  RawAddress next_hop;
  uint32_t interface_index = 0;
  std::string interface_name;  // the interface alias ("Local Area Connection")
  bool interface_up = false;   // the interface's operational status is up
  uint32_t metric = 0;         // the route's own metric
};

struct RawInterface {
  std::string name;
  bool up = false;
  std::vector<std::pair<RawAddress, int>> addresses;  // address and on-link prefix length
};

// WINHTTP_ACCESS_TYPE_*: how WinHTTP is configured to reach the network.
enum class ProxyAccess { kNoProxy, kNamedProxy, kOther };

struct ProxyConfig {
  ProxyAccess access = ProxyAccess::kNoProxy;
  std::string proxy;  // "proxy.corp:8080", or "http=a:80;https=b:443"
  std::string bypass;
};

class NetworkSource {
 public:
  virtual ~NetworkSource() = default;
  virtual bool Routes(std::vector<RawRoute>* routes, std::string* error) = 0;
  virtual bool Interfaces(std::vector<RawInterface>* interfaces, std::string* error) = 0;
  virtual bool Proxy(ProxyConfig* config, std::string* error) = 0;
};

// What RtlGetVersion (OSVERSIONINFOEXW) reports.
struct KernelVersion {
  uint32_t major = 0;
  uint32_t minor = 0;
  uint32_t build = 0;
  uint16_t service_pack_major = 0;
};

// The fixed file version of a PE image (VS_FIXEDFILEINFO: major.minor.build.revision).
struct FileVersion {
  uint32_t major = 0;
  uint32_t minor = 0;
  uint32_t build = 0;
  uint32_t revision = 0;
};

// PROCESSOR_ARCHITECTURE_* of GetNativeSystemInfo.
constexpr uint16_t kArchIntel = 0;
constexpr uint16_t kArchArm = 5;
constexpr uint16_t kArchIa64 = 6;
constexpr uint16_t kArchAmd64 = 9;
constexpr uint16_t kArchArm64 = 12;

class SystemSource {
 public:
  virtual ~SystemSource() = default;
  virtual std::optional<KernelVersion> RtlVersion() = 0;  // nullopt when ntdll lacks it
  virtual std::optional<uint16_t> NativeArchitecture() = 0;
  virtual std::optional<std::string> ComputerName() = 0;  // the DNS host name
  // The file version of %SystemRoot%\System32\ntoskrnl.exe, the kernel image on disk
  // (the 64-bit System32 even from a 32-bit process on x64); nullopt when unreadable.
  virtual std::optional<FileVersion> KernelImageVersion() = 0;
};

// One service as the service control manager lists it (EnumServicesStatusExW with
// SC_ENUM_PROCESS_INFO, then QueryServiceConfigW / QueryServiceConfig2W per service).
// The numbers are the SCM's own: dwStartType of QUERY_SERVICE_CONFIGW, dwCurrentState
// of SERVICE_STATUS_PROCESS (windows_facts.h names them).
struct RawService {
  std::string name;          // the service (key) name, "TermService"
  std::string display_name;  // "Remote Desktop Services"
  std::optional<uint32_t> start_type;  // nullopt when QueryServiceConfigW was refused
  uint32_t state = 0;
  std::optional<bool> delayed_auto_start;  // SERVICE_CONFIG_DELAYED_AUTO_START_INFO (Vista+)
};

class ServiceSource {
 public:
  virtual ~ServiceSource() = default;
  // Every Win32 service (SERVICE_WIN32, SERVICE_STATE_ALL). False (with *error) when
  // the SCM cannot be opened or enumerated: the list is then unknown, never empty.
  virtual bool Services(std::vector<RawService>* services, std::string* error) = 0;
};

// One listening socket as GetExtendedTcpTable (TCP_TABLE_OWNER_PID_LISTENER) or
// GetExtendedUdpTable (UDP_TABLE_OWNER_PID) lists it, port in host order.
struct RawSocket {
  std::string protocol;  // "tcp" or "udp"
  RawAddress address;
  uint16_t port = 0;
  uint32_t pid = 0;  // the owning process
};

class PortSource {
 public:
  virtual ~PortSource() = default;
  // TCP listeners and UDP endpoints, IPv4 and IPv6. False (with *error) when a table
  // cannot be read: the list is then unknown, never short.
  virtual bool Listening(std::vector<RawSocket>* sockets, std::string* error) = 0;
  // Process id -> executable name ("svchost.exe"), from a process snapshot. False when
  // no snapshot can be taken: every socket's owner is then unknown.
  virtual bool ProcessNames(std::map<uint32_t, std::string>* names, std::string* error) = 0;
};

class AccountSource {
 public:
  virtual ~AccountSource() = default;
  // The members of the local Administrators group (the well-known SID S-1-5-32-544,
  // whatever the group is called in the host's language), as "DOMAIN\\name". False (with
  // *error) when the group cannot be read: the list is then unknown, never empty.
  virtual bool AdministratorsMembers(std::vector<std::string>* members, std::string* error) = 0;
};

// One file system entry as GetFileAttributesExW and the version resource
// (GetFileVersionInfoW, VerQueryValueW "\\") describe it, for `files`.
enum class FileStatus { kFound, kNotFound, kFailed };
struct RawFile {
  FileStatus status = FileStatus::kNotFound;
  std::string error;  // kFailed: why the entry could not be looked at (access denied, ...)
  bool directory = false;      // FILE_ATTRIBUTE_DIRECTORY
  bool reparse_point = false;  // FILE_ATTRIBUTE_REPARSE_POINT: a symbolic link, junction, ...
  uint64_t size = 0;
  int64_t mtime = 0;  // the last write time, in seconds since 1970 (UTC)
  // VS_FIXEDFILEINFO's dwFileVersion and dwProductVersion; both nullopt when the file
  // has no version resource (an answer, not an error) or when it could not be read
  // (then version_error says why).
  std::optional<FileVersion> file_version, product_version;
  std::string version_error;
};

class FileSource {
 public:
  virtual ~FileSource() = default;
  // GetSystemWindowsDirectoryW ("C:\\Windows"); "" when it cannot be had.
  virtual std::string WindowsDirectory() = 0;
  // IsWow64Process: a 32-bit process on 64-bit Windows, whose System32 is redirected.
  virtual bool IsWow64() = 0;
  // The entry at `path` (as the process must name it, see NativeFilePath); the version
  // resource read only when `want_version` and the entry is a file.
  virtual RawFile Look(const std::string& path, bool want_version) = 0;
};

// Every source a Windows collector may need; tests fill in fakes, edict.exe the real
// ones (win32_sources.h). A null member makes the facts it feeds unknown.
struct Sources {
  std::shared_ptr<RegistrySource> registry;
  std::shared_ptr<WmiSource> wmi;
  std::shared_ptr<NetworkSource> network;
  std::shared_ptr<SystemSource> system;
  std::shared_ptr<ServiceSource> services;
  std::shared_ptr<AccountSource> accounts;
  std::shared_ptr<PortSource> ports;
  std::shared_ptr<FileSource> files;
};

}  // namespace edict::collectors::windows
