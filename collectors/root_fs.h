// File access below a root directory (`--root`, default "/"): collectors read
// "etc/os-release", never "/etc/os-release", so the same code checks the running host,
// a mounted disk image, or a fixture tree under tests/data/facts/roots/.
//
// Two promises hold for every read, whatever the tree holds and whatever the kernel:
// - nothing outside the root is read: symlinks (absolute ones, `..` chains, loops)
//   resolve inside it, by openat2(RESOLVE_IN_ROOT) or, where the kernel lacks openat2
//   (before 5.6) or a seccomp filter refuses it, by the same walk done here one
//   component at a time;
// - nothing blocks: only regular files are opened for reading (checked on an O_PATH
//   descriptor before the open, again on the opened one), so a FIFO, a socket or a
//   device where a file is expected is skipped with a reason, never read or opened.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace edict {

class RootFs {
 public:
  // The largest file a collector reads (dpkg's status file on a big host is ~10 MB).
  static constexpr size_t kMaxFileBytes = 64 << 20;
  // Symlinks followed while resolving one path: the kernel's MAXSYMLINKS, so the
  // fallback walk refuses (ELOOP) exactly where openat2 does.
  static constexpr int kMaxSymlinkHops = 40;
  // Test-only: set (to anything but "" or "0") to resolve paths without openat2, as on
  // a kernel before 5.6, so the fallback walk is tested on every kernel.
  static constexpr const char* kForceFallbackEnv = "EDICT_FORCE_OPENAT_FALLBACK";

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

  // Reads the regular file `path` (relative to the root). Symlinks, absolute ones
  // included, resolve inside the root, so a disk image's /etc/os-release ->
  // /usr/lib/os-release link does not read the host's file. On failure returns false
  // and sets *error to "etc/os-release: No such file or directory", or "etc/os-release:
  // not a regular file (a FIFO)" for anything that is not a regular file.
  bool read(std::string_view path, std::string* out, std::string* error, size_t max_bytes = kMaxFileBytes) const;
  bool exists(std::string_view path) const;
  // The text of the symlink `name` in the directory `dir` below the root, not followed
  // (the directory's own path resolves inside the root). False when `name` is not a
  // symlink or cannot be read.
  bool read_link(std::string_view dir, std::string_view name, std::string* target) const;
  // lstat(2) of `path` below the root: every component but the last resolves inside
  // the root; the last is described itself (a symlink is not followed), and nothing is
  // opened for reading (an O_PATH descriptor only). A symlink's target text goes to
  // *link_target (when not null). Returns 0, or the errno (ENOENT, EACCES, ELOOP, ...).
  int lstat(std::string_view path, struct stat* st, std::string* link_target = nullptr) const;
  // Entry names of a directory below the root, sorted, without "." and "..".
  bool list(std::string_view path, std::vector<std::string>* names, std::string* error) const;
  // An O_PATH descriptor of the directory `path` below the root, resolved inside it,
  // for a library that only takes a path (librpm's dbpath): `/proc/self/fd/N` names
  // that directory without resolving the root's symlinks again on the host. -1 with
  // errno set when it is not a directory or cannot be opened. The caller closes it.
  int open_directory_path(std::string_view path) const;

 private:
  int open_below(std::string_view path, int flags) const;

  std::string root_;
  bool is_host_ = false;
  int root_fd_ = -1;
  int open_errno_ = 0;
  bool force_fallback_ = false;           // kForceFallbackEnv was set
  mutable bool openat2_missing_ = false;  // the kernel said ENOSYS once: stop asking
};

// "a/./b//../c/" -> {"a", ".", "b", "..", "c", "."}, inserted before the first element
// of *todo. The walks that resolve a path themselves (RootFs's fallback, the facts.d
// trust check in external.cpp) splice a symlink's target into what is left this way.
// `..` stays: it means the parent of the directory reached, not a lexical step back;
// `.` stays (a trailing `/` becomes one) because the component before it must be a
// directory, as the kernel requires.
void push_front_path_components(std::string_view path, std::deque<std::string>* todo);

}  // namespace edict
