// The fallback walk against the kernel: random trees of directories, files, FIFOs and
// symlinks (relative, absolute, `..`-climbing, looping, dangling, trailing `/`), random
// paths read through RootFs with openat2 and with the walk forced. Both must give the
// same content or the same error for every path, and neither may ever read the file
// planted outside the root. Deterministic seeds, so a failure replays; it prints the
// tree and the path that differ.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <sstream>

#include "collectors/root_fs.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
using edict::testing::TempTree;

namespace {

// How much each seed builds and asks: enough to reach loops, dangling links and
// climbs above the root, small enough for every ctest run (about a second in all).
constexpr int kSeeds = 150;
constexpr int kEntriesPerTree = 14;
constexpr int kPathsPerTree = 40;

const char* const kNames[] = {"a", "b", "c", "d"};

std::string random_relative(std::mt19937& rng, int max_parts) {
  std::uniform_int_distribution<int> parts(1, max_parts), pick(0, 9);
  std::string out;
  int n = parts(rng);
  for (int i = 0; i < n; ++i) {
    int p = pick(rng);
    std::string part = p < 6 ? kNames[p % 4] : p < 8 ? ".." : p == 8 ? "." : "outside";
    out += (i ? "/" : "") + part;
  }
  return out;
}

std::string read_result(const RootFs& fs, const std::string& path) {
  std::string text, error;
  std::string r = fs.read(path, &text, &error) ? "read:" + text : "error:" + error;
  r += fs.exists(path) ? " exists" : " absent";
  std::vector<std::string> names;
  if (fs.list(path, &names, &error)) {
    r += " list:";
    for (const auto& n : names) r += n + ",";
  }
  return r;
}

}  // namespace

TEST_CASE("the fallback walk resolves every path as openat2(RESOLVE_IN_ROOT) does, and never leaves the root") {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    TempTree tree("walk");
    tree.write("outside", "OUTSIDE");
    tree.write("a/outside", "OUTSIDE");  // T/a/outside: what root/../a/outside would escape to
    std::string root = tree.dir("root");
    std::ostringstream shape;
    std::vector<std::string> made;  // the entries created, to aim most paths at
    std::uniform_int_distribution<int> kind(0, 9), coin(0, 1);
    for (int i = 0; i < kEntriesPerTree; ++i) {
      std::string rel = random_relative(rng, 3);
      if (rel.find("..") != std::string::npos || rel.find("/.") != std::string::npos || rel.front() == '.') continue;
      std::error_code ec;
      if (std::filesystem::exists(std::filesystem::path(root) / rel, ec) ||
          std::filesystem::is_symlink(std::filesystem::path(root) / rel, ec)) {
        continue;
      }
      int k = kind(rng);
      try {
        if (k < 3) {
          tree.dir("root/" + rel);
          shape << "dir " << rel << "\n";
          made.push_back(rel);
        } else if (k < 5) {
          tree.write("root/" + rel, "file:" + rel);
          shape << "file " << rel << "\n";
          made.push_back(rel);
        } else if (k == 5) {
          tree.fifo("root/" + rel);
          shape << "fifo " << rel << "\n";
          made.push_back(rel);
        } else {
          std::string target = random_relative(rng, 5);
          if (coin(rng)) target = "/" + target;
          if (k == 9) target = (coin(rng) ? tree.path() : std::string("../../..")) + "/" + target;
          if (coin(rng) && k == 8) target += "/";
          tree.symlink("root/" + rel, target);
          shape << "link " << rel << " -> " << target << "\n";
          made.push_back(rel);
        }
      } catch (const std::exception&) {
        continue;  // a parent is a file or a link: that entry cannot exist, fine
      }
    }
    for (int i = 0; i < kPathsPerTree; ++i) {
      std::string path = random_relative(rng, 5);
      if (!made.empty() && coin(rng)) {
        path = made[std::uniform_int_distribution<size_t>(0, made.size() - 1)(rng)];
        if (coin(rng)) path += "/" + random_relative(rng, 2);
      }
      if (coin(rng)) path = "/" + path;
      if (coin(rng) && coin(rng)) path += "/";
      ::unsetenv(RootFs::kForceFallbackEnv);
      std::string kernel = read_result(RootFs(root), path);
      ::setenv(RootFs::kForceFallbackEnv, "1", 1);
      std::string walk = read_result(RootFs(root), path);
      ::unsetenv(RootFs::kForceFallbackEnv);
      INFO("seed " << seed << ", tree:\n" << shape.str() << "path: " << path);
      REQUIRE(walk == kernel);
      REQUIRE(walk.find("OUTSIDE") == std::string::npos);
    }
  }
}

// Found by fuzz_rootfs: a path with a NUL byte. openat2 took the C string, so it read
// "etc/os-release" for "etc/os-release\0x" (and a file named "\1" for "\1\0\0\5d"),
// while the walk looked for a component holding the NUL: the two disagreed, and a
// caller's path was silently cut short. No file has such a name: both refuse it.
TEST_CASE("a path holding a NUL byte is refused by openat2 and by the walk alike") {
  TempTree tree("nul");
  std::string root = tree.dir("root");
  tree.write("root/etc/os-release", "ID=debian\n");
  tree.write("root/\x01", "cut short\n");
  for (const char* fallback : {"0", "1"}) {
    ::setenv(RootFs::kForceFallbackEnv, fallback, 1);
    RootFs fs(root);
    for (std::string path : {std::string("etc/os-release\0x", 16), std::string("\x01\0\0\x05modprobe.d", 14)}) {
      std::string text, error;
      INFO("fallback " << fallback << ", path " << path.size() << " bytes");
      CHECK_FALSE(fs.read(path, &text, &error));
      CHECK(text.empty());
      CHECK_THAT(error, Catch::Contains("Invalid argument"));
      CHECK_FALSE(fs.exists(path));
    }
    std::string text, error;
    CHECK(fs.read("etc/os-release", &text, &error));  // the same file without the NUL reads
  }
  ::unsetenv(RootFs::kForceFallbackEnv);
}
