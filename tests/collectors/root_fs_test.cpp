// RootFs under hostile trees: a FIFO, a socket or a device where a collector expects a
// file is skipped with a reason, never read (reading one blocked a run for good); and
// symlinks never lead out of the root, on openat2 and on the fallback walk used where
// openat2 is missing (kernels before 5.6, seccomp), forced here with
// EDICT_FORCE_OPENAT_FALLBACK and, through the real binary, by strace's fault injection.
#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <iostream>

#include "collectors/registry.h"
#include "collectors/root_fs.h"
#include "tests/cli/run_edict.h"
#include "tests/collectors/collector_reports.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempTree;

namespace {

// Runs `fn`, failing the test (and ending the process: a blocked thread cannot be
// joined) when it has not returned after `seconds`: the old code blocked for good.
void within_seconds(int seconds, const std::function<void()>& fn) {
  auto done = std::async(std::launch::async, fn);
  if (done.wait_for(std::chrono::seconds(seconds)) != std::future_status::ready) {
    std::cerr << "blocked for more than " << seconds << " s: a collector read a FIFO or a device\n";
    std::_Exit(3);
  }
  done.get();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Sets or clears EDICT_FORCE_OPENAT_FALLBACK for the scope.
struct ForceFallback {
  explicit ForceFallback(bool on) {
    if (on) ::setenv(RootFs::kForceFallbackEnv, "1", 1);
    else ::unsetenv(RootFs::kForceFallbackEnv);
  }
  ~ForceFallback() { ::unsetenv(RootFs::kForceFallbackEnv); }
};

const char* const kFilesCollectorsRead[] = {"etc/os-release", "var/lib/dpkg/status", "proc/net/route",
                                            "proc/sys/net/ipv4/ip_forward", "sys/class/net/eth0/flags"};

// A tree where every file above is `kind` ("fifo", "socket", "device"), beside a
// sane etc/hostname, etc/machine-id and sys/class/net/lo.
bool build_hostile_tree(const TempTree& tree, const std::string& kind) {
  tree.write("etc/hostname", "web-1\n");
  tree.write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  tree.write("sys/class/net/lo/flags", "0x9\n");
  for (const char* rel : kFilesCollectorsRead) {
    if (kind == "fifo") tree.fifo(rel);
    if (kind == "socket") tree.socket(rel);
    if (kind == "device" && !tree.zero_device(rel)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a FIFO, a socket or a device where a collector reads a file is skipped with a reason, never read") {
  for (const std::string kind : {"fifo", "socket", "device"}) {
    for (bool fallback : {false, true}) {
      ForceFallback force(fallback);
      TempTree tree("hostile-" + kind);
      if (!build_hostile_tree(tree, kind)) {
        // mknod needs CAP_MKNOD; the FIFO and socket cases still ran.
        std::cout << "skipped the device case: mknod refused (" << std::strerror(errno) << ")\n";
        continue;
      }
      INFO(kind << (fallback ? " (fallback walk)" : " (openat2)"));
      const std::string what = kind == "fifo" ? "a FIFO" : kind == "socket" ? "a socket" : "a character device";

      // RootFs itself: each file is refused by kind, without opening it.
      RootFs fs(tree.path());
      for (const char* rel : kFilesCollectorsRead) {
        std::string text, error;
        within_seconds(20, [&] { CHECK_FALSE(fs.read(rel, &text, &error)); });
        CHECK(error == std::string(rel) + ": not a regular file (" + what + ")");
        CHECK(text.empty());
      }

      // Every built-in collector over the tree: the run ends, those facts stay unknown
      // with the reason in the report, the other facts load.
      std::vector<CollectorReport> reports;
      Facts facts;
      CollectOptions options;
      options.root = tree.path();
      within_seconds(20, [&] {
        facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, /*collect_all=*/true);
      });
      CHECK(show(facts, "host.name") == "\"web-1\"");
      CHECK(show(facts, "os.name") == "absent");
      CHECK(contains(report_of(reports, "os")->message, "etc/os-release: not a regular file (" + what + ")"));
      CHECK(show(facts, "packages") == "absent");
      CHECK(report_of(reports, "packages")->message == "var/lib/dpkg/status: not a regular file (" + what + ")");
      CHECK(show(facts, "network.routes") == "absent");
      CHECK(contains(report_of(reports, "network")->message, "proc/net/route: not a regular file (" + what + ")"));
      // An interface whose state cannot be read leaves the list unknown, never a
      // shorter list that could hide an interface that is up.
      CHECK(show(facts, "network.interfaces") == "absent");
      CHECK(contains(report_of(reports, "network")->message,
                     "sys/class/net/eth0/flags: not a regular file (" + what + ")"));
      const Value* sysctl = facts.find("sysctl");
      REQUIRE(sysctl);
      CHECK(map_find(*sysctl, "net.ipv4.ip_forward") == nullptr);
      CHECK(contains(report_of(reports, "sysctl")->message,
                     "proc/sys/net/ipv4/ip_forward: not a regular file (" + what + ")"));
    }
  }
}

namespace {

// A root at T/root with ways out of it, and, inside it, the files those ways reach
// when resolved as RESOLVE_IN_ROOT does. Reading "inside" proves the walk stayed in;
// "OUTSIDE" that it escaped.
struct EscapeTree {
  TempTree tree{"escape"};
  std::string root = tree.at("root");
  std::string outside = tree.at("outside");

  EscapeTree() {
    std::string base = std::filesystem::path(tree.path()).filename().string();
    tree.write("outside/os-release", "ID=OUTSIDE\n");
    // Absolute links are re-rooted: /T/outside/os-release means root/T/outside/os-release.
    tree.write("root" + tree.path() + "/outside/os-release", "ID=inside-absolute\n");
    tree.symlink("root/etc/os-release", outside + "/os-release");
    tree.symlink("root/lib", outside);  // an absolute link to a directory, mid-path
    // `..` stops at the root: etc/../../.. is the root, then base/outside/os-release.
    tree.write("root/" + base + "/outside/os-release", "ID=inside-dotdot\n");
    tree.symlink("root/etc/dotdot", "../../../" + base + "/outside/os-release");
    tree.symlink("root/up", "/../../..");  // an absolute link that climbs: still the root
    tree.symlink("root/loop-a", "loop-b");
    tree.symlink("root/loop-b", "loop-a");
    // chain/0 -> 1 -> ... -> 40 -> /target: 41 links from chain/0, 40 from chain/1.
    tree.write("root/target", "ID=end-of-chain\n");
    for (int i = 0; i < 40; ++i) tree.symlink("root/chain/" + std::to_string(i), std::to_string(i + 1));
    tree.symlink("root/chain/40", "/target");
  }
};

std::string read_or_error(const RootFs& fs, const std::string& path) {
  std::string text, error;
  return fs.read(path, &text, &error) ? text : "error: " + error;
}

// The same checks for both resolvers.
void check_stays_inside(const EscapeTree& t) {
  RootFs fs(t.root);
  CHECK(read_or_error(fs, "etc/os-release") == "ID=inside-absolute\n");
  CHECK(read_or_error(fs, "etc/dotdot") == "ID=inside-dotdot\n");
  CHECK(read_or_error(fs, "lib/os-release") == "ID=inside-absolute\n");
  CHECK(read_or_error(fs, "up" + t.tree.path() + "/outside/os-release") == "ID=inside-absolute\n");
  CHECK(read_or_error(fs, "../../../outside/os-release") == "error: ../../../outside/os-release: No such file or directory");
  CHECK(read_or_error(fs, "loop-a") == "error: loop-a: Too many levels of symbolic links");
  CHECK(read_or_error(fs, "chain/1") == "ID=end-of-chain\n");  // 40 links: the limit
  CHECK(read_or_error(fs, "chain/0") == "error: chain/0: Too many levels of symbolic links");  // 41
  CHECK(fs.exists("lib/os-release"));
  CHECK_FALSE(fs.exists("lib/../../outside"));
  std::vector<std::string> names;
  std::string error;
  REQUIRE(fs.list("lib", &names, &error));  // the tree's directory, not the host's
  CHECK(names == std::vector<std::string>{"os-release"});
}

}  // namespace

TEST_CASE("symlinks under --root stay inside the root with openat2") {
  static_assert(RootFs::kMaxSymlinkHops == 40, "the kernel's MAXSYMLINKS");
  EscapeTree t;
  ForceFallback force(false);
  check_stays_inside(t);
}

TEST_CASE("symlinks under --root stay inside the root on the fallback walk (EDICT_FORCE_OPENAT_FALLBACK)") {
  EscapeTree t;
  ForceFallback force(true);
  check_stays_inside(t);
}

TEST_CASE("edict facts stays inside --root when the kernel has no openat2 (strace injects ENOSYS)") {
  if (std::system("command -v strace >/dev/null 2>&1") != 0) {
    std::cout << "skipped: strace is not installed (scripts/bootstrap installs it)\n";
    return;
  }
  EscapeTree t;
  std::string trace = t.tree.at("strace.log");
  // The real binary under strace: every openat2 fails with ENOSYS, as on RHEL 8's 4.18.
  // LeakSanitizer cannot run under ptrace: off for the traced run of an ASan build
  // (the in-process tests above check the same code for leaks).
  const std::string no_lsan = "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" ";
  std::string command = no_lsan + "strace -f -qq -o '" + trace + "' -e trace=openat2 -e inject=openat2:error=ENOSYS '" +
                        EDICT_BINARY + "' facts --root '" + t.root + "' --only os";
  std::string out_file = t.tree.at("out.json"), err_file = t.tree.at("err.txt");
  int status = std::system((command + " >'" + out_file + "' 2>'" + err_file + "'").c_str());
  std::string out = edict::testing::read_file(out_file);
  std::string err = edict::testing::read_file(err_file);
  INFO("stdout: " << out << "\nstderr: " << err);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  // The injection happened: edict asked for openat2 and was told ENOSYS.
  std::string log = edict::testing::read_file(trace);
  CHECK(contains(log, "openat2("));
  CHECK(contains(log, "ENOSYS"));
  CHECK(contains(log, "(INJECTED)"));
  CHECK(contains(out, "\"distro\": \"inside-absolute\""));
  CHECK_FALSE(contains(out, "OUTSIDE"));

  // A 41-link chain and a loop are refused the same way on this path.
  ::unlink((t.root + "/etc/os-release").c_str());
  t.tree.symlink("root/etc/os-release", "/chain/0");
  std::string loop = no_lsan + "strace -f -qq -o /dev/null -e inject=openat2:error=ENOSYS '" + std::string(EDICT_BINARY) +
                     "' facts --root '" + t.root + "' --only os";
  status = std::system((loop + " >'" + out_file + "' 2>'" + err_file + "'").c_str());
  out = edict::testing::read_file(out_file);
  err = edict::testing::read_file(err_file);
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_FALSE(contains(out, "\"distro\""));
  CHECK(contains(err, "etc/os-release: Too many levels of symbolic links"));
}

TEST_CASE("on the live host too, a FIFO at /etc/os-release, the dpkg status, /proc/net/route or a sysctl file is skipped") {
  // The host's files, replaced in a private mount namespace only: FIFOs bound over
  // /etc/os-release (through its symlink) and the dpkg status, and a tmpfs /proc whose
  // net/route and sys/net/ipv4/ip_forward are FIFOs.
  if (std::system("unshare -m true >/dev/null 2>&1") != 0) {
    std::cout << "skipped the live-host case: cannot make a mount namespace (unshare -m needs CAP_SYS_ADMIN)\n";
    return;
  }
  TempTree tree("live-host");
  tree.fifo("fifo");
  tree.dir("proc");
  std::string out_file = tree.at("out.json"), err_file = tree.at("err.txt");
  // /proc/self stays real (a link into the real procfs, bound aside first): ASan reads
  // /proc/self/maps. LeakSanitizer reads /proc/<pid>/task, which the fake /proc lacks:
  // off for this run of an ASan build (the in-process tests check the code for leaks).
  std::string script =
      "set -e; mount --bind '" + tree.at("fifo") + "' /etc/os-release; "
      "if [ -e /var/lib/dpkg/status ]; then mount --bind '" + tree.at("fifo") + "' /var/lib/dpkg/status; fi; "
      "mount --bind /proc '" + tree.at("proc") + "'; "
      "mount -t tmpfs edict-test-proc /proc; mkdir -p /proc/net /proc/sys/net/ipv4; "
      "ln -s '" + tree.at("proc") + "/self' /proc/self; ln -s '" + tree.at("proc") + "/thread-self' /proc/thread-self; "
      "mkfifo /proc/net/route /proc/sys/net/ipv4/ip_forward; "
      "exec timeout 20 '" + std::string(EDICT_BINARY) + "' facts --only os,packages,network,sysctl";
  int status = std::system(("ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" unshare -m sh -c \"" + script + "\" >'" + out_file + "' 2>'" + err_file + "'").c_str());
  std::string out = edict::testing::read_file(out_file), err = edict::testing::read_file(err_file);
  INFO("stdout: " << out << "\nstderr: " << err);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // 124: timeout killed a blocked edict
  CHECK(contains(err, "etc/os-release: not a regular file (a FIFO)"));
  // Routes on the live host come from rtnetlink (docs/facts.md); /proc/net/route is read
  // under --root (the FIFO case above) or when the host refuses a netlink socket.
  CHECK(contains(err, "proc/sys/net/ipv4/ip_forward: not a regular file (a FIFO)"));
  if (std::filesystem::exists("/var/lib/dpkg/status")) {
    CHECK(contains(err, "var/lib/dpkg/status: not a regular file (a FIFO)"));
  }
  CHECK(contains(out, "\"family\": \"linux\""));  // the rest still collected
}
