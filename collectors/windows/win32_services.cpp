// ServiceSource over the service control manager: EnumServicesStatusExW for every Win32
// service and its state, then QueryServiceConfigW (start type) and QueryServiceConfig2W
// (delayed auto-start) per service. Windows only; every API here exists since Vista / 2008.
#include <windows.h>

#include <memory>
#include <vector>

#include "collectors/windows/win32_sources.h"

namespace edict::collectors::windows {

namespace {

// EnumServicesStatusExW's buffer: a host's few hundred services need ~100 KiB; the SCM
// caps one call at 256 KiB and pages the rest through the resume handle.
constexpr DWORD kEnumBufferBytes = 256 * 1024;
// QueryServiceConfigW's strings (binary path, dependencies) are bounded by MS-SCMR at
// 8 Ki characters each; 64 KiB holds all of them.
constexpr DWORD kConfigBufferBytes = 64 * 1024;

struct ScHandle {
  SC_HANDLE h = nullptr;
  explicit ScHandle(SC_HANDLE handle) : h(handle) {}
  ~ScHandle() {
    if (h) CloseServiceHandle(h);
  }
  ScHandle(const ScHandle&) = delete;
  ScHandle& operator=(const ScHandle&) = delete;
};

class Win32Services : public ServiceSource {
 public:
  bool Services(std::vector<RawService>* services, std::string* error) override {
    ScHandle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ENUMERATE_SERVICE | SC_MANAGER_CONNECT));
    if (!scm.h) {
      *error = "OpenSCManagerW: " + ErrorText(GetLastError());
      return false;
    }
    std::vector<BYTE> buffer(kEnumBufferBytes);
    DWORD resume = 0;
    for (;;) {
      DWORD needed = 0, returned = 0;
      BOOL ok = EnumServicesStatusExW(scm.h, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buffer.data(),
                                      static_cast<DWORD>(buffer.size()), &needed, &returned, &resume, nullptr);
      DWORD last = ok ? ERROR_SUCCESS : GetLastError();
      if (!ok && last != ERROR_MORE_DATA) {
        *error = ErrorText(last);
        return false;
      }
      if (!ok && returned == 0) {
        // Not even one entry fit: one service's strings outgrew the buffer. Grow it once.
        if (needed <= buffer.size() || needed > 4 * kEnumBufferBytes) {
          *error = "the service list does not fit in " + std::to_string(4 * kEnumBufferBytes) + " bytes";
          return false;
        }
        buffer.resize(needed);
        continue;
      }
      const auto* rows = reinterpret_cast<const ENUM_SERVICE_STATUS_PROCESSW*>(buffer.data());
      for (DWORD i = 0; i < returned; ++i) {
        RawService s;
        s.name = Narrow(rows[i].lpServiceName ? rows[i].lpServiceName : L"");
        s.display_name = Narrow(rows[i].lpDisplayName ? rows[i].lpDisplayName : L"");
        s.state = rows[i].ServiceStatusProcess.dwCurrentState;
        ReadConfig(scm.h, rows[i].lpServiceName, &s);
        services->push_back(std::move(s));
      }
      if (ok) return true;  // the last page
    }
  }

 private:
  // The start type and the delayed flag; left unset (unknown) when the SCM refuses.
  static void ReadConfig(SC_HANDLE scm, const wchar_t* name, RawService* s) {
    if (!name) return;
    ScHandle service(OpenServiceW(scm, name, SERVICE_QUERY_CONFIG));
    if (!service.h) return;
    std::vector<BYTE> buffer(kConfigBufferBytes);
    DWORD needed = 0;
    if (QueryServiceConfigW(service.h, reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data()),
                            static_cast<DWORD>(buffer.size()), &needed)) {
      s->start_type = reinterpret_cast<const QUERY_SERVICE_CONFIGW*>(buffer.data())->dwStartType;
    }
    SERVICE_DELAYED_AUTO_START_INFO delayed{};
    if (QueryServiceConfig2W(service.h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, reinterpret_cast<BYTE*>(&delayed),
                             sizeof(delayed), &needed)) {
      s->delayed_auto_start = delayed.fDelayedAutostart != FALSE;
    }
  }
};

}  // namespace

std::shared_ptr<ServiceSource> MakeWin32Services() { return std::make_shared<Win32Services>(); }

}  // namespace edict::collectors::windows
