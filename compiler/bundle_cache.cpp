// The bundle cache (bundle_cache.h): the key, and the directory and entries handled by
// file descriptor (openat, O_NOFOLLOW) so that no path component after the directory
// check can be swapped for a symlink.
#include "compiler/bundle_cache.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "compiler/policy_files.h"
#include "runtime/bounded_read.h"
#include "runtime/bundle.h"
#include "stdlib/embedded.h"

#ifndef _WIN32
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#endif

namespace edict::compiler {

namespace {

#ifndef _WIN32
// The cache's bounds. One entry per set of policy paths checked with the same edict and
// stdlib: a host or a CI job checks a handful, so 64 keep every set in real use while a
// loop over many ad-hoc policy sets (or a long series of edits) cannot grow the directory
// without end. The byte bound is for large policy sets: four bundles of the largest size
// a bundle may have (kMaxBundleBytes), thousands of times the shipped policies/' bundle.
constexpr size_t kMaxCacheEntries = 64;
constexpr uint64_t kMaxCacheBytes = uint64_t{4} * kMaxBundleBytes;
// A temporary older than this belongs to a run that died before its rename (a write
// takes milliseconds); a younger one may be another run's write in progress.
constexpr time_t kStaleTempSeconds = 3600;
// The key's length in hex digits (KeyHash::hex: 128 bits).
constexpr size_t kKeyHexDigits = 32;
#endif

// Two independent 64-bit hashes over length-prefixed fields: 128 bits, so two different
// sets of inputs do not meet by accident (the key is not a defence against someone who
// can write the directory; the ownership checks are).
class KeyHash {
 public:
  void field(std::string_view s) {
    number(s.size());
    for (unsigned char c : s) byte(c);
  }
  void number(uint64_t v) {
    for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  std::string hex() const {
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a_),
                  static_cast<unsigned long long>(b_));
    return out;
  }

 private:
  void byte(unsigned char c) {
    a_ = (a_ ^ c) * 0x100000001b3ull;  // FNV-1a 64
    b_ = ((b_ ^ c) * 0x9E3779B97F4A7C15ull);
    b_ ^= b_ >> 29;
  }
  uint64_t a_ = 0xcbf29ce484222325ull;
  uint64_t b_ = 0x6a09e667f3bcc909ull;
};

#ifndef _WIN32  // edict.exe keeps no cache (the key and the directory checks are POSIX)

// Every .edict file under a --stdlib directory, sorted; false when one cannot be read.
bool hash_stdlib_dir(const std::string& dir, size_t max_bytes, KeyHash& h) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".edict" && it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  if (ec) return false;
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    std::string text, error;
    if (!read_whole_file(f, max_bytes, &text, &error)) return false;
    h.field(f);
    h.field(text);
  }
  return true;
}

