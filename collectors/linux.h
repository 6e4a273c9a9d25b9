// The built-in Linux collectors (`host`, `os`, `network`, `packages`, `sysctl`) and
// the parsers under them, exposed so tests can feed them text. Every file is read
// through RootFs; docs/collectors.md says where each fact comes from under a root
// other than "/".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/collector.h"

namespace edict {
class RootFs;
}

namespace edict::collectors {

std::unique_ptr<Collector> make_host_collector();
std::unique_ptr<Collector> make_os_collector();
std::unique_ptr<Collector> make_network_collector();
std::unique_ptr<Collector> make_packages_collector();
std::unique_ptr<Collector> make_sysctl_collector();

struct RpmPackage;
struct RpmdbLocation;
// `packages`: dpkg's status or the rpmdb (read through `reader`, nullptr without
// librpm), whichever the root has; unknown with the reason when it has both or
// neither (docs/facts.md).
void collect_packages(const edict::RootFs& fs,
                      bool (*reader)(const edict::RootFs&, const RpmdbLocation&, std::vector<RpmPackage>*,
                                     std::string*),
                      FactsBuilder& out, CollectorReport& report);
std::unique_ptr<Collector> make_modules_collector();
std::unique_ptr<Collector> make_users_collector();
std::unique_ptr<Collector> make_ports_collector();
std::unique_ptr<Collector> make_mounts_collector();
std::unique_ptr<Collector> make_services_collector();
std::unique_ptr<Collector> make_files_collector();
std::unique_ptr<Collector> make_sshd_collector();

// `files` (linux_files.cpp) limits. Each is reported when hit (the value unknown, the
// reason in the collector's report), never a silent truncation.
// Paths one run looks at: a policy names each by hand, so even a large baseline names a
// few hundred; past this a generated policy is asking for a file system walk.
inline constexpr size_t kMaxFileKeys = 4096;
// The largest file hashed for `sha256`: configuration and small binaries, not disk
// images or databases (the whole file is read into memory to hash it).
inline constexpr size_t kMaxHashBytes = 32 << 20;
// The largest file read for `lines`: configuration text; every line becomes a string.
inline constexpr size_t kMaxLinesBytes = 1 << 20;

// passwd(5), group(5) and shadow(5) lines. Malformed lines (wrong field count, a
// non-numeric id) are skipped and counted in *bad_lines; comments, blank lines and
// NIS compat lines (`+`, `-`) are not entries.
struct PasswdEntry {
  std::string name, password, gecos, home, shell;
  int64_t uid = 0, gid = 0;
};
struct GroupEntry {
  std::string name;
  int64_t gid = 0;
  std::vector<std::string> members;
};
struct ShadowEntry {
  std::string name;
  std::string state;  // password_state of the hash field
  std::optional<int64_t> last_change, min_days, max_days, warn_days, inactive_days, expires;
};
std::vector<PasswdEntry> parse_passwd(std::string_view text, size_t* bad_lines = nullptr);
std::vector<GroupEntry> parse_group(std::string_view text, size_t* bad_lines = nullptr);
std::vector<ShadowEntry> parse_shadow(std::string_view text, size_t* bad_lines = nullptr);
// A password field as a state: "" -> "empty" (no password needed), "!..." or "*..." ->
// "locked" (no password can match), anything else -> "set".
std::string password_state(std::string_view field);

// Module names as modprobe compares them: '-' and '_' are the same ("usb-storage" ->
// "usb_storage").
std::string normalize_module_name(std::string_view name);
// /proc/modules: the first word of each line, normalized, sorted, unique.
std::vector<std::string> parse_proc_modules(std::string_view text);
// A modprobe.d file: the modules it keeps from loading, `blacklist NAME` and
// `install NAME /bin/false` (or /bin/true, /usr/bin/false, /usr/bin/true), normalized.
std::vector<std::string> parse_modprobe_blocked(std::string_view text);
// The modprobe.d directories below a root, highest precedence first (modprobe.d(5)):
// of two files with the same name, the one in the earlier directory is read and the
// other is not; the files read are taken in name order whatever their directory.
extern const char* const kModprobeDirs[5];

// The kernel prints a __be32 with %08X on a host-order int (/proc/net/route, tcp, udp):
// putting the number back in an int restores the network-order bytes on either endianness.
std::string ipv4_text(uint32_t raw);

// One listening socket of /proc/net/{tcp,tcp6,udp,udp6}: TCP in LISTEN, UDP unconnected
// (what `ss -ltnup` lists).
struct ListeningSocket {
  std::string protocol;  // "tcp" or "udp"
  std::string family;    // "ipv4" or "ipv6"
  std::string address;   // "0.0.0.0", "::", "127.0.0.1", ...
  int64_t port = 0;
  uint64_t inode = 0;
};
// Rows of one /proc/net file; `protocol` and `family` say which. Malformed rows are
// skipped and counted in *bad_rows.
std::vector<ListeningSocket> parse_proc_net_sockets(std::string_view text, const std::string& protocol,
                                                    const std::string& family, size_t* bad_rows = nullptr);
// "socket:[1234]" (a /proc/PID/fd link) -> 1234; 0 for any other link.
uint64_t socket_inode_of_link(std::string_view link);
// What the ports collector reads from a proc tree: the listening sockets of
// <proc_root>/proc/net/{tcp,tcp6,udp,udp6} and, from every <proc_root>/proc/PID/fd link,
// the command names (/proc/PID/comm) holding each socket inode.
struct PortsScan {
  std::vector<ListeningSocket> sockets;
  std::map<uint64_t, std::vector<std::string>> owners;  // inode -> sorted unique names
  // False when some process's fds could not be read (not root): an owner may be missing.
  bool owners_complete = true;
  std::string owners_note;  // why not complete
};
// False with *error when a /proc/net file is missing, unreadable, larger than
// max_bytes, or has a malformed row.
bool scan_ports(const std::string& proc_root, size_t max_bytes, PortsScan* out, std::string* error);
// /proc/net/tcp of a host with a million connections is ~150 MB; the collector reads
// each file whole (listeners are among the rows), so past this the ports stay unknown.
inline constexpr size_t kMaxProcNetBytes = 64 << 20;

// One mount: a line of /proc/self/mountinfo (proc(5)) or of fstab(5).
struct MountEntry {
  std::string target, source, type;
  std::vector<std::string> options;  // per-mount options, then the superblock's (mountinfo)
  int64_t id = -1, parent_id = -1;   // mountinfo's mount ID and parent ID; -1 in fstab
};
// "\040" -> " " and the other octal escapes the kernel and fstab(5) use; anything else kept.
std::string decode_octal_escapes(std::string_view text);
// Malformed lines are skipped and counted in *bad_lines (with their 1-based numbers
// in *bad_line_numbers when given).
std::vector<MountEntry> parse_mountinfo(std::string_view text, std::vector<size_t>* bad_line_numbers = nullptr);
// One entry per mount point: of mounts stacked on one point, the visible one (not the
// parent of another there, proc_pid_mountinfo(5)); for fstab entries (no ids), the last.
std::map<std::string, const MountEntry*> visible_mounts(const std::vector<MountEntry>& entries);
// fstab(5): comments and blank lines skipped, swap entries (no mount point) left out.
std::vector<MountEntry> parse_fstab(std::string_view text, std::vector<size_t>* bad_line_numbers = nullptr);

// A unit file's [Install] section (systemd.unit(5)): `installable` when WantedBy=,
// RequiredBy=, UpheldBy= or Alias= name something to link, `also` when Also= does.
struct UnitInstallInfo {
  bool installable = false;
  bool also = false;
  std::string default_instance;  // DefaultInstance=, for a template (getty@.service)
};
UnitInstallInfo parse_unit_install(std::string_view text);
// One unit name as the services collector resolved it below a root.
struct UnitFacts {
  bool masked = false;        // a link to /dev/null, or an empty file
  std::string alias_of;       // the name is a link to this other unit's file
  UnitInstallInfo install;
  bool linked_in_etc = false;  // a .wants/.requires/.upholds or Alias= link under /etc/systemd/system
  bool linked_in_run = false;  // the same under /run/systemd/system
  bool instance_linked = false;  // a template with links to instances other than its default
};
// systemctl is-enabled's word for it: masked, alias, enabled, enabled-runtime,
// disabled, indirect or static.
std::string unit_state(const UnitFacts& unit);
// Every unit file name in the unit directories below `root` (the first directory that
// has a name wins). False with *error when a directory or unit file cannot be read.
bool read_units(const std::string& root, std::map<std::string, UnitFacts>* out, std::string* error);

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
  std::string table;   // "main", "local", "default" or the number; "" when unknown
  std::string type;    // "unicast", "local", "blackhole", "unreachable", ... (rtnetlink's RTN_*)
};
// /proc/net/route (the main table only): rows without RTF_UP and reject routes
// (RTF_REJECT, 0x0200: unreachable, blackhole, prohibit) are skipped. Malformed rows
// are skipped and counted in *bad_rows.
std::vector<Route> parse_ipv4_routes(std::string_view text, size_t* bad_rows = nullptr);
// /proc/net/ipv6_route (every table, but no table id): reject routes and rows without
// RTF_UP skipped; RTF_LOCAL rows are type "local".
std::vector<Route> parse_ipv6_routes(std::string_view text, size_t* bad_rows = nullptr);

