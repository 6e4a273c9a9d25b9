// The bundle cache of `edict check PATHS` (compiler/bundle_cache.h), through the real
// binary: a second run reuses the verified program and says the same; a corrupt entry,
// one for another instruction set, or one of another user is never trusted (rebuilt);
// a cache directory that is a symlink, another user's or open to others is not used at
// all; --no-cache and EDICT_NO_CACHE=1 write nothing; a changed policy is recompiled.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "run_edict.h"

namespace fs = std::filesystem;
using namespace edict::testing;

namespace {

const char* kCheck = "check tests/data/bundle/small.edict --facts tests/data/bundle/host.json";

// XDG_CACHE_HOME for the runs of one test (the child inherits the environment).
struct CacheHome {
  std::string dir;
  explicit CacheHome(const std::string& name) : dir(scratch_dir("cache-" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    ::unsetenv("EDICT_NO_CACHE");
  }
  ~CacheHome() { ::unsetenv("XDG_CACHE_HOME"); }
  std::string edict_dir() const { return dir + "/edict"; }
  std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(edict_dir(), ec)) out.push_back(e.path());
    return out;
  }
};

void same_run(const RunResult& a, const RunResult& b) {
  CHECK(a.exit_code == b.exit_code);
  CHECK(a.out == b.out);
  CHECK(a.err == b.err);
}

}  // namespace

TEST_CASE("bundle cache: the second run reuses the entry the first wrote, with the same report") {
  CacheHome home("reuse");
  RunResult first = run_edict(kCheck, ".");
  CHECK(first.exit_code == 1);  // one rule fails on host.json
  auto entries = home.entries();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].extension() == ".edictc");
  struct stat st;
  REQUIRE(::stat(home.edict_dir().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat(entries[0].c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  ino_t written = st.st_ino;

  RunResult second = run_edict(kCheck, ".");
  same_run(first, second);
  CHECK(home.entries().size() == 1);
  REQUIRE(::stat(entries[0].c_str(), &st) == 0);
  CHECK(st.st_ino == written);  // read, not rewritten (a write renames a new file into place)
  same_run(first, run_edict(kCheck + std::string(" --no-cache"), "."));
}

TEST_CASE("bundle cache: a corrupt entry, or one for another instruction set, is rebuilt, never trusted") {
  CacheHome home("corrupt");
  RunResult first = run_edict(kCheck, ".");
  auto entries = home.entries();
  REQUIRE(entries.size() == 1);
  std::string good = read_file(entries[0].string());

  std::ofstream(entries[0], std::ios::binary | std::ios::trunc) << "not a bundle";
  same_run(first, run_edict(kCheck, "."));
  CHECK(read_file(entries[0].string()) == good);

  std::string foreign = good;
  foreign[32] = static_cast<char>(foreign[32] ^ 0x5a);  // the header's instruction-set hash
  std::ofstream(entries[0], std::ios::binary | std::ios::trunc) << foreign;
  same_run(first, run_edict(kCheck, "."));
  CHECK(read_file(entries[0].string()) == good);

  std::string truncated = good.substr(0, good.size() / 2);
  std::ofstream(entries[0], std::ios::binary | std::ios::trunc) << truncated;
  same_run(first, run_edict(kCheck, "."));
  CHECK(read_file(entries[0].string()) == good);
}

TEST_CASE("bundle cache: an entry of another user is not read") {
  CacheHome home("owner");
  RunResult first = run_edict(kCheck, ".");
  auto entries = home.entries();
  REQUIRE(entries.size() == 1);
  if (::geteuid() != 0) {
    std::puts("bundle cache owner test: needs root to chown; skipped");
    return;
  }
  // Another user's entry holding some other program: it must not be evaluated.
  std::ofstream(entries[0], std::ios::binary | std::ios::trunc) << "garbage of another user";
  REQUIRE(::chown(entries[0].c_str(), 65534, 65534) == 0);
  same_run(first, run_edict(kCheck, "."));
  struct stat st;
  REQUIRE(::stat(entries[0].c_str(), &st) == 0);
  CHECK(st.st_uid == ::geteuid());  // replaced by a fresh entry of ours
}

TEST_CASE("bundle cache: a directory that is a symlink, another user's, or open to others is not used") {
  CacheHome home("unsafe");
  RunResult reference = run_edict(kCheck + std::string(" --no-cache"), ".");
  CHECK(home.entries().empty());

  // A symlink planted where the cache directory goes.
  std::string elsewhere = home.dir + "/elsewhere";
  fs::create_directories(elsewhere);
  ::chmod(elsewhere.c_str(), 0700);
  fs::create_directory_symlink(elsewhere, home.edict_dir());
  same_run(reference, run_edict(kCheck, "."));
  CHECK(fs::is_empty(elsewhere));
  fs::remove(home.edict_dir());

  // Open to others.
  fs::create_directories(home.edict_dir());
  ::chmod(home.edict_dir().c_str(), 0777);
  same_run(reference, run_edict(kCheck, "."));
  CHECK(home.entries().empty());

  // Another user's.
  if (::geteuid() == 0) {
    ::chmod(home.edict_dir().c_str(), 0700);
    REQUIRE(::chown(home.edict_dir().c_str(), 65534, 65534) == 0);
    same_run(reference, run_edict(kCheck, "."));
    CHECK(home.entries().empty());
  }
}

TEST_CASE("bundle cache: --no-cache and EDICT_NO_CACHE write nothing, and a changed policy is recompiled") {
  CacheHome home("off");
  run_edict(kCheck + std::string(" --no-cache"), ".");
  CHECK(home.entries().empty());
  ::setenv("EDICT_NO_CACHE", "1", 1);
  run_edict(kCheck, ".");
  ::unsetenv("EDICT_NO_CACHE");
  CHECK(home.entries().empty());

  std::string dir = scratch_dir("cache-policy");
  std::string policy = dir + "/p.edict";
  std::ofstream(policy) << "policy p \"P\" {\n  rule r \"R\" { require os.build >= 6003 }\n}\n";
  std::string facts = dir + "/host.json";
  std::ofstream(facts) << R"({"os": {"build": 6002}})";
  std::string check = "check '" + policy + "' --facts '" + facts + "'";
  CHECK(run_edict(check, ".").exit_code == 1);
  CHECK(run_edict(check, ".").exit_code == 1);  // from the cache
  std::ofstream(policy, std::ios::trunc) << "policy p \"P\" {\n  rule r \"R\" { require os.build >= 6000 }\n}\n";
  CHECK(run_edict(check, ".").exit_code == 0);  // the edited policy, not the cached one
  CHECK(home.entries().size() == 2);
}
