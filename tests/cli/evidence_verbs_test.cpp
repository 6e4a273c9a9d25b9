// `edict keygen` and `edict verify` as commands: their place in `edict --help`, their
// usage errors, and `check --evidence`'s flag pairing. The evidence itself is tested
// in tests/evidence/.
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("edict --help lists keygen and verify") {
  RunResult r = run_edict("--help", ".");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "keygen"));
  CHECK(has(r.out, "verify"));
}

TEST_CASE("edict verify without --key, or without a file, is a usage error (exit 2)") {
  RunResult no_key = run_edict("verify some.json", ".");
  CHECK(no_key.exit_code == 2);
  CHECK(has(no_key.err, "--key"));
  RunResult no_file = run_edict("verify --key k.pub", ".");
  CHECK(no_file.exit_code == 2);
}

TEST_CASE("edict keygen with no name, or -, is refused, and writes nothing") {
  CHECK(run_edict("keygen", ".").exit_code == 2);
  RunResult dash = run_edict("keygen -", ".");
  CHECK(dash.exit_code == 2);
  CHECK(has(dash.err, "E0906"));
}

TEST_CASE("edict keygen into a missing directory is E0906, and leaves neither file") {
  std::string dir = scratch_dir("keygen-missing");
  RunResult r = run_edict("keygen '" + dir + "/no/such/dir/k'", ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "E0906"));
}

TEST_CASE("check --sign without --evidence is E0919, and --evidence - is refused") {
  RunResult sign_only = run_edict("check policies --facts facts/pass.json --sign k.key", "tests/data/cli/gate");
  CHECK(sign_only.exit_code == 2);
  CHECK(has(sign_only.err, "E0919"));
  RunResult to_stdout = run_edict("check policies --facts facts/pass.json --evidence - --sign k.key", "tests/data/cli/gate");
  CHECK(to_stdout.exit_code == 2);
  CHECK(has(to_stdout.err, "E0919"));
}
