// RegistrySource over RegGetValueW / RegEnumKeyExW on HKEY_LOCAL_MACHINE, and the
// system calls of SystemSource (RtlGetVersion, GetNativeSystemInfo, GetComputerNameExW,
// the version resource of ntoskrnl.exe).
// Windows only.
#include <windows.h>

#include <memory>
#include <vector>

#include "collectors/windows/kernel_image_path.h"
#include "collectors/windows/win32_sources.h"

namespace edict::collectors::windows {

namespace {

// 64 KiB: the longest value the collectors read (ProductName, a GUID) is far shorter;
// a larger one is not what we asked for and is refused instead of allocated.
constexpr DWORD kMaxStringBytes = 64 * 1024;

class Win32Registry : public RegistrySource {
 public:
  RegResult<std::string> ReadString(std::string_view key, std::string_view value) const override {
    RegResult<std::string> r;
    HKEY h = nullptr;
    LSTATUS st = Open(key, &h);
    if (st != ERROR_SUCCESS) return Fail(r, st);
    std::wstring v = Widen(value);
    // RRF_NOEXPAND: RegGetValueW refuses RRF_RT_REG_EXPAND_SZ without it (it would
    // expand and report REG_SZ); facts keep the stored text.
    const DWORD flags = RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND;
    DWORD bytes = 0;
    st = RegGetValueW(h, nullptr, v.c_str(), flags, nullptr, nullptr, &bytes);
    if (st == ERROR_SUCCESS && bytes > kMaxStringBytes) st = ERROR_MORE_DATA;
    if (st == ERROR_SUCCESS) {
      std::wstring buf(bytes / sizeof(wchar_t) + 1, L'\0');
      bytes = static_cast<DWORD>(buf.size() * sizeof(wchar_t));
      st = RegGetValueW(h, nullptr, v.c_str(), flags, nullptr, buf.data(), &bytes);
      if (st == ERROR_SUCCESS) {
        RegCloseKey(h);
        buf.resize(wcsnlen(buf.c_str(), buf.size()));
        r.status = RegStatus::kOk;
        r.value = Narrow(buf);
        return r;
      }
    }
    RegCloseKey(h);
    return Fail(r, st);
  }

  RegResult<uint32_t> ReadDword(std::string_view key, std::string_view value) const override {
    RegResult<uint32_t> r;
    HKEY h = nullptr;
    LSTATUS st = Open(key, &h);
    if (st != ERROR_SUCCESS) return Fail(r, st);
    DWORD data = 0, bytes = sizeof data;
    st = RegGetValueW(h, nullptr, Widen(value).c_str(), RRF_RT_REG_DWORD, nullptr, &data, &bytes);
    RegCloseKey(h);
    if (st == ERROR_SUCCESS) {
      r.status = RegStatus::kOk;
      r.value = data;
      return r;
    }
    return Fail(r, st);
  }

  RegResult<std::vector<std::string>> EnumSubkeys(std::string_view key) const override {
    RegResult<std::vector<std::string>> r;
    HKEY h = nullptr;
    LSTATUS st = Open(key, &h);
    if (st != ERROR_SUCCESS) return Fail(r, st);
    // Key names are at most 255 characters.
    wchar_t name[256];
    for (DWORD i = 0;; ++i) {
      DWORD len = 256;
      st = RegEnumKeyExW(h, i, name, &len, nullptr, nullptr, nullptr, nullptr);
      if (st == ERROR_NO_MORE_ITEMS) break;
      if (st != ERROR_SUCCESS) {
        RegCloseKey(h);
        return Fail(r, st);
      }
      r.value.push_back(Narrow(std::wstring_view(name, len)));
    }
    RegCloseKey(h);
    r.status = RegStatus::kOk;
    return r;
  }

 private:
  // KEY_WOW64_64KEY: a 32-bit edict.exe on 64-bit Windows would otherwise read the
  // redirected SOFTWARE\Wow6432Node copies (ProductName, CBS, policies) instead of
  // what the 64-bit system uses. 32-bit Windows ignores the flag.
  static LSTATUS Open(std::string_view key, HKEY* h) {
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, Widen(key).c_str(), 0, KEY_READ | KEY_WOW64_64KEY, h);
  }

