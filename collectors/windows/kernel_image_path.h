// Where edict.exe finds the kernel image on disk, for the build check of build_genuine.
// Portable (no <windows.h>): tests/windows/ checks the WOW64 case on Linux.
#pragma once

#include <string>
#include <string_view>

namespace edict::collectors::windows {

// The path of ntoskrnl.exe under `windows_dir` (GetSystemWindowsDirectoryW, e.g. `C:\Windows`
// or, for a Windows directory at a drive's root, `D:\`), as this process must name it.
// `wow64`: the process is 32-bit on 64-bit Windows (IsWow64Process). There the file system
// redirector turns System32 into SysWOW64, which holds no kernel image, so the path goes
// through the `Sysnative` alias WOW64 provides from Vista / Server 2008 on (Microsoft, "File
// System Redirector"): the 64-bit System32, with no thread-wide redirection switched off.
std::string KernelImagePath(std::string_view windows_dir, bool wow64);

}  // namespace edict::collectors::windows
