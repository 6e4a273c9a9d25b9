// `edict check` with a facts.d: the external collector sees the variables edict.toml's
// `[collect] env` allows and none of the rest of edict's environment (a CI job's
// secrets), and a bad `env` entry is E0617 with its line and column, exit 2. Through
// the real binary, so the config key, its wiring into the collectors and the
// subprocess environment are tested together.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "tests/cli/run_edict.h"
#include "tests/facts/temp_tree.h"

using edict::testing::run_edict;
using edict::testing::TempTree;

namespace {

const char* const kPolicy = R"(package site.env

fact site.allowed: string
fact site.secret: string

policy env "What an external collector sees" {
  severity high

  rule allowed "The allow-listed variable reaches the collector" {
    require site.allowed == "yes"
  }

  rule secret "Other variables of edict's environment do not" {
    require site.secret == ""
  }
}
)";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("edict.toml collect env: the allow-listed variable reaches an external collector, a CI secret does not") {
  TempTree project("collect-env", edict::testing::trusted_base_dir());
  project.write("policies/env.edict", kPolicy);
  project.write("facts.d/env.sh",
                "#!/bin/sh\nprintf '{\"site\": {\"allowed\": \"%s\", \"secret\": \"%s\"}}' "
                "\"$EDICT_TEST_ALLOWED\" \"$EDICT_TEST_CI_SECRET\"\n",
                0755);
  project.write("edict.toml", "policies = [\"policies\"]\n[collect]\nfacts_d = \"facts.d\"\nenv = [\"EDICT_TEST_ALLOWED\"]\n");
  ::setenv("EDICT_TEST_ALLOWED", "yes", 1);
  ::setenv("EDICT_TEST_CI_SECRET", "hunter2", 1);
  auto r = run_edict("check --config '" + project.at("edict.toml") + "'", ".");
  ::unsetenv("EDICT_TEST_ALLOWED");
  ::unsetenv("EDICT_TEST_CI_SECRET");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "2 rules: 2 pass"));
  CHECK_FALSE(has(r.out + r.err, "hunter2"));
}

TEST_CASE("edict.toml collect env: an entry that is not a variable name is E0617 at its line and column, exit 2") {
  TempTree project("collect-env-bad", edict::testing::trusted_base_dir());
  project.write("policies/env.edict", kPolicy);
  project.write("edict.toml", "policies = [\"policies\"]\n[collect]\nenv = [\"HTTPS_PROXY\", \"HTTPS PROXY\", \"A=b\"]\n");
  auto r = run_edict("check --config '" + project.at("edict.toml") + "'", ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "edict.toml:3:23: error[E0617]: `HTTPS PROXY` in `[collect] env` is not an environment variable name"));
  CHECK(has(r.err, "edict.toml:3:38: error[E0617]: `A=b` in `[collect] env` is not an environment variable name"));

  project.write("edict.toml", "policies = [\"policies\"]\n[collect]\nenv = \"HTTPS_PROXY\"\n");
  r = run_edict("check --config '" + project.at("edict.toml") + "'", ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0603]"));
}
