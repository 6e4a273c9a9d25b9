// The `sshd` collector's reading of sshd_config (collectors/sshd_config.cpp), compared
// key by key with the real `sshd -T -f FILE` of this host's OpenSSH on several configs:
// Includes with globs (sorted, first value wins across files), `Key=value`, quoted
// values, mixed case, time units, Match blocks (kept apart: `sshd -T` without -C does
// not apply them either), and OpenSSH 9.2's defaults for every key not set.
// Catches: the last value of a repeated key winning (sshd takes the first), a Match
// block's `PasswordAuthentication no` leaking into the global view (a false pass), an
// Include read out of order, an include loop reading forever.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include "collectors/registry.h"
#include "collectors/sshd_config.h"
#include "tests/collectors/collector_reports.h"
#include "tests/collectors/temp_root.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempRoot;
using namespace edict::collectors;

namespace {

// `sshd -T` as key -> value (first line of each key), or empty when sshd is unusable.
std::map<std::string, std::string> sshd_t(const std::string& file) {
  std::map<std::string, std::string> out;
  std::string command = "sshd -T -f " + file + " 2>/dev/null";
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char line[65536];
  while (fgets(line, sizeof line, p)) {
    std::string l(line);
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
    size_t space = l.find(' ');
    if (space == std::string::npos) continue;
    out.emplace(l.substr(0, space), l.substr(space + 1));
  }
  pclose(p);
  return out;
}

bool have_sshd() { return std::system("command -v sshd >/dev/null 2>&1 && sshd -V 2>&1 | grep -q OpenSSH_9.2") == 0; }

// Edict's global view plus the 9.2 defaults, compared with sshd -T for every key both
// report except those sshd accumulates (printed one line per value). Returns how many
// keys were compared.
size_t compare_with_sshd(const std::string& file) {
  SshdConfig config = read_sshd_config(RootFs("/"), file);
  INFO(file);
  for (const auto& e : config.errors) INFO(e);
  REQUIRE(config.errors.empty());
  for (const auto& [k, v] : sshd_92_defaults()) config.global.emplace(k, v);
  auto real = sshd_t(file);
  REQUIRE(!real.empty());
  size_t compared = 0;
  for (const auto& [key, value] : config.global) {
    if (sshd_key_accumulates(key)) continue;
    auto it = real.find(key);
    if (it == real.end()) continue;
    INFO("key " << key);
    CHECK(value == it->second);
    ++compared;
  }
  return compared;
}

}  // namespace

TEST_CASE("sshd: the effective configuration matches sshd -T key by key") {
  if (!have_sshd()) {
    std::cout << "OpenSSH 9.2's sshd is not installed: the sshd -T comparison did not run\n";
    return;
  }
  TempRoot dir("sshd");
  std::string d = dir.path.string();
  // 1: the defaults alone.
  dir.write("empty", "");
  CHECK(compare_with_sshd(d + "/empty") >= 50);

  // 2: a hardened config with mixed case, `=`, quotes, time units and a trailing comment.
  dir.write("hardened",
            "# comment\n"
            "permitrootlogin NO\n"
            "PasswordAuthentication=no\n"
            "KbdInteractiveAuthentication no\n"
            "LoginGraceTime 1m30s\n"
            "ClientAliveInterval 5m\n"
            "MaxAuthTries 3\n"
            "LogLevel verbose\n"
            "X11Forwarding yes\n"
            "AllowTcpForwarding all\n"
            "Compression delayed\n"
            "Banner \"/etc/issue.net\"\n"
            "Ciphers aes256-gcm@openssh.com,chacha20-poly1305@openssh.com\n"
            "PermitRootLogin yes\n");  // the first value wins
  CHECK(compare_with_sshd(d + "/hardened") >= 50);
  SshdConfig hardened = read_sshd_config(RootFs("/"), d + "/hardened");
  CHECK(hardened.global["permitrootlogin"] == "no");
  CHECK(hardened.global["logingracetime"] == "90");

  // 3: Includes: a glob read in sorted order, before the main file's own later lines.
  dir.write("conf.d/20-late.conf", "PasswordAuthentication yes\nMaxSessions 4\n");
  dir.write("conf.d/10-early.conf", "PasswordAuthentication no\nPermitRootLogin prohibit-password\n");
  dir.write("conf.d/ignored.txt", "MaxSessions 99\n");
  dir.write("with_include", "Include " + d + "/conf.d/*.conf\nPasswordAuthentication yes\nMaxStartups 5:50:20\n");
  CHECK(compare_with_sshd(d + "/with_include") >= 50);
  SshdConfig included = read_sshd_config(RootFs("/"), d + "/with_include");
  CHECK(included.global["passwordauthentication"] == "no");
  CHECK(included.global["permitrootlogin"] == "without-password");
  CHECK(included.global["maxsessions"] == "4");

  // 4: Match blocks are reported apart, not merged into the global view.
  dir.write("with_match",
            "PermitRootLogin no\n"
            "Match User backup Address 10.0.0.0/8\n"
            "  PasswordAuthentication no\n"
            "  PermitRootLogin yes\n"
            "Match Group admins\n"
            "  X11Forwarding yes\n");
  CHECK(compare_with_sshd(d + "/with_match") >= 50);
  SshdConfig matched = read_sshd_config(RootFs("/"), d + "/with_match");
  CHECK(matched.global["permitrootlogin"] == "no");
  CHECK(matched.global.count("passwordauthentication") == 0);  // before defaults: not set globally
  REQUIRE(matched.matches.size() == 2);
  CHECK(matched.matches[0].criteria == "User backup Address 10.0.0.0/8");
  CHECK(matched.matches[0].config["permitrootlogin"] == "yes");
  CHECK(matched.matches[1].config["x11forwarding"] == "yes");
}

