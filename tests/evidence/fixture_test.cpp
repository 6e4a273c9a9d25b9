// Evidence made by an earlier build still verifies: the committed fixture needs nothing
// but itself and the public key (no policies, facts or edict.toml on disk), and any
// change that alters the report for the same inputs fails here first.
#include <catch2/catch.hpp>

#include "tests/cli/run_edict.h"

using namespace edict::testing;

TEST_CASE("the committed evidence fixture verifies, from a directory holding nothing else") {
  std::string fixtures = std::string(EDICT_SOURCE_DIR) + "/tests/evidence/fixtures";
  std::string empty = scratch_dir("fixture-cwd");
  std::string out = empty + "/out.txt";
  int status = std::system(("cd '" + empty + "' && '" + EDICT_BINARY + "' verify '" + fixtures +
                            "/gate-waived.dsse.json' --key '" + fixtures + "/signer.pub' >'" + out + "' 2>&1")
                               .c_str());
  std::string text = read_file(out);
  INFO(text);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(text.find("host     web-01") != std::string::npos);
  CHECK(text.find("1 waived - gate pass (exit 0)") != std::string::npos);
  CHECK(text.find("reproduced byte for byte") != std::string::npos);
}

TEST_CASE("the committed evidence fixture does not verify with another key") {
  std::string fixtures = std::string(EDICT_SOURCE_DIR) + "/tests/evidence/fixtures";
  std::string dir = scratch_dir("fixture-other");
  std::remove((dir + "/o.key").c_str());
  std::remove((dir + "/o.pub").c_str());
  REQUIRE(run_edict("keygen '" + dir + "/o'", ".").exit_code == 0);
  RunResult r = run_edict("verify '" + fixtures + "/gate-waived.dsse.json' --key '" + dir + "/o.pub'", ".");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("E0913") != std::string::npos);
}
