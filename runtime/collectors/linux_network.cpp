// The `network` collector: routes from /proc/net/{route,ipv6_route}, interfaces,
// and the proxy. "Is there a route to the internet" is the stdlib's judgement; this
// file only reports the routing table as the kernel has it.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <bit>
#include <cstdlib>
#include <map>
#include <sstream>

#include "runtime/collectors/linux.h"
#include "runtime/collectors/root_fs.h"

namespace edict::collectors {

namespace {

constexpr unsigned kRtfUp = 0x0001;      // RTF_UP: the route is usable
constexpr unsigned kRtfReject = 0x0200;  // RTF_REJECT: an unreachable/blackhole route

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool parse_hex(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  *out = v;
  return true;
}

template <typename Fn>
void for_each_line(std::string_view text, Fn fn) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    fn(text.substr(start, end - start));
    start = end + 1;
  }
}

// The kernel prints a __be32 with %08X on a host-order int: putting the number back
// in an int restores the network-order bytes on either endianness.
std::string ipv4_text(uint32_t raw) {
  in_addr a;
  a.s_addr = raw;
  char buf[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

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

std::string proxy_from(const std::map<std::string, std::string>& env) {
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"}) {
    auto it = env.find(name);
    if (it != env.end() && !it->second.empty()) return it->second;
  }
  return "";
}

class NetworkCollector : public Collector {
 public:
  std::string name() const override { return "network"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("network"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    Arena& arena = out.arena();
    auto note = [&](const std::string& m) {
      report.message += (report.message.empty() ? "" : "; ") + m;
    };

    // Routes: both tables must read for the list to be the truth; a missing IPv6
    // table (IPv6 disabled) means no IPv6 routes, a missing IPv4 table means unknown.
    std::string v4, v6, error;
    if (fs.read("proc/net/route", &v4, &error)) {
      size_t bad = 0;
      std::vector<Route> routes = parse_ipv4_routes(v4, &bad);
      if (fs.read("proc/net/ipv6_route", &v6, nullptr)) {
        auto more = parse_ipv6_routes(v6, &bad);
        routes.insert(routes.end(), more.begin(), more.end());
      }
      if (bad) note(std::to_string(bad) + " malformed route rows skipped");
      std::vector<Value> items;
      for (const Route& r : routes) {
        items.push_back(make_record(arena, {{"destination", make_string(arena, r.destination)},
                                            {"gateway", make_string(arena, r.gateway)},
                                            {"interface", make_string(arena, r.interface)},
                                            {"metric", Value::of_int(r.metric)},
                                            {"family", make_string(arena, r.family)}}));
      }
      out.set("network.routes", make_list(arena, items));
    } else {
      report.ok = false;
      note(error);
    }

    if (fs.is_host()) {
      collect_interfaces_host(out);
    } else {
      collect_interfaces_tree(fs, out, note);
    }

    if (fs.is_host()) {
      std::map<std::string, std::string> env;
      for (const char* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"}) {
        if (const char* v = std::getenv(name)) env[name] = v;
      }
      out.set("network.proxy", make_string(arena, proxy_from(env)));
    } else {
      // Another root's environment is not ours: read its etc/environment instead.
      std::string text;
      if (fs.read("etc/environment", &text, nullptr, 65536)) {
        std::map<std::string, std::string> env;
        for_each_line(text, [&](std::string_view line) {
          if (line.rfind("export ", 0) == 0) line.remove_prefix(7);
          size_t eq = line.find('=');
          if (eq == std::string_view::npos) return;
          std::string value(line.substr(eq + 1));
          if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
          }
          env[std::string(line.substr(0, eq))] = value;
        });
        out.set("network.proxy", make_string(arena, proxy_from(env)));
      }
    }
  }

 private:
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

std::vector<Route> parse_ipv4_routes(std::string_view text, size_t* bad_rows) {
  std::vector<Route> routes;
  bool header = true;
  for_each_line(text, [&](std::string_view line) {
    if (header) {  // "Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT"
      header = false;
      return;
    }
    auto f = fields_of(line);
    if (f.empty()) return;
    uint64_t dest, gateway, flags, mask;
    if (f.size() < 8 || !parse_hex(f[1], &dest) || !parse_hex(f[2], &gateway) || !parse_hex(f[3], &flags) ||
        !parse_hex(f[7], &mask)) {
      if (bad_rows) ++*bad_rows;
      return;
    }
    if (!(flags & kRtfUp)) return;
    Route r;
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
    auto f = fields_of(line);
    if (f.empty()) return;
    uint64_t prefix, metric, flags;
    Route r;
    if (f.size() < 10 || !ipv6_text(f[0], &r.destination) || !parse_hex(f[1], &prefix) || prefix > 128 ||
        !ipv6_text(f[4], &r.gateway) || !parse_hex(f[5], &metric) || !parse_hex(f[8], &flags)) {
      if (bad_rows) ++*bad_rows;
      return;
    }
    if (!(flags & kRtfUp) || (flags & kRtfReject)) return;
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
