// Routes and policy rules as the running kernel routes: an rtnetlink dump
// (NETLINK_ROUTE, RTM_GETROUTE and RTM_GETRULE) of every table, the interface that
// `ip route show table all` and `ip rule` read. /proc/net/route shows the main table
// only and no rules, so a policy-routed default (wg-quick's table 51820, any
// `ip rule ... lookup 100`) is invisible there. Kernel docs: rtnetlink(7),
// Documentation/networking/vrf.rst.
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "collectors/linux.h"

namespace edict::collectors {

namespace {

// A dump is read in chunks of this size: the kernel sends at most a page-sized skb
// per read unless asked otherwise, and 32 KiB holds any of them.
constexpr size_t kNetlinkReadBytes = 32 * 1024;

std::string table_name(uint32_t id) {
  switch (id) {
    case RT_TABLE_MAIN: return "main";
    case RT_TABLE_LOCAL: return "local";
    case RT_TABLE_DEFAULT: return "default";
    default: return std::to_string(id);
  }
}

std::string route_type_name(unsigned type) {
  switch (type) {
    case RTN_UNICAST: return "unicast";
    case RTN_LOCAL: return "local";
    case RTN_BROADCAST: return "broadcast";
    case RTN_ANYCAST: return "anycast";
    case RTN_MULTICAST: return "multicast";
    case RTN_BLACKHOLE: return "blackhole";
    case RTN_UNREACHABLE: return "unreachable";
    case RTN_PROHIBIT: return "prohibit";
    case RTN_THROW: return "throw";
    case RTN_NAT: return "nat";
    case RTN_XRESOLVE: return "xresolve";
    default: return "type" + std::to_string(type);
  }
}

std::string rule_action_name(unsigned action) {
  switch (action) {
    case FR_ACT_TO_TBL: return "lookup";
    case FR_ACT_GOTO: return "goto";
    case FR_ACT_NOP: return "nop";
    case FR_ACT_BLACKHOLE: return "blackhole";
    case FR_ACT_UNREACHABLE: return "unreachable";
    case FR_ACT_PROHIBIT: return "prohibit";
    default: return "action" + std::to_string(action);
  }
}

std::string address_text(int family, const void* bytes, size_t size) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family == AF_INET && size == 4) {
    ::inet_ntop(AF_INET, bytes, buf, sizeof buf);
  } else if (family == AF_INET6 && size == 16) {
    ::inet_ntop(AF_INET6, bytes, buf, sizeof buf);
  } else {
    return "";
  }
  return buf;
}

std::string interface_name(uint32_t index) {
  char buf[IF_NAMESIZE] = {};
  if (index && ::if_indextoname(index, buf)) return buf;
  return index ? std::to_string(index) : "";
}

// Calls fn(type, payload, payload_size) for each attribute in [data, data + size).
// A malformed attribute ends the walk and returns false.
template <typename Fn>
bool for_each_attribute(const uint8_t* data, size_t size, Fn fn) {
  while (size >= sizeof(rtattr)) {
    rtattr attr;
    std::memcpy(&attr, data, sizeof attr);
    if (attr.rta_len < sizeof(rtattr) || attr.rta_len > size) return false;
    fn(attr.rta_type & NLA_TYPE_MASK, data + RTA_LENGTH(0), attr.rta_len - RTA_LENGTH(0));
    size_t step = RTA_ALIGN(attr.rta_len);
    if (step >= size) break;
    data += step;
    size -= step;
  }
  return true;
}

uint32_t read_u32(const uint8_t* p, size_t n) {
  uint32_t v = 0;
  if (n >= 4) std::memcpy(&v, p, 4);
  return v;
}

}  // namespace

