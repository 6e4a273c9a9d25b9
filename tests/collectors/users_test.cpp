// The `users` collector (collectors/linux_users.cpp): passwd, group and shadow
// under --root and on this host, compared with getent. Catches: an unreadable shadow
// taken as "no password" (a false pass of "no empty passwords"), a locked account
// reported as set, aging fields read as 0 when empty, a name defined twice resolved to
// the last line (getent uses the first), NIS `+` lines taken as accounts.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

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


Facts collect(const std::string& root, std::vector<CollectorReport>* reports) {
  CollectOptions options;
  options.root = root;
  return collect_facts(CollectorRegistry::with_builtin_host(), {"users", "groups"}, options, reports);
}

const char* kPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "# a comment\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
    "legacy::1001:1000::/home/legacy:/bin/sh\n"  // no password at all, in passwd itself
    "toor:x:0:0:second root:/root:/bin/sh\n"
    "alice:x:2000:2000:the second alice:/tmp:/bin/false\n"
    "+nisuser::::::\n"
    "broken:x:notanumber:0::/:/bin/sh\n";
const char* kGroup =
    "root:x:0:\n"
    "daemon:x:1:\n"
    "users:x:1000:alice,legacy\n"
    "empty:x:1001:\n";
const char* kShadow =
    "root:$6$salt$hash:19700:0:99999:7:::\n"
    "daemon:*:19700:0:99999:7:::\n"
    "alice:!$6$salt$hash:19701::90:7:30:20000:\n"
    "toor::19700:0:99999:7:::\n";

}  // namespace

TEST_CASE("passwd, group and shadow lines: fields, comments, NIS lines and malformed lines") {
  size_t bad = 0;
  auto users = parse_passwd(kPasswd, &bad);
  REQUIRE(users.size() == 6);  // the + line is not an account; `broken` is malformed
  CHECK(bad == 1);
  CHECK(users[0].name == "root");
  CHECK(users[0].uid == 0);
  CHECK(users[2].gecos == "Alice,,,");
  CHECK(users[3].password.empty());

  auto groups = parse_group(kGroup);
  REQUIRE(groups.size() == 4);
  CHECK(groups[2].members == std::vector<std::string>{"alice", "legacy"});
  CHECK(groups[3].members.empty());

  auto shadow = parse_shadow(kShadow);
  REQUIRE(shadow.size() == 4);
  CHECK(shadow[0].state == "set");
  CHECK(shadow[1].state == "locked");
  CHECK(shadow[2].state == "locked");  // "!" before a hash: locked with `passwd -l`
  CHECK(shadow[3].state == "empty");
  CHECK(shadow[2].max_days == 90);
  CHECK_FALSE(shadow[2].min_days.has_value());  // empty: not set, not 0
  CHECK(shadow[2].expires == 20000);
  CHECK_FALSE(shadow[0].inactive_days.has_value());
}

TEST_CASE("users under --root: records, primary group names, shadow state, first definition wins") {
  TempRoot root("users");
  root.write("etc/passwd", kPasswd);
  root.write("etc/group", kGroup);
  root.write("etc/shadow", kShadow);
  std::vector<CollectorReport> reports;
  Facts facts = collect(root.path.string(), &reports);
  const Value* users = facts.find("users");
  REQUIRE(users);
  REQUIRE(users->kind == ValueKind::kMap);
  CHECK(users->size == 5);  // root, daemon, alice (first), legacy, toor
  const Value* alice = map_find(*users, "alice");
  REQUIRE(alice);
  CHECK(to_display(*map_find(*alice, "uid")) == "1000");
  CHECK(to_display(*map_find(*alice, "group")) == "\"users\"");
  CHECK(to_display(*map_find(*alice, "password")) == "\"locked\"");
  CHECK(to_display(*map_find(*alice, "password_max_days")) == "90");
  CHECK(map_find(*alice, "password_min_days") == nullptr);
  CHECK(to_display(*map_find(*map_find(*users, "toor"), "password")) == "\"empty\"");
  CHECK(to_display(*map_find(*map_find(*users, "legacy"), "password")) == "\"empty\"");
  CHECK(to_display(*map_find(*map_find(*users, "root"), "password")) == "\"set\"");
  const CollectorReport* report = report_of(reports, "users");
  REQUIRE(report);
  CHECK(report->ok);
  CHECK(report->message.find("`alice` is defined twice") != std::string::npos);
  CHECK(report->message.find("1 malformed account lines skipped") != std::string::npos);

  const Value* groups = facts.find("groups");
  REQUIRE(groups);
  CHECK(to_display(*map_find(*groups, "users")) == "{\"gid\": 1000, \"members\": [\"alice\", \"legacy\"]}");
}

