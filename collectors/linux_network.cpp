// The `network` collector: the routes of every table and the policy rules (rtnetlink
// on the running host, linux_netlink.cpp; /proc/net/{route,ipv6_route} under another
// root), interfaces, and the proxy (linux_proxy.cpp). "Is there a route to the
// internet" is the stdlib's judgement; this file only reports what the kernel has.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <bit>
#include <cstdlib>
#include <map>
#include <sstream>

#include "collectors/linux.h"
#include "collectors/text_lines.h"
#include "collectors/root_fs.h"

namespace edict::collectors {

namespace {

constexpr unsigned kRtfUp = 0x0001;      // RTF_UP: the route is usable
constexpr unsigned kRtfReject = 0x0200;  // RTF_REJECT: an unreachable/blackhole route
constexpr uint64_t kRtfLocal = 0x80000000;  // RTF_LOCAL (ipv6_route): a route to this host
// /etc/environment and apt.conf files are small; a larger one is not configuration.
constexpr size_t kMaxConfigBytes = 1 << 20;

// 32 hex digits in network order.
bool ipv6_text(std::string_view hex, std::string* out) {
  if (hex.size() != 32) return false;
  in6_addr a;
  for (int i = 0; i < 16; ++i) {
    uint64_t byte;
    if (!parse_hex(hex.substr(static_cast<size_t>(i) * 2, 2), &byte)) return false;
    a.s6_addr[i] = static_cast<uint8_t>(byte);
  }
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
  *out = buf;
  return true;
}

// sysfs `flags`: "0x1003\n".
bool parse_flags(std::string_view text, uint64_t* out) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  return parse_hex(text, out);
}

int prefix_of_mask(uint32_t mask_network_order) {
  return std::popcount(mask_network_order);
}

class NetworkCollector : public Collector {
 public:
  std::string name() const override { return "network"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("network"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    auto note = [&](const std::string& m) {
      report.message += (report.message.empty() ? "" : "; ") + m;
    };

    collect_routes(fs, out, report, note);

    if (fs.is_host()) {
      collect_interfaces_host(out);
    } else {
      collect_interfaces_tree(fs, out, note);
    }

    collect_proxy(fs, out, note);
  }

 private:
  static Value route_record(Arena& arena, const Route& r) {
    std::vector<std::pair<std::string_view, Value>> fields = {{"destination", make_string(arena, r.destination)},
                                                         {"gateway", make_string(arena, r.gateway)},
                                                         {"interface", make_string(arena, r.interface)},
                                                         {"metric", Value::of_int(r.metric)},
                                                         {"family", make_string(arena, r.family)},
                                                         {"type", make_string(arena, r.type)}};
    // /proc/net/ipv6_route carries no table id: the field is left out (unknown).
    if (!r.table.empty()) fields.push_back({"table", make_string(arena, r.table)});
    return make_record(arena, fields);
  }

  // On the host, rtnetlink: every table and every rule. Under another root, /proc
  // only: the IPv4 main table and IPv6 tables without ids, no rules, so
  // `network.rules` stays unknown and std.net cannot pass a host on routes alone.
  template <typename Note>
  void collect_routes(const RootFs& fs, FactsBuilder& out, CollectorReport& report, Note note) {
    Arena& arena = out.arena();
    std::vector<Route> routes;
    std::string error;
    bool netlink = fs.is_host() && netlink_routes(&routes, &error);
    if (fs.is_host() && !netlink) {
      // A sandbox may refuse NETLINK_ROUTE sockets: /proc still shows the main table,
      // enough to fail a public route there; the rules stay unknown.
      note(error + "; reading /proc/net instead");
    }
    if (netlink) {
      std::vector<RoutingRule> rules;
      if (netlink_rules(&rules, &error)) {
        std::vector<Value> items;
        for (const RoutingRule& q : rules) {
          items.push_back(make_record(arena, {{"family", make_string(arena, q.family)},
                                              {"priority", Value::of_int(q.priority)},
                                              {"action", make_string(arena, q.action)},
                                              {"table", make_string(arena, q.table)},
                                              {"matches_all", Value::of_bool(q.matches_all)}}));
        }
        out.set("network.rules", make_list(arena, items));
      } else {
        note(error + "; network.rules left unknown");
      }
    } else {
      // Both tables must read for the list to be the truth; a missing IPv6 table
      // (IPv6 disabled) means no IPv6 routes, a missing IPv4 table means unknown.
      std::string v4, v6;
      if (!fs.read("proc/net/route", &v4, &error)) {
        report.ok = false;
        note(error);
        return;
      }
      size_t bad = 0;
      routes = parse_ipv4_routes(v4, &bad);
      if (fs.read("proc/net/ipv6_route", &v6, nullptr)) {
        auto more = parse_ipv6_routes(v6, &bad);
        routes.insert(routes.end(), more.begin(), more.end());
      }
      if (bad) note(std::to_string(bad) + " malformed route rows skipped");
      note("only /proc's routes are visible (the main IPv4 table, IPv6 without table ids): network.rules left unknown");
    }
    std::vector<Value> items;
    for (const Route& r : routes) items.push_back(route_record(arena, r));
    out.set("network.routes", make_list(arena, items));
  }

  // The first proxy any source names. On the host: edict's own environment, then
  // /etc/environment, then apt. Under another root: its etc/environment and apt.
  // Unknown when a source that could name one cannot be read and none named one.
  template <typename Note>
  void collect_proxy(const RootFs& fs, FactsBuilder& out, Note note) {
    Arena& arena = out.arena();
    std::string found;
    bool complete = true;
    if (fs.is_host()) {
      std::map<std::string, std::string> env;
      for (const char* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY",
                               "ftp_proxy", "FTP_PROXY"}) {
        if (const char* v = std::getenv(name)) env[name] = v;
      }
      found = proxy_from_environment(env);
    }
    std::string text, error;
    if (found.empty()) {
      if (fs.read("etc/environment", &text, &error, kMaxConfigBytes)) {
        found = proxy_from_environment(parse_etc_environment(text));
      } else if (!fs.is_host() || fs.exists("etc/environment")) {
        // A tree without etc/environment may still set proxies where this cannot look.
        complete = false;
        note(error);
      }
    }
    if (found.empty()) {
      std::vector<std::string> files;
      if (fs.exists("etc/apt/apt.conf")) files.push_back("etc/apt/apt.conf");
      std::vector<std::string> names;
      if (fs.list("etc/apt/apt.conf.d", &names, &error)) {
        for (const auto& name : names) {
          if (apt_reads_conf_file(name)) files.push_back("etc/apt/apt.conf.d/" + name);
        }
      } else if (fs.exists("etc/apt/apt.conf.d")) {
        complete = false;
        note(error);
      }
      for (const auto& file : files) {
        if (!fs.read(file, &text, &error, kMaxConfigBytes)) {
          complete = false;
          note(error);
          continue;
        }
        found = apt_proxy(text);
        if (!found.empty()) break;
      }
    }
    if (!found.empty() || complete) {
      out.set("network.proxy", make_string(arena, found));
    } else {
      note("network.proxy left unknown");
    }
  }

