// The `packages` fact of RPM roots (collectors/linux_rpm_packages.cpp,
// collectors/linux_rpmdb.cpp) on rpmdbs built at test time by Debian's rpm and
// rpmbuild, and on broken ones: a garbage or truncated rpmdb.sqlite, an ndb or
// Berkeley DB file librpm cannot read, both dpkg and rpm in one root, two rpmdbs,
// a /var/lib/rpm symlink pointing out of the root, a build without librpm.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "collectors/rpmdb.h"
#include "runtime/facts/builder.h"
#include "tests/collectors/collector_reports.h"
#include "tests/collectors/rpm_test_support.h"
#include "tests/collectors/temp_root.h"

using namespace edict;
using namespace edict::collectors;
using edict::testing::report_of;
using edict::testing::TempRoot;

namespace {

struct Collected {
  Facts facts;
  std::vector<CollectorReport> reports;
  const CollectorReport& report() const { return *report_of(reports, "packages"); }
};

Collected collect(const std::filesystem::path& root) {
  CollectOptions options;
  options.root = root.string();
  Collected c;
  c.facts = collect_facts(CollectorRegistry::with_builtin_host(), {"packages"}, options, &c.reports);
  return c;
}

// name -> "evr arch" of every header, as rpm itself lists them.
std::multimap<std::string, std::string> rpm_qa(const std::filesystem::path& root, const std::string& dbpath) {
  std::string out = edict::testing::run_command("rpm --root '" + root.string() + "' --dbpath " + dbpath +
                                                " -qa --qf '%{NAME} %{EVR} %{ARCH}\\n' 2>/dev/null");
  std::multimap<std::string, std::string> m;
  std::istringstream lines(out);
  std::string name, evr, arch;
  while (lines >> name >> evr >> arch) m.emplace(name, evr + " " + arch);
  return m;
}

std::string field(const Value& record, const char* name) {
  const Value* v = map_find(record, name);
  return v && v->kind == ValueKind::kString ? std::string(v->str()) : "<absent>";
}

// A root with a real rpmdb at `dbpath`; false (and a message) when rpm is absent here.
bool make_root(const TempRoot& work, const std::string& dbpath) {
  std::string failure = edict::testing::build_rpm_root(work.path / "build", work.path / "root", dbpath);
  INFO(failure);
  REQUIRE(failure.empty());
  return true;
}

void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("rpm root (RHEL 9 layout): packages as rpm -qa lists them, highest EVR first, all EVRs kept") {
  if (!edict::testing::rpm_tools_or_skip("the real-rpmdb test")) return;
  TempRoot work("rpmdb-rhel");
  make_root(work, "/var/lib/rpm");
  auto theirs = rpm_qa(work.path / "root", "/var/lib/rpm");
  REQUIRE(theirs.size() == edict::testing::test_rpm_specs().size());
  Collected c = collect(work.path / "root");
  INFO(c.report().message);
  REQUIRE(c.report().ok);
  const Value* packages = c.facts.find("packages");
  REQUIRE(packages);
  CHECK(packages->size == 5);  // edict-multi twice, one entry
  for (const auto& [name, evr_arch] : theirs) {
    const Value* p = map_find(*packages, name);
    REQUIRE(p);
    CHECK(field(*p, "manager") == "rpm");
    const Value* versions = map_find(*p, "versions");
    REQUIRE(versions);
    bool listed = false;
    for (uint32_t i = 0; i < versions->size; ++i) listed |= (evr_arch.rfind(std::string(versions->items[i].str()) + " ", 0) == 0);
    CHECK(listed);
  }
  CHECK(field(*map_find(*packages, "edict-epoch"), "version") == "2:1.0-1");
  CHECK(field(*map_find(*packages, "edict-epoch"), "arch") == "noarch");
  CHECK(field(*map_find(*packages, "edict-tilde"), "version") == "1.0~rc1-1.el9");
  CHECK(field(*map_find(*packages, "edict-caret"), "version") == "2.0^git1-3");
  // 1.10 is newer than 1.0 by rpm's ordering (and older by a string comparison).
  const Value& multi = *map_find(*packages, "edict-multi");
  CHECK(field(multi, "version") == "1.10-1");
  CHECK(to_display(*map_find(multi, "versions")) == "[\"1.0-1\", \"1.10-1\"]");
}

TEST_CASE("rpm root (Fedora layout): usr/lib/sysimage/rpm, var/lib/rpm a symlink to it, read once") {
  if (!edict::testing::rpm_tools_or_skip("the real-rpmdb test")) return;
  TempRoot work("rpmdb-fedora");
  make_root(work, "/usr/lib/sysimage/rpm");
  std::filesystem::create_directories(work.path / "root/var/lib");
  std::filesystem::create_directory_symlink("../../usr/lib/sysimage/rpm", work.path / "root/var/lib/rpm");
  Collected c = collect(work.path / "root");
  INFO(c.report().message);
  REQUIRE(c.report().ok);
  CHECK(c.facts.find("packages")->size == 5);
}

TEST_CASE("reading an rpmdb leaves its database file as it was") {
  if (!edict::testing::rpm_tools_or_skip("the real-rpmdb test")) return;
  TempRoot work("rpmdb-ro");
  make_root(work, "/var/lib/rpm");
  auto db = work.path / "root/var/lib/rpm/rpmdb.sqlite";
  auto read_all = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string before = read_all(db);
  auto entries = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(db.parent_path())) names.insert(e.path().filename());
    return names;
  };
  auto files_before = entries();
  Collected c = collect(work.path / "root");
  REQUIRE(c.report().ok);
  CHECK(read_all(db) == before);
  CHECK(entries() == files_before);
}

