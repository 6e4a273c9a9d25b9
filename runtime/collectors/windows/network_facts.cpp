// network.routes, network.interfaces and network.proxy from the IP helper's tables
// and WinHTTP's settings (sources.h). Pure logic, so address formatting and the
// interface filter are tested on Linux.
#include <cstdio>

#include "runtime/collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

std::string FormatAddress(const RawAddress& a) {
  char buf[64];
  if (a.family == 4) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]);
    return buf;
  }
  uint16_t words[8];
  for (int i = 0; i < 8; ++i) words[i] = static_cast<uint16_t>(a.bytes[2 * i] << 8 | a.bytes[2 * i + 1]);
  // RFC 5952: the longest run of two or more zero words (the first on a tie) becomes "::".
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
    i = j;
  }
  // IPv4-mapped (::ffff:a.b.c.d) keeps its dotted tail, as Windows and inet_ntop print it.
  bool mapped = best == 0 && best_len == 5 && words[5] == 0xffff;
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (mapped && i == 6) {
      out += ':';
      std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.bytes[12], a.bytes[13], a.bytes[14], a.bytes[15]);
      out += buf;
      break;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", words[i]);
    out += buf;
  }
  return out;
}

std::vector<RouteFact> RoutesFromTable(const std::vector<RawRoute>& table) {
  std::vector<RouteFact> routes;
  for (const auto& r : table) {
    // A route on an interface that is down carries no traffic: like Linux rows
    // without RTF_UP, it is not a route of this host.
    if (!r.interface_up) continue;
    RouteFact f;
    f.destination = FormatAddress(r.destination) + "/" + std::to_string(r.prefix_length);
    f.gateway = FormatAddress(r.next_hop);
    f.iface = r.interface_name.empty() ? std::to_string(r.interface_index) : r.interface_name;
    f.metric = r.metric;
    f.family = r.destination.family == 6 ? "ipv6" : "ipv4";
    routes.push_back(std::move(f));
  }
  return routes;
}

std::string ProxyFact(const ProxyConfig& config) {
  // Only a named proxy sends traffic somewhere else; "no proxy" and the automatic
  // modes WinHTTP's default configuration cannot express are direct.
  if (config.access != ProxyAccess::kNamedProxy) return "";
  return config.proxy;
}

}  // namespace edict::collectors::windows
