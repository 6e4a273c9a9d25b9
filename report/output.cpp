// The one output writer (see output.h).
#include "report/output.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif

// Spellings edict.exe (MinGW-w64) lacks. Windows has no O_NOFOLLOW/O_NOCTTY to ask
// for, and O_BINARY keeps a report's newlines as written (POSIX has no text mode).
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif
#ifndef O_BINARY
#define O_BINARY 0
#endif

namespace edict::report {

namespace fs = std::filesystem;

namespace {

// The kernel follows at most 40 symlinks in one lookup (Linux MAXSYMLINKS); a chain
// it would refuse is refused here too, and a loop ends.
constexpr int kMaxSymlinkHops = 40;
// Attempts at a fresh temporary name before giving up (each collision is 1 in 2^36).
constexpr int kMaxTempNameAttempts = 100;

// ---- Temporaries the signal handler removes -------------------------------------
// Ctrl-C, `kill`/a CI timeout, a closed terminal: each would leave the temporaries.
#ifdef _WIN32
constexpr std::array<int, 2> kCleanupSignals = {SIGINT, SIGTERM};  // Windows has no SIGHUP
#else
constexpr std::array<int, 3> kCleanupSignals = {SIGINT, SIGTERM, SIGHUP};
#endif
// Fixed slots: the handler may only read plain memory and call unlink().
char g_temp_paths[kMaxOutputFiles][PATH_MAX];
volatile sig_atomic_t g_temp_live[kMaxOutputFiles];

extern "C" void remove_temporaries_and_die(int sig) {
  for (size_t i = 0; i < kMaxOutputFiles; ++i)
    if (g_temp_live[i]) ::unlink(g_temp_paths[i]);
  // Die of the same signal, so the parent sees what happened (a shell says 130/143).
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

#ifdef _WIN32
// Windows: no signal masks, and only the C runtime's signal(): the handler is installed
// for the batch and the old one put back (a console Ctrl-C or Ctrl-Break still cleans up).
class SignalsBlocked {
 public:
  SignalsBlocked() {}   // user-provided: a scope guard with nothing to guard here
  ~SignalsBlocked() {}
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;
};

class WriteSignals {
 public:
  WriteSignals() {
    for (size_t i = 0; i < kCleanupSignals.size(); ++i) {
      old_[i] = std::signal(kCleanupSignals[i], remove_temporaries_and_die);
      if (old_[i] == SIG_IGN) std::signal(kCleanupSignals[i], SIG_IGN);
    }
  }
  ~WriteSignals() {
    for (size_t i = 0; i < kCleanupSignals.size(); ++i) std::signal(kCleanupSignals[i], old_[i]);
  }
  WriteSignals(const WriteSignals&) = delete;
  WriteSignals& operator=(const WriteSignals&) = delete;

 private:
  void (*old_[kCleanupSignals.size()])(int);
};
#else
// Blocks kCleanupSignals for its lifetime: a temporary is created and registered
// (or renamed and unregistered) in one step the handler cannot split.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kCleanupSignals) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsBlocked() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t old_;
};

// While a batch is written: SIGINT/SIGTERM/SIGHUP remove its temporaries (unless the signal
// was ignored when Edict started, as `nohup` or `cmd &` arrange; that stays ignored),
// and SIGPIPE is ignored so a closed reader is an EPIPE error (E0801), not a silent
// death. Everything is restored afterwards.
class WriteSignals {
 public:
  WriteSignals() {
    struct sigaction cleanup {};
    cleanup.sa_handler = remove_temporaries_and_die;
    sigemptyset(&cleanup.sa_mask);
    for (size_t i = 0; i < kCleanupSignals.size(); ++i) {
      ::sigaction(kCleanupSignals[i], nullptr, &old_[i]);
      if (old_[i].sa_handler != SIG_IGN) ::sigaction(kCleanupSignals[i], &cleanup, nullptr);
    }
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &old_pipe_);
  }
  ~WriteSignals() {
    for (size_t i = 0; i < kCleanupSignals.size(); ++i) ::sigaction(kCleanupSignals[i], &old_[i], nullptr);
    ::sigaction(SIGPIPE, &old_pipe_, nullptr);
  }
  WriteSignals(const WriteSignals&) = delete;
  WriteSignals& operator=(const WriteSignals&) = delete;

