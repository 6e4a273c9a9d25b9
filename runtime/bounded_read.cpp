// See bounded_read.h. POSIX calls so a FIFO, device or stdin is handled by what it is
// (fstat), not by what its name suggests.
#include "runtime/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edict {

std::string size_text(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

bool read_whole_file(const std::string& path, size_t max_bytes, std::string* out, std::string* error,
                     bool* too_large) {
  if (too_large) *too_large = false;
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  auto finish = [&](bool ok, std::string why = {}, bool over = false) {
    if (fd != STDIN_FILENO) ::close(fd);
    if (!ok) *error = std::move(why);
    if (too_large) *too_large = over;
    return ok;
  };
  struct stat st;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) return finish(false, "is a directory");
    // Refuse before reading: a 100 MB export never reaches memory.
    if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max_bytes)
      return finish(false, "larger than " + size_text(max_bytes), true);
  }
  out->clear();
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return finish(false, std::strerror(errno));
    if (n == 0) break;
    // Pipes, devices and /proc files have no size up front: stop at the limit. (A
    // regular file that grew since fstat stops here too.)
    if (out->size() + static_cast<size_t>(n) > max_bytes) {
      out->clear();
      out->shrink_to_fit();
      return finish(false, "larger than " + size_text(max_bytes), true);
    }
    out->append(buf, static_cast<size_t>(n));
  }
  return finish(true);
}

}  // namespace edict
