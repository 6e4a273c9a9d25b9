// A float computed from finite facts can overflow to inf, and inf - inf is NaN, which
// every comparison calls false: `not (d >= 1.0)` would pass on it. Such a result is an
// error, never a value (runtime/vm_ops.cpp).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("float overflow from finite facts is a rule error, not a NaN that passes a negated comparison") {
  fs::path dir = fs::temp_directory_path() / ("edict_float_overflow_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "p.edict") << R"(package h
fact m.x: float
policy p "p" {
  rule spread "the spread stays under one" { require not (m.x * m.x - m.x * m.x >= 1.0) }
  rule small "a product that fits stays a value" { require m.x * 2.0 > 0.0 }
}
)";
  std::ofstream(dir / "big.json") << R"({"m": {"x": 1e200}})";
  std::ofstream(dir / "ok.json") << R"({"m": {"x": 3.0}})";
  auto run = [&](const std::string& facts) {
    std::string cmd = "cd '" + dir.string() + "' && '" + EDICT_BINARY + "' check p.edict --facts " + facts +
                      " --format json >out.json 2>err.txt </dev/null";
    int raw = std::system(cmd.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  };
  // 1e200 * 1e200 is inf; inf - inf is NaN: before, `not (NaN >= 1.0)` passed (exit 0).
  CHECK(run("big.json") == 3);
  std::string out = slurp(dir / "out.json");
  INFO(out);
  CHECK(out.find("not a finite number") != std::string::npos);
  CHECK(out.find("\"outcome\": \"error\"") != std::string::npos);  // the spread rule
  // Ordinary values still evaluate: 3*3 - 3*3 = 0, which is under one.
  CHECK(run("ok.json") == 0);
  fs::remove_all(dir);
}
