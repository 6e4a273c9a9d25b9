// rtnetlink messages as the kernel sends them, built by hand: a route of table 100
// (RTA_TABLE past 255), each route type, multipath next hops, dead next hops, and
// rules with and without selectors. Malformed lengths are rejected, never read past.
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include <cstring>

#include "collectors/linux.h"

using namespace edict::collectors;

namespace {

// Appends one attribute (header + payload, padded to 4 bytes).
void attr(std::vector<uint8_t>* m, uint16_t type, const void* data, size_t size) {
  rtattr a{static_cast<unsigned short>(RTA_LENGTH(size)), type};
  size_t at = m->size();
  m->resize(at + RTA_SPACE(size));
  std::memcpy(m->data() + at, &a, sizeof a);
  std::memcpy(m->data() + at + RTA_LENGTH(0), data, size);
}

std::vector<uint8_t> route(uint8_t family, uint8_t dst_len, uint8_t type, uint32_t table, uint32_t flags = 0) {
  rtmsg r{};
  r.rtm_family = family;
  r.rtm_dst_len = dst_len;
  r.rtm_table = table < 256 ? static_cast<uint8_t>(table) : static_cast<uint8_t>(RT_TABLE_COMPAT);
  r.rtm_type = type;
  r.rtm_flags = flags;
  std::vector<uint8_t> m(NLMSG_ALIGN(sizeof r));
  std::memcpy(m.data(), &r, sizeof r);
  attr(&m, RTA_TABLE, &table, 4);
  return m;
}

}  // namespace

TEST_CASE("netlink route: a default in table 100 with its gateway and metric") {
  auto m = route(AF_INET, 0, RTN_UNICAST, 100);
  uint8_t gw[4] = {10, 0, 0, 1};
  uint32_t metric = 5;
  attr(&m, RTA_GATEWAY, gw, 4);
  attr(&m, RTA_PRIORITY, &metric, 4);
  std::vector<Route> out;
  REQUIRE(parse_route_message(m.data(), m.size(), &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].destination == "0.0.0.0/0");
  CHECK(out[0].gateway == "10.0.0.1");
  CHECK(out[0].table == "100");
  CHECK(out[0].type == "unicast");
  CHECK(out[0].metric == 5);
  CHECK(out[0].family == "ipv4");
}

TEST_CASE("netlink route: types and well-known tables by name") {
  struct Case {
    uint8_t type;
    uint32_t table;
    const char* type_name;
    const char* table_name;
  } cases[] = {{RTN_UNREACHABLE, RT_TABLE_MAIN, "unreachable", "main"},
               {RTN_BLACKHOLE, RT_TABLE_MAIN, "blackhole", "main"},
               {RTN_PROHIBIT, RT_TABLE_DEFAULT, "prohibit", "default"},
               {RTN_THROW, 7, "throw", "7"},
               {RTN_LOCAL, RT_TABLE_LOCAL, "local", "local"}};
  for (const auto& c : cases) {
    auto m = route(AF_INET6, 0, c.type, c.table);
    std::vector<Route> out;
    REQUIRE(parse_route_message(m.data(), m.size(), &out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].destination == "::/0");
    CHECK(out[0].type == c.type_name);
    CHECK(out[0].table == c.table_name);
  }
}

TEST_CASE("netlink route: multipath gives one route per live next hop, a dead route none") {
  auto m = route(AF_INET, 0, RTN_UNICAST, RT_TABLE_MAIN);
  std::vector<uint8_t> hops;
  for (uint8_t last : {1, 2}) {
    std::vector<uint8_t> hop(RTNH_ALIGN(sizeof(rtnexthop)));
    uint8_t gw[4] = {10, 0, 0, last};
    attr(&hop, RTA_GATEWAY, gw, 4);
    rtnexthop nh{};
    nh.rtnh_len = static_cast<unsigned short>(hop.size());
    nh.rtnh_flags = last == 2 ? RTNH_F_DEAD : 0;
    std::memcpy(hop.data(), &nh, sizeof nh);
    hops.insert(hops.end(), hop.begin(), hop.end());
  }
  attr(&m, RTA_MULTIPATH, hops.data(), hops.size());
  std::vector<Route> out;
  REQUIRE(parse_route_message(m.data(), m.size(), &out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].gateway == "10.0.0.1");

  auto dead = route(AF_INET, 0, RTN_UNICAST, RT_TABLE_MAIN, RTNH_F_DEAD);
  out.clear();
  REQUIRE(parse_route_message(dead.data(), dead.size(), &out));
  CHECK(out.empty());
}

