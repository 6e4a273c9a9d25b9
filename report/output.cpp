// Atomic output files (see output.h).
#include "report/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace edict::report {

bool write_file_atomic(const std::string& path, const std::string& contents, DiagnosticSink& sink) {
  namespace fs = std::filesystem;
  auto fail = [&](const std::string& why) {
    Diagnostic d = Diagnostic::error("E0801", Span{}, "cannot write `" + path + "`: " + why,
                                     "check that the directory exists and is writable");
    sink.report(std::move(d));
    return false;
  };
  fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) return fail("it is a directory");
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return fail(std::strerror(errno));
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return fail(why);
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  // mkstemp creates 0600; a report is not a secret, give it the usual mode.
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return fail(why);
  }
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return fail(why);
  }
  return true;
}

}  // namespace edict::report
