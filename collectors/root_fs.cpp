// File access below a root directory (see root_fs.h).
#include "collectors/root_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <deque>

namespace edict {

namespace {

// Closes what it holds when the scope ends, so every early return of the walk below
// leaves no descriptor behind.
struct FdStack {
  std::vector<int> fds;
  ~FdStack() { clear(); }
  void clear() {
    for (int fd : fds) ::close(fd);
    fds.clear();
  }
};

// openat2(RESOLVE_IN_ROOT) done by hand, for kernels without it: every component is
// opened O_PATH|O_NOFOLLOW from the directory reached so far; a symlink's target is
// read and spliced into the rest of the path (an absolute one starts again at the
// root); `..` returns to the directory it came from and stays at the root when there
// is none. Symlinks are only ever read as text, so a /proc magic link cannot jump out
// either. At most RootFs::kMaxSymlinkHops links are followed (ELOOP past them).
int open_in_root_by_walk(int root_fd, std::string_view path, int flags) {
  std::deque<std::string> todo;
  push_front_path_components(path, &todo);
  FdStack below;  // the directories entered below the root, innermost last
  auto current = [&] { return below.fds.empty() ? root_fd : below.fds.back(); };
  int hops = 0;
  while (!todo.empty()) {
    std::string name = std::move(todo.front());
    todo.pop_front();
    if (name == ".") continue;  // the directory reached (the one before it had to be one)
    if (name == "..") {
      if (!below.fds.empty()) {
        ::close(below.fds.back());
        below.fds.pop_back();
      }
      continue;
    }
    int fd = ::openat(current(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      int e = errno;
      ::close(fd);
      errno = e;
      return -1;
    }
    if (S_ISLNK(st.st_mode) && todo.empty() && (flags & O_NOFOLLOW)) {
      // The last component is a symlink and the caller asked not to follow it: as the
      // kernel does, an O_PATH open gives the link itself, any other open fails.
      if (flags & O_PATH) return fd;
      ::close(fd);
      errno = ELOOP;
      return -1;
    }
    if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = ++hops > RootFs::kMaxSymlinkHops ? -1 : ::readlinkat(fd, "", target, sizeof target);
      int e = hops > RootFs::kMaxSymlinkHops ? ELOOP : errno;
      ::close(fd);
      if (n < 0 || n == static_cast<ssize_t>(sizeof target)) {
        errno = n < 0 ? e : ENAMETOOLONG;
        return -1;
      }
      if (n == 0) {
        errno = ENOENT;
        return -1;
      }
      std::string_view link(target, static_cast<size_t>(n));
      if (link.front() == '/') below.clear();  // absolute: from the root, not the host's "/"
      push_front_path_components(link, &todo);
      continue;
    }
    if (!todo.empty()) {
      if (!S_ISDIR(st.st_mode)) {
        ::close(fd);
        errno = ENOTDIR;
        return -1;
      }
      below.fds.push_back(fd);
      continue;
    }
    // The last component, known not to be a symlink: open it for real from its
    // directory. O_NOFOLLOW again, so a symlink swapped in since fails (ELOOP).
    ::close(fd);
    return ::openat(current(), name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
  }
  // The path ended at a directory ("", ".", "x/.."): open that directory.
  return ::openat(current(), ".", flags | O_CLOEXEC);
}

// "a FIFO" for the kinds of file a collector must never open for reading.
const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symlink";
  return "not a regular file";
}

}  // namespace

void push_front_path_components(std::string_view path, std::deque<std::string>* todo) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(i, slash - i);
    if (!part.empty()) parts.emplace_back(part);
    i = slash + 1;
  }
  if (!parts.empty() && path.back() == '/') parts.emplace_back(".");  // "a/": a must be a directory
  todo->insert(todo->begin(), parts.begin(), parts.end());
}

RootFs::RootFs(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = "/";
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  is_host_ = root_ == "/";
  root_fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0) open_errno_ = errno;
  const char* force = std::getenv(kForceFallbackEnv);
  force_fallback_ = force && *force && std::strcmp(force, "0") != 0;
}

RootFs::~RootFs() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

bool RootFs::ok(std::string* error) const {
  if (root_fd_ >= 0) return true;
  if (error) *error = "cannot open root `" + root_ + "`: " + std::strerror(open_errno_);
  return false;
}

