// `--max-facts-bytes SIZE` of `edict check` and `edict test` through the real binary:
// a facts document over the limit is E0501 and exit 2 with no report; a raised limit
// evaluates it; units read as documented (KB = 1000, KiB = 1024); 0 and malformed
// sizes are usage errors. Catches: a flag that parses but is not applied, or a typo
// that silently removes the limit (`-1` read as 2^64-1).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

namespace fs = std::filesystem;

const char* kGate = "tests/data/cli/gate";
// pass.json and fail.json are 174 bytes each.
const std::string kPassFacts = std::string(EDICT_SOURCE_DIR) + "/tests/data/cli/gate/facts/pass.json";

RunResult check(const std::string& facts, const std::string& extra) {
  return run_edict("check policies --facts " + facts + " --config config/defaults.toml --now 2026-11-21 " + extra,
                   kGate);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("check --max-facts-bytes: a facts file over a lowered limit is E0501, exit 2, and no report") {
  REQUIRE(fs::file_size(kPassFacts) == 174);
  std::string report = scratch_dir("facts_limit") + "/report.json";
  fs::remove(report);
  RunResult r = check("facts/pass.json", "--max-facts-bytes 173 --output json=" + report);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "facts/pass.json: error[E0501]: facts document is larger than 173 bytes\n"
                 "  = help: split it (one host per file, or NDJSON), leave out bulky facts, or raise the limit "
                 "(`edict check --max-facts-bytes`)\n");
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(report));
}

TEST_CASE("check --max-facts-bytes: at or above the file's size the facts are evaluated and gate as they decide") {
  RunResult at = check("facts/pass.json", "--max-facts-bytes 174");
  INFO(at.err);
  CHECK(at.exit_code == 0);
  CHECK(has(at.out, "4 rules: 4 pass"));
  RunResult failing = check("facts/fail.json", "--max-facts-bytes 1KB");
  CHECK(failing.exit_code == 1);
  CHECK(has(failing.out, "gate fail (exit 1)"));
}

TEST_CASE("check --max-facts-bytes: KB/MB are powers of 1000, KiB/MiB powers of 1024, any case") {
  // A sparse 2 MB file: refused on its size before a byte is read.
  std::string big = scratch_dir("facts_limit") + "/big.json";
  { std::ofstream(big) << "{}"; }
  fs::resize_file(big, 2'000'000);
  CHECK(has(check(big, "--max-facts-bytes 1kb").err, "facts document is larger than 1000 bytes"));
  CHECK(has(check(big, "--max-facts-bytes 1KiB").err, "facts document is larger than 1024 bytes"));
  CHECK(has(check(big, "--max-facts-bytes 1MB").err, "facts document is larger than 1000000 bytes"));
  CHECK(has(check(big, "--max-facts-bytes 1mib").err, "facts document is larger than 1 MiB"));
  CHECK(has(check(big, "--max-facts-bytes 1999999B").err, "facts document is larger than 1999999 bytes"));
  // Leading zeros are decimal, not octal.
  CHECK(has(check(big, "--max-facts-bytes 0100").err, "facts document is larger than 100 bytes"));
  fs::remove(big);
}

TEST_CASE("check --max-facts-bytes: the default is 64 MiB, and 128MiB raises it") {
  // The pass facts padded with whitespace to one byte over 64 MiB: still valid JSON.
  std::string padded = scratch_dir("facts_limit") + "/padded.json";
  {
    std::ofstream out(padded, std::ios::binary);
    out << read_file(kPassFacts);
    out << std::string((64u << 20) + 1 - 174, ' ');
  }
  REQUIRE(fs::file_size(padded) == (64u << 20) + 1);
  RunResult by_default = check(padded, "");
  CHECK(by_default.exit_code == 2);
  CHECK(has(by_default.err, "error[E0501]: facts document is larger than 64 MiB"));
  RunResult raised = check(padded, "--max-facts-bytes 128MiB");
  INFO(raised.err);
  CHECK(raised.exit_code == 0);
  CHECK(has(raised.out, "4 rules: 4 pass"));
  fs::remove(padded);
}

TEST_CASE("check --max-facts-bytes applies to stdin and to TOML facts") {
  RunResult over = run_edict("check policies --facts - --config config/defaults.toml --max-facts-bytes 100", kGate,
                             kPassFacts);
  CHECK(over.exit_code == 2);
  CHECK(has(over.err, "<stdin>: error[E0501]: facts document is larger than 100 bytes"));
  RunResult under = run_edict("check policies --facts - --config config/defaults.toml --max-facts-bytes 1KiB", kGate,
                              kPassFacts);
  INFO(under.err);
  CHECK(under.exit_code == 0);

  std::string toml = scratch_dir("facts_limit") + "/host.toml";
  std::ofstream(toml) << "[host]\nname = \"web-01\"\n[os]\nfamily = \"windows\"\nbuild = 6002\n"
                         "[windows.esu]\nlicensed = true\n[windows.rdp]\nnla_required = true\n"
                         "[windows.smb]\nv1_enabled = false\n";
  RunResult toml_over = check(toml, "--max-facts-bytes 50");
  CHECK(toml_over.exit_code == 2);
  CHECK(has(toml_over.err, "error[E0501]: facts document is larger than 50 bytes"));
  RunResult toml_under = check(toml, "--max-facts-bytes 4096");
  INFO(toml_under.err);
  CHECK(toml_under.exit_code == 1);  // build 6002 fails the gate
}

TEST_CASE("check --max-facts-bytes: 0 is E0803, a malformed size or one without --facts is a usage error") {
  RunResult zero = check("facts/pass.json", "--max-facts-bytes 0");
  CHECK(zero.exit_code == 2);
  CHECK(has(zero.err, "error[E0803]: `--max-facts-bytes 0` would refuse every facts document"));
  CHECK(zero.out.empty());
  for (const char* bad : {"12XB", "-1", "0x10", "1.5MB", "MiB", "20EiB"}) {
    RunResult r = check("facts/pass.json", std::string("--max-facts-bytes ") + bad);
    INFO(bad << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "--max-facts-bytes"));
    CHECK(r.out.empty());
  }
  CHECK(has(check("facts/pass.json", "--max-facts-bytes -1").err, "`-1` is not a size"));
  RunResult collecting = run_edict("check policies --config config/defaults.toml --max-facts-bytes 1MiB", kGate);
  CHECK(collecting.exit_code == 2);
  CHECK(has(collecting.err, "error[E0805]: `--max-facts-bytes` applies to `--facts`, not to collection"));
}

TEST_CASE("test --max-facts-bytes: a case's facts file over the limit is E0501 and exit 2, raised the cases run") {
  RunResult over = run_edict("test good --max-facts-bytes 100", "tests/data/cli/tests");
  CHECK(over.exit_code == 2);
  CHECK(has(over.err, "error[E0501]: facts document is larger than 100 bytes"));
  RunResult under = run_edict("test good --max-facts-bytes 1KB", "tests/data/cli/tests");
  INFO(under.err);
  CHECK(under.exit_code == 0);
  CHECK(has(under.out, "3 passed, 0 failed"));
  RunResult zero = run_edict("test good --max-facts-bytes 0", "tests/data/cli/tests");
  CHECK(zero.exit_code == 2);
  CHECK(has(zero.err, "error[E0803]: `--max-facts-bytes 0` would refuse every facts document"));
}