TEST_CASE("users under --root: no shadow leaves the password state unknown, never empty") {
  TempRoot root("users");
  root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nlegacy::5:5::/:/bin/sh\n");
  root.write("etc/group", "root:x:0:\n");
  std::vector<CollectorReport> reports;
  Facts facts = collect(root.path.string(), &reports);
  const Value* users = facts.find("users");
  REQUIRE(users);
  CHECK(map_find(*map_find(*users, "root"), "password") == nullptr);  // unknown
  // passwd's own empty field needs no shadow: that account has no password.
  CHECK(to_display(*map_find(*map_find(*users, "legacy"), "password")) == "\"empty\"");
  CHECK(report_of(reports, "users")->message.find("etc/shadow") != std::string::npos);
}

TEST_CASE("users under --root: a malformed shadow line leaves accounts without a line unknown, not locked") {
  // `mallory::0` (3 fields) is skipped as malformed; it may be mallory's own line with an
  // empty password, so mallory's state must not be inferred as "locked".
  TempRoot root("users");
  root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nmallory:x:1002:1002::/home/m:/bin/sh\n");
  root.write("etc/group", "root:x:0:\n");
  root.write("etc/shadow", "root:$6$s$h:19700:0:99999:7:::\nmallory::0\n");
  std::vector<CollectorReport> reports;
  Facts facts = collect(root.path.string(), &reports);
  const Value* users = facts.find("users");
  REQUIRE(users);
  CHECK(map_find(*map_find(*users, "mallory"), "password") == nullptr);
  CHECK(to_display(*map_find(*map_find(*users, "root"), "password")) == "\"set\"");
  CHECK(report_of(reports, "users")->message.find("1 malformed account lines skipped") != std::string::npos);
}

TEST_CASE("users under --root: no passwd leaves users unknown and fails the collector") {
  TempRoot root("users");
  root.write("etc/group", "root:x:0:\n");
  std::vector<CollectorReport> reports;
  Facts facts = collect(root.path.string(), &reports);
  CHECK(show(facts, "users") == "absent");
  CHECK(show(facts, "groups") != "absent");
  CHECK_FALSE(report_of(reports, "users")->ok);
}

TEST_CASE("users on this host agree with getent passwd and getent group") {
  if (std::system("getent passwd root >/dev/null 2>&1") != 0) {
    std::cout << "getent not usable here: the host comparison did not run\n";
    return;
  }
  std::vector<CollectorReport> reports;
  Facts facts = collect("/", &reports);
  const Value* users = facts.find("users");
  REQUIRE(users);
  FILE* p = popen("getent passwd", "r");
  REQUIRE(p);
  char line[4096];
  size_t seen = 0;
  while (fgets(line, sizeof line, p)) {
    std::string l(line);
    if (!l.empty() && l.back() == '\n') l.pop_back();
    auto e = parse_passwd(l);
    if (e.empty()) continue;
    const Value* u = map_find(*users, e[0].name);
    INFO(l);
    REQUIRE(u);
    CHECK(map_find(*u, "uid")->integer == e[0].uid);
    CHECK(map_find(*u, "gid")->integer == e[0].gid);
    CHECK(map_find(*u, "home")->str() == e[0].home);
    CHECK(map_find(*u, "shell")->str() == e[0].shell);
    ++seen;
  }
  pclose(p);
  CHECK(seen == users->size);
  const Value* groups = facts.find("groups");
  REQUIRE(groups);
  FILE* g = popen("getent group | wc -l", "r");
  REQUIRE(g);
  REQUIRE(fgets(line, sizeof line, g));
  pclose(g);
  CHECK(static_cast<uint32_t>(std::atoi(line)) == groups->size);
  if (::geteuid() == 0) {
    // As root the shadow is readable: every account has a password state.
    for (uint32_t i = 0; i < users->size; ++i) {
      INFO(users->entries[i].key);
      CHECK(map_find(users->entries[i].value, "password") != nullptr);
    }
  }
}

TEST_CASE("users as a user who cannot read /etc/shadow: unknown with the reason") {
  if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0) {
    std::cout << "not root or no setpriv: the unprivileged case did not run\n";
    return;
  }
  // The real binary as `nobody`: passwd and group read, shadow refused (0640 root:shadow).
  std::string out = "/tmp/edict-users-nobody.json";
  std::string cmd = "setpriv --reuid=nobody --regid=nogroup --clear-groups '" + std::string(EDICT_BINARY) +
                    "' facts --only users --format json >" + out + " 2>" + out + ".err";
  int rc = std::system(cmd.c_str());
  std::ifstream in(out), err_in(out + ".err");
  std::stringstream text, err;
  text << in.rdbuf();
  err << err_in.rdbuf();
  INFO(text.str() << err.str());
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(text.str().find("\"users\"") != std::string::npos);
  CHECK(text.str().find("\"password\"") == std::string::npos);
  CHECK(err.str().find("etc/shadow") != std::string::npos);
  std::remove(out.c_str());
  std::remove((out + ".err").c_str());
}
