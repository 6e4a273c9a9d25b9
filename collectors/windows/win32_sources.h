// The real sources of a Windows host (registry, WMI, IP helper, ntdll, WinHTTP).
// Compiled only for Windows (win32_*.cpp); everything above it is pure logic.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "collectors/windows/sources.h"

namespace edict::collectors::windows {

// One set of sources for this process. WMI is connected lazily, on the first query,
// so a run that reads no WMI-backed fact never starts COM.
Sources Win32Sources();

// UTF-16 <-> UTF-8 at the Win32 boundary.
std::wstring Widen(std::string_view utf8);
std::string Narrow(std::wstring_view utf16);
// FormatMessageW's text for a Win32 error or HRESULT, one line, with its number.
std::string ErrorText(unsigned long code);
// The VS_FIXEDFILEINFO versions of the file at `path` (win32_files.cpp). Both left unset
// when the file has no version resource; *error set when it has one that cannot be read.
void ReadVersionResource(const std::wstring& path, std::optional<FileVersion>* file_version,
                         std::optional<FileVersion>* product_version, std::string* error);

}  // namespace edict::collectors::windows
