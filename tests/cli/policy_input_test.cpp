// Policy input fails closed (issue 12), through the real binary: a policy tree Edict
// cannot read whole (an unreadable subdirectory, a dangling symlink, a symlink loop, a
// FIFO named *.edict) is exit 2 naming the path, never a smaller policy set; a run that
// loaded no rule is exit 2 unless --allow-empty; a file claiming `package std.net`
// cannot turn the shipped air-gap rule into a pass; `/dev/zero` and endless stdin as
// policies or facts end in the size diagnostics (E0002, E0501), and a FIFO still works.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

namespace fs = std::filesystem;

const std::string kSource = EDICT_SOURCE_DIR;
const std::string kPassFacts = kSource + "/tests/data/cli/gate/facts/pass.json";
const char* kRule = R"(package t
policy p "p" {
  rule r "r" {
    require os.family == "linux" or os.family != "linux"
  }
}
)";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A fresh policy tree with one good policy file in it.
std::string fresh_tree(const std::string& name) {
  std::string dir = scratch_dir("policy_input") + "/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir + "/policies");
  std::ofstream(dir + "/policies/good.edict") << kRule;
  return dir;
}

RunResult check_tree(const std::string& dir, const std::string& extra = "") {
  return run_edict("check " + dir + "/policies --facts " + kPassFacts + " --now 2026-11-21 " + extra, ".");
}

// run_edict's command, with edict started as `nobody` (the shell and its redirections
// stay root's).
RunResult run_as_nobody(const std::string& args) {
  std::string dir = scratch_dir("policy_input");
  std::string out = dir + "/nobody.out", err = dir + "/nobody.err";
  std::string command = "NO_COLOR=1 setpriv --reuid=65534 --regid=65534 --clear-groups '" + std::string(EDICT_BINARY) +
                        "' " + args + " >'" + out + "' 2>'" + err + "' </dev/null";
  int status = std::system(command.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace

TEST_CASE("policy tree: a dangling *.edict symlink is E0005 and exit 2, not one policy fewer") {
  std::string dir = fresh_tree("dangling");
  fs::create_symlink(dir + "/gone.edict", dir + "/policies/moved.edict");
  RunResult r = check_tree(dir);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir + "/policies/moved.edict: error[E0005]: cannot read `" + dir +
                       "/policies/moved.edict`: a dangling symlink"));
  CHECK(r.out.empty());
  // `fmt --check` walks the same way: it cannot call a tree formatted that it did not read.
  RunResult f = run_edict("fmt --check " + dir + "/policies", ".");
  CHECK(f.exit_code == 2);
  CHECK(has(f.err, "error[E0005]"));
}

TEST_CASE("policy tree: a symlink loop is E0005 and exit 2") {
  std::string dir = fresh_tree("loop");
  fs::create_symlink("self.edict", dir + "/policies/self.edict");
  RunResult r = check_tree(dir);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0005]: cannot read `" + dir + "/policies/self.edict`: a symlink loop"));

  // A directory symlink that leads back up the tree.
  std::string up = fresh_tree("loop_up");
  fs::create_directories(up + "/policies/sub");
  fs::create_symlink("..", up + "/policies/sub/up");
  RunResult u = check_tree(up);
  CHECK(u.exit_code == 2);
  CHECK(has(u.err, "error[E0005]: `" + up + "/policies/sub/up` is a symlink loop"));
}

TEST_CASE("policy tree: a symlinked subdirectory is read, its rules count") {
  std::string dir = fresh_tree("linked_dir");
  fs::create_directories(dir + "/shared");
  std::ofstream(dir + "/shared/more.edict") << "package u\npolicy q \"q\" {\n  rule s \"s\" {\n    require true\n  }\n}\n";
  fs::create_symlink("../shared", dir + "/policies/shared");
  RunResult r = check_tree(dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "2 rules: 2 pass"));
}

TEST_CASE("policy tree: a FIFO named *.edict is refused, not waited on") {
  std::string dir = fresh_tree("fifo_in_tree");
  REQUIRE(::mkfifo((dir + "/policies/pipe.edict").c_str(), 0600) == 0);
  RunResult r = check_tree(dir);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0005]: cannot read `" + dir + "/policies/pipe.edict`: it is not a regular file"));
}

