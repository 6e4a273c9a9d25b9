// NetworkSource over the IP helper (GetIpForwardTable2, GetIfEntry2,
// GetAdaptersAddresses) and WinHTTP (WinHttpGetDefaultProxyConfiguration), and the
// assembly of Win32Sources(). Windows only; every API here exists since Vista / 2008.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <winhttp.h>

#include <cstring>
#include <map>

#include "collectors/windows/win32_sources.h"

namespace edict::collectors::windows {

std::shared_ptr<RegistrySource> MakeWin32Registry();
std::shared_ptr<SystemSource> MakeWin32System();
std::shared_ptr<WmiSource> MakeWin32Wmi();
std::shared_ptr<ServiceSource> MakeWin32Services();
std::shared_ptr<AccountSource> MakeWin32Accounts();
std::shared_ptr<PortSource> MakeWin32Ports();
std::shared_ptr<FileSource> MakeWin32Files();

namespace {

// GetAdaptersAddresses wants its buffer sized up front; 15 KiB is Microsoft's advice,
// and a host whose table outgrows 16 MiB is not one we can describe sensibly.
constexpr ULONG kAdapterBufferStart = 15 * 1024;
constexpr ULONG kAdapterBufferMax = 16 * 1024 * 1024;

RawAddress FromSockaddr(const SOCKADDR_INET& a) {
  RawAddress r;
  if (a.si_family == AF_INET6) {
    r.family = 6;
    std::memcpy(r.bytes.data(), &a.Ipv6.sin6_addr, 16);
  } else {
    r.family = 4;
    std::memcpy(r.bytes.data(), &a.Ipv4.sin_addr, 4);
  }
  return r;
}

RawAddress FromSockaddr(const SOCKADDR* a) {
  SOCKADDR_INET s{};
  if (a->sa_family == AF_INET6) {
    std::memcpy(&s.Ipv6, a, sizeof(sockaddr_in6));
  } else {
    std::memcpy(&s.Ipv4, a, sizeof(sockaddr_in));
  }
  return FromSockaddr(s);
}

struct InterfaceInfo {
  std::string alias;
  bool up = false;
};

class Win32Network : public NetworkSource {
 public:
  bool Routes(std::vector<RawRoute>* routes, std::string* error) override {
    PMIB_IPFORWARD_TABLE2 table = nullptr;
    DWORD st = GetIpForwardTable2(AF_UNSPEC, &table);
    if (st != NO_ERROR) {
      *error = ErrorText(st);
      return false;
    }
    std::map<NET_IFINDEX, InterfaceInfo> interfaces;
    for (ULONG i = 0; i < table->NumEntries; ++i) {
      const MIB_IPFORWARD_ROW2& row = table->Table[i];
      auto it = interfaces.find(row.InterfaceIndex);
      if (it == interfaces.end()) it = interfaces.emplace(row.InterfaceIndex, Interface(row.InterfaceIndex)).first;
      RawRoute r;
      r.destination = FromSockaddr(row.DestinationPrefix.Prefix);
      r.prefix_length = row.DestinationPrefix.PrefixLength;
      r.next_hop = FromSockaddr(row.NextHop);
      // An unspecified next hop of the other family would print oddly: keep the route's family.
      r.next_hop.family = r.destination.family;
      r.interface_index = row.InterfaceIndex;
      r.interface_name = it->second.alias;
      r.interface_up = it->second.up;
      r.metric = row.Metric;
      routes->push_back(std::move(r));
    }
    FreeMibTable(table);
    return true;
  }

  bool Interfaces(std::vector<RawInterface>* interfaces, std::string* error) override {
    const ULONG flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;
    std::vector<unsigned char> buf(kAdapterBufferStart);
    ULONG size = static_cast<ULONG>(buf.size());
    ULONG st;
    while ((st = GetAdaptersAddresses(AF_UNSPEC, flags, nullptr,
                                      reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data()), &size)) ==
           ERROR_BUFFER_OVERFLOW) {
      if (size > kAdapterBufferMax) {
        *error = "the adapter table is larger than " + std::to_string(kAdapterBufferMax) + " bytes";
        return false;
      }
      buf.resize(size);
    }
    if (st == ERROR_NO_DATA) return true;
    if (st != NO_ERROR) {
      *error = ErrorText(st);
      return false;
    }
    for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data()); a; a = a->Next) {
      RawInterface i;
      i.name = a->FriendlyName ? Narrow(a->FriendlyName) : std::string(a->AdapterName);
      i.up = a->OperStatus == IfOperStatusUp;
      for (auto* u = a->FirstUnicastAddress; u; u = u->Next) {
        if (!u->Address.lpSockaddr) continue;
        i.addresses.emplace_back(FromSockaddr(u->Address.lpSockaddr), u->OnLinkPrefixLength);
      }
      interfaces->push_back(std::move(i));
    }
    return true;
  }

  bool Proxy(ProxyConfig* config, std::string* error) override {
    WINHTTP_PROXY_INFO info{};
    if (!WinHttpGetDefaultProxyConfiguration(&info)) {
      *error = ErrorText(GetLastError());
      return false;
    }
    config->access = info.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY ? ProxyAccess::kNamedProxy
                     : info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY  ? ProxyAccess::kNoProxy
                                                                          : ProxyAccess::kOther;
    if (info.lpszProxy) config->proxy = Narrow(info.lpszProxy);
    if (info.lpszProxyBypass) config->bypass = Narrow(info.lpszProxyBypass);
    if (info.lpszProxy) GlobalFree(info.lpszProxy);
    if (info.lpszProxyBypass) GlobalFree(info.lpszProxyBypass);
    return true;
  }

 private:
  static InterfaceInfo Interface(NET_IFINDEX index) {
    InterfaceInfo info;
    MIB_IF_ROW2 row{};
    row.InterfaceIndex = index;
    if (GetIfEntry2(&row) == NO_ERROR) {
      info.alias = Narrow(row.Alias);
      info.up = row.OperStatus == IfOperStatusUp;
    }
    // An interface we cannot look up is not known to be up: its routes are left out.
    return info;
  }
};

}  // namespace

Sources Win32Sources() {
  Sources s;
  s.registry = MakeWin32Registry();
  s.system = MakeWin32System();
  s.wmi = MakeWin32Wmi();
  s.network = std::make_shared<Win32Network>();
  s.services = MakeWin32Services();
  s.accounts = MakeWin32Accounts();
  s.ports = MakeWin32Ports();
  s.files = MakeWin32Files();
  return s;
}

}  // namespace edict::collectors::windows