TEST_CASE("netlink route: truncated or overlong attributes are malformed, other families skipped") {
  auto m = route(AF_INET, 8, RTN_UNICAST, RT_TABLE_MAIN);
  uint8_t dst[4] = {10, 0, 0, 0};
  attr(&m, RTA_DST, dst, 4);
  std::vector<Route> out;
  REQUIRE(parse_route_message(m.data(), m.size(), &out));
  CHECK(out.at(0).destination == "10.0.0.0/8");
  // An attribute claiming more bytes than the message holds.
  auto bad = m;
  rtattr a;
  std::memcpy(&a, bad.data() + NLMSG_ALIGN(sizeof(rtmsg)), sizeof a);
  a.rta_len = 200;
  std::memcpy(bad.data() + NLMSG_ALIGN(sizeof(rtmsg)), &a, sizeof a);
  CHECK_FALSE(parse_route_message(bad.data(), bad.size(), &out));
  CHECK_FALSE(parse_route_message(m.data(), 3, &out));
  // A destination of the wrong size for the family.
  auto odd = route(AF_INET, 8, RTN_UNICAST, RT_TABLE_MAIN);
  attr(&odd, RTA_DST, dst, 3);
  CHECK_FALSE(parse_route_message(odd.data(), odd.size(), &out));
  auto other = route(AF_BRIDGE, 0, RTN_UNICAST, RT_TABLE_MAIN);
  size_t before = out.size();
  CHECK(parse_route_message(other.data(), other.size(), &out));
  CHECK(out.size() == before);
}

TEST_CASE("netlink rule: lookup, selectors, l3mdev and terminal actions") {
  auto rule = [](uint8_t family, uint8_t action, uint32_t table, uint32_t priority, uint8_t src_len = 0) {
    fib_rule_hdr h{};
    h.family = family;
    h.action = action;
    h.src_len = src_len;
    h.table = table < 256 ? static_cast<uint8_t>(table) : static_cast<uint8_t>(RT_TABLE_COMPAT);
    std::vector<uint8_t> m(NLMSG_ALIGN(sizeof h));
    std::memcpy(m.data(), &h, sizeof h);
    attr(&m, FRA_TABLE, &table, 4);
    attr(&m, FRA_PRIORITY, &priority, 4);
    return m;
  };
  std::vector<RoutingRule> out;
  auto a = rule(AF_INET, FR_ACT_TO_TBL, 51820, 32764);
  REQUIRE(parse_rule_message(a.data(), a.size(), &out));
  uint32_t mark = 51820;
  auto b = rule(AF_INET6, FR_ACT_TO_TBL, RT_TABLE_MAIN, 32765);
  attr(&b, FRA_FWMARK, &mark, 4);  // a selector
  REQUIRE(parse_rule_message(b.data(), b.size(), &out));
  auto c = rule(AF_INET, FR_ACT_TO_TBL, 0, 1000);
  uint8_t on = 1;
  attr(&c, FRA_L3MDEV, &on, 1);
  REQUIRE(parse_rule_message(c.data(), c.size(), &out));
  auto d = rule(AF_INET, FR_ACT_UNREACHABLE, 0, 10, 8);  // from 10.0.0.0/8 unreachable
  REQUIRE(parse_rule_message(d.data(), d.size(), &out));
  REQUIRE(out.size() == 4);
  CHECK(out[0].family == "ipv4");
  CHECK(out[0].action == "lookup");
  CHECK(out[0].table == "51820");
  CHECK(out[0].priority == 32764);
  CHECK(out[0].matches_all);
  CHECK(out[1].family == "ipv6");
  CHECK(out[1].table == "main");
  CHECK_FALSE(out[1].matches_all);
  CHECK(out[2].table == "l3mdev");
  CHECK(out[3].action == "unreachable");
  CHECK(out[3].table == "");
  CHECK_FALSE(out[3].matches_all);
  CHECK_FALSE(parse_rule_message(a.data(), 5, &out));
}

TEST_CASE("netlink dump: the host's tables read, and a dump past the read limit is an error") {
  std::vector<Route> routes;
  std::string error;
  REQUIRE(netlink_routes(&routes, &error));
  bool loopback = false;
  for (const auto& r : routes) loopback = loopback || (r.table == "local" && r.type == "local");
  CHECK(loopback);  // every host has its local table
  std::vector<RoutingRule> rules;
  REQUIRE(netlink_rules(&rules, &error));
  CHECK_FALSE(rules.empty());
  CHECK_FALSE(netlink_routes(&routes, &error, 0));
  CHECK(error == "netlink route dump longer than 0 reads");
  CHECK_FALSE(netlink_rules(&rules, &error, 0));
  CHECK(error == "netlink rule dump longer than 0 reads");
}