// The directory, opened, if it is ours and closed to others; -1 otherwise.
int open_cache_dir(const std::string& dir) {
  if (dir.empty()) return -1;
  // The XDG base (or ~/.cache) and edict's own directory, private as XDG asks.
  std::string parent = std::filesystem::path(dir).parent_path().string();
  if (!parent.empty()) ::mkdir(parent.c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 022) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// An entry's name: the 32 hex digits of its key and ".edictc" (what compile_paths_cached
// writes). Nothing else in the directory is ever removed.
bool is_entry_name(std::string_view name) {
  constexpr std::string_view kSuffix = ".edictc";
  if (name.size() != kKeyHexDigits + kSuffix.size() || name.substr(kKeyHexDigits) != kSuffix) return false;
  return std::all_of(name.begin(), name.begin() + kKeyHexDigits,
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A temporary of write_entry: "." + entry name + ".tmp." + pid + "." + serial.
bool is_temp_name(std::string_view name) {
  constexpr std::string_view kTmp = ".tmp.";
  if (name.empty() || name[0] != '.') return false;
  name.remove_prefix(1);
  size_t entry_end = kKeyHexDigits + std::string_view(".edictc").size();
  if (name.size() <= entry_end + kTmp.size() || !is_entry_name(name.substr(0, entry_end)) ||
      name.substr(entry_end, kTmp.size()) != kTmp) {
    return false;
  }
  std::string_view rest = name.substr(entry_end + kTmp.size());
  size_t dot = rest.find('.');
  auto digits = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return dot != std::string_view::npos && digits(rest.substr(0, dot)) && digits(rest.substr(dot + 1));
}

// Bounds the directory after a write: our entries (regular files of ours with an entry
// name; a symlink, a directory, another user's file or any other name is left alone),
// newest modification time first (a hit touches it: least recently used goes first),
// are kept while they fit kMaxCacheEntries and kMaxCacheBytes; the rest are removed.
// `written` (the entry this run stored) is always kept. Temporaries of ours older than
// kStaleTempSeconds (a run killed between write and rename) are removed too. Another
// run evicting at the same time is harmless: a missing file is skipped, a reader keeps
// the file it opened, and a removed entry is compiled again when next needed.
void evict(int dir, const std::string& written) {
  int fd = ::dup(dir);
  if (fd < 0) return;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return;
  }
  struct Entry {
    std::string name;
    struct timespec mtime;
    uint64_t bytes;
  };
  std::vector<Entry> entries;
  const time_t now = std::time(nullptr);
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    bool entry = is_entry_name(name);
    if (!entry && !is_temp_name(name)) continue;
    struct stat st;
    if (::fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != ::geteuid()) {
      continue;
    }
    if (!entry) {
      if (now - st.st_mtim.tv_sec > kStaleTempSeconds) ::unlinkat(dir, e->d_name, 0);
      continue;
    }
    entries.push_back({std::string(name), st.st_mtim, static_cast<uint64_t>(st.st_size)});
  }
  ::closedir(d);
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if ((a.name == written) != (b.name == written)) return a.name == written;
    if (a.mtime.tv_sec != b.mtime.tv_sec) return a.mtime.tv_sec > b.mtime.tv_sec;
    if (a.mtime.tv_nsec != b.mtime.tv_nsec) return a.mtime.tv_nsec > b.mtime.tv_nsec;
    return a.name < b.name;
  });
  size_t kept = 0;
  uint64_t bytes = 0;
  for (const Entry& e : entries) {
    bool fits = kept < kMaxCacheEntries && bytes + e.bytes <= kMaxCacheBytes;
    if (fits || e.name == written) {
      ++kept;
      bytes += e.bytes;
    } else {
      ::unlinkat(dir, e.name.c_str(), 0);
    }
  }
}

// The bytes of entry `name`, if it is a regular file of ours, closed to others, within
// the bundle size limit. Its modification time is set to now: the eviction order is
// least recently used, not least recently written.
std::optional<std::string> read_entry(int dir, const std::string& name) {
  int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st;
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 022) == 0 &&
      static_cast<uint64_t>(st.st_size) <= kMaxBundleBytes) {
    std::string bytes(static_cast<size_t>(st.st_size), '\0');
    size_t got = 0;
    while (got < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got == bytes.size()) {
      out = std::move(bytes);
      ::futimens(fd, nullptr);  // best effort: a failure only makes it look older
    }
  }
  ::close(fd);
  return out;
}

// Writes entry `name` whole: a temporary of ours beside it, then rename. Failures are
// silent (the next run compiles again).
void write_entry(int dir, const std::string& name, const std::string& bytes) {
  static int serial = 0;
  std::string temp = "." + name + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(serial++);
  int fd = ::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == bytes.size();
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::renameat(dir, temp.c_str(), dir, name.c_str()) != 0) ::unlinkat(dir, temp.c_str(), 0);
}

// What identifies the running executable: a rebuild or reinstall changes it.
bool hash_executable(KeyHash& h) {
  struct stat st;
  if (::stat("/proc/self/exe", &st) != 0) return false;
  h.number(static_cast<uint64_t>(st.st_dev));
  h.number(static_cast<uint64_t>(st.st_ino));
  h.number(static_cast<uint64_t>(st.st_size));
  h.number(static_cast<uint64_t>(st.st_mtim.tv_sec));
  h.number(static_cast<uint64_t>(st.st_mtim.tv_nsec));
  return true;
}

#endif  // _WIN32

}  // namespace

std::string bundle_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && xdg[0] == '/') return std::string(xdg) + "/edict";  // XDG: a relative path is invalid, ignore it
  const char* home = std::getenv("HOME");
  if (home && home[0] == '/') return std::string(home) + "/.cache/edict";
  return {};
}