TEST_CASE("policy tree: a subdirectory the user cannot read is E0005 and exit 2") {
  // Everything runs as root, which reads any directory; drop to `nobody` for the run so
  // chmod 000 means what it means for an operator's CI user.
  if (std::system("command -v setpriv >/dev/null 2>&1") != 0 || ::geteuid() != 0) {
    WARN("setpriv (util-linux) or root is missing: cannot run edict as another user; not tested");
    return;
  }
  std::string dir = fresh_tree("unreadable");
  fs::create_directories(dir + "/policies/locked");
  std::ofstream(dir + "/policies/locked/hidden.edict") << "package h\npolicy h \"h\" {\n  rule h \"h\" {\n    require false\n  }\n}\n";
  for (const std::string& p : {scratch_dir("policy_input"), dir, dir + "/policies"}) fs::permissions(p, fs::perms(0755));
  fs::permissions(dir + "/policies/good.edict", fs::perms(0644));
  fs::permissions(dir + "/policies/locked", fs::perms::none);
  RunResult r = run_as_nobody("check " + dir + "/policies --facts " + kPassFacts + " --now 2026-11-21");
  fs::permissions(dir + "/policies/locked", fs::perms(0755));
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0005]: cannot read directory `" + dir + "/policies/locked`: Permission denied"));
}

TEST_CASE("no rule loaded: an empty or comment-only policy set is E0410 and exit 2") {
  std::string dir = scratch_dir("policy_input") + "/empty";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir + "/empty.edict") << "";
  std::ofstream(dir + "/comments.edict") << "# nothing here yet\n";
  std::ofstream(dir + "/lets.edict") << "package lib\nlet x = 1\ndef f(y) = y > 1\n";
  for (const std::string name : {"empty.edict", "comments.edict", "lets.edict"}) {
    INFO(name);
    RunResult r = run_edict("check " + dir + "/" + name + " --facts " + kPassFacts + " --now 2026-11-21", ".");
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "error[E0410]: no rule was loaded: a gate over no rule would pass any host"));
    CHECK(has(r.err, "--allow-empty"));
    CHECK(r.out.empty());
  }
  // An empty bundle is no better than an empty policy set.
  std::string bundle = dir + "/empty.edictc";
  REQUIRE(run_edict("compile " + dir + "/lets.edict -o " + bundle, ".").exit_code == 0);
  RunResult b = run_edict("check --bundle " + bundle + " --facts " + kPassFacts + " --now 2026-11-21", ".");
  CHECK(b.exit_code == 2);
  CHECK(has(b.err, "error[E0410]"));
  // Asked for explicitly, it runs and passes.
  RunResult allowed =
      run_edict("check " + dir + "/comments.edict --facts " + kPassFacts + " --now 2026-11-21 --allow-empty", ".");
  CHECK(allowed.exit_code == 0);
  CHECK(has(allowed.out, "0 rules"));
  CHECK(has(run_edict("check --help", ".").out, "--allow-empty"));
}

TEST_CASE("a file declaring `package std.net` cannot make the Windows air-gap rule pass") {
  const std::string facts = "policies/windows/fixtures/ws2008-sp2-6002-internet.json";
  RunResult honest = run_edict("check policies/windows --facts " + facts + " --now 2026-11-21 --format json", ".");
  CHECK(honest.exit_code == 1);
  CHECK(has(honest.out, "\"id\": \"windows.server2008.esu.air_gapped\""));
  RunResult r = run_edict("check policies/windows tests/data/compiler/namespace/std_net_override.edict --facts " +
                              facts + " --now 2026-11-21",
                          ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "std_net_override.edict:4:9: error[E0209]: package `std.net` is reserved for the standard library"));
  CHECK(r.out.empty());
}

