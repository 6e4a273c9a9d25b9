// fuzz_rootfs: `--root` trees. The input describes a small directory tree, one entry a
// line; the target builds it under a fresh root and runs every built-in Linux collector
// over it, as `edict check --root` would, then reads each named path through RootFs
// with openat2 and with the fallback walk forced. Beside the root lies a directory of
// canary files at the paths the collectors read (etc/os-release, var/lib/dpkg/status,
// ...), which symlinks in the tree may point at (`../outside/...`, or the token @OUT@
// for its absolute path).
//
// Invariants (each a finding when broken):
// - nothing outside the root is read: no collected fact and no RootFs read holds the
//   canary text;
// - nothing blocks: a FIFO, wherever it sits, is never opened for reading (a hang is a
//   libFuzzer timeout);
// - openat2(RESOLVE_IN_ROOT) and the fallback walk agree on every path: the same
//   content, or both refuse;
// - nothing crashes (ASan/UBSan).
//
// Input, one entry a line (see fuzz/corpus/fuzz_rootfs/ and fuzz/dict/rootfs.dict):
//   f PATH TEXT     a regular file; `\n` in TEXT is a newline, `\t` a tab
//   d PATH          a directory
//   l PATH TARGET   a symlink (TARGET as written; @OUT@ and @ROOT@ expand to the
//                   absolute paths of the canary directory and of the root)
//   p PATH          a FIFO
// An input whose first byte is `!` runs the collectors with the fallback walk forced.
// PATH is split on `/`; empty, `.` and `..` parts are dropped, so entries are always
// created inside the root (parents are made as directories, never through a symlink).
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "collectors/registry.h"
#include "collectors/root_fs.h"
#include "runtime/facts/builder.h"

using namespace edict;

