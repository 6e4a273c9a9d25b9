// `edict facts` and a facts.d collector that prints a value of the wrong type: the fact is
// reported as `check` reports it (E0518 with the message `check` shows for the rule) and
// the run exits 2; it used to be printed as a silent `null`, which reloads as "not
// collected".
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run_edict.h"
#include "tests/facts/temp_tree.h"

using edict::testing::run_edict;
using edict::testing::RunResult;

namespace {

namespace fs = std::filesystem;

// facts.d must not be writable by other users, anywhere on its path: not under /tmp,
// nor under a build directory that may itself be below /tmp (CI clones anywhere).
struct FactsDir {
  std::string path;
  explicit FactsDir(const std::string& collector) {
    std::string tmpl = edict::testing::trusted_base_dir() + "/edict-facts-d-cli-XXXXXX";
    path = mkdtemp(tmpl.data());
    chmod(path.c_str(), 0755);
    write("app.schema.toml", "[facts]\n\"app.licensed\" = \"bool\"\n\"app.seats\" = \"int\"\n", 0644);
    write("app.sh", collector, 0755);
  }
  ~FactsDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text, mode_t mode) const {
    std::ofstream(path + "/" + name) << text;
    chmod((path + "/" + name).c_str(), mode);
  }
};

}  // namespace

TEST_CASE("edict facts reports a wrong-typed external fact and exits 2, in JSON and TOML") {
  FactsDir dir("#!/bin/sh\necho '{\"app\": {\"licensed\": \"yes\", \"seats\": 3}}'\n");
  for (const char* format : {"json", "toml"}) {
    INFO(format);
    RunResult r = run_edict(std::string("facts --only external --format ") + format + " --facts-d " + dir.path, ".");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("error[E0518]: fact `app.licensed` is a string, expected bool") != std::string::npos);
    CHECK(r.err.find("from `external:" + dir.path + "/app.sh`") != std::string::npos);
    // The well-typed fact beside it is still printed.
    CHECK(r.out.find("seats") != std::string::npos);
  }
}

TEST_CASE("edict facts with well-typed external facts exits 0 and reports nothing") {
  FactsDir dir("#!/bin/sh\necho '{\"app\": {\"licensed\": true, \"seats\": 3}}'\n");
  RunResult r = run_edict("facts --only external --facts-d " + dir.path, ".");
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("E0518") == std::string::npos);
  CHECK(r.out.find("\"licensed\": true") != std::string::npos);
}
