// A directory tree built at test time, for the kinds of files git cannot hold: FIFOs,
// sockets, device nodes, symlinks out of the tree, and owners and modes. Removed when
// the test ends. Shared by tests/facts and tests/hardening.
#pragma once

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace edict::testing {

// A directory whose whole path from "/" only root (or this user) can write, for
// facts.d trees, which edict refuses below /tmp (world-writable, sticky or not):
// /run when we may create there (root, as CI runs), else $HOME. Checked here with a
// plain stat of each component, independently of the code under test; "" when none
// qualifies (the caller fails, it does not skip).
inline std::string trusted_base_dir() {
  auto trusted_chain = [](const std::string& dir) {
    for (size_t i = 0; i <= dir.size(); ++i) {
      if (i < dir.size() && dir[i] != '/') continue;
      std::string prefix = i == 0 ? "/" : dir.substr(0, i);
      struct stat st;
      if (::lstat(prefix.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
      if ((st.st_mode & (S_IWGRP | S_IWOTH)) || (st.st_uid != 0 && st.st_uid != ::geteuid())) return false;
    }
    return true;
  };
  std::string candidates[] = {"/run", std::getenv("HOME") ? std::getenv("HOME") : ""};
  for (const std::string& dir : candidates) {
    if (!dir.empty() && dir.front() == '/' && ::access(dir.c_str(), W_OK) == 0 && trusted_chain(dir)) return dir;
  }
  return "";
}

class TempTree {
 public:
  // Below `base` (the system's temporary directory by default).
  explicit TempTree(const std::string& name, std::string base = "") {
    if (base.empty()) base = std::filesystem::temp_directory_path().string();
    std::string tmpl = base + "/edict-" + name + "-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp " + tmpl + ": " + std::strerror(errno));
    path_ = tmpl;
    ::chmod(path_.c_str(), 0755);
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::string& path() const { return path_; }
  std::string at(const std::string& rel) const { return path_ + "/" + rel; }

  std::string write(const std::string& rel, const std::string& text, mode_t mode = 0644) const {
    parents(rel);
    std::ofstream(at(rel), std::ios::binary) << text;
    ::chmod(at(rel).c_str(), mode);
    return at(rel);
  }
  std::string dir(const std::string& rel, mode_t mode = 0755) const {
    std::filesystem::create_directories(at(rel));
    ::chmod(at(rel).c_str(), mode);
    return at(rel);
  }
  void symlink(const std::string& rel, const std::string& target) const {
    parents(rel);
    if (::symlink(target.c_str(), at(rel).c_str()) != 0) fail("symlink", rel);
  }
  void fifo(const std::string& rel) const {
    parents(rel);
    if (::mkfifo(at(rel).c_str(), 0644) != 0) fail("mkfifo", rel);
  }
  // A listening-capable unix socket bound at `rel`; the descriptor is closed, the
  // socket file stays (as a dead daemon's would).
  void socket(const std::string& rel) const {
    parents(rel);
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string p = at(rel);
    if (p.size() >= sizeof addr.sun_path) fail("socket path too long", rel);
    std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
    int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::close(fd);
    if (rc != 0) fail("bind", rel);
  }
  // /dev/zero's node (char 1:5) at `rel`: reading it never ends. Needs CAP_MKNOD
  // (tests run as root); false when the system refuses.
  bool zero_device(const std::string& rel) const {
    parents(rel);
    return ::mknod(at(rel).c_str(), S_IFCHR | 0644, makedev(1, 5)) == 0;
  }

 private:
  void parents(const std::string& rel) const {
    std::filesystem::create_directories(std::filesystem::path(at(rel)).parent_path());
  }
  [[noreturn]] void fail(const std::string& what, const std::string& rel) const {
    throw std::runtime_error(what + " " + at(rel) + ": " + std::strerror(errno));
  }
  std::string path_;
};

}  // namespace edict::testing
