#include "collectors/windows/kernel_image_path.h"

namespace edict::collectors::windows {

std::string KernelImagePath(std::string_view windows_dir, bool wow64) {
  std::string path(windows_dir);
  // `C:\Windows` has no trailing separator; a root directory (`D:\`) has one.
  if (path.empty() || (path.back() != '\\' && path.back() != '/')) path += '\\';
  path += wow64 ? "Sysnative" : "System32";
  path += "\\ntoskrnl.exe";
  return path;
}

}  // namespace edict::collectors::windows