TEST_CASE("/dev/zero and endless stdin as policies are E0002, not an out-of-memory") {
  RunResult check = run_edict("check /dev/zero --facts " + kPassFacts, ".");
  CHECK(check.exit_code == 2);
  CHECK(has(check.err, "/dev/zero: error[E0002]: file is too large to be a policy (more than 4194304 bytes)"));
  CHECK_FALSE(has(check.err, "internal error"));
  RunResult fmt = run_edict("fmt -", ".", "/dev/zero");
  CHECK(fmt.exit_code == 2);
  CHECK(has(fmt.err, "<stdin>: error[E0002]"));
  RunResult parse = run_edict("parse /dev/zero", ".");
  CHECK(parse.exit_code == 2);
  CHECK(has(parse.err, "error[E0002]"));
}

TEST_CASE("/dev/zero and endless stdin as facts are E0501, not an out-of-memory") {
  std::string policy = scratch_dir("policy_input") + "/one.edict";
  std::ofstream(policy) << kRule;
  RunResult file = run_edict("check " + policy + " --facts /dev/zero --max-facts-bytes 1MiB", ".");
  CHECK(file.exit_code == 2);
  CHECK(has(file.err, "/dev/zero: error[E0501]: facts document is larger than 1 MiB"));
  RunResult stdin_facts = run_edict("check " + policy + " --facts - --max-facts-bytes 1MiB", ".", "/dev/zero");
  CHECK(stdin_facts.exit_code == 2);
  CHECK(has(stdin_facts.err, "<stdin>: error[E0501]"));
}

TEST_CASE("a FIFO still works as a policy and as a facts input") {
  std::string dir = scratch_dir("policy_input") + "/fifos";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string policy = dir + "/policy.fifo", facts = dir + "/facts.fifo";
  REQUIRE(::mkfifo(policy.c_str(), 0600) == 0);
  REQUIRE(::mkfifo(facts.c_str(), 0600) == 0);
  // What `<(...)` gives a pipeline: a writer on the other end, the reader sees no size.
  // Waits (at most ~20 s) for edict to open the reading end, so a failure cannot hang here.
  auto feed = [](std::string path, std::string text) {
    int fd = -1;
    for (int i = 0; i < 2000 && fd < 0; ++i) {
      fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd < 0) ::usleep(10'000);
    }
    if (fd < 0) return;
    ::fcntl(fd, F_SETFL, 0);
    (void)!::write(fd, text.data(), text.size());
    ::close(fd);
  };
  std::thread policy_writer(feed, policy, std::string(kRule));
  std::thread facts_writer(feed, facts, read_file(kPassFacts));
  RunResult r = run_edict("check " + policy + " --facts " + facts + " --now 2026-11-21", ".");
  policy_writer.join();
  facts_writer.join();
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "1 rule: 1 pass"));
}

TEST_CASE("/dev/zero as a bundle is E0703 at the bundle limit, through the shared reader") {
  RunResult r = run_edict("check --bundle /dev/zero --facts " + kPassFacts, ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0703]: the bundle `/dev/zero` is over the limit of 67108864 bytes"));
  RunResult dir = run_edict("check --bundle /tmp --facts " + kPassFacts, ".");
  CHECK(dir.exit_code == 2);
  CHECK(has(dir.err, "error[E0713]: cannot read bundle `/tmp`: is a directory"));
}

TEST_CASE("policy tree: nesting past kMaxPolicyTreeDepth (64) is E0005") {
  std::string dir = fresh_tree("deep");
  std::string path = dir + "/policies";
  for (int i = 0; i < 64; ++i) path += "/d";
  fs::create_directories(path);
  RunResult r = check_tree(dir);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0005]: policy directories nest deeper than 64 levels"));
  // One level less is walked.
  std::string ok = fresh_tree("deep_ok");
  std::string ok_path = ok + "/policies";
  for (int i = 0; i < 63; ++i) ok_path += "/d";
  fs::create_directories(ok_path);
  std::ofstream(ok_path + "/bottom.edict") << "package b\npolicy b \"b\" {\n  rule b \"b\" {\n    require true\n  }\n}\n";
  RunResult o = check_tree(ok);
  INFO(o.err);
  CHECK(o.exit_code == 0);
  CHECK(has(o.out, "2 rules: 2 pass"));
}
