// The `files` collector (collectors/linux_files.cpp) under --root, compared with
// `stat -c` on the same paths. Catches: a symlink followed out of the root (an image's
// /etc/shadow -> /etc/shadow link would describe the host's), a FIFO opened for its hash
// (the run would hang), a path Edict cannot look at reported as `exists: false` (a rule
// "no world-writable /etc/sudoers" would pass), non-UTF-8 content mangled into lines,
// the size limits hit silently.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

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

struct Collected {
  Facts facts;
  std::vector<CollectorReport> reports;
  std::string message() const {
    const CollectorReport* r = report_of(reports, "files");
    return r ? r->message : "";
  }
  bool ok() const {
    const CollectorReport* r = report_of(reports, "files");
    return r && r->ok;
  }
  std::string field(const std::string& key, const std::string& name) const {
    const Value* files = facts.find("files");
    if (!files) return "absent";
    const Value* entry = map_find(*files, key);
    if (!entry) return "absent";
    const Value* v = map_find(*entry, name);
    return v ? to_display(*v) : "absent";
  }
};

Collected collect(const std::string& root, const std::vector<std::pair<std::string, std::string>>& reads) {
  CollectOptions options;
  options.root = root;
  for (const auto& [key, field] : reads) add_keyed_read(&options.keys["files"], key, field);
  Collected c;
  c.facts = collect_facts(CollectorRegistry::with_builtin_host(), {"files"}, options, &c.reports);
  return c;
}

