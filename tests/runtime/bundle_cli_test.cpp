// `edict compile` and `edict disasm --bundle` through the built binary: the bundle of
// policies/ disassembles exactly like the policies themselves; failures exit 2 with an
// E07xx/compile diagnostic and leave no output file behind.
// Catches: a bundle that loses something the disassembler shows; a partial output file.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;

struct Run {
  int status;
  std::string out;
};

// Runs `edict ARGS` from the repo root; stdout (and stderr with `2>&1` in args).
Run edict(const std::string& args) {
  std::string command = "cd '" + std::string(EDICT_SOURCE_DIR) + "' && '" + EDICT_BINARY + "' " + args;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

fs::path temp_dir() {
  fs::path dir = fs::temp_directory_path() / "edict-bundle-cli-test";
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("edict compile writes a bundle that disasm --bundle prints like the sources") {
  fs::path bundle = temp_dir() / "policies.edictc";
  fs::remove(bundle);
  Run compile = edict("compile policies -o '" + bundle.string() + "' 2>&1");
  INFO(compile.out);
  REQUIRE(compile.status == 0);
  REQUIRE(fs::exists(bundle));
  Run from_sources = edict("disasm policies");
  Run from_bundle = edict("disasm --bundle '" + bundle.string() + "'");
  CHECK(from_bundle.status == 0);
  CHECK(from_bundle.out == from_sources.out);
  CHECK(from_bundle.out.find("rule windows.server2008.esu.build") != std::string::npos);
}

TEST_CASE("edict compile and disasm --bundle fail cleanly") {
  fs::path dir = temp_dir();
  // A compile error: exit 2, the diagnostic, no bundle.
  fs::path bad_src = dir / "bad.edict";
  std::ofstream(bad_src) << "policy p \"t\" { rule r \"t\" { require os.biuld >= 1 } }\n";
  fs::path out = dir / "bad.edictc";
  fs::remove(out);
  Run r = edict("compile '" + bad_src.string() + "' -o '" + out.string() + "' 2>&1");
  CHECK(r.status == 2);
  CHECK(r.out.find("os.biuld") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  // An output directory that does not exist: E0714, nothing written.
  r = edict("compile policies -o '" + (dir / "no-dir" / "x.edictc").string() + "' 2>&1");
  CHECK(r.status == 2);
  CHECK(r.out.find("E0714") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "no-dir"));
  // A damaged bundle: E0705, exit 2, nothing printed on stdout.
  fs::path good = dir / "good.edictc";
  REQUIRE(edict("compile tests/data/bundle/small.edict -o '" + good.string() + "'").status == 0);
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  bytes[bytes.size() / 2] ^= 0x10;
  fs::path damaged = dir / "damaged.edictc";
  std::ofstream(damaged, std::ios::binary) << bytes;
  r = edict("disasm --bundle '" + damaged.string() + "' 2>&1");
  CHECK(r.status == 2);
  CHECK(r.out.find("E0705") != std::string::npos);
  r = edict("disasm --bundle '" + damaged.string() + "' 2>/dev/null");
  CHECK(r.out.empty());
  // Neither sources nor a bundle: a usage error.
  CHECK(edict("disasm 2>/dev/null").status == 2);
}