// One policy routing rule (`ip rule`).
struct RoutingRule {
  std::string family;  // "ipv4" or "ipv6"
  int64_t priority = 0;
  std::string action;  // "lookup", "goto", "nop", "blackhole", "unreachable", "prohibit"
  std::string table;   // for "lookup": "main", "100", ... or "l3mdev" (the VRF tables)
  bool matches_all = false;  // no selector (from/to/iif/oif/fwmark/...), not inverted
};
// rtnetlink: one RTM_NEWROUTE / RTM_NEWRULE payload (after the nlmsghdr). False when
// malformed; messages of other families are skipped (true, nothing added).
bool parse_route_message(const uint8_t* data, size_t size, std::vector<Route>* out);
bool parse_rule_message(const uint8_t* data, size_t size, std::vector<RoutingRule>* out);
// Reads of one netlink dump before giving up. A host with a full BGP table has ~1M
// routes per family (~100 bytes each, ~3000 reads of 32 KiB); past this the dump is
// reported as incomplete (the fact unknown), never truncated silently.
inline constexpr size_t kMaxNetlinkReads = 1 << 16;
// The running kernel's routes of every table and its policy rules, IPv4 and IPv6.
bool netlink_routes(std::vector<Route>* out, std::string* error, size_t max_reads = kMaxNetlinkReads);
bool netlink_rules(std::vector<RoutingRule>* out, std::string* error, size_t max_reads = kMaxNetlinkReads);

// Proxies. The variables curl, wget and apt honour, both cases: https_proxy,
// http_proxy, ftp_proxy, all_proxy. The first set one, in that order, or "".
std::string proxy_from_environment(const std::map<std::string, std::string>& env);
// /etc/environment (pam_env): KEY=value lines, optional `export `, quotes stripped.
std::map<std::string, std::string> parse_etc_environment(std::string_view text);
// apt.conf syntax: the value of the first Acquire::<scheme>::Proxy (or a per-host
// Acquire::<scheme>::Proxy::<host>) that is not DIRECT/false, or a Proxy-Auto-Detect
// command as "auto-detect: <command>"; "" when none.
std::string apt_proxy(std::string_view text);
// apt.conf(5): the apt.conf.d entries apt reads (no extension or ".conf", only
// [A-Za-z0-9_.-] in the name).
bool apt_reads_conf_file(std::string_view name);

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
