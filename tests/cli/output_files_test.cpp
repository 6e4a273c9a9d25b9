// Every file Edict writes goes through one writer (report/output.h); these drive it
// through the real binary. Catches: `--output json=/dev/null` replacing /dev/null with
// a regular file, a symlinked report turned into a plain file, a report losing its
// mode or owner, a FIFO replaced instead of written, one failed output leaving the
// others (and a stdout summary saying "exit 1") behind, `--output json=-` followed by
// the text summary, and two outputs silently overwriting each other.
//
// Devices are made with mknod in a scratch directory (null is 1,3 and full is 1,7 on
// Linux): on the old code these tests replace their own copies, never the host's /dev.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace fs = std::filesystem;

namespace {

const char* kDir = "tests/data/cli/outputs";

RunResult check(const std::string& extra, const std::string& facts = "fail") {
  return run_edict("check policies --facts " + facts + ".json --now 2026-11-21 " + extra, kDir);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct stat lstat_of(const std::string& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

// A fresh empty directory per test case.
std::string fresh_dir(const std::string& name) {
  std::string dir = scratch_dir("outputs-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The names in `dir` that look like the writer's temporaries (`.NAME.tmp-XXXXXX`).
std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(dir))
    if (has(e.path().filename().string(), ".tmp")) found.push_back(e.path().string());
  return found;
}

std::string make_device(const std::string& dir, const std::string& name, unsigned minor) {
  std::string path = dir + "/" + name;
  REQUIRE(::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0);
  return path;
}

}  // namespace

TEST_CASE("outputs: a character device is written straight, never replaced by a file") {
  std::string dir = fresh_dir("device");
  std::string null = make_device(dir, "null", 3);
  struct stat before = lstat_of(null);
  RunResult r = check("--output json=" + null);
  CHECK(r.exit_code == 1);
  struct stat after = lstat_of(null);
  CHECK(S_ISCHR(after.st_mode));
  CHECK(after.st_ino == before.st_ino);
  CHECK(after.st_rdev == before.st_rdev);
  CHECK(temporaries(dir).empty());

  // `compile -o` and `doc -o` go through the same writer.
  RunResult c = run_edict("compile policies -o " + null, kDir);
  CHECK(c.exit_code == 0);
  RunResult d = run_edict("doc policies -o " + null, kDir);
  CHECK(d.exit_code == 0);
  CHECK(S_ISCHR(lstat_of(null).st_mode));
  CHECK(lstat_of(null).st_ino == before.st_ino);
}

TEST_CASE("outputs: a write error on a device (ENOSPC) is E0801, exit 2, and no summary says exit 1") {
  std::string dir = fresh_dir("full");
  std::string full = make_device(dir, "full", 7);
  RunResult r = check("--output json=" + full);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0801]: cannot write `" + full + "`: No space left on device"));
  CHECK(r.out.empty());
  CHECK_FALSE(has(r.out + r.err, "exit 1"));
  CHECK(S_ISCHR(lstat_of(full).st_mode));

  RunResult c = run_edict("compile policies -o " + full, kDir);
  CHECK(c.exit_code == 2);
  CHECK(has(c.err, "error[E0714]: cannot write `" + full + "`: No space left on device"));
  CHECK(S_ISCHR(lstat_of(full).st_mode));
}

TEST_CASE("outputs: a block device is refused, never written or replaced") {
  std::string dir = fresh_dir("block");
  // 1,0 is /dev/ram0: absent on most hosts, so even a regression cannot write a disk.
  std::string disk = dir + "/disk";
  REQUIRE(::mknod(disk.c_str(), S_IFBLK | 0600, makedev(1, 0)) == 0);
  RunResult r = check("--output json=" + disk);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0801]: cannot write `" + disk + "`: it is a block device"));
  CHECK(S_ISBLK(lstat_of(disk).st_mode));
  CHECK(r.out.empty());
}

