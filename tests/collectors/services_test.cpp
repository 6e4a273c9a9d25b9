// The `services` collector (collectors/linux_services.cpp): unit files and their links
// in a fixture root, each unit's state compared with `systemctl --root=DIR is-enabled`
// (enabled, disabled, static, indirect, masked by /dev/null and by an empty file, alias,
// vendor wants links, /etc overriding /usr/lib). Catches: a masked unit reported enabled
// or "disabled" (a masked sshd is not merely off), a vendor link taken as enabled,
// an /etc copy without [Install] ignored in favour of the vendor file, a template
// enabled through an instance link (getty@tty1.service) reported disabled.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
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
namespace fs = std::filesystem;

namespace {

// The command's output without its trailing newlines.
std::string run(const std::string& cmd) {
  std::string out = edict::testing::run_command(cmd);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

const char* kWanted = "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n";

void build_tree(const TempRoot& root) {
  const std::string lib = "usr/lib/systemd/system/", etc = "etc/systemd/system/";
  root.write(lib + "ssh.service", "[Unit]\nDescription=OpenBSD Secure Shell server\n[Service]\nExecStart=/usr/sbin/sshd -D\n"
                                  "[Install]\nWantedBy=multi-user.target\nAlias=sshd.service\n");
  root.write(lib + "off.service", kWanted);
  root.write(lib + "static.service", "[Service]\nExecStart=/bin/true\n");
  root.write(lib + "ind.service", "[Service]\nExecStart=/bin/true\n[Install]\nAlso=off.service\n");
  root.write(lib + "masked.service", kWanted);
  root.write(lib + "empty.service", "");
  root.write(lib + "vendor.service", kWanted);
  root.write(lib + "runtime.service", kWanted);
  root.write(lib + "reset.service", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=\n");
  root.write(lib + "timer-job.timer", "[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n");
  root.write(lib + "overridden.service", kWanted);
  root.write(etc + "overridden.service", "[Service]\nExecStart=/bin/true\n");  // /etc's copy: no [Install]
  root.write(lib + "getty@.service", "[Service]\nExecStart=/sbin/agetty %I\n[Install]\nWantedBy=getty.target\nDefaultInstance=tty1\n");
  root.write(lib + "worker@.service", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
  root.write(lib + "queue@.service", "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
  root.write(lib + "comment.service", "[Service]\nExecStart=/bin/true\n# [Install]\n#WantedBy=multi-user.target\n");
  fs::create_directories(root.path / etc / "multi-user.target.wants");
  fs::create_directories(root.path / etc / "timers.target.wants");
  fs::create_directories(root.path / etc / "getty.target.wants");
  fs::create_symlink("/usr/lib/systemd/system/queue@.service", root.path / etc / "multi-user.target.wants/queue@mail.service");
  fs::create_symlink("/usr/lib/systemd/system/getty@.service", root.path / etc / "getty.target.wants/getty@tty1.service");
  fs::create_directories(root.path / lib / "multi-user.target.wants");
  fs::create_directories(root.path / "run/systemd/system/multi-user.target.wants");
  fs::create_symlink("/usr/lib/systemd/system/ssh.service", root.path / etc / "multi-user.target.wants/ssh.service");
  fs::create_symlink("/usr/lib/systemd/system/ssh.service", root.path / etc / "sshd.service");
  fs::create_symlink("/usr/lib/systemd/system/timer-job.timer", root.path / etc / "timers.target.wants/timer-job.timer");
  fs::create_symlink("/dev/null", root.path / etc / "masked.service");
  fs::create_symlink("../vendor.service", root.path / lib / "multi-user.target.wants/vendor.service");
  fs::create_symlink("/usr/lib/systemd/system/runtime.service",
                     root.path / "run/systemd/system/multi-user.target.wants/runtime.service");
}

}  // namespace

TEST_CASE("unit [Install]: WantedBy, Alias and Also count, and comments, other sections and empty resets do not") {
  CHECK(parse_unit_install(kWanted).installable);
  CHECK_FALSE(parse_unit_install("[Service]\nWantedBy=multi-user.target\n").installable);  // wrong section
  CHECK_FALSE(parse_unit_install("[Install]\n#WantedBy=x.target\n; Alias=y.service\n").installable);
  CHECK_FALSE(parse_unit_install("[Install]\nWantedBy=\n").installable);
  auto also = parse_unit_install("[Install]\nAlso=b.service\n");
  CHECK_FALSE(also.installable);
  CHECK(also.also);
  CHECK(parse_unit_install("[Install]\r\n  Alias = other.service \r\n").installable);
}

TEST_CASE("services under --root agree with systemctl --root is-enabled for every unit") {
  TempRoot root("services");
  build_tree(root);
  CollectOptions options;
  options.root = root.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"services"}, options, &reports);
  const Value* services = facts.find("services");
  REQUIRE(services);
  const std::map<std::string, std::string> expected = {
      {"ssh.service", "enabled"},         {"sshd.service", "alias"},        {"off.service", "disabled"},
      {"static.service", "static"},       {"ind.service", "indirect"},      {"masked.service", "masked"},
      {"empty.service", "masked"},        {"vendor.service", "disabled"},   {"runtime.service", "enabled-runtime"},
      {"reset.service", "static"},        {"timer-job.timer", "enabled"},   {"overridden.service", "static"},
      {"comment.service", "static"},      {"getty@.service", "enabled"},    {"worker@.service", "disabled"},
      {"queue@.service", "indirect"},
  };
  CHECK(services->size == expected.size());
  bool have_systemctl = std::system("systemctl --version >/dev/null 2>&1") == 0;
  if (!have_systemctl) std::cout << "systemctl absent: states checked against the expected table only\n";
  for (const auto& [unit, state] : expected) {
    INFO(unit);
    const Value* s = map_find(*services, unit);
    REQUIRE(s);
    CHECK(map_find(*s, "state")->str() == state);
    if (have_systemctl) {
      CHECK(run("systemctl --root='" + root.path.string() + "' is-enabled " + unit + " 2>&1") == state);
    }
    const Value* enabled = map_find(*s, "enabled");
    if (state == "enabled" || state == "enabled-runtime") {
      REQUIRE(enabled);
      CHECK(enabled->boolean);
    } else if (state == "disabled" || state == "masked") {
      REQUIRE(enabled);
      CHECK_FALSE(enabled->boolean);
    } else {
      CHECK(enabled == nullptr);  // static, indirect, alias: unknown, not false
    }
    CHECK(map_find(*s, "loaded")->boolean == (state != "masked"));
    CHECK(map_find(*s, "active") == nullptr);  // never known under --root
  }
  CHECK(map_find(*services, "ssh") == nullptr);  // keys are full unit names
  const CollectorReport* r = report_of(reports, "services");
  REQUIRE(r);
  CHECK(r->message.find("active state") != std::string::npos);
}

TEST_CASE("services: an unreadable unit directory leaves services unknown, never empty") {
  if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0) {
    std::cout << "not root or no setpriv: the unreadable-directory case did not run\n";
    return;
  }
  TempRoot root("services-denied");
  build_tree(root);
  fs::permissions(root.path / "etc/systemd/system", fs::perms::owner_all);
  fs::permissions(root.path / "usr", fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::replace);
  std::string out = run("setpriv --reuid=nobody --regid=nogroup --clear-groups '" + std::string(EDICT_BINARY) +
                        "' facts --only services --root '" + root.path.string() + "' --format json 2>&1");
  INFO(out);
  CHECK(out.find("\"services\"") == std::string::npos);
  CHECK(out.find("services left unknown") != std::string::npos);
}

TEST_CASE("services on this host agree with systemctl is-enabled, and active says why it is unknown") {
  if (std::system("systemctl --version >/dev/null 2>&1") != 0) {
    std::cout << "systemctl absent: the host comparison did not run\n";
    return;
  }
  CollectOptions options;
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"services"}, options, &reports);
  const Value* services = facts.find("services");
  REQUIRE(services);
  std::string names;
  for (uint32_t i = 0; i < services->size; ++i) names += " '" + std::string(services->entries[i].key) + "'";
  // is-enabled prints one state per unit named, in order; offline (--root=/) it reads the
  // unit files as Edict does, whether or not systemd is PID 1 here.
  std::string states = run("systemctl --root=/ is-enabled" + names + " 2>&1");
  size_t pos = 0;
  for (uint32_t i = 0; i < services->size; ++i) {
    size_t end = states.find('\n', pos);
    std::string theirs = states.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? states.size() : end + 1;
    INFO(services->entries[i].key);
    CHECK(map_find(services->entries[i].value, "state")->str() == theirs);
  }
  const CollectorReport* r = report_of(reports, "services");
  REQUIRE(r);
  if (!std::filesystem::exists("/run/systemd/system")) {
    // This machine (a container, PID 1 not systemd): active is unknown and the report says so.
    CHECK(r->message.find("systemd is not running here") != std::string::npos);
  }
}

