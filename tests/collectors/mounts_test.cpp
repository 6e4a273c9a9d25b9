// The `mounts` collector (collectors/linux_mounts.cpp): mountinfo and fstab parsed from
// fixtures (octal escapes, optional fields, comments, swap, bad lines), fstab under
// --root, and this host's table compared with `findmnt -J`. Catches: "\040" left in a
// mount point (mounts["/mnt/my disk"] not found), the superblock's options taken for the
// mount's own or dropped, an overmounted /tmp reported with the hidden mount's options.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "tests/collectors/collector_reports.h"
#include "tests/collectors/temp_root.h"
#include "tests/support/run_command.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempRoot;
using namespace edict::collectors;

namespace {

const char* kMountinfo =
    "22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
    "25 22 0:21 / /tmp rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=1024k\n"
    "26 25 0:22 / /tmp rw,nosuid,nodev,noexec master:7 shared:8 - tmpfs tmpfs rw,size=2048k,mode=1777\n"
    "27 22 0:23 / /mnt/my\\040disk ro - vfat /dev/sdb1 ro,fmask=0022\n"
    "28 22 0:24 / /dev/shm rw,nosuid,nodev,noexec - tmpfs tmpfs rw\n"
    "31 30 0:26 / /var rw,noexec - tmpfs top rw\n"     // on top of 30, listed first
    "30 22 0:25 / /var rw - ext4 /dev/vda2 rw\n"
    "not a mountinfo line\n";

const char* kFstab =
    "# /etc/fstab: static file system information.\n"
    "UUID=1234-abcd  /  ext4  errors=remount-ro  0  1\n"
    "\n"
    "tmpfs /tmp tmpfs defaults,nodev,nosuid,noexec 0 0\n"
    "/dev/sdb1 /media/usb\\040stick vfat noauto,user\n"
    "/swapfile none swap sw 0 0\n"
    "   # an indented comment\n"
    "broken-line-with-two fields\n";

std::string run(const std::string& cmd) { return edict::testing::run_command(cmd); }

std::string options_text(const Value& record) {
  const Value* o = map_find(record, "options");
  std::string out;
  for (uint32_t i = 0; o && i < o->size; ++i) out += (i ? "," : "") + std::string(o->items[i].str());
  return out;
}

}  // namespace

TEST_CASE("octal escapes: space, tab, newline and backslash decoded, anything else kept") {
  CHECK(decode_octal_escapes("/mnt/my\\040disk") == "/mnt/my disk");
  CHECK(decode_octal_escapes("a\\011b\\012c\\134d") == "a\tb\nc\\d");
  CHECK(decode_octal_escapes("\\04") == "\\04");      // too short
  CHECK(decode_octal_escapes("\\089") == "\\089");    // not octal
  CHECK(decode_octal_escapes("\\777x") == "\\777x");  // past a byte
}

TEST_CASE("mountinfo: optional fields, superblock options after the mount's, bad lines counted") {
  std::vector<size_t> bad;
  auto m = parse_mountinfo(kMountinfo, &bad);
  REQUIRE(m.size() == 7);
  CHECK(bad == std::vector<size_t>{8});
  CHECK(m[2].target == "/tmp");
  CHECK(m[2].options == std::vector<std::string>{"rw", "nosuid", "nodev", "noexec", "size=2048k", "mode=1777"});
  CHECK(m[3].target == "/mnt/my disk");
  CHECK(m[3].type == "vfat");
  CHECK(m[3].source == "/dev/sdb1");
}

TEST_CASE("mountinfo: the visible mount of a stacked mount point is the one no other there has as parent") {
  auto m = parse_mountinfo(kMountinfo);
  auto top = visible_mounts(m);
  CHECK(top["/tmp"]->options.back() == "mode=1777");  // 26 on top of 25
  CHECK(top["/var"]->source == "top");                // 31 on top of 30, though listed before it
}

TEST_CASE("fstab: comments, swap and escapes, a short line skipped and counted") {
  std::vector<size_t> bad;
  auto m = parse_fstab(kFstab, &bad);
  REQUIRE(m.size() == 3);
  CHECK(bad == std::vector<size_t>{8});
  CHECK(m[0].source == "UUID=1234-abcd");
  CHECK(m[1].options == std::vector<std::string>{"defaults", "nodev", "nosuid", "noexec"});
  CHECK(m[2].target == "/media/usb stick");
}

TEST_CASE("mounts under --root come from the tree's fstab, say so, and report skipped lines") {
  TempRoot root("mounts");
  root.write("etc/fstab", kFstab);
  root.write("proc/self/mountinfo", kMountinfo);  // not read under --root
  CollectOptions options;
  options.root = root.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"mounts"}, options, &reports);
  const Value* mounts = facts.find("mounts");
  REQUIRE(mounts);
  CHECK(mounts->size == 3);
  const Value* tmp = map_find(*mounts, "/tmp");
  REQUIRE(tmp);
  CHECK(options_text(*tmp) == "defaults,nodev,nosuid,noexec");
  CHECK(map_find(*tmp, "origin")->str() == "fstab");
  CHECK(map_find(*mounts, "/media/usb stick") != nullptr);
  CHECK(map_find(*mounts, "/dev/shm") == nullptr);
  const CollectorReport* r = report_of(reports, "mounts");
  REQUIRE(r);
  CHECK(r->ok);
  CHECK(r->message.find("etc/fstab: 1 malformed lines skipped (line 8)") != std::string::npos);
}

TEST_CASE("mounts under --root with no fstab are unknown, not an empty table") {
  TempRoot root("mounts-none");
  root.write("etc/hostname", "x\n");
  CollectOptions options;
  options.root = root.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"mounts"}, options, &reports);
  CHECK(show(facts, "mounts") == "absent");
  CHECK_FALSE(report_of(reports, "mounts")->ok);
}

TEST_CASE("mounts on this host agree with findmnt -J") {
  if (std::system("findmnt -V >/dev/null 2>&1") != 0) {
    std::cout << "findmnt (util-linux) absent: the comparison did not run\n";
    return;
  }
  CollectOptions options;
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"mounts"}, options, &reports);
  auto json = nlohmann::json::parse(run("findmnt -J -l -o TARGET,FSTYPE,SOURCE,OPTIONS"));
  // findmnt lists every mount in table order; the last one on a mount point is visible.
  std::map<std::string, nlohmann::json> theirs;
  for (const auto& fs : json["filesystems"]) theirs[fs["target"].get<std::string>()] = fs;
  const Value* mounts = facts.find("mounts");
  REQUIRE(mounts);
  CHECK(mounts->size == theirs.size());
  for (const auto& [target, fs] : theirs) {
    INFO(target);
    const Value* m = map_find(*mounts, target);
    REQUIRE(m);
    CHECK(map_find(*m, "type")->str() == fs["fstype"].get<std::string>());
    CHECK(options_text(*m) == fs["options"].get<std::string>());
    // findmnt adds a bind mount's root as "[/dir]" after the device.
    std::string source = fs["source"].get<std::string>();
    CHECK(map_find(*m, "source")->str() == source.substr(0, source.find('[')));
    CHECK(map_find(*m, "origin")->str() == "mountinfo");
  }
}