TEST_CASE("a garbage or truncated rpmdb.sqlite is unknown with librpm's reason, never an empty map") {
  if (!edict::testing::rpm_tools_or_skip("the broken-rpmdb test")) return;
  TempRoot work("rpmdb-bad");
  make_root(work, "/var/lib/rpm");
  auto dir = work.path / "root/var/lib/rpm";
  std::filesystem::remove(dir / "rpmdb.sqlite-wal");
  std::filesystem::remove(dir / "rpmdb.sqlite-shm");
  SECTION("truncated to half") {
    std::filesystem::resize_file(dir / "rpmdb.sqlite", std::filesystem::file_size(dir / "rpmdb.sqlite") / 2);
  }
  SECTION("garbage") { write_file(dir / "rpmdb.sqlite", std::string(8192, '\x5a')); }
  SECTION("empty") { write_file(dir / "rpmdb.sqlite", ""); }
  Collected c = collect(work.path / "root");
  CHECK(c.facts.find("packages") == nullptr);
  CHECK_FALSE(c.report().ok);
  INFO(c.report().message);
  CHECK(c.report().message.rfind("`var/lib/rpm/rpmdb.sqlite`: ", 0) == 0);
}

TEST_CASE("an ndb rpmdb and a garbage Berkeley DB Packages file are unknown with the reason") {
  TempRoot root("rpmdb-other");
  SECTION("ndb (SUSE): Debian's librpm has no ndb backend") {
    write_file(root.path / "usr/lib/sysimage/rpm/Packages.db", std::string(4096, '\0'));
    Collected c = collect(root.path);
    CHECK(c.facts.find("packages") == nullptr);
    CHECK_FALSE(c.report().ok);
    if (librpm_reader() != nullptr) CHECK(c.report().message.find("ndb") != std::string::npos);
  }
  SECTION("Berkeley DB, garbage") {
    write_file(root.path / "var/lib/rpm/Packages", std::string(4096, '\x11'));
    Collected c = collect(root.path);
    CHECK(c.facts.find("packages") == nullptr);
    CHECK_FALSE(c.report().ok);
    CHECK(c.report().message.rfind("`var/lib/rpm/Packages`: ", 0) == 0);
  }
}

TEST_CASE("a root with both a dpkg status and an rpmdb, or two rpmdbs, is unknown: no guess") {
  TempRoot root("rpmdb-both");
  write_file(root.path / "var/lib/dpkg/status", "Package: dpkg\nStatus: install ok installed\nVersion: 1.21\n\n");
  write_file(root.path / "var/lib/rpm/rpmdb.sqlite", "x");
  Collected both = collect(root.path);
  CHECK(both.facts.find("packages") == nullptr);
  CHECK(both.report().message.find("both a dpkg status") != std::string::npos);

  std::filesystem::remove_all(root.path / "var/lib/dpkg");
  write_file(root.path / "usr/lib/sysimage/rpm/rpmdb.sqlite", "y");
  Collected two = collect(root.path);
  CHECK(two.facts.find("packages") == nullptr);
  CHECK(two.report().message.find("two rpm databases") != std::string::npos);
}

TEST_CASE("Debian's empty /var/lib/rpm (the rpm package's) does not make a dpkg root an rpm one") {
  TempRoot root("rpmdb-empty-dir");
  write_file(root.path / "var/lib/dpkg/status",
             "Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n\n");
  std::filesystem::create_directories(root.path / "var/lib/rpm");
  Collected c = collect(root.path);
  REQUIRE(c.report().ok);
  CHECK(field(*map_find(*c.facts.find("packages"), "dpkg"), "manager") == "dpkg");
}

TEST_CASE("an absolute /var/lib/rpm symlink resolves inside the root, not to the host's database") {
  if (!edict::testing::rpm_tools_or_skip("the symlink test")) return;
  TempRoot work("rpmdb-link");
  // The real database sits at <root>/srv/rpmdb; the link says /srv/rpmdb (absolute).
  make_root(work, "/srv/rpmdb");
  std::filesystem::create_directories(work.path / "root/var/lib");
  std::filesystem::create_directory_symlink("/srv/rpmdb", work.path / "root/var/lib/rpm");
  Collected c = collect(work.path / "root");
  INFO(c.report().message);
  REQUIRE(c.report().ok);
  CHECK(c.facts.find("packages")->size == 5);
}

TEST_CASE("an rpmdb.sqlite that is a symlink is refused, not followed") {
  if (librpm_reader() == nullptr) return;
  TempRoot root("rpmdb-filelink");
  std::filesystem::create_directories(root.path / "var/lib/rpm");
  std::filesystem::create_symlink("/etc/passwd", root.path / "var/lib/rpm/rpmdb.sqlite");
  Collected c = collect(root.path);
  CHECK(c.facts.find("packages") == nullptr);
  CHECK(c.report().message.find("not a regular file") != std::string::npos);
}

TEST_CASE("a build without librpm leaves an rpm root's packages unknown and says why") {
  TempRoot root("rpmdb-nolib");
  write_file(root.path / "var/lib/rpm/rpmdb.sqlite", "x");
  RootFs fs(root.path.string());
  FactsBuilder out;
  CollectorReport report;
  collect_packages(fs, nullptr, out, report);
  CHECK_FALSE(report.ok);
  CHECK(report.message.find("built without librpm") != std::string::npos);
  CHECK(out.freeze().find("packages") == nullptr);
}