// The command's output without its trailing newlines.
std::string run(const std::string& command) {
  std::string out = edict::testing::run_command(command);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string as_text(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

TEST_CASE("files: every field matches stat -c on a fixture tree") {
  TempRoot root("files");
  root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nsshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n");
  root.write("etc/group", "root:x:0:\nshadow:x:42:\n");
  root.write("etc/shadow", "root:*:19700:0:99999:7:::\n");
  ::chmod((root.path / "etc/shadow").c_str(), 0640);
  REQUIRE(::chown((root.path / "etc/shadow").c_str(), 0, 42) == 0);
  root.write("etc/ssh/sshd_config", "PermitRootLogin no\nPasswordAuthentication no\n");
  ::chmod((root.path / "etc/ssh").c_str(), 01755);
  REQUIRE(::symlink("/etc/ssh/sshd_config", (root.path / "etc/sshd_link").c_str()) == 0);
  REQUIRE(::mkfifo((root.path / "etc/fifo").c_str(), 0600) == 0);
  REQUIRE(::mknod((root.path / "etc/null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);

  auto c = collect(root.path.string(), {{"/etc/shadow", "owner"},
                                        {"/etc/shadow", "group"},
                                        {"/etc/ssh", ""},
                                        {"/etc/sshd_link", ""},
                                        {"/etc/fifo", "sha256"},
                                        {"/etc/null", "lines"},
                                        {"/etc/missing", ""},
                                        {"/etc/passwd/below", ""}});
  INFO(c.message());
  for (const char* key : {"/etc/shadow", "/etc/ssh", "/etc/sshd_link", "/etc/fifo", "/etc/null"}) {
    std::string real = (root.path.string() + key);
    INFO(key);
    CHECK(c.field(key, "exists") == "true");
    CHECK(c.field(key, "mode") == run("echo $((0$(stat -c %a " + real + ")))"));
    CHECK(c.field(key, "mode_octal") == as_text(run("stat -c %04a " + real)));
    CHECK(c.field(key, "uid") == run("stat -c %u " + real));
    CHECK(c.field(key, "gid") == run("stat -c %g " + real));
    CHECK(c.field(key, "size") == run("stat -c %s " + real));
    CHECK(c.field(key, "mtime") == run("stat -c %Y " + real));
  }
  CHECK(c.field("/etc/shadow", "type") == "\"file\"");
  CHECK(c.field("/etc/ssh", "type") == "\"dir\"");
  CHECK(c.field("/etc/ssh", "mode_octal") == "\"1755\"");
  CHECK(c.field("/etc/sshd_link", "type") == "\"symlink\"");
  CHECK(c.field("/etc/fifo", "type") == "\"fifo\"");
  CHECK(c.field("/etc/null", "type") == "\"device\"");
  // Names from the root's own passwd and group, not the host's.
  CHECK(c.field("/etc/shadow", "owner") == "\"root\"");
  CHECK(c.field("/etc/shadow", "group") == "\"shadow\"");
  CHECK(c.field("/etc/sshd_link", "target") == as_text(run("readlink " + root.path.string() + "/etc/sshd_link")));
  // Special files are never opened: their content is unknown, and the run did not hang.
  CHECK(c.field("/etc/fifo", "sha256") == "absent");
  CHECK(c.field("/etc/null", "lines") == "absent");
  CHECK(c.message().find("`/etc/fifo`: not a regular file (a FIFO)") != std::string::npos);
  // Missing is false; a path through a regular file is missing too (ENOTDIR).
  CHECK(c.field("/etc/missing", "exists") == "false");
  CHECK(c.field("/etc/passwd/below", "exists") == "false");
  // Costly fields only when read.
  CHECK(c.field("/etc/shadow", "sha256") == "absent");
}

TEST_CASE("files: sha256 and lines of the file a symlink resolves to inside the root") {
  TempRoot root("files-content");
  root.write("etc/ssh/sshd_config", "PermitRootLogin no\nPasswordAuthentication no\n");
  // An absolute link resolves below the root, never to the host's file.
  REQUIRE(::symlink("/etc/ssh/sshd_config", (root.path / "etc/link").c_str()) == 0);
  REQUIRE(::symlink("../../../../../../etc/hostname", (root.path / "etc/escape").c_str()) == 0);
  auto c = collect(root.path.string(),
                   {{"/etc/link", "sha256"}, {"/etc/link", "lines"}, {"/etc/escape", "lines"}});
  INFO(c.message());
  std::string expected = run("sha256sum " + root.path.string() + "/etc/ssh/sshd_config | cut -d' ' -f1");
  CHECK(c.field("/etc/link", "sha256") == as_text(expected));
  CHECK(c.field("/etc/link", "lines") == "[\"PermitRootLogin no\", \"PasswordAuthentication no\"]");
  // `..` stops at the root: the host's /etc/hostname is not read.
  CHECK(c.field("/etc/escape", "type") == "\"symlink\"");
  CHECK(c.field("/etc/escape", "lines") == "absent");
}

TEST_CASE("files: a path Edict cannot look at is unknown with the reason, never missing") {
  TempRoot root("files-unknown");
  REQUIRE(::symlink("loop", (root.path / "loop").c_str()) == 0);
  auto c = collect(root.path.string(), {{"/loop/x", ""}});
  CHECK(c.field("/loop/x", "exists") == "absent");
  CHECK_FALSE(c.ok());
  CHECK(c.message().find("`/loop/x`: Too many levels of symbolic links; left unknown [E0524]") != std::string::npos);

  // Permission denied, as a user who cannot search the directory.
  root.write("secret/file", "x");
  ::chmod((root.path / "secret").c_str(), 0700);
  if (::geteuid() != 0) return;
  std::string edict_facts = std::string(EDICT_BINARY) + " facts --only files --key /secret/file --root " +
                            root.path.string();
  std::string out = run("setpriv --reuid=65534 --regid=65534 --clear-groups " + edict_facts + " 2>&1");
  CHECK(out.find("`/secret/file`: Permission denied; left unknown [E0524]") != std::string::npos);
  CHECK(out.find("\"exists\": false") == std::string::npos);
}

TEST_CASE("files: non-UTF-8 content is reported, not mangled, and the size limits are reported") {
  TempRoot root("files-limits");
  root.write("latin1", std::string("caf\xe9\n"));
  root.write("nul", std::string("a\0b\n", 4));
  std::filesystem::resize_file(root.path / "latin1", 5);
  root.write("big", "");
  std::filesystem::resize_file(root.path / "big", kMaxLinesBytes + 1);
  root.write("huge", "");
  std::filesystem::resize_file(root.path / "huge", kMaxHashBytes + 1);
  auto c = collect(root.path.string(), {{"/latin1", "lines"}, {"/nul", "lines"}, {"/big", "lines"},
                                        {"/huge", "sha256"}, {"/big", "sha256"}});
  INFO(c.message());
  CHECK(c.field("/latin1", "lines") == "absent");
  CHECK(c.message().find("`/latin1`: not UTF-8 text (byte 3); lines left unknown, not repaired [E0526]") !=
        std::string::npos);
  CHECK(c.field("/nul", "lines") == "absent");
  CHECK(c.field("/big", "lines") == "absent");
  CHECK(c.message().find("`/big`: larger than 1048576 bytes, the most Edict reads as lines (kMaxLinesBytes)") !=
        std::string::npos);
  CHECK(c.field("/big", "sha256") != "absent");  // under the hash limit, hashed
  CHECK(c.field("/huge", "sha256") == "absent");
  CHECK(c.message().find("`/huge`: larger than 33554432 bytes, the most Edict reads (kMaxHashBytes) [E0525]") !=
        std::string::npos);
  CHECK_FALSE(c.ok());
}

TEST_CASE("files: at most kMaxFileKeys paths per run, the rest reported") {
  TempRoot root("files-many");
  std::vector<std::pair<std::string, std::string>> reads;
  for (size_t i = 0; i <= kMaxFileKeys; ++i) reads.emplace_back("/f" + std::to_string(i), "");
  auto c = collect(root.path.string(), reads);
  CHECK(c.message().find("1 more paths left unknown: a run reads at most 4096 (kMaxFileKeys) [E0527]") !=
        std::string::npos);
  CHECK_FALSE(c.ok());
}

TEST_CASE("files: nothing is collected when no key is named") {
  TempRoot root("files-none");
  auto c = collect(root.path.string(), {});
  CHECK(c.facts.find("files") == nullptr);
}
