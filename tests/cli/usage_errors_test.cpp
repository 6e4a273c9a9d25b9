// Command-line mistakes read like every other Edict error: `error[E08xx]: ...` with a
// help line, a did-you-mean where one is close, exit 2. Catches: CLI11's own
// uncoded messages ("A subcommand is required") reaching users, `edict help check`
// and `-V` failing, and `--now ""` silently meaning today.
#include <catch2/catch.hpp>

#include "run_edict.h"

using edict::testing::run_edict;
using edict::testing::RunResult;

namespace {

const char* kDir = "tests/data/cli/outputs";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The whole stderr of a usage error: one diagnostic, its help, nothing from CLI11.
void expect_usage_error(const RunResult& r, const std::string& first_line, const std::string& help) {
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == first_line + "\n  = help: " + help + "\n");
}

}  // namespace

TEST_CASE("usage: an unknown command is E0812 with did-you-mean") {
  expect_usage_error(run_edict("chek", kDir), "error[E0812]: unknown command `chek`", "did you mean `check`?");
  expect_usage_error(run_edict("help chek", kDir), "error[E0812]: unknown command `chek`", "did you mean `check`?");
  RunResult far = run_edict("frobnicate", kDir);
  CHECK(far.exit_code == 2);
  CHECK(has(far.err, "error[E0812]: unknown command `frobnicate`"));
  CHECK(has(far.err, "commands are: "));
  CHECK(has(far.err, "check"));
  expect_usage_error(run_edict("", kDir), "error[E0812]: no command given", "e.g. `edict check`; see `edict --help`");
}

TEST_CASE("usage: an unknown flag is E0813 with did-you-mean") {
  expect_usage_error(run_edict("check --fail_on high", kDir), "error[E0813]: unknown flag `--fail_on` for `edict check`",
                     "did you mean `--fail-on`?");
  expect_usage_error(run_edict("check --fail_on=high", kDir),
                     "error[E0813]: unknown flag `--fail_on` for `edict check`", "did you mean `--fail-on`?");
  expect_usage_error(run_edict("check --bogus", kDir), "error[E0813]: unknown flag `--bogus` for `edict check`",
                     "see `edict check --help`");
  expect_usage_error(run_edict("--bogus", kDir), "error[E0813]: unknown flag `--bogus` for `edict`",
                     "see `edict --help`");
  expect_usage_error(run_edict("parse x.edict --asts", kDir), "error[E0813]: unknown flag `--asts` for `edict parse`",
                     "did you mean `--ast`?");
}

TEST_CASE("usage: an unexpected argument is E0813") {
  expect_usage_error(run_edict("facts extra", kDir), "error[E0813]: unexpected argument `extra` for `edict facts`",
                     "see `edict facts --help`");
}

TEST_CASE("usage: a flag without its value, given twice, or a missing required flag is E0814") {
  expect_usage_error(run_edict("check --now", kDir), "error[E0814]: `--now` needs a value", "see `edict check --help`");
  expect_usage_error(run_edict("check --now 2026-11-21 --now 2026-11-22", kDir),
                     "error[E0814]: `--now` is given more than once", "give it once");
  expect_usage_error(run_edict("compile policies", kDir), "error[E0814]: `edict compile` needs `--output`",
                     "see `edict compile --help`");
}

TEST_CASE("usage: a value the flag refuses is E0803, flags that exclude each other E0805") {
  expect_usage_error(run_edict("facts --format xml", kDir), "error[E0803]: `--format xml` is not one of json|toml",
                     "see `edict facts --help`");
  RunResult steps = run_edict("check --max-steps abc", kDir);
  CHECK(steps.exit_code == 2);
  CHECK(has(steps.err, "error[E0803]: invalid value for `--max-steps`: value abc"));
  RunResult size = run_edict("check --max-facts-bytes 12XB", kDir);
  CHECK(size.exit_code == 2);
  CHECK(has(size.err, "error[E0803]: invalid value for `--max-facts-bytes`"));
  expect_usage_error(run_edict("disasm x.edict --bundle y.edictc", kDir),
                     "error[E0805]: `paths` and `--bundle` exclude each other", "see `edict disasm --help`");
}

TEST_CASE("usage: `edict help VERB` is `edict VERB --help`, `edict help` the overview, -V the version") {
  RunResult help = run_edict("help check", kDir);
  CHECK(help.exit_code == 0);
  CHECK(has(help.out, "Usage: edict check"));
  CHECK(has(help.out, "0  the gate passed"));
  RunResult overview = run_edict("help", kDir);
  CHECK(overview.exit_code == 0);
  CHECK(has(overview.out, "Usage: edict"));
  RunResult v = run_edict("-V", kDir);
  CHECK(v.exit_code == 0);
  CHECK(has(v.out, "edict "));
  CHECK(v.out == run_edict("--version", kDir).out);
}

TEST_CASE("usage: an empty --now is E0802, not the clock") {
  expect_usage_error(run_edict("check policies --facts fail.json --now ''", kDir),
                     "error[E0802]: `--now` is empty, not a date or an RFC 3339 timestamp",
                     "write e.g. --now 2026-11-21 or --now 2026-11-21T10:00:00Z; leave --now out for the clock");
  RunResult t = run_edict("test good --now ''", "tests/data/cli/tests");
  CHECK(t.exit_code == 2);
  CHECK(has(t.err, "error[E0802]: `--now` is empty"));
}
