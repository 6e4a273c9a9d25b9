// The bundle cache's bounds (compiler/bundle_cache.cpp): past kMaxCacheEntries entries a
// write evicts the least recently used (the oldest modification time; a hit touches it),
// keeps the entry it wrote, and never removes what is not one of its entries (another
// name, a symlink, a directory, another user's file); two runs at once neither crash
// nor leave a broken entry; a temporary left by a killed run is removed once stale.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "run_edict.h"

namespace fs = std::filesystem;
using namespace edict::testing;

namespace {

// kMaxCacheEntries in compiler/bundle_cache.cpp.
constexpr int kMaxCacheEntries = 64;

const char* kCheck = "check tests/data/bundle/small.edict --facts tests/data/bundle/host.json";

struct EvictionHome {
  std::string dir;
  explicit EvictionHome(const std::string& name) : dir(scratch_dir("evict-" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir + "/edict");
    ::chmod((dir + "/edict").c_str(), 0700);
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    ::unsetenv("EDICT_NO_CACHE");
  }
  ~EvictionHome() { ::unsetenv("XDG_CACHE_HOME"); }
  std::string edict_dir() const { return dir + "/edict"; }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(edict_dir())) out.insert(e.path().filename().string());
    return out;
  }
  // The entries edict itself wrote or would recognise: 32 hex digits + ".edictc".
  std::set<std::string> entries() const {
    std::set<std::string> out;
    for (const std::string& n : names()) {
      if (n.size() == 39 && n.substr(32) == ".edictc" &&
          n.find_first_not_of("0123456789abcdef") == 32) {
        out.insert(n);
      }
    }
    return out;
  }
};

// A fake entry of ours named for key `i`, `age_seconds` old.
std::string plant_entry(const EvictionHome& home, int i, int age_seconds) {
  char name[40];
  std::snprintf(name, sizeof name, "%032x.edictc", i);
  std::string path = home.edict_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << "an old program " << i;
  ::chmod(path.c_str(), 0600);
  struct timeval times[2];
  ::gettimeofday(&times[0], nullptr);
  times[0].tv_sec -= age_seconds;
  times[1] = times[0];
  REQUIRE(::utimes(path.c_str(), times) == 0);
  return name;
}

void set_age(const std::string& path, int age_seconds) {
  struct timeval times[2];
  ::gettimeofday(&times[0], nullptr);
  times[0].tv_sec -= age_seconds;
  times[1] = times[0];
  REQUIRE(::utimes(path.c_str(), times) == 0);
}

}  // namespace

TEST_CASE("bundle cache eviction: past the entry limit the oldest entries go, the newest stay") {
  EvictionHome home("limit");
  // A full cache: kMaxCacheEntries entries, entry i is 1000 + i seconds old (0 the newest).
  for (int i = 0; i < kMaxCacheEntries; ++i) plant_entry(home, i, 1000 + i);
  REQUIRE(home.entries().size() == kMaxCacheEntries);

  RunResult first = run_edict(kCheck, ".");
  CHECK(first.exit_code == 1);
  std::set<std::string> after = home.entries();
  CHECK(after.size() == kMaxCacheEntries);
  char oldest[40], newest[40];
  std::snprintf(oldest, sizeof oldest, "%032x.edictc", kMaxCacheEntries - 1);
  std::snprintf(newest, sizeof newest, "%032x.edictc", 0);
  CHECK(after.count(oldest) == 0);  // the least recently used went
  CHECK(after.count(newest) == 1);
  // The entry this run wrote is there, and the second run reads it.
  std::string written;
  for (const std::string& n : after) {
    if (n.rfind("000000", 0) != 0) written = n;
  }
  REQUIRE(!written.empty());
  RunResult second = run_edict(kCheck, ".");
  CHECK(second.out == first.out);
  CHECK(second.exit_code == first.exit_code);
  CHECK(home.entries() == after);  // a hit writes and evicts nothing
}

TEST_CASE("bundle cache eviction: a hit makes an entry recent, so it outlives older unused ones") {
  EvictionHome home("lru");
  RunResult first = run_edict(kCheck, ".");
  REQUIRE(home.entries().size() == 1);
  std::string ours = home.edict_dir() + "/" + *home.entries().begin();
  // Ours is the oldest of a full cache...
  for (int i = 0; i < kMaxCacheEntries - 1; ++i) plant_entry(home, i, 1000 + i);
  set_age(ours, 100000);
  // ...until a run uses it.
  CHECK(run_edict(kCheck, ".").out == first.out);
  struct stat st;
  REQUIRE(::stat(ours.c_str(), &st) == 0);
  CHECK(::time(nullptr) - st.st_mtime < 100);

  // Another policy set: a new entry, one over the limit; the oldest planted one goes.
  std::string dir = scratch_dir("evict-lru-policy");
  std::ofstream(dir + "/p.edict") << "policy p \"P\" {\n  rule r \"R\" { require os.build >= 6003 }\n}\n";
  std::ofstream(dir + "/host.json") << R"({"os": {"build": 6002}})";
  CHECK(run_edict("check '" + dir + "/p.edict' --facts '" + dir + "/host.json'", ".").exit_code == 1);
  CHECK(home.entries().size() == kMaxCacheEntries);
  CHECK(fs::exists(ours));
  char oldest[40];
  std::snprintf(oldest, sizeof oldest, "%032x.edictc", kMaxCacheEntries - 2);
  CHECK(!fs::exists(home.edict_dir() + "/" + oldest));
}

