// One package rule on an RPM root and a Debian root alike (issue 16): `edict facts
// --only packages` on an rpmdb built by rpm and rpmbuild at test time, against `rpm
// -qa`; `edict check` of a policy using std.linux's package_version_compare on that
// root and on the dpkg fixture root; and the helper's decision cases.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "run_edict.h"
#include "tests/collectors/rpm_test_support.h"
#include "tests/collectors/temp_root.h"

using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;
using edict::testing::TempRoot;

namespace {

// Both families' version of the rule: the same names, each family's own version floor.
const char* kPolicy = R"(package fleet
import std.linux

policy pkgs "Packages patched on Debian and RHEL alike" {
  severity high
  rule openssl_patched "openssl is at least the patched build of its family" {
    require if packages["openssl"].manager == "rpm" then linux.package_at_least("openssl", "1:3.0.7-24.el9")
      else linux.package_at_least("openssl", "3.0.11-1~deb12u2")
  }
  rule no_telnet "telnet is not installed" { require not linux.package_installed("telnet") }
}
)";

std::string fixture_root(const std::string& name) {
  return std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/" + name;
}

}  // namespace

TEST_CASE("edict facts --only packages on a real rpmdb shows what rpm -qa lists") {
  if (!edict::testing::rpm_tools_or_skip("the real-rpmdb CLI test")) return;
  TempRoot work("cli-rpmdb");
  auto root = work.path / "root";
  std::string failure = edict::testing::build_rpm_root(work.path / "build", root, "/var/lib/rpm");
  INFO(failure);
  REQUIRE(failure.empty());

  RunResult facts = run_edict("facts --root '" + root.string() + "' --only packages --format json", ".");
  INFO(facts.out << facts.err);
  REQUIRE(facts.exit_code == 0);
  auto doc = nlohmann::json::parse(facts.out);
  const auto& packages = doc.at("packages");

  std::string qa = edict::testing::run_command("rpm --root '" + root.string() +
                                               "' --dbpath /var/lib/rpm -qa --qf '%{NAME} %{EVR} %{ARCH}\\n' 2>/dev/null");
  std::map<std::string, std::vector<std::string>> by_name;
  std::istringstream lines(qa);
  std::string name, evr, arch;
  while (lines >> name >> evr >> arch) {
    by_name[name].push_back(evr);
    CHECK(packages.at(name).at("manager") == "rpm");
    CHECK(packages.at(name).at("arch") == arch);
  }
  REQUIRE(by_name.size() == 5);
  CHECK(packages.size() == by_name.size());
  for (const auto& [n, evrs] : by_name) {
    INFO(n);
    std::vector<std::string> listed = packages.at(n).at("versions").get<std::vector<std::string>>();
    std::vector<std::string> sorted = evrs;
    std::sort(sorted.begin(), sorted.end());
    std::sort(listed.begin(), listed.end());
    CHECK(listed == sorted);
  }
  CHECK(packages.at("openssl").at("version") == "1:3.0.7-27.el9");
  CHECK(packages.at("edict-multi").at("version") == "1.10-1");
}

TEST_CASE("one package rule passes on an RPM root and on a Debian root alike") {
  if (!edict::testing::rpm_tools_or_skip("the real-rpmdb check test")) return;
  TempRoot work("cli-rpmdb-check");
  auto root = work.path / "root";
  std::string failure = edict::testing::build_rpm_root(work.path / "build", root, "/var/lib/rpm");
  INFO(failure);
  REQUIRE(failure.empty());
  std::string dir = scratch_dir("rpm-policy");
  std::ofstream(dir + "/pkgs.edict") << kPolicy;

  RunResult rpm = run_edict("check --root '" + root.string() + "' --format json '" + dir + "'", ".");
  INFO(rpm.out << rpm.err);
  CHECK(rpm.exit_code == 0);
  RunResult deb = run_edict("check --root '" + fixture_root("debian12") + "' --format json '" + dir + "'", ".");
  INFO(deb.out << deb.err);
  CHECK(deb.exit_code == 0);
  // The RHEL fixture has no package database at all: unknown (exit 3), never a pass.
  RunResult none = run_edict("check --root '" + fixture_root("rhel9") + "' '" + dir + "'", ".");
  CHECK(none.exit_code == 3);
}

TEST_CASE("std.linux package_version_compare: decision cases for dpkg, rpm and no manager") {
  std::string dir = scratch_dir("rpm-decisions");
  std::ofstream(dir + "/p.edict") << R"(package t
import std.linux
policy p "P" {
  rule at_least "openssl at least the floor" { require linux.package_at_least("openssl", "3.0.7-24.el9") }
  rule cmp "the comparison as an int" { require linux.package_version_compare("openssl", "3.0.7-24.el9") == 1 }
}
)";
  std::ofstream(dir + "/p_test.toml") << R"toml([[case]]
name = "rpm: 27.el9 is newer than 24.el9"
facts = { packages = { openssl = { version = "1:3.0.7-27.el9", arch = "x86_64", manager = "rpm", versions = ["1:3.0.7-27.el9"] } } }
expect = { "t.p.at_least" = "pass", "t.p.cmp" = "pass" }

[[case]]
name = "rpm: 9.el9 is older than 24.el9 (by segments, not as text)"
facts = { packages = { openssl = { version = "3.0.7-9.el9", arch = "x86_64", manager = "rpm" } } }
expect = { "t.p.at_least" = "fail", "t.p.cmp" = "fail" }

[[case]]
name = "rpm: a tilde pre-release is older"
facts = { packages = { openssl = { version = "3.0.7~rc1-30.el9", manager = "rpm" } } }
expect = { "t.p.at_least" = "fail" }

[[case]]
name = "dpkg: ordered by dpkg's rules"
facts = { packages = { openssl = { version = "3.0.7-24.el9+b1", manager = "dpkg" } } }
expect = { "t.p.at_least" = "pass" }

[[case]]
name = "rpm: an el9_1 rebuild is newer than el9"
facts = { packages = { openssl = { version = "3.0.7-24.el9_1", manager = "rpm" } } }
expect = { "t.p.at_least" = "pass", "t.p.cmp" = "pass" }

[[case]]
name = "no manager: unknown, never guessed"
facts = { packages = { openssl = { version = "3.0.7-27.el9" } } }
expect = { "t.p.at_least" = "unknown" }

[[case]]
name = "another manager: unknown"
facts = { packages = { openssl = { version = "3.0.7-27.el9", manager = "apk" } } }
expect = { "t.p.at_least" = "unknown" }

[[case]]
name = "not installed: unknown"
facts = { packages = { bash = { version = "5.2", manager = "dpkg" } } }
expect = { "t.p.at_least" = "unknown" }
)toml";
  RunResult r = run_edict("test '" + dir + "'", ".");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("8 passed, 0 failed") != std::string::npos);
}