TEST_CASE("sshd: an include loop, a missing value and an unreadable include leave the configuration unknown") {
  TempRoot dir("sshd-bad");
  std::string d = dir.path.string();
  dir.write("loop", "Include " + d + "/loop\n");
  SshdConfig loop = read_sshd_config(RootFs("/"), d + "/loop");
  REQUIRE(!loop.errors.empty());
  CHECK(loop.errors[0].find("Include nested more than 16 deep (sshd's SERVCONF_MAX_DEPTH) [E0528]") !=
        std::string::npos);

  dir.write("novalue", "PermitRootLogin\n");
  SshdConfig novalue = read_sshd_config(RootFs("/"), d + "/novalue");
  REQUIRE(!novalue.errors.empty());
  CHECK(novalue.errors[0].find("novalue:1: `PermitRootLogin` has no value") != std::string::npos);

  // Through the collector, under --root: nothing is reported, the reason is.
  dir.write("root/etc/ssh/sshd_config", "Include /etc/ssh/fifo\n");
  REQUIRE(::mkfifo((dir.path / "root/etc/ssh/fifo").c_str(), 0600) == 0);
  CollectOptions options;
  options.root = d + "/root";
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"sshd.config"}, options, &reports);
  CHECK(show(facts, "sshd.config") == "absent");
  const CollectorReport* r = report_of(reports, "sshd");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("not a regular file (a FIFO)") != std::string::npos);
}

TEST_CASE("sshd: defaults only for the OpenSSH version they belong to") {
  TempRoot dir("sshd-root");
  dir.write("etc/ssh/sshd_config", "PermitRootLogin no\n");
  dir.write("var/lib/dpkg/status",
            "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:9.2p1-2+deb12u10\n\n");
  CollectOptions options;
  options.root = dir.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"sshd"}, options, &reports);
  const Value* config = facts.find("sshd.config");
  REQUIRE(config);
  CHECK(to_display(*map_find(*config, "permitrootlogin")) == "\"no\"");
  CHECK(to_display(*map_find(*config, "passwordauthentication")) == "\"yes\"");  // 9.2's default
  CHECK(show(facts, "sshd.match") == "[]");

  dir.write("var/lib/dpkg/status",
            "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:8.4p1-5\n\n");
  reports.clear();
  Facts other = collect_facts(CollectorRegistry::with_builtin_host(), {"sshd"}, options, &reports);
  const Value* other_config = other.find("sshd.config");
  REQUIRE(other_config);
  CHECK(map_find(*other_config, "passwordauthentication") == nullptr);  // unknown, not 9.2's default
  CHECK(report_of(reports, "sshd")->message.find("openssh-server 9.2 is not installed") != std::string::npos);
}
