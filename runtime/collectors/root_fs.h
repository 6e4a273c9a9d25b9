// File access below a root directory (`--root`, default "/"): collectors read
// "etc/os-release", never "/etc/os-release", so the same code checks the running host,
// a mounted disk image, or a fixture tree under tests/data/facts/roots/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edict {

class RootFs {
 public:
  // The largest file a collector reads (dpkg's status file on a big host is ~10 MB).
  static constexpr size_t kMaxFileBytes = 64 << 20;

  explicit RootFs(std::string root);
  ~RootFs();
  RootFs(const RootFs&) = delete;
  RootFs& operator=(const RootFs&) = delete;

  const std::string& root() const { return root_; }
  // True when the root is the running host's "/" (uname, getifaddrs and the
  // environment describe it); false for any other tree.
  bool is_host() const { return is_host_; }
  // False with *error ("cannot open root `x`: ...") when the root is not a directory.
  bool ok(std::string* error) const;

  // Reads `path` (relative to the root). Symlinks, absolute ones included, resolve
  // inside the root (openat2 RESOLVE_IN_ROOT), so a disk image's /etc/os-release ->
  // /usr/lib/os-release link does not read the host's file. On failure returns false
  // and sets *error to "etc/os-release: No such file or directory".
  bool read(std::string_view path, std::string* out, std::string* error, size_t max_bytes = kMaxFileBytes) const;
  bool exists(std::string_view path) const;
  // Entry names of a directory below the root, sorted, without "." and "..".
  bool list(std::string_view path, std::vector<std::string>* names, std::string* error) const;

 private:
  int open_below(std::string_view path, int flags) const;

  std::string root_;
  bool is_host_ = false;
  int root_fd_ = -1;
  int open_errno_ = 0;
};

}  // namespace edict