 private:
  struct sigaction old_[kCleanupSignals.size()];
  struct sigaction old_pipe_;
};
#endif

void register_temporary(size_t slot, const std::string& path) {
  std::strncpy(g_temp_paths[slot], path.c_str(), PATH_MAX - 1);
  g_temp_paths[slot][PATH_MAX - 1] = '\0';
  std::atomic_signal_fence(std::memory_order_seq_cst);  // the path is whole before it is live
  g_temp_live[slot] = 1;
}

void unregister_temporary(size_t slot) { g_temp_live[slot] = 0; }

// ---- Where a path leads -----------------------------------------------------------

enum class Kind { kStdout, kStderr, kStream, kFile };

struct Target {
  const OutputFile* file = nullptr;
  Kind kind = Kind::kFile;
  std::string final_path;   // kFile: the regular file to create or replace; kStream: the path to open
  bool exists = false;      // kFile: final_path exists (its mode and owner are kept)
  struct stat existing {};  // kFile when exists
  std::string temp;         // kFile: the staged temporary
  size_t slot = 0;
};

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

bool is_fd(const struct stat& st, int fd) {
  struct stat fd_st;
  return ::fstat(fd, &fd_st) == 0 && same_file(st, fd_st);
}

// Follows `path` through symlinks to the name that is not one (it may not exist yet:
// a dangling link creates its target, as `>` does). False with `why` on a loop.
bool follow_symlinks(const std::string& path, std::string* out, std::string* why) {
#ifdef _WIN32
  // stat on Windows follows no links Edict could see; the path is the file.
  (void)why;
  *out = path;
  return true;
#else
  std::string current = path;
  for (int hop = 0; hop <= kMaxSymlinkHops; ++hop) {
    struct stat st;
    if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      *out = current;
      return true;
    }
    std::string target(PATH_MAX, '\0');
    ssize_t n = ::readlink(current.c_str(), target.data(), target.size());
    if (n < 0) {
      *why = std::strerror(errno);
      return false;
    }
    target.resize(static_cast<size_t>(n));
    fs::path next(target);
    current = next.is_absolute() ? next.string() : (fs::path(current).parent_path() / next).string();
  }
  *why = std::strerror(ELOOP);
  return false;
#endif
}

bool resolve(const OutputFile& file, Target* t, std::string* why) {
  t->file = &file;
  if (file.path.empty() || file.path == "-") {
    t->kind = Kind::kStdout;
    return true;
  }
  struct stat st;
  if (::stat(file.path.c_str(), &st) == 0) {
    if (is_fd(st, 1)) {
      t->kind = Kind::kStdout;
      return true;
    }
    if (is_fd(st, 2)) {
      t->kind = Kind::kStderr;
      return true;
    }
    if (S_ISDIR(st.st_mode)) {
      *why = "it is a directory";
      return false;
    }
    if (S_ISBLK(st.st_mode)) {
      // A report written over a disk would destroy what is on it: refused, never opened.
      *why = "it is a block device";
      return false;
    }
    if (!S_ISREG(st.st_mode)) {
      // A character device, FIFO or socket: opened through the path as given (links included, so
      // /dev/fd/N and /proc/self/fd/N reach the open file, not the text of the link).
      t->kind = Kind::kStream;
      t->final_path = file.path;
      return true;
    }
  } else if (errno != ENOENT) {
    *why = std::strerror(errno);
    return false;
  }
  t->kind = Kind::kFile;
  if (!follow_symlinks(file.path, &t->final_path, why)) return false;
  t->exists = ::stat(t->final_path.c_str(), &t->existing) == 0;
  return true;
}

// What makes two paths one destination: the inode when it exists, else the absolute
// name with its directory resolved (`./r.json`, `r.json` and `d/../r.json` agree).
std::string identity(const std::string& path) {
  OutputFile file{path, {}};
  Target t;
  std::string why;
  std::error_code ec;
  if (!resolve(file, &t, &why)) return "path:" + fs::absolute(path, ec).lexically_normal().string();
  if (t.kind == Kind::kStdout) return "stdout";
  if (t.kind == Kind::kStderr) return "stderr";
  struct stat st;
  if (::stat(t.kind == Kind::kFile ? t.final_path.c_str() : path.c_str(), &st) == 0)
    return "inode:" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  fs::path name(t.final_path);
  fs::path dir = fs::weakly_canonical(fs::absolute(name, ec).parent_path(), ec);
  return "path:" + (dir / name.filename()).lexically_normal().string();
}

