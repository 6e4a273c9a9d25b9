// The `modules` collector (collectors/linux_modules.cpp): /proc/modules and
// modprobe.d under --root. Catches: `install usb-storage /bin/false` or a blacklist not
// seen, '-' and '_' compared as different names, files other than *.conf read, an
// unreadable modprobe.d taken as "nothing blocked".
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "tests/collectors/collector_reports.h"
#include "tests/collectors/temp_root.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempRoot;
using namespace edict::collectors;
namespace fs = std::filesystem;

namespace {


Facts collect(const TempRoot& root, std::vector<CollectorReport>* reports) {
  CollectOptions options;
  options.root = root.path.string();
  return collect_facts(CollectorRegistry::with_builtin_host(), {"modules"}, options, reports);
}

}  // namespace

TEST_CASE("modprobe.d: install ... /bin/false or /bin/true and blacklist block, names normalized") {
  auto blocked = parse_modprobe_blocked(
      "# keep USB sticks out\n"
      "install usb-storage /bin/false\n"
      "install uas /bin/true\n"
      "blacklist firewire-core\n"
      "install cramfs /sbin/modprobe --ignore-install cramfs\n"  // a real command: not a block
      "options usb-storage quirks=1\n"
      "blacklist\n");
  CHECK(blocked == std::vector<std::string>{"usb_storage", "uas", "firewire_core"});
}

TEST_CASE("modprobe.d: a continued line and a commented-out block") {
  CHECK(parse_modprobe_blocked("install usb_storage \\\n  /bin/false\n") == std::vector<std::string>{"usb_storage"});
  CHECK(parse_modprobe_blocked("#install usb-storage /bin/false\n").empty());
}

TEST_CASE("/proc/modules: the first word of each line, normalized and unique") {
  CHECK(parse_proc_modules("usb_storage 81920 0 - Live 0x0\nuas 32768 0 - Live 0x0\nusb_storage 1 0 - Live 0\n") ==
        std::vector<std::string>{"uas", "usb_storage"});
}

TEST_CASE("modules collector: loaded from /proc/modules, blocked from every modprobe.d, *.conf only") {
  TempRoot root("modules");
  root.write("proc/modules", "usb_storage 81920 0 - Live 0x0\next4 1 0 - Live 0x0\n");
  root.write("etc/modprobe.d/usb.conf", "install usb-storage /bin/false\n");
  root.write("etc/modprobe.d/usb.conf.disabled", "blacklist ext4\n");
  root.write("lib/modprobe.d/fw.conf", "blacklist firewire-ohci\n");
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, &reports);
  CHECK(show(facts, "modules.loaded") == "[\"ext4\", \"usb_storage\"]");
  CHECK(show(facts, "modules.blocked") == "[\"firewire_ohci\", \"usb_storage\"]");
}

TEST_CASE("modules collector: no modprobe.d blocks nothing, and no /proc/modules leaves loaded unknown") {
  TempRoot root("modules");
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, &reports);
  CHECK(show(facts, "modules.blocked") == "[]");
  CHECK(facts.find("modules.loaded") == nullptr);
  const CollectorReport* r = report_of(reports, "modules");
  REQUIRE(r);
  CHECK(r->paths_left_unknown == std::vector<std::string>{"modules.loaded"});
}

TEST_CASE("modules collector: an unreadable modprobe.d leaves blocked unknown, never empty") {
  if (geteuid() == 0) {
    // root reads a 000 directory anyway; make the directory a file RootFs cannot list.
    TempRoot root("modules");
    root.write("proc/modules", "");
    root.write("etc/modprobe.d", "not a directory");
    std::vector<CollectorReport> reports;
    Facts facts = collect(root, &reports);
    CHECK(facts.find("modules.blocked") == nullptr);
    const CollectorReport* r = report_of(reports, "modules");
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    return;
  }
  TempRoot root("modules");
  root.write("proc/modules", "");
  root.write("etc/modprobe.d/usb.conf", "install usb-storage /bin/false\n");
  fs::permissions(root.path / "etc/modprobe.d", fs::perms::none);
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, &reports);
  CHECK(facts.find("modules.blocked") == nullptr);
}

TEST_CASE("modules collector: a modprobe.d past kMaxModprobeFiles is cut and leaves blocked unknown") {
  TempRoot root("modules");
  root.write("proc/modules", "");
  char name[32];
  for (int i = 0; i <= 1000; ++i) {  // kMaxModprobeFiles + 1 files
    std::snprintf(name, sizeof name, "etc/modprobe.d/%04d.conf", i);
    root.write(name, "options loop max_loop=8\n");
  }
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, &reports);
  CHECK(facts.find("modules.blocked") == nullptr);  // a block in the files left out may exist
  const CollectorReport* r = report_of(reports, "modules");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("more than 1000 files") != std::string::npos);
}
