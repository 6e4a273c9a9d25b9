// File access below a root directory (see root_fs.h).
#include "runtime/collectors/root_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace edict {

RootFs::RootFs(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = "/";
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  is_host_ = root_ == "/";
  root_fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0) open_errno_ = errno;
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
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string relative = path.empty() ? std::string(".") : std::string(path);
#ifdef SYS_openat2
  struct open_how how;
  std::memset(&how, 0, sizeof how);
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  if (is_host_) how.resolve = RESOLVE_NO_MAGICLINKS;  // /proc/self links are fine on the host
  int fd = static_cast<int>(::syscall(SYS_openat2, root_fd_, relative.c_str(), &how, sizeof how));
  if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return fd;
#endif
  // Kernels before 5.6 (or a seccomp filter): plain lookup, absolute links escape.
  return ::openat(root_fd_, relative.c_str(), flags | O_CLOEXEC);
}

bool RootFs::read(std::string_view path, std::string* out, std::string* error, size_t max_bytes) const {
  int fd = open_below(path, O_RDONLY);
  if (fd < 0) {
    if (error) *error = std::string(path) + ": " + std::strerror(errno);
    return false;
  }
  out->clear();
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (error) *error = std::string(path) + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    if (out->size() + static_cast<size_t>(n) > max_bytes) {
      if (error) *error = std::string(path) + ": larger than " + std::to_string(max_bytes) + " bytes";
      ::close(fd);
      return false;
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

bool RootFs::list(std::string_view path, std::vector<std::string>* names, std::string* error) const {
  int fd = open_below(path, O_RDONLY | O_DIRECTORY);
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
