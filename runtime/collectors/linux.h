// The built-in Linux collectors (`host`, `os`, `network`, `packages`, `sysctl`) and
// the parsers under them, exposed so tests can feed them text. Every file is read
// through RootFs; docs/collectors.md says where each fact comes from under a root
// other than "/".
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/collectors/collector.h"

namespace edict::collectors {

std::unique_ptr<Collector> make_host_collector();
std::unique_ptr<Collector> make_os_collector();
std::unique_ptr<Collector> make_network_collector();
std::unique_ptr<Collector> make_packages_collector();
std::unique_ptr<Collector> make_sysctl_collector();
std::unique_ptr<Collector> make_modules_collector();

// Module names as modprobe compares them: '-' and '_' are the same ("usb-storage" ->
// "usb_storage").
std::string normalize_module_name(std::string_view name);
// /proc/modules: the first word of each line, normalized, sorted, unique.
std::vector<std::string> parse_proc_modules(std::string_view text);
// A modprobe.d file: the modules it keeps from loading, `blacklist NAME` and
// `install NAME /bin/false` (or /bin/true, /usr/bin/false, /usr/bin/true), normalized.
std::vector<std::string> parse_modprobe_blocked(std::string_view text);

// os-release: KEY=value lines, values unquoted as a POSIX shell would ("..." with
// \" \\ \$ \` escapes, '...' literal). Comments and malformed lines are skipped.
std::map<std::string, std::string> parse_os_release(std::string_view text);
// "amd64" -> "x86_64", "i686" -> "x86", "arm64" -> "aarch64"; others unchanged.
std::string normalize_arch(std::string_view machine);
// "6.1.0-18-amd64" -> "6.1.0"; "" when the release does not start with a digit.
std::string kernel_version_text(std::string_view release);

struct Route {
  std::string destination;  // CIDR
  std::string gateway;
  std::string interface;
  int64_t metric = 0;
  std::string family;  // "ipv4" or "ipv6"
};
// /proc/net/route: rows without RTF_UP are skipped. Malformed rows are skipped and
// counted in *bad_rows.
std::vector<Route> parse_ipv4_routes(std::string_view text, size_t* bad_rows = nullptr);
// /proc/net/ipv6_route: reject routes (RTF_REJECT, 0x0200) and rows without RTF_UP skipped.
std::vector<Route> parse_ipv6_routes(std::string_view text, size_t* bad_rows = nullptr);

struct Package {
  std::string name;  // the key: `name`, or `name:arch` for a foreign-architecture copy
  std::string version;
  std::string arch;
};
// dpkg status stanzas whose Status is `<want> ok installed` (install or hold).
std::vector<Package> parse_dpkg_status(std::string_view text);

// The sysctl keys read when a program reads `sysctl` without naming keys.
const std::vector<std::string>& default_sysctl_keys();

}  // namespace edict::collectors
