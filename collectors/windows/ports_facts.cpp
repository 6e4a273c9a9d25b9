// `ports` on Windows: the IP helper's listener tables with their owners' executable
// names, in the record shape the Linux collector gives (docs/facts.md), so one rule
// ("nothing listens on a public address but these") works on both. Pure logic: no
// <windows.h>, unit-tested on Linux (tests/windows/ports_test.cpp).
#include <algorithm>
#include <tuple>

#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

std::vector<PortFact> PortsFromSockets(const std::vector<RawSocket>& sockets,
                                       const std::map<uint32_t, std::string>* names) {
  std::vector<PortFact> out;
  out.reserve(sockets.size());
  for (const RawSocket& s : sockets) {
    PortFact p;
    p.protocol = s.protocol;
    p.family = s.address.family == 6 ? "ipv6" : "ipv4";
    p.address = FormatAddress(s.address);
    p.port = s.port;
    if (names) {
      // A process that ended between the table and the snapshot has no name: its socket's
      // owner is unknown, not "nobody".
      if (auto n = names->find(s.pid); n != names->end()) p.processes = std::vector<std::string>{n->second};
    }
    out.push_back(std::move(p));
  }
  auto key = [](const PortFact& p) { return std::tie(p.protocol, p.family, p.address, p.port, p.processes); };
  std::sort(out.begin(), out.end(), [&](const PortFact& a, const PortFact& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(), [&](const PortFact& a, const PortFact& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

}  // namespace edict::collectors::windows