int RootFs::open_below(std::string_view path, int flags) const {
  if (root_fd_ < 0) {
    errno = open_errno_;
    return -1;
  }
  // A NUL ends a C path: openat2 would read "etc/os-release" for "etc/os-release\0x"
  // while the walk looks for a component named with the NUL. No file has such a name.
  if (path.find('\0') != std::string_view::npos) {
    errno = EINVAL;
    return -1;
  }
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
#ifdef SYS_openat2
  if (!force_fallback_ && !openat2_missing_) {
    std::string relative = path.empty() ? std::string(".") : std::string(path);
    struct open_how how;
    std::memset(&how, 0, sizeof how);
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    int fd = static_cast<int>(::syscall(SYS_openat2, root_fd_, relative.c_str(), &how, sizeof how));
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return fd;
    // ENOSYS: a kernel before 5.6, for good. EPERM: a seccomp filter (or a real EPERM,
    // which the walk below reports again), so asked again next time.
    if (errno == ENOSYS) openat2_missing_ = true;
  }
#endif
  return open_in_root_by_walk(root_fd_, path, flags);
}

int RootFs::open_directory_path(std::string_view path) const { return open_below(path, O_PATH | O_DIRECTORY); }

bool RootFs::read(std::string_view path, std::string* out, std::string* error, size_t max_bytes) const {
  auto fail = [&](const std::string& why) {
    if (error) *error = std::string(path) + ": " + why;
    return false;
  };
  // Look before opening: opening a FIFO with no writer blocks, a device may act on
  // open (a tape rewinds, a watchdog arms). O_PATH opens neither.
  struct stat seen;
  int probe = open_below(path, O_PATH);
  if (probe < 0) return fail(std::strerror(errno));
  int probe_errno = ::fstat(probe, &seen) == 0 ? 0 : errno;
  ::close(probe);
  if (probe_errno != 0) return fail(std::strerror(probe_errno));
  if (!S_ISREG(seen.st_mode)) return fail(std::string("not a regular file (") + kind_of(seen.st_mode) + ")");

  // O_NONBLOCK: should the path have become a FIFO since, the open still returns.
  int fd = open_below(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_ino != seen.st_ino || st.st_dev != seen.st_dev) {
    ::close(fd);
    return fail("changed while being opened; not read");
  }
  out->clear();
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return fail(std::strerror(e));
    }
    if (n == 0) break;
    if (out->size() + static_cast<size_t>(n) > max_bytes) {
      ::close(fd);
      return fail("larger than " + std::to_string(max_bytes) + " bytes");
    }
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

bool RootFs::exists(std::string_view path) const {
  int fd = open_below(path, O_PATH);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

bool RootFs::read_link(std::string_view dir, std::string_view name, std::string* target) const {
  if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") return false;
  int fd = open_below(dir, O_PATH | O_DIRECTORY);
  if (fd < 0) return false;
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(fd, std::string(name).c_str(), buf, sizeof buf);
  ::close(fd);
  if (n < 0 || static_cast<size_t>(n) >= sizeof buf) return false;
  target->assign(buf, static_cast<size_t>(n));
  return true;
}

int RootFs::lstat(std::string_view path, struct stat* st, std::string* link_target) const {
  int fd = open_below(path, O_PATH | O_NOFOLLOW);
  if (fd < 0) return errno;
  int result = ::fstat(fd, st) == 0 ? 0 : errno;
  if (result == 0 && link_target && S_ISLNK(st->st_mode)) {
    char target[PATH_MAX];
    ssize_t n = ::readlinkat(fd, "", target, sizeof target);
    if (n < 0) {
      result = errno;
    } else {
      link_target->assign(target, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return result;
}

bool RootFs::list(std::string_view path, std::vector<std::string>* names, std::string* error) const {
  // O_DIRECTORY refuses anything else before it is opened (ENOTDIR).
  int fd = open_below(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
  if (fd < 0) {
    if (error) *error = std::string(path) + ": " + std::strerror(errno);
    return false;
  }
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    if (error) *error = std::string(path) + ": " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  names->clear();
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    names->push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names->begin(), names->end());
  return true;
}

}  // namespace edict
