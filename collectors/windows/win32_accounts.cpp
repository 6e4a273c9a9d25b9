// AccountSource over netapi32: the local Administrators group found by its well-known SID
// (S-1-5-32-544: the group's name is translated on non-English Windows), its members by
// NetLocalGroupGetMembers level 3 ("DOMAIN\name"). Windows only; Vista / 2008 APIs.
#include <windows.h>
#include <lm.h>

#include <memory>

#include "collectors/windows/win32_sources.h"

namespace edict::collectors::windows {

namespace {

class Win32Accounts : public AccountSource {
 public:
  bool AdministratorsMembers(std::vector<std::string>* members, std::string* error) override {
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD sid_size = sizeof(sid);
    if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, nullptr, sid, &sid_size)) {
      *error = "CreateWellKnownSid: " + ErrorText(GetLastError());
      return false;
    }
    wchar_t name[GNLEN + 1];
    wchar_t domain[DNLEN + 1];
    DWORD name_len = GNLEN + 1, domain_len = DNLEN + 1;
    SID_NAME_USE use;
    if (!LookupAccountSidW(nullptr, sid, name, &name_len, domain, &domain_len, &use)) {
      *error = "LookupAccountSidW(S-1-5-32-544): " + ErrorText(GetLastError());
      return false;
    }
    DWORD_PTR resume = 0;
    for (;;) {
      LOCALGROUP_MEMBERS_INFO_3* rows = nullptr;
      DWORD read = 0, total = 0;
      NET_API_STATUS st = NetLocalGroupGetMembers(nullptr, name, 3, reinterpret_cast<BYTE**>(&rows),
                                                  MAX_PREFERRED_LENGTH, &read, &total, &resume);
      if (st != NERR_Success && st != ERROR_MORE_DATA) {
        if (rows) NetApiBufferFree(rows);
        *error = "NetLocalGroupGetMembers(" + Narrow(name) + "): " + ErrorText(st);
        return false;
      }
      for (DWORD i = 0; i < read; ++i) {
        if (rows[i].lgrmi3_domainandname) members->push_back(Narrow(rows[i].lgrmi3_domainandname));
      }
      if (rows) NetApiBufferFree(rows);
      if (st == NERR_Success) return true;
    }
  }
};

}  // namespace

std::shared_ptr<AccountSource> MakeWin32Accounts() { return std::make_shared<Win32Accounts>(); }

}  // namespace edict::collectors::windows