  void collect_interfaces_host(FactsBuilder& out) {
    Arena& arena = out.arena();
    struct ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return;
    struct Interface {
      bool up = false;
      std::vector<std::string> v4, v6;
    };
    std::map<std::string, Interface> by_name;
    for (auto* ifa = list; ifa; ifa = ifa->ifa_next) {
      Interface& i = by_name[ifa->ifa_name];
      i.up = i.up || (ifa->ifa_flags & IFF_UP);
      if (!ifa->ifa_addr) continue;
      char buf[INET6_ADDRSTRLEN];
      if (ifa->ifa_addr->sa_family == AF_INET) {
        auto* a = reinterpret_cast<sockaddr_in*>(ifa->ifa_addr);
        auto* m = reinterpret_cast<sockaddr_in*>(ifa->ifa_netmask);
        ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
        int prefix = m ? prefix_of_mask(m->sin_addr.s_addr) : 32;
        i.v4.push_back(std::string(buf) + "/" + std::to_string(prefix));
      } else if (ifa->ifa_addr->sa_family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(ifa->ifa_addr);
        auto* m = reinterpret_cast<sockaddr_in6*>(ifa->ifa_netmask);
        ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
        int prefix = 0;
        if (m) {
          for (uint8_t byte : m->sin6_addr.s6_addr) prefix += std::popcount(byte);
        } else {
          prefix = 128;
        }
        i.v6.push_back(std::string(buf) + "/" + std::to_string(prefix));
      }
    }
    ::freeifaddrs(list);
    std::vector<Value> items;
    for (auto& [name, i] : by_name) {
      std::vector<Value> addresses;
      for (const auto& a : i.v4) addresses.push_back(make_string(arena, a));
      for (const auto& a : i.v6) addresses.push_back(make_string(arena, a));
      items.push_back(make_record(arena, {{"name", make_string(arena, name)},
                                          {"up", Value::of_bool(i.up)},
                                          {"addresses", make_list(arena, addresses)}}));
    }
    out.set("network.interfaces", make_list(arena, items));
  }