TEST_CASE("bundle cache eviction: what is not our entry is never removed") {
  EvictionHome home("foreign");
  std::string d = home.edict_dir();
  // Older than every entry, so each would go first if it were taken for one.
  std::ofstream(d + "/notes.txt") << "the user's own file";
  set_age(d + "/notes.txt", 900000);
  std::string outside = home.dir + "/precious";
  std::ofstream(outside) << "a file outside the cache";
  // A symlink named like an entry, pointing outside.
  char link_name[40];
  std::snprintf(link_name, sizeof link_name, "%032x.edictc", 0xabcdef);
  fs::create_symlink(outside, d + "/" + link_name);
  // A directory named like an entry.
  char dir_name[40];
  std::snprintf(dir_name, sizeof dir_name, "%032x.edictc", 0xabcdee);
  fs::create_directory(d + "/" + dir_name);
  // Names that are almost entries.
  std::ofstream(d + "/0123456789ABCDEF0123456789ABCDEF.edictc") << "upper case: not ours";
  std::ofstream(d + "/0123456789abcdef0123456789abcdef.edictc.bak") << "a backup";
  set_age(d + "/0123456789ABCDEF0123456789ABCDEF.edictc", 900000);
  set_age(d + "/0123456789abcdef0123456789abcdef.edictc.bak", 900000);
  // A young temporary (a run writing right now) must stay; a stale one of ours goes.
  std::string young = "." + std::string(32, 'a') + ".edictc.tmp.123.0";
  std::string stale = "." + std::string(32, 'b') + ".edictc.tmp.456.1";
  std::ofstream(d + "/" + young) << "half";
  std::ofstream(d + "/" + stale) << "half";
  set_age(d + "/" + stale, 2 * 3600);
  // Another user's file named like an entry (as root only).
  char theirs[40];
  std::snprintf(theirs, sizeof theirs, "%032x.edictc", 0xabcded);
  std::ofstream(d + "/" + theirs) << "another user's";
  set_age(d + "/" + theirs, 900000);
  bool chowned = ::geteuid() == 0 && ::chown((d + "/" + theirs).c_str(), 65534, 65534) == 0;

  for (int i = 0; i < kMaxCacheEntries; ++i) plant_entry(home, i, 1000 + i);
  run_edict(kCheck, ".");

  CHECK(fs::exists(d + "/notes.txt"));
  CHECK(fs::is_symlink(d + "/" + link_name));
  CHECK(read_file(outside) == "a file outside the cache");
  CHECK(fs::is_directory(d + "/" + dir_name));
  CHECK(fs::exists(d + "/0123456789ABCDEF0123456789ABCDEF.edictc"));
  CHECK(fs::exists(d + "/0123456789abcdef0123456789abcdef.edictc.bak"));
  CHECK(fs::exists(d + "/" + young));
  CHECK(!fs::exists(d + "/" + stale));
  if (chowned) CHECK(fs::exists(d + "/" + theirs));
  // Our own entries are at the limit (the planted oldest went).
  int ours = 0;
  for (const std::string& n : home.entries()) {
    struct stat st;
    if (::lstat((d + "/" + n).c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid()) ++ours;
  }
  CHECK(ours == kMaxCacheEntries);
}

TEST_CASE("bundle cache eviction: runs at once over a full cache all succeed and leave whole entries") {
  EvictionHome home("concurrent");
  for (int i = 0; i < kMaxCacheEntries; ++i) plant_entry(home, i, 1000 + i);
  RunResult reference = run_edict(kCheck + std::string(" --no-cache"), ".");
  std::string dir = scratch_dir("evict-concurrent");
  // Eight runs at once, four policy sets (each set compiled by two runs racing).
  for (int p = 0; p < 4; ++p) {
    std::ofstream(dir + "/p" + std::to_string(p) + ".edict")
        << "policy p \"P\" {\n  rule r \"R\" { require os.build >= " << 6000 + p << " }\n}\n";
  }
  std::ofstream(dir + "/host.json") << R"({"os": {"build": 6002}})";
  std::string script = "cd '" + std::string(EDICT_SOURCE_DIR) + "' && for i in 0 1 2 3 4 5 6 7; do p=$((i % 4)); "
                       "NO_COLOR=1 '" EDICT_BINARY "' check '" + dir + "/p'$p'.edict' --facts '" + dir +
                       "/host.json' >'" + dir + "/out'$i 2>&1; echo $? >'" + dir + "/rc'$i & done; wait";
  REQUIRE(std::system(script.c_str()) == 0);
  for (int i = 0; i < 8; ++i) {
    int p = i % 4;
    std::string rc = read_file(dir + "/rc" + std::to_string(i));
    CHECK(rc == (p <= 2 ? "0\n" : "1\n"));  // build 6002 passes >= 6000..6002, fails >= 6003
  }
  CHECK(home.entries().size() <= static_cast<size_t>(kMaxCacheEntries));
  // Every entry left loads: the same runs again from the cache say the same.
  for (int p = 0; p < 4; ++p) {
    std::string check = "check '" + dir + "/p" + std::to_string(p) + ".edict' --facts '" + dir + "/host.json'";
    RunResult cached = run_edict(check, ".");
    RunResult fresh = run_edict(check + " --no-cache", ".");
    CHECK(cached.exit_code == fresh.exit_code);
    CHECK(cached.out == fresh.out);
    CHECK(cached.err == fresh.err);
  }
  for (const std::string& n : home.names()) CHECK(n.find(".tmp.") == std::string::npos);
  CHECK(run_edict(kCheck, ".").out == reference.out);
}