  template <typename T>
  static RegResult<T> Fail(RegResult<T>& r, LSTATUS st) {
    if (st == ERROR_FILE_NOT_FOUND || st == ERROR_PATH_NOT_FOUND) {
      r.status = RegStatus::kNotFound;
    } else if (st == ERROR_UNSUPPORTED_TYPE) {
      r.status = RegStatus::kWrongType;
      r.error = ErrorText(static_cast<unsigned long>(st));
    } else {
      r.status = RegStatus::kFailed;
      r.error = ErrorText(static_cast<unsigned long>(st));
    }
    return r;
  }
};

// RTL_OSVERSIONINFOEXW; RtlGetVersion is exported by ntdll but not declared by the SDK
// headers user-mode programs include.
typedef LONG(WINAPI* RtlGetVersionFn)(OSVERSIONINFOEXW*);

class Win32System : public SystemSource {
 public:
  std::optional<KernelVersion> RtlVersion() override {
    // GetVersionEx lies to manifest-less programs from Windows 8.1 on; the kernel does not.
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    if (!ntdll) return std::nullopt;
    auto fn = reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "RtlGetVersion")));
    if (!fn) return std::nullopt;
    OSVERSIONINFOEXW info{};
    info.dwOSVersionInfoSize = sizeof info;
    if (fn(&info) != 0) return std::nullopt;
    return KernelVersion{info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber, info.wServicePackMajor};
  }

  std::optional<uint16_t> NativeArchitecture() override {
    SYSTEM_INFO si{};
    GetNativeSystemInfo(&si);
    return si.wProcessorArchitecture;
  }

  std::optional<FileVersion> KernelImageVersion() override {
    wchar_t windir[MAX_PATH];
    UINT n = GetSystemWindowsDirectoryW(windir, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) return std::nullopt;
    // A 32-bit edict.exe on x64 Windows names the kernel image through Sysnative
    // (kernel_image_path.h); IsWow64Process is in every kernel32 since XP SP2.
    BOOL wow64 = FALSE;
    if (!IsWow64Process(GetCurrentProcess(), &wow64)) wow64 = FALSE;
    std::wstring path = Widen(KernelImagePath(Narrow(std::wstring_view(windir, n)), wow64 != FALSE));
    std::optional<FileVersion> file, product;
    std::string error;
    ReadVersionResource(path, &file, &product, &error);
    return file;
  }

  std::optional<std::string> ComputerName() override {
    // ComputerNameDnsHostname: the host name without the domain, as `hostname` prints it.
    DWORD len = 0;
    GetComputerNameExW(ComputerNameDnsHostname, nullptr, &len);
    if (len == 0) return std::nullopt;
    std::wstring buf(len, L'\0');
    if (!GetComputerNameExW(ComputerNameDnsHostname, buf.data(), &len)) return std::nullopt;
    buf.resize(len);
    return Narrow(buf);
  }
};

}  // namespace

std::wstring Widen(std::string_view s) {
  if (s.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring out(n, L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n);
  return out;
}

std::string Narrow(std::wstring_view s) {
  if (s.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0, nullptr, nullptr);
  std::string out(n, '\0');
  WideCharToMultiByte(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n, nullptr, nullptr);
  return out;
}

std::string ErrorText(unsigned long code) {
  wchar_t* text = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                           nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string out = n ? Narrow(std::wstring_view(text, n)) : std::string();
  if (text) LocalFree(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ' || out.back() == '.')) {
    out.pop_back();
  }
  char num[16];
  snprintf(num, sizeof num, "0x%lx", code);
  return out.empty() ? std::string("error ") + num : out + " (" + num + ")";
}

std::shared_ptr<RegistrySource> MakeWin32Registry() { return std::make_shared<Win32Registry>(); }
std::shared_ptr<SystemSource> MakeWin32System() { return std::make_shared<Win32System>(); }

}  // namespace edict::collectors::windows
