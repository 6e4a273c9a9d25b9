// Reading an rpmdb with librpm (Debian's librpm-dev, rpm 4.18): sqlite and, read
// only, Berkeley DB. Compiled into every Linux build; the librpm part only when
// EDICT_WITH_RPM found it (Debian ships no static librpm: the static binary has none).
//
// librpm keeps global state (the macro context, the log, the configuration), so one
// mutex serializes every use, and the configuration is read once, from librpm's own
// directory only (not the host's /etc/rpm or ~/.rpmmacros). The dbpath and backend
// are pushed as macros for each read and popped after, so nothing of the host's
// configuration (Debian's %_dbpath is ~/.rpmdb) decides which database is read.
#include "collectors/rpmdb.h"

#ifdef EDICT_HAVE_RPM
#include <fcntl.h>
#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmts.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#endif

namespace edict::collectors {

#ifdef EDICT_HAVE_RPM
namespace {

std::mutex& librpm_mutex() {
  static std::mutex m;
  return m;
}

// librpm's messages of one read: the first error becomes the unknown's reason, and
// none is printed on edict's stderr.
struct LogCapture {
  std::string first_error;
};

int capture_log(rpmlogRec rec, rpmlogCallbackData data) {
  auto* capture = static_cast<LogCapture*>(data);
  if (rpmlogRecPriority(rec) <= RPMLOG_ERR && capture->first_error.empty()) {
    std::string message = rpmlogRecMessage(rec);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    capture->first_error = message.empty() ? "librpm reported an error" : message;
  }
  return 0;  // not RPMLOG_DEFAULT: nothing printed, and never RPMLOG_EXIT
}

// Once per process: librpm's own rpmrc and macros file, nothing else.
bool read_config(std::string* error) {
  static std::once_flag once;
  static bool ok = false;
  static std::string failure;
  std::call_once(once, [] {
    static std::string macros = std::string(rpmConfigDir()) + "/macros";
    std::string rpmrc = std::string(rpmConfigDir()) + "/rpmrc";
    macrofiles = macros.c_str();
    ok = rpmReadConfigFiles(rpmrc.c_str(), nullptr) == 0;
    if (!ok) failure = "librpm could not read its configuration (" + rpmrc + ")";
  });
  if (!ok) *error = failure;
  return ok;
}

// Pushes a macro for one read and pops it when the read ends.
class ScopedMacro {
 public:
  ScopedMacro(const char* name, const std::string& body) : name_(name) {
    rpmPushMacro(nullptr, name, nullptr, body.c_str(), RMIL_CMDLINE);
  }
  ~ScopedMacro() { rpmPopMacro(nullptr, name_); }
  ScopedMacro(const ScopedMacro&) = delete;
  ScopedMacro& operator=(const ScopedMacro&) = delete;

 private:
  const char* name_;
};

bool read_with_librpm(const RootFs& fs, const RpmdbLocation& where, std::vector<RpmPackage>* out,
                      std::string* error) {
  if (where.backend == "ndb") {
    *error = "an ndb rpmdb (SUSE), which Debian's librpm 4.18 cannot read (its backends: sqlite, bdb_ro)";
    return false;
  }
  // The directory resolved inside the root, named through /proc/self/fd so librpm
  // does not follow the root's symlinks on the host (an absolute /var/lib/rpm link
  // would otherwise read the host's own database).
  int dir_fd = fs.open_directory_path(where.dir);
  if (dir_fd < 0) {
    *error = std::string("cannot open the directory: ") + std::strerror(errno);
    return false;
  }
  struct stat st;
  int file_errno = ::fstatat(dir_fd, where.file.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
  if (file_errno == 0 && !S_ISREG(st.st_mode)) {
    ::close(dir_fd);
    *error = "not a regular file (librpm would follow it out of the root)";
    return false;
  }
  if (file_errno != 0) {
    ::close(dir_fd);
    *error = std::strerror(file_errno);
    return false;
  }
  std::string dbpath = "/proc/self/fd/" + std::to_string(dir_fd);

  std::lock_guard<std::mutex> lock(librpm_mutex());
  bool ok = read_config(error);
  if (ok) {
    LogCapture capture;
    rpmlogCallbackData old_data = nullptr;
    rpmlogCallback old = rpmlogSetCallback(capture_log, &capture);
    {
      ScopedMacro path("_dbpath", dbpath);
      ScopedMacro backend("_db_backend", where.backend);
      rpmts ts = rpmtsCreate();
      rpmtsSetRootDir(ts, "/");
      // Signatures need the keyring; header digests are still checked on each read.
      rpmtsSetVSFlags(ts, RPMVSF_MASK_NOSIGNATURES);
      if (rpmtsOpenDB(ts, O_RDONLY) != 0) {
        ok = false;
      } else {
        rpmdbMatchIterator mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, nullptr, 0);
        if (mi == nullptr) ok = false;
        Header h;
        while (ok && (h = rpmdbNextIterator(mi)) != nullptr) {
          const char* name = headerGetString(h, RPMTAG_NAME);
          char* evr = headerGetAsString(h, RPMTAG_EVR);
          const char* arch = headerGetString(h, RPMTAG_ARCH);
          if (name != nullptr && evr != nullptr) {
            out->push_back(RpmPackage{name, evr, arch ? arch : ""});
          } else {
            capture.first_error = "a package header without a name or version";
          }
          std::free(evr);
        }
        rpmdbFreeIterator(mi);
      }
      rpmtsFree(ts);
    }
    rpmlogSetCallback(old, old_data);
    // librpm skips a damaged header with an error message: that is a failure here,
    // not a shorter list.
    if (!capture.first_error.empty()) ok = false;
    if (!ok) *error = capture.first_error.empty() ? "librpm could not open the database" : capture.first_error;
  }
  ::close(dir_fd);
  if (!ok) out->clear();
  return ok;
}

}  // namespace

RpmdbReader librpm_reader() { return &read_with_librpm; }
#else
RpmdbReader librpm_reader() { return nullptr; }
#endif

}  // namespace edict::collectors