TEST_CASE("outputs: a FIFO is written to its reader, not replaced") {
  std::string dir = fresh_dir("fifo");
  std::string fifo = dir + "/report.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  // A non-blocking reader opens at once; the report (a few KiB) fits the pipe buffer.
  int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  RunResult r = check("--output json=" + fifo);
  CHECK(r.exit_code == 1);
  std::string got;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(reader, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  ::close(reader);
  CHECK(S_ISFIFO(lstat_of(fifo).st_mode));
  REQUIRE_FALSE(got.empty());
  CHECK(nlohmann::json::parse(got)["summary"]["gate"] == "fail");
  CHECK(temporaries(dir).empty());
}

TEST_CASE("outputs: a symlink is written through to its target, which keeps its mode and owner") {
  std::string dir = fresh_dir("symlink");
  std::string target = dir + "/target.json";
  { std::ofstream(target) << "old"; }
  REQUIRE(::chmod(target.c_str(), 0640) == 0);
  REQUIRE(::chown(target.c_str(), 4321, 4322) == 0);  // the tests run as root
  fs::create_symlink("target.json", dir + "/link.json");
  RunResult r = check("--output json=" + dir + "/link.json");
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(fs::is_symlink(dir + "/link.json"));
  CHECK(fs::read_symlink(dir + "/link.json") == "target.json");
  CHECK(nlohmann::json::parse(read_file(target))["summary"]["gate"] == "fail");
  struct stat st = lstat_of(target);
  CHECK((st.st_mode & 07777) == 0640);
  CHECK(st.st_uid == 4321);
  CHECK(st.st_gid == 4322);
  CHECK(temporaries(dir).empty());

  // A dangling link creates its target, as `>` would; the link stays a link.
  fs::create_symlink("new.sarif", dir + "/dangling.sarif");
  RunResult d = check("--output sarif=" + dir + "/dangling.sarif");
  CHECK(d.exit_code == 1);
  CHECK(fs::is_symlink(dir + "/dangling.sarif"));
  CHECK(has(read_file(dir + "/new.sarif"), "\"version\": \"2.1.0\""));

  // A loop is an error, not a hang.
  fs::create_symlink("loop2", dir + "/loop1");
  fs::create_symlink("loop1", dir + "/loop2");
  RunResult l = check("--output json=" + dir + "/loop1");
  CHECK(l.exit_code == 2);
  CHECK(has(l.err, "error[E0801]"));
}

TEST_CASE("outputs: replacing a regular report keeps its permission bits, a new one follows the umask") {
  std::string dir = fresh_dir("mode");
  std::string report = dir + "/r.json";
  { std::ofstream(report) << "old"; }
  REQUIRE(::chmod(report.c_str(), 0600) == 0);
  CHECK(check("--output json=" + report).exit_code == 1);
  CHECK((lstat_of(report).st_mode & 07777) == 0600);
  CHECK(has(read_file(report), "\"gate\": \"fail\""));

  RunResult r = run_edict("check policies --facts fail.json --now 2026-11-21 --output json=" + dir + "/new.json",
                          std::string(kDir) + "' && umask 027 && cd '.");
  CHECK(r.exit_code == 1);
  CHECK((lstat_of(dir + "/new.json").st_mode & 07777) == 0640);

  // `fmt` rewrites a policy in place through the same writer: mode kept, link kept.
  std::string policy = dir + "/p.edict";
  { std::ofstream(policy) << "package p\npolicy   x \"X\" {\nrule y \"Y\" { require true }\n}\n"; }
  REQUIRE(::chmod(policy.c_str(), 0604) == 0);
  fs::create_symlink("p.edict", dir + "/link.edict");
  RunResult f = run_edict("fmt " + dir + "/link.edict", kDir);
  INFO(f.err);
  CHECK(f.exit_code == 0);
  CHECK(fs::is_symlink(dir + "/link.edict"));
  CHECK(has(read_file(policy), "policy x \"X\" {"));
  CHECK((lstat_of(policy).st_mode & 07777) == 0604);
  CHECK(temporaries(dir).empty());
}

TEST_CASE("outputs: one output that cannot be written means no report at all, exit 2, no exit 1 on stdout") {
  std::string dir = fresh_dir("all-or-nothing");
  RunResult r = check("--output json=" + dir + "/ok.json --output sarif=" + dir + "/missing/r.sarif");
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0801]: cannot write `" + dir + "/missing/r.sarif`"));
  CHECK(has(r.err, "no output was written"));
  CHECK_FALSE(fs::exists(dir + "/ok.json"));
  CHECK(r.out.empty());
  CHECK_FALSE(has(r.out + r.err, "exit 1"));
  CHECK(temporaries(dir).empty());

  // The same when the failing output is a device: the regular file is not renamed in.
  std::string full = make_device(dir, "full", 7);
  RunResult d = check("--output json=" + dir + "/ok.json --output sarif=" + full);
  CHECK(d.exit_code == 2);
  CHECK_FALSE(fs::exists(dir + "/ok.json"));
  CHECK(d.out.empty());
  CHECK(temporaries(dir).empty());

  // `edict test --format junit -o` writes its file and stdout as one batch too.
  RunResult t = run_edict("test good -o " + full + " --format junit", "tests/data/cli/tests");
  CHECK(t.exit_code == 2);
  CHECK_FALSE(has(t.out, "passed"));
}

