// What Edict prints to a terminal (diagnostics on stderr, `edict facts`' report of a
// collector's stderr) carries no control bytes from host text: an ESC [2J in a file
// name or a collector's output must not clear or rewrite the CI log.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "run_edict.h"
#include "tests/facts/temp_tree.h"

using edict::testing::run_edict;
using edict::testing::RunResult;

namespace fs = std::filesystem;

namespace {

bool has_control(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("terminal: a diagnostic quoting host text shows its controls as ?") {
  RunResult r = run_edict("check policies --facts \"$(printf 'x\\033[2J\\007.json')\"", "tests/data/cli/outputs");
  CHECK(r.exit_code == 2);
  INFO(r.err);
  CHECK_FALSE(has_control(r.err));
  CHECK(r.err.find("cannot read facts file `x?[2J?.json`") != std::string::npos);
}

TEST_CASE("terminal: edict facts shows a failed collector's name and stderr without their controls") {
  // Where no other user can write any directory on the path, so facts.d's trust rules
  // let it run (the build directory may be below /tmp).
  fs::path dir = fs::path(edict::testing::trusted_base_dir()) / "edict-test-terminal-controls";
  fs::remove_all(dir);
  fs::create_directories(dir / "facts.d");
  ::chmod(dir.c_str(), 0755);
  ::chmod((dir / "facts.d").c_str(), 0755);
  fs::path collector = dir / "facts.d" / "ev\033[2Jil";
  std::ofstream(collector) << "#!/bin/sh\nprintf 'bad\\033[2J\\007' >&2\nexit 1\n";
  ::chmod(collector.c_str(), 0755);
  RunResult r = run_edict("facts --only external --facts-d '" + (dir / "facts.d").string() + "'", "");
  INFO(r.err);
  CHECK_FALSE(has_control(r.err));
  CHECK(r.err.find("ev?[2Jil") != std::string::npos);
  CHECK(r.err.find("= stderr: bad?[2J?") != std::string::npos);
  fs::remove_all(dir);
}
