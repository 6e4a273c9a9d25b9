// network.routes, network.interfaces and network.proxy from the IP helper's tables
// and WinHTTP's settings (sources.h). Pure logic, so address formatting and the
// interface filter are tested on Linux.
#include <cstdio>

#include "collectors/windows/windows_facts.h"

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
    // Windows has one routing table and no policy rules; its forwarding rows carry
    // packets (no blackhole or unreachable types in MIB_IPFORWARD_ROW2).
    f.table = "main";
    f.type = "unicast";
    routes.push_back(std::move(f));
  }
  return routes;
}

std::string ProxyFact(const ProxyConfig& config) {
  switch (config.access) {
    case ProxyAccess::kNoProxy: return "";
    case ProxyAccess::kNamedProxy: return config.proxy;
    // WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY (Windows 8.1 and later) or a mode this
    // build does not know: WinHTTP may pick a proxy, so it is a way out (fail closed).
    case ProxyAccess::kOther: return "automatic";
  }
  return "automatic";
}

namespace {

// Microsoft Learn, "HKLMProxyServer" (unattend, Microsoft-Windows-IE-
// ClientNetworkProtocolImplementation): the per-machine proxy settings are in
// effect only if this key holds ProxySettingsPerUser as a REG_DWORD set to 0.
constexpr const char kProxyPolicyKey[] = "SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
// Where WinINET keeps the machine's settings (ProxyEnable, ProxyServer, AutoConfigURL).
constexpr const char kInternetSettingsKey[] = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";

}  // namespace

std::optional<std::string> MachineWinInetProxy(const RegistrySource& registry, Notes* notes) {
  auto failed = [&](const std::string& what, const std::string& error) {
    notes->Fail(what + ": " + error);
    return std::nullopt;
  };
  auto per_user = registry.ReadDword(kProxyPolicyKey, "ProxySettingsPerUser");
  if (per_user.status == RegStatus::kNotFound) return std::string();  // per-user settings: not the machine's
  if (!per_user.ok()) return failed("ProxySettingsPerUser", per_user.error);
  if (per_user.value != 0) return std::string();
  auto enable = registry.ReadDword(kInternetSettingsKey, "ProxyEnable");
  if (enable.ok() && enable.value != 0) {
    auto server = registry.ReadString(kInternetSettingsKey, "ProxyServer");
    if (server.ok() && !server.value.empty()) return server.value;
    if (server.status != RegStatus::kNotFound && !server.ok()) return failed("ProxyServer", server.error);
  } else if (enable.status != RegStatus::kNotFound && !enable.ok()) {
    return failed("ProxyEnable", enable.error);
  }
  auto pac = registry.ReadString(kInternetSettingsKey, "AutoConfigURL");
  if (pac.ok() && !pac.value.empty()) return "pac: " + pac.value;
  if (pac.status != RegStatus::kNotFound && !pac.ok()) return failed("AutoConfigURL", pac.error);
  return std::string();
}

}  // namespace edict::collectors::windows