TEST_CASE("outputs: --output FMT=- writes that document alone on stdout") {
  RunResult r = check("--output json=-");
  CHECK(r.exit_code == 1);
  nlohmann::json doc;
  REQUIRE_NOTHROW(doc = nlohmann::json::parse(r.out));
  CHECK(doc["summary"]["gate"] == "fail");

  // A path that is this process's stdout (here a link to /proc/self/fd/1) is stdout too.
  std::string dir = fresh_dir("stdout");
  fs::create_symlink("/proc/self/fd/1", dir + "/out");
  RunResult s = check("--output sarif=" + dir + "/out --output json=" + dir + "/r.json");
  CHECK(s.exit_code == 1);
  CHECK(fs::is_symlink(dir + "/out"));
  REQUIRE_NOTHROW(nlohmann::json::parse(s.out));
  CHECK(nlohmann::json::parse(s.out)["version"] == "2.1.0");
  CHECK(fs::exists(dir + "/r.json"));

  // Stdout cannot carry two documents: --format and an --output to stdout exclude each other.
  RunResult both = check("--format json --output sarif=-");
  CHECK(both.exit_code == 2);
  CHECK(has(both.err, "error[E0805]: `--output sarif=-` and `--format` both write standard output"));
  // A bare `--output -` takes --format: that is one document.
  RunResult bare = check("--format sarif --output -");
  CHECK(bare.exit_code == 1);
  CHECK(nlohmann::json::parse(bare.out)["version"] == "2.1.0");
}

TEST_CASE("outputs: the same destination twice is E0810, before anything is evaluated") {
  std::string dir = fresh_dir("duplicate");
  RunResult same = check("--output json=" + dir + "/r.json --output sarif=" + dir + "/r.json");
  CHECK(same.exit_code == 2);
  CHECK(has(same.err, "error[E0810]: `--output` names `" + dir + "/r.json` twice"));
  CHECK_FALSE(fs::exists(dir + "/r.json"));
  CHECK(same.out.empty());

  // Two spellings of one file, relative to the working directory.
  std::string src = std::string(EDICT_SOURCE_DIR) + "/" + kDir;
  RunResult spelled = run_edict("check " + src + "/policies --facts " + src +
                                    "/fail.json --output json=r.json --output sarif=./r.json",
                                std::string(kDir) + "' && cd '" + dir);
  CHECK(spelled.exit_code == 2);
  CHECK(has(spelled.err, "error[E0810]: `--output` names `./r.json` twice (as `r.json` and `./r.json`)"));

  // A symlink and its target.
  { std::ofstream(dir + "/t.json") << "old"; }
  fs::create_symlink("t.json", dir + "/l.json");
  RunResult linked = check("--output json=" + dir + "/t.json --output sarif=" + dir + "/l.json");
  CHECK(linked.exit_code == 2);
  CHECK(has(linked.err, "E0810"));
  CHECK(read_file(dir + "/t.json") == "old");

  // Stdout twice.
  RunResult out = check("--output json=- --output sarif=-");
  CHECK(out.exit_code == 2);
  CHECK(has(out.err, "error[E0810]: `--output` names standard output twice"));
}

TEST_CASE("outputs: more than kMaxOutputFiles outputs is E0811") {
  std::string dir = fresh_dir("many");
  std::string flags;
  for (int i = 0; i < 17; ++i) flags += " --output json=" + dir + "/r" + std::to_string(i) + ".json";
  RunResult r = check(flags);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0811]: `--output` is given 17 times, more than 16"));
  flags.clear();
  for (int i = 0; i < 16; ++i) flags += " --output json=" + dir + "/r" + std::to_string(i) + ".json";
  CHECK(check(flags).exit_code == 1);
  CHECK(fs::exists(dir + "/r15.json"));
}
