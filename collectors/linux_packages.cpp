// The `packages` (dpkg status) and `sysctl` (/proc/sys) collectors.
#include <algorithm>
#include <map>

#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/rpmdb.h"

namespace edict::collectors {

namespace {

// A sysctl value is a line or a few; anything bigger is not a setting a policy compares.
constexpr size_t kMaxSysctlBytes = 65536;

class PackagesCollector : public Collector {
 public:
  std::string name() const override { return "packages"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("packages"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    collect_packages(RootFs(request.options.root), librpm_reader(), out, report);
  }
};

void set_dpkg_packages(const std::string& text, FactsBuilder& out) {
  Arena& arena = out.arena();
  auto packages = parse_dpkg_status(text);
  auto* entries = arena.allocate_array<MapEntry>(packages.size());
  uint32_t n = 0;
  for (const Package& p : packages) {
    Value* versions = arena.allocate_array<Value>(1);
    versions[0] = make_string(arena, p.version);
    entries[n++] = MapEntry{arena.copy(p.name), make_record(arena, {{"version", versions[0]},
                                                                    {"arch", make_string(arena, p.arch)},
                                                                    {"manager", make_string(arena, "dpkg")},
                                                                    {"versions", Value::of_list(versions, 1)}})};
  }
  out.set("packages", make_map(entries, n));
}

bool valid_sysctl_key(std::string_view key) {
  if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string_view::npos) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-' || c == '/';
    if (!ok) return false;
  }
  return key.find("/..") == std::string_view::npos && key.front() != '/';
}

class SysctlCollector : public Collector {
 public:
  std::string name() const override { return "sysctl"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("sysctl"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    // `sysctl` alone (or collect-all) means the default set; `sysctl.<key>` and
    // options.sysctl_keys name keys explicitly, and only those are reported missing.
    std::vector<std::string> explicit_keys = request.options.sysctl_keys;
    bool want_defaults = request.all;
    for (const auto& p : request.paths) {
      if (p == "sysctl") want_defaults = true;
      else if (p.rfind("sysctl.", 0) == 0) explicit_keys.push_back(p.substr(7));
    }
    std::vector<std::string> keys = explicit_keys;
    if (want_defaults) keys.insert(keys.end(), default_sysctl_keys().begin(), default_sysctl_keys().end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

    if (!fs.exists("proc/sys")) {
      report.ok = false;
      report.message = "proc/sys: not found under `" + fs.root() + "`";
      return;
    }
    Arena& arena = out.arena();
    std::vector<MapEntry> entries;
    std::vector<std::string> problems;
    for (const auto& key : keys) {
      if (!valid_sysctl_key(key)) {
        report.paths_left_unknown.push_back("sysctl[\"" + key + "\"]");
        continue;
      }
      std::string file = "proc/sys/" + key;
      std::replace(file.begin() + 9, file.end(), '.', '/');
      std::string text, error;
      if (!fs.read(file, &text, &error, kMaxSysctlBytes)) {
        // Absent on this kernel (or not readable): left out, so the program sees unknown.
        if (std::find(explicit_keys.begin(), explicit_keys.end(), key) != explicit_keys.end()) {
          report.paths_left_unknown.push_back("sysctl[\"" + key + "\"]");
        }
        // A key this kernel lacks is normal; an oversized or unreadable file is worth saying.
        if (fs.exists(file)) problems.push_back(error);
        continue;
      }
      // As sysctl(8) prints it: tabs become spaces, the trailing newline goes.
      std::replace(text.begin(), text.end(), '\t', ' ');
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      entries.push_back(MapEntry{arena.copy(key), make_string(arena, text)});
    }
    auto* stored = arena.allocate_array<MapEntry>(entries.size());
    std::copy(entries.begin(), entries.end(), stored);
    out.set("sysctl", make_map(stored, static_cast<uint32_t>(entries.size())));
    for (const std::string& problem : problems) report.message += (report.message.empty() ? "" : "; ") + problem;
  }

};

}  // namespace

void collect_packages(const RootFs& fs, RpmdbReader reader, FactsBuilder& out, CollectorReport& report) {
  std::string text, dpkg_error;
  bool dpkg = fs.read("var/lib/dpkg/status", &text, &dpkg_error);
  bool dpkg_present = dpkg || fs.exists("var/lib/dpkg/status");
  RpmdbLocation rpmdb;
  std::string rpm_error;
  int rpm = find_rpmdb(fs, &rpmdb, &rpm_error);
  if (rpm < 0) {
    report.ok = false;
    report.message = rpm_error;
    return;
  }
  if (rpm > 0 && dpkg_present) {
    // Both managers' databases: which one owns the system (and whether a rule about
    // a name means either) is not ours to guess, so neither is reported.
    report.ok = false;
    report.message = "both a dpkg status (`var/lib/dpkg/status`) and an rpmdb (`" + rpmdb.dir + "/" + rpmdb.file +
                     "`): cannot tell which package manager owns this system";
    return;
  }
  if (rpm > 0) {
    collect_rpm_packages(fs, rpmdb, reader, out, report);
    return;
  }
  if (!dpkg) {
    // No package database: not a Debian- or RPM-family tree, or unreadable. Unknown, not empty.
    report.ok = false;
    report.message = dpkg_error;
    if (!dpkg_present) report.message += "; and no rpmdb under usr/lib/sysimage/rpm or var/lib/rpm";
    return;
  }
  set_dpkg_packages(text, out);
}

std::vector<Package> parse_dpkg_status(std::string_view text) {
  std::vector<Package> installed;
  std::map<std::string, std::string> stanza;
  std::string last_key;
  auto finish = [&] {
    auto status = stanza.find("Status");
    if (status != stanza.end() && stanza.count("Package")) {
      // `<want> <error> <state>`: installed means state `installed` with no error
      // flag; the want (install or hold) does not change what is on disk.
      std::string_view s = status->second;
      size_t first = s.find(' ');
      if (first != std::string_view::npos && s.substr(first + 1) == "ok installed") {
        installed.push_back(Package{stanza["Package"], stanza["Version"], stanza["Architecture"]});
      }
    }
    stanza.clear();
    last_key.clear();
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      finish();
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') continue;  // continuation of a field
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    stanza[std::string(line.substr(0, colon))] = std::string(value);
  }
  finish();

  // The native architecture is dpkg's own; a package installed for several
  // architectures keeps its bare name for the native one (or `all`) and the others
  // become `name:arch`, as dpkg-query shows them.
  std::string native;
  for (const auto& p : installed) {
    if (p.name == "dpkg") native = p.arch;
  }
  std::map<std::string, int> copies;
  for (const auto& p : installed) ++copies[p.name];
  std::map<std::string, bool> bare_taken;
  std::stable_sort(installed.begin(), installed.end(), [&](const Package& a, const Package& b) {
    if (a.name != b.name) return a.name < b.name;
    auto rank = [&](const Package& p) { return p.arch == native || p.arch == "all" ? 0 : 1; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.arch < b.arch;
  });
  for (auto& p : installed) {
    if (copies[p.name] > 1) {
      if (bare_taken[p.name]) p.name += ":" + p.arch;
      else bare_taken[p.name] = true;
    }
  }
  return installed;
}

const std::vector<std::string>& default_sysctl_keys() {
  // The kernel hardening keys CIS, STIG and lynis check most; a program that reads
  // `sysctl["x"]` for a key not listed here gets it through the `sysctl.x` path.
  static const std::vector<std::string> keys = {
      "fs.protected_fifos",
      "fs.protected_hardlinks",
      "fs.protected_regular",
      "fs.protected_symlinks",
      "fs.suid_dumpable",
      "kernel.dmesg_restrict",
      "kernel.kptr_restrict",
      "kernel.modules_disabled",
      "kernel.perf_event_paranoid",
      "kernel.randomize_va_space",
      "kernel.sysrq",
      "kernel.unprivileged_bpf_disabled",
      "kernel.unprivileged_userns_clone",
      "kernel.yama.ptrace_scope",
      "net.ipv4.conf.all.accept_redirects",
      "net.ipv4.conf.all.accept_source_route",
      "net.ipv4.conf.all.log_martians",
      "net.ipv4.conf.all.rp_filter",
      "net.ipv4.conf.all.secure_redirects",
      "net.ipv4.conf.all.send_redirects",
      "net.ipv4.conf.default.accept_redirects",
      "net.ipv4.conf.default.accept_source_route",
      "net.ipv4.conf.default.rp_filter",
      "net.ipv4.conf.default.send_redirects",
      "net.ipv4.icmp_echo_ignore_broadcasts",
      "net.ipv4.icmp_ignore_bogus_error_responses",
      "net.ipv4.ip_forward",
      "net.ipv4.tcp_syncookies",
      "net.ipv6.conf.all.accept_ra",
      "net.ipv6.conf.all.accept_redirects",
      "net.ipv6.conf.all.accept_source_route",
      "net.ipv6.conf.all.disable_ipv6",
      "net.ipv6.conf.all.forwarding",
      "net.ipv6.conf.default.accept_ra",
      "net.ipv6.conf.default.accept_redirects",
      "user.max_user_namespaces",
      "vm.mmap_min_addr",
  };
  return keys;
}

std::unique_ptr<Collector> make_packages_collector() { return std::make_unique<PackagesCollector>(); }
std::unique_ptr<Collector> make_sysctl_collector() { return std::make_unique<SysctlCollector>(); }

}  // namespace edict::collectors
