// Fake sources for the Windows collectors' logic (collectors/windows/sources.h):
// a registry loaded from the same .reg files the Wine tests import, WMI rows and route
// tables from recorded JSON fixtures (tests/data/windows/).
#pragma once

#include <map>
#include <string>
#include <variant>

#include "collectors/collector.h"
#include "collectors/windows/sources.h"

namespace edict::collectors::windows::testing {

// HKLM only, keys and value names compared case-insensitively as Windows does.
class FakeRegistry : public RegistrySource {
 public:
  // Applies a .reg file ("Windows Registry Editor Version 5.00" or REGEDIT4):
  // [key], [-key], "name"="text", "name"=dword:hex, "name"=hex(2):utf-16le bytes,
  // "name"=-. Returns false with *error on a line it cannot read.
  bool Import(const std::string& text, std::string* error);
  bool ImportFile(const std::string& path, std::string* error);
  void SetString(const std::string& key, const std::string& name, const std::string& value);
  void SetDword(const std::string& key, const std::string& name, uint32_t value);
  // Makes every read of `key` fail as access denied would.
  void Deny(const std::string& key) { denied_[Fold(key)] = true; }

  RegResult<std::string> ReadString(std::string_view key, std::string_view value) const override;
  RegResult<uint32_t> ReadDword(std::string_view key, std::string_view value) const override;
  RegResult<std::vector<std::string>> EnumSubkeys(std::string_view key) const override;

 private:
  using Data = std::variant<std::string, uint32_t>;
  struct Key {
    std::string name;  // as first written
    std::map<std::string, Data> values;  // folded name -> data
  };
  static std::string Fold(std::string_view s);
  Key& Touch(const std::string& key);
  std::map<std::string, Key> keys_;  // folded full path below HKLM
  std::map<std::string, bool> denied_;
};

// Rows by WMI class, from JSON {"Class": [{"Prop": value, ...}, ...]}. Like Wine's
// WMI it ignores a query's WHERE clause: the logic must filter for itself.
class FakeWmi : public WmiSource {
 public:
  bool LoadFile(const std::string& path, std::string* error);
  std::string fail_with;  // when set, every query fails with this
  std::vector<std::string> queries;  // every query run, in order
  bool Query(std::string_view wql, const std::vector<std::string>& properties, std::vector<WmiRow>* rows,
             std::string* error) override;

 private:
  std::map<std::string, std::vector<WmiRow>> classes_;  // folded class name
};

// A route table and interfaces from JSON (routes: [{destination, prefix, next_hop,
// interface, index, up, metric}], interfaces: [...], proxy: {access, proxy}).
class FakeNetwork : public NetworkSource {
 public:
  bool LoadFile(const std::string& path, std::string* error);
  bool fail_routes = false;
  std::vector<RawRoute> routes;
  std::vector<RawInterface> interfaces;
  ProxyConfig proxy;
  bool Routes(std::vector<RawRoute>* out, std::string* error) override;
  bool Interfaces(std::vector<RawInterface>* out, std::string* error) override;
  bool Proxy(ProxyConfig* out, std::string* error) override;
};

class FakeSystem : public SystemSource {
 public:
  std::optional<KernelVersion> kernel;
  std::optional<uint16_t> arch = kArchAmd64;
  std::optional<std::string> name = "LEGACY-DB-01";
  std::optional<FileVersion> image;  // ntoskrnl.exe's file version; unset: unreadable
  std::optional<KernelVersion> RtlVersion() override { return kernel; }
  std::optional<uint16_t> NativeArchitecture() override { return arch; }
  std::optional<std::string> ComputerName() override { return name; }
  std::optional<FileVersion> KernelImageVersion() override { return image; }
};

// The service control manager's list, filled in by the test.
class FakeServices : public ServiceSource {
 public:
  std::vector<RawService> services;
  std::string fail_with;  // when set, the enumeration fails with this
  bool Services(std::vector<RawService>* out, std::string* error) override {
    if (!fail_with.empty()) {
      *error = fail_with;
      return false;
    }
    *out = services;
    return true;
  }
};

// The Administrators group, filled in by the test.
class FakeAccounts : public AccountSource {
 public:
  std::vector<std::string> members;
  std::string fail_with;
  bool AdministratorsMembers(std::vector<std::string>* out, std::string* error) override {
    if (!fail_with.empty()) {
      *error = fail_with;
      return false;
    }
    *out = members;
    return true;
  }
};

// Listener tables and a process snapshot, filled in by the test.
class FakePorts : public PortSource {
 public:
  std::vector<RawSocket> sockets;
  std::map<uint32_t, std::string> names;
  std::string fail_tables, fail_snapshot;
  bool Listening(std::vector<RawSocket>* out, std::string* error) override {
    if (!fail_tables.empty()) {
      *error = fail_tables;
      return false;
    }
    *out = sockets;
    return true;
  }
  bool ProcessNames(std::map<uint32_t, std::string>* out, std::string* error) override {
    if (!fail_snapshot.empty()) {
      *error = fail_snapshot;
      return false;
    }
    *out = names;
    return true;
  }
};

// A file system by path, compared as Windows does (case-insensitive, either separator),
// with WOW64's file system redirector: when `wow64`, a path below `windows_dir`\System32
// is looked up below SysWOW64 instead (what a 32-bit process sees), and `Sysnative` is
// the real System32. Every path looked at is kept, in order.
class FakeFiles : public FileSource {
 public:
  std::string windows_dir = "C:\\Windows";
  bool wow64 = false;
  std::map<std::string, RawFile> entries;  // by Fold(path)
  std::vector<std::string> looked_at;
  std::vector<bool> version_asked;
  void Add(const std::string& path, RawFile f) { entries[Fold(path)] = std::move(f); }
  std::string WindowsDirectory() override { return windows_dir; }
  bool IsWow64() override { return wow64; }
  RawFile Look(const std::string& path, bool want_version) override;
  static std::string Fold(std::string_view path);
};

// "10.0.0.0" / "fe80::1" -> RawAddress; false when it is neither.
bool ParseAddress(const std::string& text, RawAddress* out);

std::string ReadTestFile(const std::string& path);

// Runs every collector of `sources` through the real registry and collect_facts.
Facts Collect(const Sources& sources, std::vector<CollectorReport>* reports);
// The fact at `path` as to_display shows it, "<unknown>" when it is absent.
std::string Str(const Facts& f, const char* path);
// The report of the collector `name`, or null.
const CollectorReport* ReportOf(const std::vector<CollectorReport>& reports, const std::string& name);

}  // namespace edict::collectors::windows::testing