bool parse_route_message(const uint8_t* data, size_t size, std::vector<Route>* out) {
  if (size < sizeof(rtmsg)) return false;
  rtmsg rtm;
  std::memcpy(&rtm, data, sizeof rtm);
  if (rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6) return true;  // not ours
  if (rtm.rtm_flags & RTM_F_CLONED) return true;  // a cache entry, not a route
  Route r;
  r.family = rtm.rtm_family == AF_INET ? "ipv4" : "ipv6";
  r.type = route_type_name(rtm.rtm_type);
  uint32_t table = rtm.rtm_table;
  std::string destination = rtm.rtm_family == AF_INET ? "0.0.0.0" : "::";
  std::string gateway = destination;
  uint32_t oif = 0;
  struct Hop {
    std::string gateway;
    uint32_t oif;
    bool dead;
  };
  std::vector<Hop> hops;
  size_t header = NLMSG_ALIGN(sizeof(rtmsg));
  if (header > size) return false;
  bool ok = for_each_attribute(data + header, size - header, [&](unsigned type, const uint8_t* p, size_t n) {
    switch (type) {
      case RTA_TABLE: table = read_u32(p, n); break;
      case RTA_DST: destination = address_text(rtm.rtm_family, p, n); break;
      case RTA_GATEWAY: gateway = address_text(rtm.rtm_family, p, n); break;
      case RTA_OIF: oif = read_u32(p, n); break;
      case RTA_PRIORITY: r.metric = read_u32(p, n); break;
      case RTA_MULTIPATH: {
        // rtnexthop records, each followed by its own attributes (RTA_GATEWAY).
        while (n >= sizeof(rtnexthop)) {
          rtnexthop nh;
          std::memcpy(&nh, p, sizeof nh);
          if (nh.rtnh_len < sizeof(rtnexthop) || nh.rtnh_len > n) break;
          Hop hop{"", static_cast<uint32_t>(nh.rtnh_ifindex), (nh.rtnh_flags & RTNH_F_DEAD) != 0};
          for_each_attribute(p + RTNH_LENGTH(0), nh.rtnh_len - RTNH_LENGTH(0),
                             [&](unsigned t, const uint8_t* q, size_t m) {
                               if (t == RTA_GATEWAY) hop.gateway = address_text(rtm.rtm_family, q, m);
                             });
          hops.push_back(std::move(hop));
          size_t step = RTNH_ALIGN(nh.rtnh_len);
          if (step >= n) break;
          p += step;
          n -= step;
        }
        break;
      }
      default: break;
    }
  });
  if (!ok || destination.empty()) return false;
  r.destination = destination + "/" + std::to_string(rtm.rtm_dst_len);
  r.table = table_name(table);
  if (hops.empty()) {
    // A route whose only next hop is dead (its interface is down) carries nothing,
    // as /proc's rows without RTF_UP.
    if (rtm.rtm_flags & RTNH_F_DEAD) return true;
    r.gateway = gateway;
    r.interface = interface_name(oif);
    out->push_back(std::move(r));
    return true;
  }
  for (const Hop& hop : hops) {  // one record per live next hop of a multipath route
    if (hop.dead) continue;
    Route copy = r;
    copy.gateway = hop.gateway.empty() ? gateway : hop.gateway;
    copy.interface = interface_name(hop.oif);
    out->push_back(std::move(copy));
  }
  return true;
}

bool parse_rule_message(const uint8_t* data, size_t size, std::vector<RoutingRule>* out) {
  if (size < sizeof(fib_rule_hdr)) return false;
  fib_rule_hdr hdr;
  std::memcpy(&hdr, data, sizeof hdr);
  if (hdr.family != AF_INET && hdr.family != AF_INET6) return true;
  RoutingRule rule;
  rule.family = hdr.family == AF_INET ? "ipv4" : "ipv6";
  rule.action = rule_action_name(hdr.action);
  uint32_t table = hdr.table;
  bool l3mdev = false;
  // A rule "matches all" when nothing narrows it. Anything not known to be harmless
  // counts as a selector, so that a catch-all terminal rule is never assumed where
  // there is none (which would hide the tables behind it).
  bool selector = hdr.dst_len || hdr.src_len || hdr.tos || (hdr.flags & FIB_RULE_INVERT);
  size_t header = NLMSG_ALIGN(sizeof(fib_rule_hdr));
  if (header > size) return false;
  bool ok = for_each_attribute(data + header, size - header, [&](unsigned type, const uint8_t* p, size_t n) {
    switch (type) {
      case FRA_PRIORITY: rule.priority = read_u32(p, n); break;
      case FRA_TABLE: table = read_u32(p, n); break;
      case FRA_L3MDEV: l3mdev = n >= 1 && p[0] != 0; break;
      // Not selectors: what the rule does or where it came from.
      case FRA_GOTO:
      case FRA_PROTOCOL:
      case FRA_SUPPRESS_PREFIXLEN:
      case FRA_SUPPRESS_IFGROUP:
      case FRA_FLOW:
      case FRA_PAD: break;
      default: selector = true; break;  // iif, oif, fwmark, uid range, ports, ...
    }
  });
  if (!ok) return false;
  rule.table = l3mdev ? "l3mdev" : (hdr.action == FR_ACT_TO_TBL ? table_name(table) : "");
  rule.matches_all = !selector;
  out->push_back(std::move(rule));
  return true;
}

