// The `ports` collector: the running host's listening sockets, TCP in LISTEN and UDP
// unconnected, IPv4 and IPv6, as `ss -ltnup` / `ss -lunp` list them: from
// /proc/net/{tcp,tcp6,udp,udp6} (proc(5), "/proc/net/tcp"), and each socket's owning
// processes by matching the socket inode with the /proc/PID/fd links ("socket:[inode]"),
// which is how ss finds them.
//
// Under --root the sockets are the running kernel's, not the tree's: `ports` is unknown
// with that reason. A process whose fds Edict may not read (not root) could hold any
// socket, so the owners are then left out of every record (unknown), never "no owner".
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/text_lines.h"
#include "runtime/facts/builder.h"

namespace edict::collectors {

namespace {

constexpr uint64_t kTcpListen = 0x0A;  // TCP_LISTEN (include/net/tcp_states.h)
constexpr uint64_t kUdpUnconnected = 0x07;  // TCP_CLOSE: a UDP socket with no peer, what `ss -lu` lists
// /proc/PID/comm is TASK_COMM_LEN (16) bytes with its newline.
constexpr size_t kMaxCommBytes = 64;

// 32 hex digits: the four 32-bit words of the address, each printed with %08X from
// host order (net/ipv6/tcp_ipv6.c), so each word goes back into an int as ipv4_text's does.
bool proc_ipv6_text(std::string_view hex, std::string* out) {
  if (hex.size() != 32) return false;
  in6_addr a;
  for (int i = 0; i < 4; ++i) {
    uint64_t word;
    if (!parse_hex(hex.substr(static_cast<size_t>(i) * 8, 8), &word)) return false;
    uint32_t w = static_cast<uint32_t>(word);
    std::memcpy(&a.s6_addr[i * 4], &w, 4);
  }
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
  *out = buf;
  return true;
}

bool all_digits(const char* s) {
  if (!*s) return false;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9') return false;
  }
  return true;
}

std::string read_small(const std::string& path) {
  std::string out;
  FILE* f = std::fopen(path.c_str(), "re");
  if (!f) return out;
  char buf[kMaxCommBytes];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  out.assign(buf, n);
  while (!out.empty() && (out.back() == '\n')) out.pop_back();
  return out;
}

// Every /proc/PID/fd link that is a socket, with the process's command name. Processes
// that exit during the walk are skipped (they hold nothing any more); one whose fd
// directory is refused (EACCES: another user's, without CAP_SYS_PTRACE) makes the
// owners incomplete.
void scan_owners(const std::string& proc, PortsScan* out) {
  std::map<uint64_t, std::set<std::string>> owners;
  DIR* d = ::opendir(proc.c_str());
  if (!d) {
    out->owners_complete = false;
    out->owners_note = proc + ": " + std::strerror(errno);
    return;
  }
  size_t refused = 0;
  while (dirent* e = ::readdir(d)) {
    if (!all_digits(e->d_name)) continue;
    std::string pid_dir = proc + "/" + e->d_name;
    std::string fd_dir = pid_dir + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (!fds) {
      if (errno != ENOENT && errno != ESRCH) ++refused;
      continue;
    }
    std::string comm;
    while (dirent* f = ::readdir(fds)) {
      if (f->d_name[0] == '.') continue;
      char link[128];
      ssize_t n = ::readlinkat(::dirfd(fds), f->d_name, link, sizeof link);
      if (n <= 0) continue;
      uint64_t inode = socket_inode_of_link(std::string_view(link, static_cast<size_t>(n)));
      if (inode == 0) continue;
      if (comm.empty()) comm = read_small(pid_dir + "/comm");
      if (!comm.empty()) owners[inode].insert(comm);
    }
    ::closedir(fds);
  }
  ::closedir(d);
  if (refused) {
    out->owners_complete = false;
    out->owners_note = "the open files of " + std::to_string(refused) +
                       " processes could not be read (reading them needs root); owners left unknown";
  }
  for (auto& [inode, names] : owners) out->owners[inode] = std::vector<std::string>(names.begin(), names.end());
}

}  // namespace