  // Under another root: names and up-ness from sys/class/net. A file tree does not
  // hold IPv4 addresses, so `addresses` is left out (unknown), never a partial list.
  template <typename Note>
  void collect_interfaces_tree(const RootFs& fs, FactsBuilder& out, Note note) {
    Arena& arena = out.arena();
    std::vector<std::string> names;
    std::string error;
    if (!fs.list("sys/class/net", &names, &error)) {
      note(error + "; network.interfaces left unknown");
      return;
    }
    std::vector<Value> items;
    for (const auto& name : names) {
      std::string flags, operstate, flags_error;
      std::string flags_path = "sys/class/net/" + name + "/flags";
      bool up = false;
      uint64_t bits;
      if (fs.read(flags_path, &flags, &flags_error, 64) && parse_flags(flags, &bits)) {
        up = bits & IFF_UP;
      } else if (fs.read("sys/class/net/" + name + "/operstate", &operstate, nullptr, 64)) {
        up = operstate.rfind("up", 0) == 0;
      } else if (fs.exists(flags_path)) {
        // An interface whose state cannot be read (a FIFO or a device in its place):
        // a list without it could hide an interface that is up, so none is given.
        note((flags_error.empty() ? flags_path + ": not a flags value" : flags_error) +
             "; network.interfaces left unknown");
        return;
      } else {
        continue;  // not an interface (sysfs's bonding_masters is a file here)
      }
      items.push_back(make_record(arena, {{"name", make_string(arena, name)}, {"up", Value::of_bool(up)}}));
    }
    out.set("network.interfaces", make_list(arena, items));
  }
};

}  // namespace

std::string ipv4_text(uint32_t raw) {
  in_addr a;
  a.s_addr = raw;
  char buf[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

std::vector<Route> parse_ipv4_routes(std::string_view text, size_t* bad_rows) {
  std::vector<Route> routes;
  bool header = true;
  for_each_line(text, [&](std::string_view line) {
    if (header) {  // "Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT"
      header = false;
      return;
    }
    auto f = whitespace_fields(line);
    if (f.empty()) return;
    uint64_t dest, gateway, flags, mask;
    if (f.size() < 8 || !parse_hex(f[1], &dest) || !parse_hex(f[2], &gateway) || !parse_hex(f[3], &flags) ||
        !parse_hex(f[7], &mask)) {
      if (bad_rows) ++*bad_rows;
      return;
    }
    if (!(flags & kRtfUp) || (flags & kRtfReject)) return;
    Route r;
    r.table = "main";  // /proc/net/route shows RT_TABLE_MAIN only
    r.type = "unicast";
    r.interface = std::string(f[0]);
    r.destination = ipv4_text(static_cast<uint32_t>(dest)) + "/" +
                    std::to_string(prefix_of_mask(static_cast<uint32_t>(mask)));
    r.gateway = ipv4_text(static_cast<uint32_t>(gateway));
    r.metric = std::strtoll(std::string(f[6]).c_str(), nullptr, 10);
    r.family = "ipv4";
    routes.push_back(std::move(r));
  });
  return routes;
}

std::vector<Route> parse_ipv6_routes(std::string_view text, size_t* bad_rows) {
  // dest dest_len src src_len next_hop metric refcnt use flags device
  std::vector<Route> routes;
  for_each_line(text, [&](std::string_view line) {
    auto f = whitespace_fields(line);
    if (f.empty()) return;
    uint64_t prefix, metric, flags;
    Route r;
    if (f.size() < 10 || !ipv6_text(f[0], &r.destination) || !parse_hex(f[1], &prefix) || prefix > 128 ||
        !ipv6_text(f[4], &r.gateway) || !parse_hex(f[5], &metric) || !parse_hex(f[8], &flags)) {
      if (bad_rows) ++*bad_rows;
      return;
    }
    if (!(flags & kRtfUp) || (flags & kRtfReject)) return;
    r.type = (flags & kRtfLocal) ? "local" : "unicast";
    r.destination += "/" + std::to_string(prefix);
    r.interface = std::string(f[9]);
    r.metric = static_cast<int64_t>(metric);
    r.family = "ipv6";
    routes.push_back(std::move(r));
  });
  return routes;
}

std::unique_ptr<Collector> make_network_collector() { return std::make_unique<NetworkCollector>(); }

}  // namespace edict::collectors