// ---- Writing ----------------------------------------------------------------------

std::string random_suffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out;
  for (int i = 0; i < 6; ++i) out += kChars[rng() % (sizeof kChars - 1)];
  return out;
}

// Creates the temporary beside final_path and registers it for the signal handler.
// Mode 0666 so the umask applies, as it does to `>`; an existing file's mode replaces it.
int create_temporary(Target* t, int* error) {
  fs::path final_path(t->final_path);
  fs::path dir = final_path.parent_path();
  for (int attempt = 0; attempt < kMaxTempNameAttempts; ++attempt) {
    std::string name = (dir / ("." + final_path.filename().string() + ".tmp-" + random_suffix())).string();
    if (name.size() >= PATH_MAX) {
      *error = ENAMETOOLONG;
      return -1;
    }
    SignalsBlocked blocked;
    // A secret is 0600 from its first byte: no moment where the umask left it readable.
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_BINARY,
                    t->file->private_file ? 0600 : 0666);
    if (fd >= 0) {
      t->temp = name;
      register_temporary(t->slot, name);
      return fd;
    }
    if (errno != EEXIST) {
      *error = errno;
      return -1;
    }
  }
  *error = EEXIST;
  return -1;
}

// Renames `from` over `to` in one step. Windows' rename() refuses an existing target;
// MoveFileEx replaces it.
int replace_file(const std::string& from, const std::string& to) {
#ifdef _WIN32
  if (::MoveFileExA(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) return 0;
  errno = ::GetLastError() == ERROR_ACCESS_DENIED ? EACCES : EIO;
  return -1;
#else
  return ::rename(from.c_str(), to.c_str());
#endif
}

void remove_temporary(Target* t) {
  if (t->temp.empty()) return;
  SignalsBlocked blocked;
  ::unlink(t->temp.c_str());
  unregister_temporary(t->slot);
  t->temp.clear();
}

bool stage(Target* t, int* error) {
  int fd = create_temporary(t, error);
  if (fd < 0) return false;
  bool ok = write_all(fd, t->file->contents, error);
  if (ok && t->exists) {
    // Owner first: chown may clear set-id bits that the chmod then puts back. Only root
    // may give a file away, so a failed chown keeps the writer as owner.
#ifndef _WIN32  // Windows files have no POSIX owner to keep
    [[maybe_unused]] int owner = ::fchown(fd, t->existing.st_uid, t->existing.st_gid);
#endif
    [[maybe_unused]] int mode = ::fchmod(fd, t->file->private_file ? 0600 : t->existing.st_mode & 07777);
  }
  if (ok && ::fsync(fd) != 0) {
    *error = errno;
    ok = false;
  }
  if (::close(fd) != 0 && ok) {
    *error = errno;
    ok = false;
  }
  if (!ok) remove_temporary(t);
  return ok;
}

bool write_stream(const Target& t, int* error) {
  if (t.kind == Kind::kStdout || t.kind == Kind::kStderr) {
    int fd = t.kind == Kind::kStdout ? 1 : 2;
    std::fflush(t.kind == Kind::kStdout ? stdout : stderr);
    return write_all(fd, t.file->contents, error);
  }
  // No O_TRUNC or O_CREAT: the device or FIFO is written, never made or emptied.
  int fd = ::open(t.final_path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_BINARY);
  if (fd < 0) {
    *error = errno;
    return false;
  }
  bool ok = write_all(fd, t.file->contents, error);
  if (::close(fd) != 0 && ok) {
    *error = errno;
    ok = false;
  }
  return ok;
}

std::string help_for(int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR: return "check that the directory exists";
    case EACCES:
    case EPERM:
    case EROFS: return "check that the directory is writable";
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
      return "free some space, or write the output elsewhere";
    case EPIPE: return "the reader closed its end before the output was written";
    default: return {};
  }
}

std::string display(const OutputFile& file) { return file.path.empty() || file.path == "-" ? "standard output" : "`" + file.path + "`"; }

}  // namespace

bool is_standard_output(const std::string& path) {
  OutputFile file{path, {}};
  Target t;
  std::string why;
  return resolve(file, &t, &why) && t.kind == Kind::kStdout;
}