uint64_t socket_inode_of_link(std::string_view link) {
  constexpr std::string_view kPrefix = "socket:[";
  if (link.size() <= kPrefix.size() + 1 || link.substr(0, kPrefix.size()) != kPrefix || link.back() != ']') return 0;
  uint64_t v = 0;
  for (char c : link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1)) {
    if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10) return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::vector<ListeningSocket> parse_proc_net_sockets(std::string_view text, const std::string& protocol,
                                                    const std::string& family, size_t* bad_rows) {
  std::vector<ListeningSocket> out;
  uint64_t wanted = protocol == "tcp" ? kTcpListen : kUdpUnconnected;
  bool v6 = family == "ipv6";
  for_each_line(text, [&](std::string_view line) {
    auto f = whitespace_fields(line);
    if (f.empty() || f[0] == "sl") return;  // blank, or the header
    uint64_t state, port, inode, addr4 = 0;
    size_t colon = f.size() > 1 ? f[1].find(':') : std::string_view::npos;
    std::string address;
    bool ok = f.size() >= 10 && colon != std::string_view::npos && parse_hex(f[3], &state) &&
              parse_hex(f[1].substr(colon + 1), &port) && port <= 0xFFFF && !f[9].empty() &&
              f[9].find_first_not_of("0123456789") == std::string_view::npos;
    if (ok) {
      auto hex = f[1].substr(0, colon);
      ok = v6 ? proc_ipv6_text(hex, &address) : (hex.size() == 8 && parse_hex(hex, &addr4));
      if (ok && !v6) address = ipv4_text(static_cast<uint32_t>(addr4));
    }
    if (!ok) {
      if (bad_rows) ++*bad_rows;
      return;
    }
    if (state != wanted) return;
    inode = std::strtoull(std::string(f[9]).c_str(), nullptr, 10);
    out.push_back(ListeningSocket{protocol, family, address, static_cast<int64_t>(port), inode});
  });
  return out;
}

bool scan_ports(const std::string& proc_root, size_t max_bytes, PortsScan* out, std::string* error) {
  RootFs fs(proc_root);
  struct Source {
    const char *file, *protocol, *family;
  };
  const Source sources[] = {{"proc/net/tcp", "tcp", "ipv4"},
                            {"proc/net/tcp6", "tcp", "ipv6"},
                            {"proc/net/udp", "udp", "ipv4"},
                            {"proc/net/udp6", "udp", "ipv6"}};
  for (const Source& s : sources) {
    std::string text;
    // A kernel without IPv6 has no tcp6/udp6: no IPv6 sockets, not an error.
    if (std::string_view(s.family) == "ipv6" && !fs.exists(s.file)) continue;
    if (!fs.read(s.file, &text, error, max_bytes)) return false;
    size_t bad = 0;
    auto rows = parse_proc_net_sockets(text, s.protocol, s.family, &bad);
    if (bad) {
      *error = std::string(s.file) + ": " + std::to_string(bad) + " malformed rows";
      return false;
    }
    out->sockets.insert(out->sockets.end(), rows.begin(), rows.end());
  }
  std::string proc = proc_root == "/" ? "/proc" : proc_root + "/proc";
  scan_owners(proc, out);
  return true;
}

namespace {

class PortsCollector : public Collector {
 public:
  std::string name() const override { return "ports"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("ports"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    if (!fs.is_host()) {
      report.ok = false;
      report.message = "--root `" + request.options.root +
                       "`: listening sockets belong to the running kernel, not to the tree; ports left unknown";
      return;
    }
    PortsScan scan;
    std::string error;
    if (!scan_ports("/", kMaxProcNetBytes, &scan, &error)) {
      report.ok = false;
      report.message = error + "; ports left unknown";
      return;
    }
    if (!scan.owners_complete) report.message = scan.owners_note;
    Arena& arena = out.arena();
    std::vector<Value> items;
    for (const ListeningSocket& s : scan.sockets) {
      std::vector<std::pair<std::string_view, Value>> fields = {
          {"protocol", make_string(arena, s.protocol)},
          {"family", make_string(arena, s.family)},
          {"address", make_string(arena, s.address)},
          {"port", Value::of_int(s.port)},
      };
      if (scan.owners_complete) {
        std::vector<Value> names;
        if (auto o = scan.owners.find(s.inode); o != scan.owners.end()) {
          for (const auto& n : o->second) names.push_back(make_string(arena, n));
        }
        fields.push_back({"processes", make_list(arena, names)});
      }
      items.push_back(make_record(arena, fields));
    }
    out.set("ports", make_list(arena, items));
  }
};

}  // namespace

std::unique_ptr<Collector> make_ports_collector() { return std::make_unique<PortsCollector>(); }

}  // namespace edict::collectors