bool bundle_cache_disabled_by_environment() {
  const char* v = std::getenv("EDICT_NO_CACHE");
  return v && *v && std::string_view(v) != "0";
}

namespace {

// The key, from the policy files' texts (read once: the compile uses the same texts, so
// a FIFO is not read twice and a file edited meanwhile cannot be stored under the key
// of its old text). nullopt when an input cannot be read or is stdin.
std::optional<std::string> key_of(const std::vector<std::string>& paths, const CompileOptions& options,
                                  const std::string& tool_version,
                                  std::vector<std::pair<std::string, std::string>>* texts) {
#ifdef _WIN32
  (void)paths, (void)options, (void)tool_version, (void)texts;
  return std::nullopt;
#else
  KeyHash h;
  h.field("edict bundle cache 1");
  h.field(tool_version);
  h.number(kBundleFormatVersion);
  h.number(kInstructionSetHash);
  if (!hash_executable(h)) return std::nullopt;
  // The policy files, as compile_paths finds them; any trouble is its to report.
  DiagnosticSink quiet;
  std::vector<std::string> files;
  for (const std::string& p : paths) find_policy_files(p, &files, quiet);
  if (quiet.has_errors() || files.empty()) return std::nullopt;
  h.number(files.size());
  for (const std::string& f : files) {
    std::string text, error;
    if (f == "-" || !read_whole_file(f, options.parse_limits.max_source_bytes, &text, &error)) return std::nullopt;
    h.field(f);
    h.field(text);
    texts->emplace_back(f, std::move(text));
  }
  if (options.stdlib_dir) {
    h.field("stdlib dir");
    if (!hash_stdlib_dir(*options.stdlib_dir, options.parse_limits.max_source_bytes, h)) return std::nullopt;
  } else {
    h.field("embedded stdlib");
    for (const EmbeddedModule& m : embedded_stdlib()) {
      h.field(m.name);
      h.field(m.path);
      h.field(m.source);
    }
  }
  const FactSchema& schema = options.schema ? *options.schema : FactSchema::core();
  h.number(schema.all().size());
  for (const auto& [path, decl] : schema.all()) {
    h.field(path);
    h.field(decl.type ? type_to_string(*decl.type) : "any");
    h.field(decl.provider);
  }
  const syntax::ParseLimits& l = options.parse_limits;
  for (uint64_t v : {uint64_t{l.max_source_bytes}, uint64_t{l.max_tokens}, uint64_t{l.max_nesting},
                     uint64_t{l.max_expression_depth}, uint64_t{l.max_prediction_states},
                     uint64_t{options.fold_constants}}) {
    h.number(v);
  }
  return h.hex();
#endif
}

}  // namespace

std::optional<std::string> bundle_cache_key(const std::vector<std::string>& paths, const CompileOptions& options,
                                            const std::string& tool_version) {
  std::vector<std::pair<std::string, std::string>> texts;
  return key_of(paths, options, tool_version, &texts);
}

std::optional<Program> compile_paths_cached(const std::vector<std::string>& paths, const CompileOptions& options,
                                            const BundleCacheOptions& cache, SourceManager& sources,
                                            DiagnosticSink& sink) {
#ifndef _WIN32
  std::vector<std::pair<std::string, std::string>> texts;
  std::optional<std::string> key;
  if (cache.enabled) key = key_of(paths, options, cache.tool_version, &texts);
  if (key) {
    // From here on the policies are compiled from the texts the key was made of.
    int dir = open_cache_dir(cache.dir.empty() ? bundle_cache_dir() : cache.dir);
    const std::string name = *key + ".edictc";
    if (dir >= 0) {
      if (auto bytes = read_entry(dir, name)) {
        DiagnosticSink quiet;  // a bad entry is not the user's error: it is rebuilt
        if (auto program = load_bundle(*bytes, name, quiet)) {
          ::close(dir);
          return program;
        }
      }
    }
    size_t before = sink.diagnostics().size();
    auto program = compile_sources(texts, options, sources, sink);
    std::string bytes;
    if (dir >= 0 && program && sink.diagnostics().size() == before && save_bundle(*program, &bytes)) {
      write_entry(dir, name, bytes);
      evict(dir, name);
    }
    if (dir >= 0) ::close(dir);
    return program;
  }
#else
  (void)cache;
#endif
  return compile_paths(paths, options, sources, sink);
}

}  // namespace edict::compiler