namespace {

// One dump request, every reply handed to `handle` (which returns false on a
// malformed message). Returns false with *error when the dump did not complete.
template <typename Handle>
bool netlink_dump(uint16_t type, uint8_t family, Handle handle, size_t max_reads, std::string* error) {
  int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    *error = std::string("cannot open a NETLINK_ROUTE socket: ") + std::strerror(errno);
    return false;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct {
    nlmsghdr header;
    rtmsg body;  // fib_rule_hdr has the same size and layout of its first bytes
  } request{};
  static_assert(sizeof(rtmsg) == sizeof(fib_rule_hdr));
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = type;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.header.nlmsg_seq = 1;
  request.body.rtm_family = family;  // rtm_table 0 (RT_TABLE_UNSPEC): every table
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd, &request, sizeof request, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    *error = std::string("netlink dump request failed: ") + std::strerror(errno);
    return false;
  }
  std::vector<uint8_t> buffer(kNetlinkReadBytes);
  const char* what = type == RTM_GETRULE ? "rule" : "route";
  for (size_t reads = 0; reads < max_reads; ++reads) {
    ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      *error = std::string("netlink ") + what + " dump failed: " + std::strerror(errno);
      return false;
    }
    size_t left = static_cast<size_t>(got);
    const uint8_t* p = buffer.data();
    while (left >= sizeof(nlmsghdr)) {
      nlmsghdr h;
      std::memcpy(&h, p, sizeof h);
      if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > left) {
        *error = std::string("malformed netlink ") + what + " reply";
        return false;
      }
      if (h.nlmsg_type == NLMSG_DONE) return true;
      if (h.nlmsg_type == NLMSG_ERROR) {
        nlmsgerr e{};
        if (h.nlmsg_len >= NLMSG_LENGTH(sizeof e)) std::memcpy(&e, p + NLMSG_HDRLEN, sizeof e);
        *error = std::string("netlink ") + what + " dump failed: " + std::strerror(-e.error);
        return false;
      }
      if (h.nlmsg_flags & NLM_F_DUMP_INTR) {
        *error = std::string("the ") + what + " table changed during the netlink dump";
        return false;
      }
      if (!handle(p + NLMSG_HDRLEN, h.nlmsg_len - NLMSG_HDRLEN)) {
        *error = std::string("malformed netlink ") + what + " message";
        return false;
      }
      size_t step = NLMSG_ALIGN(h.nlmsg_len);
      if (step >= left) break;
      p += step;
      left -= step;
    }
  }
  *error = std::string("netlink ") + what + " dump longer than " + std::to_string(max_reads) + " reads";
  return false;
}

}  // namespace

bool netlink_routes(std::vector<Route>* out, std::string* error, size_t max_reads) {
  std::vector<Route> routes;
  for (uint8_t family : {uint8_t{AF_INET}, uint8_t{AF_INET6}}) {
    std::string family_error;
    bool ok = netlink_dump(RTM_GETROUTE, family, [&](const uint8_t* p, size_t n) {
      return parse_route_message(p, n, &routes);
    }, max_reads, &family_error);
    // EAFNOSUPPORT: IPv6 is not built in or disabled, so it has no routes.
    if (!ok && !(family == AF_INET6 && family_error.find(std::strerror(EAFNOSUPPORT)) != std::string::npos)) {
      *error = family_error;
      return false;
    }
  }
  *out = std::move(routes);
  return true;
}

bool netlink_rules(std::vector<RoutingRule>* out, std::string* error, size_t max_reads) {
  std::vector<RoutingRule> rules;
  for (uint8_t family : {uint8_t{AF_INET}, uint8_t{AF_INET6}}) {
    std::string family_error;
    bool ok = netlink_dump(RTM_GETRULE, family, [&](const uint8_t* p, size_t n) {
      return parse_rule_message(p, n, &rules);
    }, max_reads, &family_error);
    if (!ok && !(family == AF_INET6 && family_error.find(std::strerror(EAFNOSUPPORT)) != std::string::npos)) {
      *error = family_error;
      return false;
    }
  }
  *out = std::move(rules);
  return true;
}

}  // namespace edict::collectors
