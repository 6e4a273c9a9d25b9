// modprobe.d precedence (collectors/linux_modules.cpp), compared with kmod's own
// `modprobe --showconfig`. Catches: a vendor /lib/modprobe.d/blacklist.conf still counted
// as a block after the administrator replaced it with an /etc/modprobe.d file of the same
// name (modprobe.d(5)): `usb-storage` reported blocked while modprobe would load it, a
// false pass of "usb-storage is blocked".
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "collectors/text_lines.h"
#include "tests/collectors/temp_root.h"
#include "tests/support/run_command.h"

using namespace edict;
using edict::testing::TempRoot;
using namespace edict::collectors;

namespace {

bool have_modprobe() { return std::system("modprobe --version >/dev/null 2>&1") == 0; }

std::string run(const std::string& cmd) { return edict::testing::run_command(cmd); }

// The modules `modprobe --showconfig` says are blocked: its `blacklist` lines and its
// `install NAME <no-op>` lines (the text is modprobe.d syntax, so the same parser reads it).
std::set<std::string> blocked_by_modprobe(const std::string& args) {
  std::string text = run("modprobe " + args + " --showconfig 2>/dev/null");
  std::string kept;
  for_each_line(text, [&](std::string_view line) {
    if (line.rfind("blacklist ", 0) == 0 || line.rfind("install ", 0) == 0) kept.append(line).append("\n");
  });
  auto v = parse_modprobe_blocked(kept);
  return {v.begin(), v.end()};
}

std::set<std::string> blocked_by_edict(const std::string& root) {
  CollectOptions options;
  options.root = root;
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"modules.blocked"}, options, &reports);
  std::set<std::string> out;
  const Value* v = facts.find("modules.blocked");
  REQUIRE(v);
  for (uint32_t i = 0; i < v->size; ++i) out.insert(std::string(v->items[i].str()));
  return out;
}

// modprobe with the root's modprobe.d directories in kmod's order, each as a -C.
std::string config_args(const TempRoot& root) {
  std::string args;
  for (const char* dir : kModprobeDirs) args += " -C '" + (root.path / dir).string() + "'";
  return args;
}

}  // namespace

TEST_CASE("modprobe.d: a file in /etc replaces the same name in /run and /lib, as modprobe --showconfig") {
  if (!have_modprobe()) {
    std::cout << "modprobe (kmod) absent: scripts/bootstrap test installs it; the comparison did not run\n";
    return;
  }
  TempRoot root("modprobe-prec");
  root.write("lib/modprobe.d/blacklist.conf", "blacklist usb-storage\ninstall cramfs /bin/false\n");
  root.write("etc/modprobe.d/blacklist.conf", "# the administrator allows USB storage again\n");
  root.write("lib/modprobe.d/vendor.conf", "blacklist pcspkr\n");
  root.write("run/modprobe.d/vendor.conf", "blacklist floppy\n");  // /run beats /lib too
  root.write("run/modprobe.d/dccp.conf", "install dccp /bin/true\n");
  root.write("usr/local/lib/modprobe.d/local.conf", "blacklist  sctp\ninstall tipc /sbin/modprobe --ignore-install tipc\n");
  root.write("lib/modprobe.d/notes.txt", "blacklist not-a-conf\n");
  auto ours = blocked_by_edict(root.path.string());
  auto theirs = blocked_by_modprobe(config_args(root));
  CHECK(ours == std::set<std::string>{"dccp", "floppy", "sctp"});
  CHECK(ours == theirs);
}

TEST_CASE("modprobe.d: an /etc link to /dev/null masks the vendor file, as modprobe --showconfig") {
  if (!have_modprobe()) {
    std::cout << "modprobe (kmod) absent: the comparison did not run\n";
    return;
  }
  TempRoot root("modprobe-null");
  root.write("lib/modprobe.d/blacklist.conf", "blacklist usb-storage\n");
  root.write("lib/modprobe.d/keep.conf", "install cramfs /bin/false\n");
  std::filesystem::create_directories(root.path / "etc/modprobe.d");
  std::filesystem::create_symlink("/dev/null", root.path / "etc/modprobe.d/blacklist.conf");
  auto ours = blocked_by_edict(root.path.string());
  CHECK(ours == std::set<std::string>{"cramfs"});
  CHECK(ours == blocked_by_modprobe(config_args(root)));
}

TEST_CASE("modprobe.d on this host agrees with modprobe --showconfig") {
  if (!have_modprobe()) {
    std::cout << "modprobe (kmod) absent: the host comparison did not run\n";
    return;
  }
  CHECK(blocked_by_edict("/") == blocked_by_modprobe(""));
}