TEST_CASE("services: an absolute symlink on the way to a unit directory resolves inside --root") {
  // etc/systemd -> /srv/systemd: the links under it must be read in the tree, not on this
  // host (where /srv/systemd does not exist, or holds another host's units).
  TempRoot root("services-abs");
  root.write("usr/lib/systemd/system/telnet.service", kWanted);
  fs::create_directories(root.path / "srv/systemd/system");
  fs::create_directories(root.path / "etc");
  fs::create_symlink("/srv/systemd", root.path / "etc/systemd");
  fs::create_symlink("/dev/null", root.path / "srv/systemd/system/telnet.service");
  REQUIRE_FALSE(fs::exists("/srv/systemd/system/telnet.service"));
  CollectOptions options;
  options.root = root.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"services"}, options, &reports);
  const Value* services = facts.find("services");
  REQUIRE(services);
  const Value* telnet = map_find(*services, "telnet.service");
  REQUIRE(telnet);
  CHECK(map_find(*telnet, "state")->str() == "masked");
  // systemctl 252 --root says "disabled" here: it does not follow the absolute link
  // inside the root. The image, booted, would: /etc/systemd is /srv/systemd there, and
  // its telnet.service is masked. Edict reports what the booted image does.
}

TEST_CASE("services: a tree with no unit directory is unknown, not a host without services") {
  TempRoot root("services-none");
  root.write("etc/os-release", "ID=alpine\n");
  CollectOptions options;
  options.root = root.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"services"}, options, &reports);
  CHECK(show(facts, "services") == "absent");
  const CollectorReport* r = report_of(reports, "services");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("no systemd unit directory") != std::string::npos);
}
