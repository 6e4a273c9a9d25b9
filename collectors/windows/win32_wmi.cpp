// WmiSource over COM: IWbemLocator -> ROOT\CIMV2 -> ExecQuery, reading the asked
// properties of each row. Windows only. COM is initialised on first use, on this thread.
#define _WIN32_DCOM
#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <wbemidl.h>

#include <cstdio>

#include "collectors/windows/win32_sources.h"
#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

namespace {

// A query that has not returned a row in this long is a hung provider: give up on it
// rather than hang the check (SoftwareLicensingProduct can take seconds on a real host).
constexpr LONG kWmiRowTimeoutMs = 60000;

template <typename T>
struct ComPtr {
  T* p = nullptr;
  ~ComPtr() {
    if (p) p->Release();
  }
  T** operator&() { return &p; }
  T* operator->() { return p; }
};

WmiValue FromVariant(const VARIANT& v) {
  switch (v.vt) {
    case VT_BSTR: return Narrow(std::wstring_view(v.bstrVal, SysStringLen(v.bstrVal)));
    case VT_BOOL: return v.boolVal != VARIANT_FALSE;
    case VT_I1: return static_cast<int64_t>(v.cVal);
    case VT_UI1: return static_cast<int64_t>(v.bVal);
    case VT_I2: return static_cast<int64_t>(v.iVal);
    case VT_UI2: return static_cast<int64_t>(v.uiVal);
    case VT_I4: return static_cast<int64_t>(v.lVal);
    case VT_UI4: return static_cast<int64_t>(v.ulVal);
    case VT_INT: return static_cast<int64_t>(v.intVal);
    case VT_UINT: return static_cast<int64_t>(v.uintVal);
    case VT_I8: return static_cast<int64_t>(v.llVal);
    case VT_UI8: return static_cast<int64_t>(v.ullVal);
    default: return std::monostate{};
  }
}

class Win32Wmi : public WmiSource {
 public:
  ~Win32Wmi() override {
    if (services_) services_->Release();
    if (com_initialised_) CoUninitialize();
  }

  bool Query(std::string_view wql, const std::vector<std::string>& properties, std::vector<WmiRow>* rows,
             std::string* error) override {
    if (!Connect(error)) return false;
    BSTR language = SysAllocString(L"WQL");
    BSTR query = SysAllocString(Widen(wql).c_str());
    ComPtr<IEnumWbemClassObject> results;
    HRESULT hr = services_->ExecQuery(language, query, WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY,
                                      nullptr, &results);
    SysFreeString(language);
    SysFreeString(query);
    if (FAILED(hr)) return Fail("ExecQuery", hr, error);
    for (;;) {
      ComPtr<IWbemClassObject> object;
      ULONG returned = 0;
      hr = results->Next(kWmiRowTimeoutMs, 1, &object, &returned);
      if (hr == WBEM_S_TIMEDOUT) return Fail("a WMI query timed out", hr, error);
      if (FAILED(hr)) return Fail("IEnumWbemClassObject::Next", hr, error);
      if (returned == 0) break;
      if (rows->size() >= kMaxWmiRows) {
        *error = "more than " + std::to_string(kMaxWmiRows) + " rows";
        return false;
      }
      WmiRow row;
      for (const auto& name : properties) {
        VARIANT v;
        VariantInit(&v);
        if (SUCCEEDED(object->Get(Widen(name).c_str(), 0, &v, nullptr, nullptr))) row[name] = FromVariant(v);
        VariantClear(&v);
      }
      rows->push_back(std::move(row));
    }
    return true;
  }

 private:
  static bool Fail(const char* what, HRESULT hr, std::string* error) {
    // FormatMessage knows no WBEM codes: name the ones a query meets.
    const char* name = nullptr;
    switch (static_cast<unsigned long>(hr)) {
      case 0x80041010: name = "WBEM_E_INVALID_CLASS"; break;
      case 0x80041017: name = "WBEM_E_INVALID_QUERY"; break;
      case 0x80041003: name = "WBEM_E_ACCESS_DENIED"; break;
      case 0x8004100e: name = "WBEM_E_INVALID_NAMESPACE"; break;
      case 0x80041013: name = "WBEM_E_PROVIDER_LOAD_FAILURE"; break;
      default: break;
    }
    char num[16];
    snprintf(num, sizeof num, "0x%lx", static_cast<unsigned long>(hr));
    *error = std::string(what) + ": " + (name ? std::string(name) + " (" + num + ")" : ErrorText(static_cast<unsigned long>(hr)));
    return false;
  }

  bool Connect(std::string* error) {
    if (services_) return true;
    HRESULT hr = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
    if (SUCCEEDED(hr)) {
      com_initialised_ = true;
    } else if (hr != RPC_E_CHANGED_MODE) {
      return Fail("CoInitializeEx", hr, error);
    }
    // Another part of the process may have set security already; that is fine.
    hr = CoInitializeSecurity(nullptr, -1, nullptr, nullptr, RPC_C_AUTHN_LEVEL_DEFAULT, RPC_C_IMP_LEVEL_IMPERSONATE,
                              nullptr, EOAC_NONE, nullptr);
    if (FAILED(hr) && hr != RPC_E_TOO_LATE) return Fail("CoInitializeSecurity", hr, error);
    ComPtr<IWbemLocator> locator;
    hr = CoCreateInstance(CLSID_WbemLocator, nullptr, CLSCTX_INPROC_SERVER, IID_IWbemLocator,
                          reinterpret_cast<void**>(&locator));
    if (FAILED(hr)) return Fail("CoCreateInstance(WbemLocator)", hr, error);
    BSTR ns = SysAllocString(L"ROOT\\CIMV2");
    hr = locator->ConnectServer(ns, nullptr, nullptr, nullptr, 0, nullptr, nullptr, &services_);
    SysFreeString(ns);
    if (FAILED(hr)) return Fail("ConnectServer(ROOT\\CIMV2)", hr, error);
    hr = CoSetProxyBlanket(services_, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, nullptr, RPC_C_AUTHN_LEVEL_CALL,
                           RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
    if (FAILED(hr)) {
      services_->Release();
      services_ = nullptr;
      return Fail("CoSetProxyBlanket", hr, error);
    }
    return true;
  }

  IWbemServices* services_ = nullptr;
  bool com_initialised_ = false;
};

}  // namespace

std::shared_ptr<WmiSource> MakeWin32Wmi() { return std::make_shared<Win32Wmi>(); }

}  // namespace edict::collectors::windows
