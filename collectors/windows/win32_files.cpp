// FileSource over GetFileAttributesExW and the version resource (GetFileVersionInfoSizeW,
// GetFileVersionInfoW, VerQueryValueW "\\": VS_FIXEDFILEINFO), for `files`; the reader of
// the version resource is shared with ntoskrnl.exe's for `windows.build.ntoskrnl`.
// Windows only (links version.lib, collectors/windows/CMakeLists.txt).
#include <windows.h>

#include <memory>
#include <vector>

#include "collectors/windows/win32_sources.h"
#include "collectors/windows/windows_facts.h"

namespace edict::collectors::windows {

namespace {

// FILETIME counts 100 ns intervals since 1601-01-01 UTC; this many lie before 1970.
constexpr uint64_t kFiletimeUnixEpoch = 116444736000000000ULL;

// GetFileVersionInfoSizeW's errors that mean "this file has no version resource" (a text
// file, a PE image without one): an answer, not a failure.
bool MeansNoResource(DWORD error) {
  return error == ERROR_RESOURCE_DATA_NOT_FOUND || error == ERROR_RESOURCE_TYPE_NOT_FOUND ||
         error == ERROR_RESOURCE_NAME_NOT_FOUND || error == ERROR_RESOURCE_LANG_NOT_FOUND ||
         error == ERROR_BAD_FORMAT || error == ERROR_BAD_EXE_FORMAT;
}

class Win32Files : public FileSource {
 public:
  std::string WindowsDirectory() override {
    wchar_t dir[MAX_PATH];
    UINT n = GetSystemWindowsDirectoryW(dir, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) return "";
    return Narrow(std::wstring_view(dir, n));
  }

  bool IsWow64() override {
    BOOL wow64 = FALSE;
    return IsWow64Process(GetCurrentProcess(), &wow64) && wow64;
  }

  RawFile Look(const std::string& path, bool want_version) override {
    RawFile f;
    std::wstring wide = Widen(path);
    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!GetFileAttributesExW(wide.c_str(), GetFileExInfoStandard, &data)) {
      DWORD error = GetLastError();
      if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
        f.status = FileStatus::kNotFound;
      } else {
        f.status = FileStatus::kFailed;  // access denied, a share that is gone, ...
        f.error = ErrorText(error);
      }
      return f;
    }
    f.status = FileStatus::kFound;
    f.directory = (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    f.reparse_point = (data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    f.size = (static_cast<uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
    uint64_t written = (static_cast<uint64_t>(data.ftLastWriteTime.dwHighDateTime) << 32) |
                       data.ftLastWriteTime.dwLowDateTime;
    f.mtime = (static_cast<int64_t>(written) - static_cast<int64_t>(kFiletimeUnixEpoch)) / 10000000;
    if (want_version && !f.directory && !f.reparse_point) {
      ReadVersionResource(wide, &f.file_version, &f.product_version, &f.version_error);
    }
    return f;
  }
};

}  // namespace

void ReadVersionResource(const std::wstring& path, std::optional<FileVersion>* file_version,
                         std::optional<FileVersion>* product_version, std::string* error) {
  DWORD ignored = 0;
  SetLastError(ERROR_SUCCESS);
  DWORD size = GetFileVersionInfoSizeW(path.c_str(), &ignored);
  if (size == 0) {
    DWORD e = GetLastError();
    if (!MeansNoResource(e) && e != ERROR_SUCCESS) *error = ErrorText(e);
    return;
  }
  if (size > kMaxVersionInfoBytes) {
    *error = "a version resource of " + std::to_string(size) + " bytes, more than the " +
             std::to_string(kMaxVersionInfoBytes) + " read (kMaxVersionInfoBytes)";
    return;
  }
  std::vector<unsigned char> data(size);
  if (!GetFileVersionInfoW(path.c_str(), 0, size, data.data())) {
    *error = ErrorText(GetLastError());
    return;
  }
  VS_FIXEDFILEINFO* info = nullptr;
  UINT len = 0;
  // A resource without the fixed part (or with another signature) has no version number to give.
  if (!VerQueryValueW(data.data(), L"\\", reinterpret_cast<void**>(&info), &len) || !info ||
      len < sizeof(VS_FIXEDFILEINFO) || info->dwSignature != 0xFEEF04BD) {
    return;
  }
  *file_version = FileVersion{HIWORD(info->dwFileVersionMS), LOWORD(info->dwFileVersionMS),
                              HIWORD(info->dwFileVersionLS), LOWORD(info->dwFileVersionLS)};
  *product_version = FileVersion{HIWORD(info->dwProductVersionMS), LOWORD(info->dwProductVersionMS),
                                 HIWORD(info->dwProductVersionLS), LOWORD(info->dwProductVersionLS)};
}

std::shared_ptr<FileSource> MakeWin32Files() { return std::make_shared<Win32Files>(); }

}  // namespace edict::collectors::windows