bool check_output_paths(const std::vector<std::string>& paths, const std::string& what, DiagnosticSink& sink) {
  bool ok = true;
  size_t files = 0;  // stdout needs no temporary, so no slot
  for (const auto& path : paths) files += is_standard_output(path) ? 0 : 1;
  if (files > kMaxOutputFiles) {
    sink.report(Diagnostic::error("E0811", Span{},
                                  what + " is given " + std::to_string(files) + " times, more than " +
                                      std::to_string(kMaxOutputFiles),
                                  "write each format once; copy the files afterwards if more are needed"));
    ok = false;
  }
  std::vector<std::pair<std::string, std::string>> seen;  // identity, path as given
  for (const auto& path : paths) {
    std::string id = identity(path);
    bool duplicate = false;
    for (const auto& [other_id, other_path] : seen) {
      if (other_id != id) continue;
      std::string as = other_path == path ? "twice" : "twice (as `" + other_path + "` and `" + path + "`)";
      std::string name = path.empty() || path == "-" ? "standard output" : "`" + path + "`";
      sink.report(Diagnostic::error("E0810", Span{}, what + " names " + name + " " + as,
                                    "give each output its own path: one would overwrite the other"));
      duplicate = true;
      ok = false;
      break;
    }
    if (!duplicate) seen.push_back({id, path});
  }
  return ok;
}

bool write_outputs(const std::vector<OutputFile>& files, DiagnosticSink& sink, const char* code) {
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  if (!check_output_paths(paths, "the output", sink)) return false;

  size_t written = 0;  // streams written and files renamed before a failure
  auto fail = [&](const OutputFile& file, const std::string& why, const std::string& help) {
    std::string all_help = help;
    if (files.size() > 1)
      all_help += std::string(all_help.empty() ? "" : "; ") +
                  (written == 0 ? "no output was written: each is written whole, or none is"
                                : "the outputs before it were written; the others were not");
    sink.report(Diagnostic::error(code, Span{}, "cannot write " + display(file) + ": " + why, all_help));
    return false;
  };

  std::vector<Target> targets(files.size());
  size_t slots = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string why;
    if (!resolve(files[i], &targets[i], &why)) return fail(files[i], why, {});
    if (files[i].private_file && targets[i].kind != Kind::kFile)
      return fail(files[i], "a private key is written to a regular file only", "name a file, e.g. edict.key");
    // check_output_paths counted these: at most kMaxOutputFiles. Recheck, as the file
    // system may have changed since (a path that was stdout no longer is).
    if (targets[i].kind == Kind::kFile && slots == kMaxOutputFiles)
      return fail(files[i], "more than " + std::to_string(kMaxOutputFiles) + " files in one batch", {});
    if (targets[i].kind == Kind::kFile) targets[i].slot = slots++;
  }

  WriteSignals signals;
  auto abandon = [&] {
    for (auto& t : targets) remove_temporary(&t);
    return false;
  };
  // 1. Every regular file to its temporary.
  for (auto& t : targets) {
    if (t.kind != Kind::kFile) continue;
    int error = 0;
    if (!stage(&t, &error)) {
      abandon();
      return fail(*t.file, std::strerror(error), help_for(error));
    }
  }
  // 2. Streams, stdout last: once stdout says "exit 1", nothing else may fail but a rename.
  for (Kind kind : {Kind::kStream, Kind::kStderr, Kind::kStdout}) {
    for (auto& t : targets) {
      if (t.kind != kind) continue;
      int error = 0;
      if (!write_stream(t, &error)) {
        abandon();
        return fail(*t.file, std::strerror(error), help_for(error));
      }
      ++written;
    }
  }
  // 3. The renames: each replaces its target in one step.
  for (auto& t : targets) {
    if (t.kind != Kind::kFile) continue;
    SignalsBlocked blocked;
    if (replace_file(t.temp, t.final_path) != 0) {
      int error = errno;
      abandon();
      return fail(*t.file, std::strerror(error), help_for(error));
    }
    unregister_temporary(t.slot);
    t.temp.clear();
    ++written;
  }
  return true;
}

bool write_file_atomic(const std::string& path, const std::string& contents, DiagnosticSink& sink) {
  return write_outputs({OutputFile{path, contents}}, sink);
}

bool write_all(int fd, const std::string& contents, int* error) {
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno;
      return false;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace edict::report
