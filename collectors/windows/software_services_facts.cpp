// windows.software from the Uninstall keys of both registry views, the names of the
// service control manager's numbers for windows.services, and windows.administrators' order. Pure logic: no <windows.h>,
// unit-tested on Linux (tests/windows/software_services_test.cpp).
#include <algorithm>
#include <tuple>

#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

namespace {

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A string value, trimmed; nullopt when absent or empty. A value that exists but cannot
// be read is noted (the entry is still listed: its name was read).
std::optional<std::string> Text(const RegistrySource& reg, const std::string& key, std::string_view value,
                                Notes* notes) {
  auto r = reg.ReadString(key, value);
  if (r.status == RegStatus::kWrongType || r.status == RegStatus::kFailed) {
    notes->Note("`HKLM\\" + key + "\\" + std::string(value) + "` cannot be read as text" +
                (r.error.empty() ? "" : ": " + r.error));
  }
  if (!r.ok()) return std::nullopt;
  std::string s = Trimmed(r.value);
  if (s.empty()) return std::nullopt;
  return s;
}

// One view's entries; false when the key exists but cannot be listed.
bool ReadView(const RegistrySource& reg, std::string_view root, const std::string& arch,
              std::vector<SoftwareEntry>* out, Notes* notes) {
  auto subkeys = reg.EnumSubkeys(root);
  if (subkeys.status == RegStatus::kNotFound) return true;  // no such view (32-bit Windows)
  if (!subkeys.ok()) {
    notes->Fail("cannot list `HKLM\\" + std::string(root) + "`" + (subkeys.error.empty() ? "" : ": " + subkeys.error));
    return false;
  }
  if (subkeys.value.size() > kMaxUninstallEntries) {
    notes->Fail("`HKLM\\" + std::string(root) + "` has " + std::to_string(subkeys.value.size()) +
                " subkeys, more than the " + std::to_string(kMaxUninstallEntries) + " read");
    return false;
  }
  for (const std::string& sub : subkeys.value) {
    std::string key = std::string(root) + "\\" + sub;
    // Programs and Features lists an entry by its DisplayName; without one it is not an
    // installed program as Windows shows it (often a leftover of an uninstall). A name
    // that cannot be read could be any program's: the list would be short, so unknown.
    auto display_name = reg.ReadString(key, "DisplayName");
    if (display_name.status == RegStatus::kFailed) {
      notes->Fail("cannot read `HKLM\\" + key + "\\DisplayName`" +
                  (display_name.error.empty() ? "" : ": " + display_name.error));
      return false;
    }
    if (display_name.status == RegStatus::kWrongType) {
      notes->Note("`HKLM\\" + key + "\\DisplayName` is not text: the entry is not listed");
    }
    std::string name = display_name.ok() ? Trimmed(display_name.value) : "";
    if (name.empty()) continue;
    SoftwareEntry e;
    e.name = std::move(name);
    e.version = Text(reg, key, "DisplayVersion", notes);
    e.publisher = Text(reg, key, "Publisher", notes);
    e.install_date = Text(reg, key, "InstallDate", notes);
    e.arch = arch;
    auto system_component = reg.ReadDword(key, "SystemComponent");
    e.system_component = system_component.ok() && system_component.value == 1;
    e.update = Text(reg, key, "ParentKeyName", notes).has_value();
    e.key = sub;
    out->push_back(std::move(e));
  }
  return true;
}

}  // namespace

std::optional<std::vector<SoftwareEntry>> ReadInstalledSoftware(const RegistrySource& registry,
                                                                std::string_view native_arch, Notes* notes) {
  std::vector<SoftwareEntry> entries;
  // The key below SOFTWARE is the native view; on 64-bit Windows, WOW6432Node holds the
  // 32-bit programs' view. 32-bit Windows has no WOW6432Node.
  const std::string native = native_arch.empty() ? std::string("x86_64") : std::string(native_arch);
  bool ok = ReadView(registry, kUninstallKey, native, &entries, notes);
  if (native != "x86") ok = ReadView(registry, kUninstallWow64Key, "x86", &entries, notes) && ok;
  if (!ok) return std::nullopt;
  std::sort(entries.begin(), entries.end(), [](const SoftwareEntry& a, const SoftwareEntry& b) {
    return std::tie(a.name, a.arch, a.key) < std::tie(b.name, b.arch, b.key);
  });
  return entries;
}

std::optional<std::string> ServiceStartName(uint32_t start_type) {
  switch (start_type) {
    case kServiceBootStart: return "boot";
    case kServiceSystemStart: return "system";
    case kServiceAutoStart: return "auto";
    case kServiceDemandStart: return "manual";  // SERVICE_DEMAND_START, "Manual" in services.msc
    case kServiceDisabledStart: return "disabled";
    default: return std::nullopt;
  }
}

std::optional<std::string> ServiceStateName(uint32_t state) {
  switch (state) {
    case kServiceStopped: return "stopped";
    case kServiceStartPending: return "start_pending";
    case kServiceStopPending: return "stop_pending";
    case kServiceRunning: return "running";
    case kServiceContinuePending: return "continue_pending";
    case kServicePausePending: return "pause_pending";
    case kServicePaused: return "paused";
    default: return std::nullopt;
  }
}

std::string ServiceKey(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

std::vector<std::string> SortedMembers(std::vector<std::string> members) {
  members.erase(std::remove(members.begin(), members.end(), std::string()), members.end());
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  return members;
}

}  // namespace edict::collectors::windows
