// std.net's is_public_ip / is_public_cidr checked against the registry tables in
// stdlib/std/net.edict: the tables are parsed here, an independent oracle (the most
// specific row decides an address; a CIDR is public when any address in it is)
// judges every row's block, its first and last address and its supernet, and the
// stdlib, compiled and run by the VM (folded and not), must agree on each. A fixed
// list of expectations from the registry pages guards the oracle itself.
#include <arpa/inet.h>

#include <catch2/catch.hpp>

#include <regex>

#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

using u128 = unsigned __int128;

struct Row {
  bool v6;
  u128 first, last;
  int prefix;
  std::string block;
  std::string reachable;  // "True", "False", "N/A", "" (terminated)
};

bool parse_address(const std::string& text, bool v6, u128* out) {
  uint8_t bytes[16];
  if (::inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) != 1) return false;
  u128 v = 0;
  for (int i = 0; i < (v6 ? 16 : 4); ++i) v = v << 8 | bytes[i];
  *out = v;
  return true;
}

std::string format_address(u128 v, bool v6) {
  uint8_t bytes[16];
  int n = v6 ? 16 : 4;
  for (int i = n - 1; i >= 0; --i, v >>= 8) bytes[i] = static_cast<uint8_t>(v & 0xff);
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, buf, sizeof buf);
  return buf;
}

Row make_row(const std::string& block, const std::string& reachable) {
  Row r;
  size_t slash = block.find('/');
  r.v6 = block.find(':') != std::string::npos;
  r.prefix = std::stoi(block.substr(slash + 1));
  r.block = block;
  r.reachable = reachable;
  u128 a = 0;
  REQUIRE(parse_address(block.substr(0, slash), r.v6, &a));
  int width = r.v6 ? 128 : 32;
  u128 host = width - r.prefix == 128 ? ~u128{0} : (u128{1} << (width - r.prefix)) - 1;
  r.first = a & ~host;
  r.last = r.first | host;
  return r;
}