namespace {

// Small trees reach every shape (loops, chains, FIFOs behind links) and keep an
// iteration in the low milliseconds: the collectors run six times per input.
constexpr size_t kMaxEntries = 64;
constexpr size_t kMaxDepth = 8;
constexpr size_t kMaxFileBytes = 64 << 10;
// Written into every canary file, so any read that escaped the root shows in the facts.
constexpr std::string_view kCanary = "qzcanaryqz";

// The paths the Linux collectors read (collectors/*.cpp), as canaries.
const char* const kCanaryFiles[] = {
    "etc/os-release",         "usr/lib/os-release",  "etc/hostname",    "etc/machine-id",
    "var/lib/dbus/machine-id", "var/lib/dpkg/status", "etc/environment", "etc/apt/apt.conf",
    "proc/sys/kernel/hostname", "proc/sys/kernel/osrelease", "proc/sys/kernel/arch",
    "proc/sys/net/ipv4/ip_forward", "proc/net/route", "proc/net/ipv6_route", "proc/modules",
    "etc/modprobe.d/x.conf",  "sys/class/net/eth0/operstate", "sys/class/net/eth0/address",
};

std::string canary_text(std::string_view path) {
  std::string c(kCanary);
  if (path == "var/lib/dpkg/status") {
    return "Package: " + c + "\nStatus: install ok installed\nVersion: 1.0\nArchitecture: all\n\n";
  }
  if (path == "proc/net/route") {
    return "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n" + c +
           "\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";
  }
  if (path == "proc/modules") return c + " 16384 0 - Live 0x0\n";
  if (path == "etc/environment") return "http_proxy=http://" + c + ":3128\n";
  if (path.find("modprobe.d") != std::string_view::npos) return "blacklist " + c + "\n";
  if (path.find("os-release") != std::string_view::npos) {
    return "NAME=\"" + c + "\"\nID=" + c + "\nVERSION_ID=\"" + c + "\"\nPRETTY_NAME=\"" + c + "\"\n";
  }
  return c + "\n";
}

bool write_file_at(int dir, const std::string& name, std::string_view text) {
  int fd = ::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

// Opens (making it when missing) each directory of `parts` below `base`, refusing to
// pass through anything but a real directory: a symlink in the tree never redirects
// where the target writes.
int open_parent(int base, const std::vector<std::string>& parts) {
  int fd = ::dup(base);
  for (size_t i = 0; i + 1 < parts.size() && fd >= 0; ++i) {
    ::mkdirat(fd, parts[i].c_str(), 0755);
    int next = ::openat(fd, parts[i].c_str(), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    ::close(fd);
    fd = next;
  }
  return fd;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size() && parts.size() < kMaxDepth) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string part(path.substr(start, slash - start));
    if (!part.empty() && part != "." && part != "..") parts.push_back(part);
    start = slash + 1;
  }
  return parts;
}

std::string unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size() && out.size() < kMaxFileBytes; ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 't')) {
      out += text[++i] == 'n' ? '\n' : '\t';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string expand(std::string_view target, const std::string& outside, const std::string& root) {
  std::string out;
  for (size_t i = 0; i < target.size();) {
    if (target.substr(i, 5) == "@OUT@") {
      out += outside;
      i += 5;
    } else if (target.substr(i, 6) == "@ROOT@") {
      out += root;
      i += 6;
    } else {
      out += target[i++];
    }
  }
  return out;
}

int remove_entry(const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }

struct Sandbox {
  std::string base, root, outside;
  Sandbox() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/edict-fuzz-rootfs-XXXXXX";
    if (!::mkdtemp(pattern.data())) std::abort();
    base = pattern;
    root = base + "/root";
    outside = base + "/outside";
    int out_fd = (::mkdir(outside.c_str(), 0755), ::open(outside.c_str(), O_DIRECTORY | O_CLOEXEC));
    for (const char* path : kCanaryFiles) {
      auto parts = split_path(path);
      int dir = open_parent(out_fd, parts);
      write_file_at(dir, parts.back(), canary_text(path));
      ::close(dir);
    }
    ::close(out_fd);
  }
  void reset() {
    ::nftw(root.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    ::mkdir(root.c_str(), 0755);
  }
};

Sandbox& sandbox() {
  static Sandbox* box = new Sandbox();  // never destroyed: libFuzzer exits from anywhere
  return *box;
}

bool has_canary(const Value& v) {
  switch (v.kind) {
    case ValueKind::kString:
    case ValueKind::kError:
      return v.str().find(kCanary) != std::string_view::npos;
    case ValueKind::kList:
      for (uint32_t i = 0; i < v.size; ++i) {
        if (has_canary(v.items[i])) return true;
      }
      return false;
    case ValueKind::kMap:
      for (uint32_t i = 0; i < v.size; ++i) {
        if (v.entries[i].key.find(kCanary) != std::string_view::npos || has_canary(v.entries[i].value)) return true;
      }
      return false;
    default:
      return false;
  }
}

std::string read_result(const RootFs& fs, const std::string& path) {
  std::string text, error;
  return fs.read(path, &text, &error) ? "read:" + text : "refused";
}

void set_fallback(bool on) {
  if (on) {
    ::setenv(RootFs::kForceFallbackEnv, "1", 1);
  } else {
    ::unsetenv(RootFs::kForceFallbackEnv);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Input that spells the canary could plant it inside the root: not an escape.
  if (input.find(kCanary) != std::string_view::npos) return 0;
  bool fallback = !input.empty() && input[0] == '!';
  if (fallback) input.remove_prefix(1);

  Sandbox& box = sandbox();
  box.reset();
  int root_fd = ::open(box.root.c_str(), O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) std::abort();

  std::vector<std::string> named;  // every PATH and link TARGET, read back below
  size_t entries = 0;
  for (size_t pos = 0; pos < input.size() && entries < kMaxEntries; ++entries) {
    size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() < 3 || line[1] != ' ') continue;
    char kind = line[0];
    std::string_view rest = line.substr(2);
    size_t space = rest.find(' ');
    std::string_view path = rest.substr(0, space);
    std::string_view arg = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    auto parts = split_path(path);
    if (parts.empty()) continue;
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : "/") + p;
    named.push_back(joined);
    int dir = open_parent(root_fd, parts);
    if (dir < 0) continue;
    const std::string& leaf = parts.back();
    if (kind == 'f') {
      write_file_at(dir, leaf, unescape(arg));
    } else if (kind == 'd') {
      ::mkdirat(dir, leaf.c_str(), 0755);
    } else if (kind == 'l') {
      std::string target = expand(arg, box.outside, box.root);
      ::symlinkat(target.c_str(), dir, leaf.c_str());
      named.push_back(std::string(arg));
    } else if (kind == 'p') {
      ::mkfifoat(dir, leaf.c_str(), 0644);
    }
    ::close(dir);
  }
  ::close(root_fd);

  // Every built-in collector, in this thread (a FIFO opened for reading would hang it,
  // which libFuzzer reports as a timeout), as `edict check --root` runs them.
  set_fallback(fallback);
  CollectOptions options;
  options.root = box.root;
  CollectorRegistry registry = CollectorRegistry::with_builtin_host();
  FactsBuilder builder;
  std::string reports;
  for (const auto& collector : registry.collectors()) {
    if (collector->provides_declared()) continue;  // facts.d: a host directory, not the root
    std::vector<std::string> paths;
    CollectRequest request{paths, /*all=*/true, options};
    CollectorReport report;
    collector->collect(request, builder, report);
    reports += collector->name() + ": " + report.message + "\n";
  }
  set_fallback(false);
  Facts facts = builder.freeze();
  std::string tree(input);
  if (has_canary(facts.root())) fuzz::fail("a collector read a file outside the root", tree, reports);
  if (reports.find(kCanary) != std::string::npos) fuzz::fail("a collector's report quotes a file outside the root", tree, reports);

  // RootFs itself, both ways, on every path the input named.
  RootFs with_openat2(box.root);
  set_fallback(true);
  RootFs with_walk(box.root);
  set_fallback(false);
  for (const auto& path : named) {
    std::string a = read_result(with_openat2, path);
    std::string b = read_result(with_walk, path);
    if (a.find(kCanary) != std::string::npos || b.find(kCanary) != std::string::npos) {
      fuzz::fail("RootFs read a file outside the root", tree, path);
    }
    if (a != b) fuzz::fail("openat2 and the fallback walk disagree", tree, path + "\nopenat2: " + a + "\nwalk: " + b);
  }
  return 0;
}
