// Hostile inputs through the `edict` binary: each must end in a diagnostic (exit 2) or
// a rule `error` (exit 3 when it gates), never a crash (a signal) or a pass (exit 0).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Run {
  int status = -1;  // exit code, or -1 when killed by a signal
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("edict_hardening_" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Run edict(const TempDir& dir, const std::string& args) {
  fs::path out = dir.path() / "stdout", err = dir.path() / "stderr";
  std::string command = "cd '" + dir.path().string() + "' && '" + EDICT_BINARY + "' " + args + " >'" + out.string() +
                        "' 2>'" + err.string() + "' </dev/null";
  int raw = std::system(command.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

constexpr const char* kPolicy = R"(package h
fact site.nums: list<int>
policy p "p" {
  rule pairs "every pair sums to at least zero" { require all x in site.nums : all y in site.nums : x + y >= 0 }
  rule build "the build is recent" { require os.build >= 6003 }
}
)";

std::string nums(int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(i);
  return s + "]";
}

}  // namespace

TEST_CASE("edict check --max-steps: the budget is hit as a rule error (exit 3), and raising it lets the rule pass") {
  TempDir dir;
  dir.write("p.edict", kPolicy);
  dir.write("host.json", R"({"os": {"build": 6003}, "site": {"nums": )" + nums(100) + "}}");
  Run tight = edict(dir, "check p.edict --facts host.json --format json --max-steps 500");
  CHECK(tight.status == 3);
  CHECK(tight.out.find("step budget") != std::string::npos);
  Run enough = edict(dir, "check p.edict --facts host.json --format json --max-steps 20000");
  CHECK(enough.status == 0);
  Run bad = edict(dir, "check p.edict --facts host.json --max-steps 0");
  CHECK(bad.status == 2);
}

TEST_CASE("edict check on hostile facts files: a diagnostic and exit 2, never a crash or a pass") {
  TempDir dir;
  dir.write("p.edict", kPolicy);
  struct Case {
    const char* name;
    std::string text;
    const char* code;
  };
  std::string deep(100, '[');
  const Case cases[] = {
      {"overflow.json", R"({"os": {"build": 1e400}})", "E0503"},
      {"deep.json", R"({"a": )" + deep + std::string(100, ']') + "}", "E0505"},
      {"not-utf8.json", "{\"os\": {\"name\": \"\xff\xfe\"}}", "E0502"},
      {"top-level-list.json", "[1, 2]", "E0508"},
      {"truncated.json", R"({"os": {"build": 60)", "E0503"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    dir.write(c.name, c.text);
    Run r = edict(dir, std::string("check p.edict --facts ") + c.name);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.code) != std::string::npos);
  }
  // A key "" once recursed forever; a wrong type is an error outcome, not a pass.
  dir.write("odd.json", R"({"": 1, "os": {"build": "6003"}, "site": {"nums": [1, "x"]}})");
  Run odd = edict(dir, "check p.edict --facts odd.json --format json");
  CHECK(odd.status == 3);
  CHECK(odd.out.find("\"pass\": 0") != std::string::npos);
}

TEST_CASE("a typed list with one wrong item is an error for every rule that reads it, never a pass") {
  // Before, the item alone was an error value: `not (x in list)` and `len(list) == 2`
  // passed over a fact that was not the list<string> its schema says.
  TempDir dir;
  dir.write("p.edict", R"(package h
policy p "p" {
  rule not_in "KB9 is not installed" { require not ("KB9" in windows.hotfixes) }
  rule two "two hotfixes" { require len(windows.hotfixes) == 2 }
  rule all_ne "none is KB9" { require all h in windows.hotfixes: h != "KB9" }
}
)");
  dir.write("hot.json", "{\"windows\": {\"hotfixes\": [\"KB1\",\n  3]}}");
  Run r = edict(dir, "check p.edict --facts hot.json");
  CHECK(r.status == 3);
  CHECK(r.out.find("3 rules: 0 pass, 0 fail, 0 unknown, 3 error") != std::string::npos);
  // Each names the item and where it is.
  size_t at = 0;
  int named = 0;
  const std::string message = "fact `windows.hotfixes[1]` is an int, expected string (at hot.json:2:3)";
  while ((at = r.out.find(message, at)) != std::string::npos) ++named, at += message.size();
  CHECK(named == 3);
}