std::vector<Row> registry_rows() {
  auto text = read_file(std::string(EDICT_SOURCE_DIR) + "/stdlib/std/net.edict");
  REQUIRE(text);
  // One row: `"block": {name: "...", rfc: "...", reachable: "..."}`, on one line or
  // (as `edict fmt` breaks long ones) over several.
  std::regex row(R"re("([0-9a-fA-F.:/]+)": \{\s*name: "(?:[^"\\]|\\.)*",\s*rfc: "[^"]*",\s*reachable: "([^"]*)",?\s*\})re");
  std::vector<Row> rows;
  for (auto it = std::sregex_iterator(text->begin(), text->end(), row); it != std::sregex_iterator(); ++it) {
    rows.push_back(make_row((*it)[1], (*it)[2]));
  }
  return rows;
}

bool globally_reachable(const Row& r) { return r.reachable == "True" || r.reachable == "N/A"; }

// The oracle for one address: the most specific row holding it decides; terminated
// rows ("") decide nothing; no row: public.
bool oracle_ip(const std::vector<Row>& rows, bool v6, u128 a) {
  const Row* best = nullptr;
  for (const Row& r : rows) {
    if (r.v6 != v6 || r.reachable.empty() || a < r.first || a > r.last) continue;
    if (!best || r.prefix > best->prefix) best = &r;
  }
  return !best || globally_reachable(*best);
}

// A CIDR is public when some address in it is: the answer is constant between row
// boundaries, so testing the start of each piece is exhaustive.
bool oracle_cidr(const std::vector<Row>& rows, const Row& c) {
  std::vector<u128> starts = {c.first};
  for (const Row& r : rows) {
    if (r.v6 != c.v6) continue;
    if (r.first > c.first && r.first <= c.last) starts.push_back(r.first);
    if (r.last >= c.first && r.last < c.last) starts.push_back(r.last + 1);
  }
  for (u128 s : starts) {
    if (oracle_ip(rows, c.v6, s)) return true;
  }
  return false;
}

struct Probe {
  std::string call;  // "is_public_ip" or "is_public_cidr"
  std::string arg;
  bool expected;
};

// Runs every probe through std.net (one rule each) and checks the outcomes.
void check_probes(const std::vector<Probe>& probes, bool fold) {
  std::string source = "package probe\nimport std.net\npolicy p \"probes\" {\n";
  for (size_t i = 0; i < probes.size(); ++i) {
    source += "  rule r" + std::to_string(i) + " \"" + probes[i].call + "(" + probes[i].arg + ")\" { require net." +
              probes[i].call + "(\"" + probes[i].arg + "\") }\n";
  }
  source += "}\n";
  compiler::CompileOptions options;
  options.stdlib_dir = std::string(EDICT_SOURCE_DIR) + "/stdlib/std";
  options.fold_constants = fold;
  auto c = compile_text(source, options);
  INFO(c->diagnostics());
  REQUIRE(c->program);
  Facts facts = facts_from_json("{}");
  auto results = evaluate(*c->program, facts);
  REQUIRE(results.size() == probes.size());
  for (size_t i = 0; i < probes.size(); ++i) {
    INFO(probes[i].call << "(" << probes[i].arg << ") expected " << probes[i].expected << " (fold " << fold << ")"
                        << " error: " << results[i].error);
    CHECK(results[i].outcome == (probes[i].expected ? Outcome::kPass : Outcome::kFail));
  }
}

}  // namespace

TEST_CASE("std.net registry: every row block with its ends and supernet agrees with the oracle") {
  auto rows = registry_rows();
  // IPv4: 25 CSV rows, the 192.0.0.170/32, 192.0.0.171/32 row as two, plus multicast.
  // IPv6: 25 CSV rows plus multicast.
  size_t v4 = 0, v6 = 0;
  for (const Row& r : rows) (r.v6 ? v6 : v4)++;
  CHECK(v4 == 27);
  CHECK(v6 == 26);
  std::vector<Probe> probes;
  for (const Row& r : rows) {
    probes.push_back({"is_public_cidr", r.block, oracle_cidr(rows, r)});
    probes.push_back({"is_public_ip", format_address(r.first, r.v6), oracle_ip(rows, r.v6, r.first)});
    probes.push_back({"is_public_ip", format_address(r.last, r.v6), oracle_ip(rows, r.v6, r.last)});
    if (r.prefix > 0) {
      Row super = make_row(format_address(r.first, r.v6) + "/" + std::to_string(r.prefix - 1), "");
      probes.push_back({"is_public_cidr", super.block, oracle_cidr(rows, super)});
    }
    // Just past the block: ordinary space or a neighbour row, as the oracle says.
    int width = r.v6 ? 128 : 32;
    u128 max = r.v6 ? ~u128{0} : (u128{1} << width) - 1;
    if (r.last < max) probes.push_back({"is_public_ip", format_address(r.last + 1, r.v6), oracle_ip(rows, r.v6, r.last + 1)});
  }
  check_probes(probes, true);
  check_probes(probes, false);
}

TEST_CASE("std.net registry: no non-reachable block sits inside a reachable one") {
  // public_in() relies on this: overlapping a reachable block means holding a
  // reachable address.
  auto rows = registry_rows();
  for (const Row& g : rows) {
    if (!globally_reachable(g)) continue;
    for (const Row& n : rows) {
      if (n.v6 != g.v6 || n.reachable != "False") continue;
      INFO(n.block << " inside " << g.block);
      CHECK_FALSE((n.first >= g.first && n.last <= g.last));
    }
  }
}

TEST_CASE("std.net registry: what the registry pages say address by address") {
  std::vector<Probe> probes = {
      // Globally Reachable False: documentation, benchmarking, this network, ...
      {"is_public_ip", "192.0.2.1", false},        {"is_public_ip", "198.51.100.7", false},
      {"is_public_ip", "203.0.113.9", false},      {"is_public_ip", "198.18.0.1", false},
      {"is_public_ip", "198.19.255.255", false},   {"is_public_ip", "0.1.2.3", false},
      {"is_public_ip", "100.64.0.1", false},       {"is_public_ip", "192.0.0.8", false},
      {"is_public_ip", "192.0.0.170", false},      {"is_public_ip", "192.0.0.171", false},
      {"is_public_ip", "192.88.99.2", false},      {"is_public_ip", "255.255.255.255", false},
      {"is_public_ip", "2001:db8::1", false},      {"is_public_ip", "3fff::1", false},
      {"is_public_ip", "3fff:fff::1", false},      {"is_public_ip", "5f00::1", false},
      {"is_public_ip", "::ffff:8.8.8.8", false},   {"is_public_ip", "100::1", false},
      {"is_public_ip", "100:0:0:1::1", false},     {"is_public_ip", "64:ff9b:1::1", false},
      {"is_public_ip", "2001:2::1", false},        {"is_public_ip", "2001:1::4", false},
      {"is_public_ip", "2001:10::1", false},       {"is_public_ip", "2001:40::1", false},
      {"is_public_ip", "fd00::1", false},          {"is_public_ip", "fe80::1", false},
      {"is_public_ip", "::1", false},              {"is_public_ip", "::", false},
      // Globally Reachable True, inside blocks that are not.
      {"is_public_ip", "192.0.0.9", true},         {"is_public_ip", "192.0.0.10", true},
      {"is_public_ip", "2001:1::1", true},         {"is_public_ip", "2001:1::2", true},
      {"is_public_ip", "2001:1::3", true},         {"is_public_ip", "2001:3::1", true},
      {"is_public_ip", "2001:4:112::1", true},     {"is_public_ip", "2001:20::1", true},
      {"is_public_ip", "2001:30::1", true},        {"is_public_ip", "64:ff9b::808:808", true},
      {"is_public_ip", "192.31.196.1", true},      {"is_public_ip", "192.52.193.1", true},
      {"is_public_ip", "192.175.48.1", true},      {"is_public_ip", "2620:4f:8000::1", true},
      // N/A decided reachable (6to4, Teredo); terminated 192.88.99.0/24 is ordinary.
      {"is_public_ip", "2002:c000:201::1", true},  {"is_public_ip", "2001::1", true},
      {"is_public_ip", "192.88.99.1", true},
      // Ordinary space.
      {"is_public_ip", "8.8.8.8", true},           {"is_public_ip", "45.33.32.156", true},
      {"is_public_ip", "2a01:4f8::1", true},       {"is_public_ip", "198.17.255.255", true},
      {"is_public_ip", "198.20.0.0", true},
      // CIDRs: public when any address is.
      {"is_public_cidr", "0.0.0.0/0", true},       {"is_public_cidr", "::/0", true},
      {"is_public_cidr", "0.0.0.0/1", true},       {"is_public_cidr", "128.0.0.0/1", true},
      {"is_public_cidr", "192.0.0.0/24", true},    {"is_public_cidr", "192.0.0.0/29", false},
      {"is_public_cidr", "2001::/23", true},       {"is_public_cidr", "2001:2::/48", false},
      {"is_public_cidr", "224.0.0.0/3", false},    {"is_public_cidr", "::/127", false},
      {"is_public_cidr", "198.51.100.0/24", false}, {"is_public_cidr", "3fff::/20", false},
      {"is_public_cidr", "10.0.0.0/7", true},      {"is_public_cidr", "2001:db8::/31", true},
  };
  check_probes(probes, true);
  check_probes(probes, false);
}

TEST_CASE("cidr_covered_by: a string where the list goes is a compile error with a caret") {
  auto c = compile_text("package p\npolicy q \"q\" {\n  rule r \"r\" { require cidr_covered_by(\"10.0.0.0/8\", \"10.0.0.0/8\") }\n}\n");
  CHECK_FALSE(c->program);
  std::string d = c->diagnostics();
  CHECK_THAT(d, Catch::Contains("error[E0304]"));
  CHECK_THAT(d, Catch::Contains("a list of CIDR strings"));
  CHECK_THAT(d, Catch::Contains("^"));
}
