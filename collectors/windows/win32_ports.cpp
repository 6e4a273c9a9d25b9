// PortSource over the IP helper's owner-PID tables (GetExtendedTcpTable with
// TCP_TABLE_OWNER_PID_LISTENER, GetExtendedUdpTable with UDP_TABLE_OWNER_PID, IPv4 and
// IPv6) and a Toolhelp process snapshot for the owners' names. Windows only; every API
// here exists since Vista / Server 2008.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <tlhelp32.h>

#include <cstring>
#include <memory>
#include <vector>

#include "collectors/windows/win32_sources.h"

namespace edict::collectors::windows {

namespace {

// The tables are sized by a first call; they can grow between the two calls, so the
// size is asked again a few times before giving up.
constexpr int kTableAttempts = 4;
constexpr DWORD kMaxTableBytes = 64 * 1024 * 1024;

// Calls `get(buffer, &size)` until the table fits. False with *error otherwise.
template <typename Get>
bool ReadTable(const char* what, Get get, std::vector<BYTE>* buffer, std::string* error) {
  DWORD size = 0;
  DWORD st = get(nullptr, &size);
  for (int attempt = 0; attempt < kTableAttempts && st == ERROR_INSUFFICIENT_BUFFER; ++attempt) {
    if (size == 0 || size > kMaxTableBytes) break;
    buffer->assign(size, 0);
    st = get(buffer->data(), &size);
  }
  if (st == NO_ERROR) return true;
  buffer->clear();
  *error = std::string(what) + ": " + ErrorText(st);
  return false;
}

RawAddress V4(DWORD network_order) {
  RawAddress a;
  a.family = 4;
  std::memcpy(a.bytes.data(), &network_order, 4);
  return a;
}

RawAddress V6(const UCHAR (&bytes)[16]) {
  RawAddress a;
  a.family = 6;
  std::memcpy(a.bytes.data(), bytes, 16);
  return a;
}

uint16_t Port(DWORD network_order) { return ntohs(static_cast<u_short>(network_order & 0xFFFF)); }

class Win32Ports : public PortSource {
 public:
  bool Listening(std::vector<RawSocket>* sockets, std::string* error) override {
    std::vector<BYTE> buf;
    for (ULONG family : {AF_INET, AF_INET6}) {
      bool v6 = family == AF_INET6;
      if (!ReadTable(v6 ? "GetExtendedTcpTable(AF_INET6)" : "GetExtendedTcpTable(AF_INET)",
                     [&](BYTE* p, DWORD* size) {
                       return GetExtendedTcpTable(p, size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
                     },
                     &buf, error)) {
        return false;
      }
      if (!buf.empty()) AddTcp(buf, v6, sockets);
      buf.clear();
      if (!ReadTable(v6 ? "GetExtendedUdpTable(AF_INET6)" : "GetExtendedUdpTable(AF_INET)",
                     [&](BYTE* p, DWORD* size) {
                       return GetExtendedUdpTable(p, size, FALSE, family, UDP_TABLE_OWNER_PID, 0);
                     },
                     &buf, error)) {
        return false;
      }
      if (!buf.empty()) AddUdp(buf, v6, sockets);
      buf.clear();
    }
    return true;
  }

  bool ProcessNames(std::map<uint32_t, std::string>* names, std::string* error) override {
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE) {
      *error = "CreateToolhelp32Snapshot: " + ErrorText(GetLastError());
      return false;
    }
    PROCESSENTRY32W e;
    e.dwSize = sizeof(e);
    for (BOOL ok = Process32FirstW(snap, &e); ok; ok = Process32NextW(snap, &e)) {
      (*names)[e.th32ProcessID] = Narrow(e.szExeFile);
    }
    CloseHandle(snap);
    return true;
  }

 private:
  static void AddTcp(const std::vector<BYTE>& buf, bool v6, std::vector<RawSocket>* out) {
    if (v6) {
      const auto* t = reinterpret_cast<const MIB_TCP6TABLE_OWNER_PID*>(buf.data());
      for (DWORD i = 0; i < t->dwNumEntries; ++i) {
        out->push_back({"tcp", V6(t->table[i].ucLocalAddr), Port(t->table[i].dwLocalPort), t->table[i].dwOwningPid});
      }
    } else {
      const auto* t = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID*>(buf.data());
      for (DWORD i = 0; i < t->dwNumEntries; ++i) {
        out->push_back({"tcp", V4(t->table[i].dwLocalAddr), Port(t->table[i].dwLocalPort), t->table[i].dwOwningPid});
      }
    }
  }
  static void AddUdp(const std::vector<BYTE>& buf, bool v6, std::vector<RawSocket>* out) {
    if (v6) {
      const auto* t = reinterpret_cast<const MIB_UDP6TABLE_OWNER_PID*>(buf.data());
      for (DWORD i = 0; i < t->dwNumEntries; ++i) {
        out->push_back({"udp", V6(t->table[i].ucLocalAddr), Port(t->table[i].dwLocalPort), t->table[i].dwOwningPid});
      }
    } else {
      const auto* t = reinterpret_cast<const MIB_UDPTABLE_OWNER_PID*>(buf.data());
      for (DWORD i = 0; i < t->dwNumEntries; ++i) {
        out->push_back({"udp", V4(t->table[i].dwLocalAddr), Port(t->table[i].dwLocalPort), t->table[i].dwOwningPid});
      }
    }
  }
};

}  // namespace

std::shared_ptr<PortSource> MakeWin32Ports() { return std::make_shared<Win32Ports>(); }

}  // namespace edict::collectors::windows
