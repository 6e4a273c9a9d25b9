// The kernel image path of build_genuine's third source (windows.build.ntoskrnl) for
// both edict.exe's. A 32-bit edict.exe on x64 Windows that named System32 would be
// redirected to SysWOW64 (no ntoskrnl.exe there): the fact would be unknown on every
// WOW64 host, or the read would need the thread's redirector off while other DLLs load.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "collectors/windows/kernel_image_path.h"

using edict::collectors::windows::KernelImagePath;

TEST_CASE("a native process reads the kernel image from System32") {
  CHECK(KernelImagePath("C:\\Windows", false) == "C:\\Windows\\System32\\ntoskrnl.exe");
}

TEST_CASE("a 32-bit process under WOW64 reads the 64-bit kernel image through Sysnative") {
  CHECK(KernelImagePath("C:\\Windows", true) == "C:\\Windows\\Sysnative\\ntoskrnl.exe");
}

TEST_CASE("a Windows directory at a drive's root keeps one separator") {
  CHECK(KernelImagePath("D:\\", false) == "D:\\System32\\ntoskrnl.exe");
  CHECK(KernelImagePath("D:\\", true) == "D:\\Sysnative\\ntoskrnl.exe");
}

TEST_CASE("the Win32 source names the kernel image through KernelImagePath with the WOW64 state") {
  // The Win32 file cannot run on Linux; this guards that it uses the tested path logic
  // and does not switch the thread's file system redirector off (Microsoft: it affects
  // every file operation of the thread, DLL loads included).
  std::ifstream in(std::filesystem::path(EDICT_SOURCE_DIR) / "collectors/windows/win32_registry.cpp");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  REQUIRE(!text.empty());
  CHECK(text.find("IsWow64Process") != std::string::npos);
  CHECK(text.find("KernelImagePath(") != std::string::npos);
  CHECK(text.find("\\\\System32\\\\ntoskrnl.exe") == std::string::npos);
  CHECK(text.find("Wow64DisableWow64FsRedirection") == std::string::npos);
}
