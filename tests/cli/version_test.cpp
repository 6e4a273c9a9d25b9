// `edict --version`: the version, the commit and the build date on one line (issue 18),
// and cmake/build_info.cmake, which makes them, on a checkout and on a plain tree.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "tests/cli/run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::scratch_dir;

namespace {

// Runs the generator as the build does, with SOURCE_DATE_EPOCH set or unset.
std::string GenerateBuildInfo(const std::string& source_dir, const std::string& epoch) {
  std::string out = scratch_dir("build-info") + "/build_info.cpp";
  std::filesystem::remove(out);
  std::string env = epoch.empty() ? "env -u SOURCE_DATE_EPOCH" : "env SOURCE_DATE_EPOCH=" + epoch;
  std::string command = env + " cmake -DSOURCE_DIR='" + source_dir + "' -DOUTPUT='" + out + "' -P '" +
                        EDICT_SOURCE_DIR + "/cmake/build_info.cmake' >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  return read_file(out);
}

std::string Capture(const std::string& command) {
  std::string out = scratch_dir("capture") + "/out.txt";
  if (std::system((command + " >'" + out + "' 2>/dev/null").c_str()) != 0) return "";
  std::string text = read_file(out);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

TEST_CASE("edict --version prints the version, the commit and the build date on one line") {
  auto r = run_edict("--version", ".");
  CHECK(r.exit_code == 0);
  std::smatch m;
  INFO(r.out);
  REQUIRE(std::regex_match(r.out, m,
                           std::regex(R"(edict [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown), )"
                                      R"(built [0-9]{4}-[0-9]{2}-[0-9]{2}\)\n)")));
  // Built from this checkout: the commit is this checkout's HEAD.
  std::string head = Capture("git -C '" + std::string(EDICT_SOURCE_DIR) + "' rev-parse --short=12 HEAD");
  if (!head.empty()) CHECK(m[1].str().substr(0, 12) == head);
}

TEST_CASE("the build date is SOURCE_DATE_EPOCH's day when set, so two builds of a commit agree") {
  std::string text = GenerateBuildInfo(EDICT_SOURCE_DIR, "1700000000");  // 2023-11-14T22:13:20Z
  CHECK(text.find("\"2023-11-14\"") != std::string::npos);
  CHECK(GenerateBuildInfo(EDICT_SOURCE_DIR, "1700000000") == text);
}

TEST_CASE("a tree that is not a git checkout builds with the commit `unknown`") {
  std::string plain = scratch_dir("not-a-checkout");
  std::string text = GenerateBuildInfo(plain, "0");
  CHECK(text.find("BuildCommit() { return \"unknown\"; }") != std::string::npos);
  CHECK(text.find("\"1970-01-01\"") != std::string::npos);
}

TEST_CASE("a SOURCE_DATE_EPOCH that is not a number stops the build") {
  std::string out = scratch_dir("build-info-bad") + "/build_info.cpp";
  std::string command = "env SOURCE_DATE_EPOCH=yesterday cmake -DSOURCE_DIR=/ -DOUTPUT='" + out + "' -P '" +
                        EDICT_SOURCE_DIR + "/cmake/build_info.cmake' >/dev/null 2>&1";
  CHECK(std::system(command.c_str()) != 0);
  CHECK_FALSE(std::filesystem::exists(out));
}
