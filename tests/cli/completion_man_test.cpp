// `edict completion` and `edict man`: the scripts the shells load and the pages man
// shows are rendered from the verbs' own definitions, so these tests run them the way a
// user meets them (bash's completion function, fish's `complete -C`, zsh's parser,
// man(1)) and check they offer what `--help` offers.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "tests/cli/run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::scratch_dir;

namespace {

// Output of `sh -c command`; the exit status in *status.
std::string shell_output(const std::string& command, int* status) {
  std::string out = scratch_dir("completion") + "/shell.txt";
  int raw = std::system((command + " >'" + out + "' 2>&1").c_str());
  *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return read_file(out);
}

std::string write_script(const std::string& shell) {
  auto r = run_edict("completion " + shell, ".");
  REQUIRE(r.exit_code == 0);
  REQUIRE(!r.out.empty());
  std::string path = scratch_dir("completion") + "/edict." + shell;
  FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fwrite(r.out.data(), 1, r.out.size(), f);
  std::fclose(f);
  return path;
}

// What bash's completion offers for `words` (the last one, maybe "", is being completed).
std::string bash_complete(const std::string& script, const std::vector<std::string>& words) {
  std::string driver = "source '" + script + "'\nCOMP_WORDS=(";
  for (const auto& w : words) driver += " \"" + w + "\"";
  driver += " )\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
            "\n_edict\nfor w in \"${COMPREPLY[@]}\"; do echo \"$w\"; done\n";
  std::string path = scratch_dir("completion") + "/driver.bash";
  FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fwrite(driver.data(), 1, driver.size(), f);
  std::fclose(f);
  int status = 0;
  std::string out = shell_output("bash '" + path + "'", &status);
  REQUIRE(status == 0);
  return out;
}

}  // namespace

TEST_CASE("completion bash: verbs, a verb's flags and a flag's values, as bash completes them") {
  std::string script = write_script("bash");
  int status = 0;
  shell_output("bash -n '" + script + "'", &status);
  REQUIRE(status == 0);
  CHECK(bash_complete(script, {"edict", "che"}) == "check\n");
  std::string flags = bash_complete(script, {"edict", "check", "--fa"});
  CHECK(flags.find("--facts\n") != std::string::npos);
  CHECK(flags.find("--fail-on\n") != std::string::npos);
  CHECK(bash_complete(script, {"edict", "check", "--pa"}) == "--pack\n");
  // A flag with a fixed set of values offers those values.
  CHECK(bash_complete(script, {"edict", "facts", "--format", ""}) == "json\ntoml\n");
  // The hidden `man` verb is not offered.
  CHECK(bash_complete(script, {"edict", "ma"}) == "");
}

TEST_CASE("completion fish: complete -C offers the verbs with their summaries and the flags") {
  int status = 0;
  shell_output("command -v fish", &status);
  REQUIRE(status == 0);  // scripts/bootstrap installs fish for this test
  std::string script = write_script("fish");
  std::string verbs = shell_output("fish -c 'source \"" + script + "\"; complete -C \"edict che\"'", &status);
  REQUIRE(status == 0);
  CHECK(verbs.find("check\tCheck a host") != std::string::npos);
  std::string values = shell_output("fish -c 'source \"" + script + "\"; complete -C \"edict facts --format \"'", &status);
  CHECK(values.find("json") != std::string::npos);
  CHECK(values.find("toml") != std::string::npos);
}

TEST_CASE("completion zsh: the script parses and names every visible verb") {
  int status = 0;
  shell_output("command -v zsh", &status);
  REQUIRE(status == 0);  // scripts/bootstrap installs zsh for this test
  std::string script = write_script("zsh");
  shell_output("zsh -n '" + script + "'", &status);
  CHECK(status == 0);
  std::string text = read_file(script);
  CHECK(text.rfind("#compdef edict\n", 0) == 0);
  for (const char* verb : {"'check:", "'test:", "'compile:", "'fmt:", "'facts:", "'doc:"}) {
    CHECK(text.find(verb) != std::string::npos);
  }
  CHECK(text.find("'man:") == std::string::npos);
}

TEST_CASE("completion: an unknown shell is E0803, exit 2, nothing on stdout") {
  auto r = run_edict("completion tcsh", ".");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("E0803") != std::string::npos);
}

TEST_CASE("man: edict-check(1) renders with man and lists every flag --help lists") {
  auto help = run_edict("check --help", ".");
  REQUIRE(help.exit_code == 0);
  std::string dir = scratch_dir("man");
  auto r = run_edict("man --dir '" + dir + "'", ".");
  REQUIRE(r.exit_code == 0);
  int status = 0;
  std::string page = shell_output("MANWIDTH=200 man -l '" + dir + "/edict-check.1'", &status);
  REQUIRE(status == 0);
  CHECK(page.find("edict-check - Check a host") != std::string::npos);
  CHECK(page.find("EXIT STATUS") != std::string::npos);
  // Every long flag in --help is in the page (man shows \- as -).
  size_t pos = 0;
  int flags = 0;
  while ((pos = help.out.find("--", pos)) != std::string::npos) {
    size_t end = help.out.find_first_of(" ,=\n", pos);
    std::string flag = help.out.substr(pos, end - pos);
    pos = end;
    if (flag.size() < 3 || flag.find_first_not_of("-abcdefghijklmnopqrstuvwxyz") != std::string::npos) continue;
    ++flags;
    INFO(flag);
    CHECK(page.find(flag) != std::string::npos);
  }
  CHECK(flags > 10);
  // edict(1) names every verb's page, and not the hidden `man`.
  std::string top = read_file(dir + "/edict.1");
  CHECK(top.find("edict\\-check") != std::string::npos);
  CHECK(top.find("edict\\-man") == std::string::npos);
}

TEST_CASE("man: an unknown command is E0812, exit 2") {
  auto r = run_edict("man nosuch", ".");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("E0812") != std::string::npos);
}
