// `edict disasm`: prints the disassembly of good policies (exit 0), and diagnostics
// on stderr with exit 2 for bad ones.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int run(const std::string& args, std::string* out) {
  std::string cmd = std::string(EDICT_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("edict disasm prints the program of good policies") {
  std::string out;
  int code = run("disasm " + std::string(EDICT_SOURCE_DIR) + "/tests/data/disasm/build.edict", &out);
  CHECK(code == 0);
  CHECK(out.find("GE_CONST") != std::string::npos);
  CHECK(out.find("rule windows.server2008.esu.build") != std::string::npos);
}

TEST_CASE("edict disasm reports compile errors and exits 2") {
  std::string out;
  int code = run("disasm " + std::string(EDICT_SOURCE_DIR) + "/tests/data/compiler/errors/unknown_fact_path.edict", &out);
  CHECK(code == 2);
  CHECK(out.find("error[E0202]: unknown fact path `os.biuld`") != std::string::npos);
  out.clear();
  CHECK(run("disasm /nonexistent/dir/x.edict", &out) == 2);
}
