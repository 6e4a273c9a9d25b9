// External collectors (facts.d): declared facts merge in; a collector that hangs,
// floods, fails, prints garbage or is writable by others is reported, never trusted,
// and never hangs the run. The programs are written at test time because git keeps
// neither group-write bits nor ownership.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "collectors/external.h"
#include "collectors/registry.h"
#include "collectors/subprocess.h"
#include "tests/collectors/collector_reports.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
namespace fs = std::filesystem;

namespace {

// Below a directory only root can write: edict refuses facts.d under /tmp.
struct TempDir {
  std::string path;
  TempDir() {
    std::string base = edict::testing::trusted_base_dir();
    REQUIRE_FALSE(base.empty());
    std::string tmpl = base + "/edict-facts-d-XXXXXX";
    REQUIRE(mkdtemp(tmpl.data()));
    path = tmpl;
    chmod(path.c_str(), 0755);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text, mode_t mode) const {
    std::ofstream(path + "/" + name) << text;
    chmod((path + "/" + name).c_str(), mode);
  }
};

}  // namespace

TEST_CASE("external collectors: declared facts merge, everything else is reported") {
  TempDir dir;
  dir.write("esu.schema.toml", "[facts]\n\"esu.vendor_link\" = \"string\"\n\"esu.ticket\" = \"int\"\n", 0644);
  dir.write("10-esu.sh",
            "#!/bin/sh\necho 'note on stderr' >&2\n"
            "echo '{\"esu\": {\"vendor_link\": \"vpn-1\"}, \"undeclared\": {\"x\": 1}, \"os\": {\"name\": \"evil\"}}'\n",
            0755);
  dir.write("20-static.json", "{\"esu\": {\"ticket\": \"not-an-int\"}}", 0644);
  dir.write("README", "not a collector", 0644);
  dir.write("30-empty-key.json", "{\"\": 1, \"esu\": {\"\": {\"\": 2}}}", 0644);  // once recursed forever

  CollectOptions options;
  options.root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  options.facts_d = {dir.path};
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);

  CHECK(show(facts, "esu.vendor_link") == "\"vpn-1\"");
  // A static file's wrong value says where it is; a program's output has no file to point into.
  CHECK(show(facts, "esu.ticket") ==
        "error(\"fact `esu.ticket` is a string, expected int (at " + dir.path + "/20-static.json:1:20)\")");
  CHECK(show(facts, "os.name") == "\"Debian GNU/Linux\"");  // a core fact is never overridden
  CHECK(facts.find("undeclared") == nullptr);
  CHECK(facts.provenance("esu.vendor_link")->source == "external:" + dir.path + "/10-esu.sh");
  CHECK(facts.provenance("os.name")->source == "collector:os");

  const CollectorReport* esu = report_of(reports, "external:10-esu.sh");
  REQUIRE(esu);
  CHECK(esu->ok);
  CHECK(esu->stderr_text == "note on stderr\n");
  CHECK(esu->paths_ignored == std::vector<std::string>{"os.name", "undeclared"});
  CHECK(esu->message.find("ignored facts not declared for external collectors: `os.name`, `undeclared`") == 0);
  CHECK(report_of(reports, "external:README") == nullptr);
  CHECK(report_of(reports, "external")->ok);
}

TEST_CASE("external collectors that hang, flood, fail, print garbage or are writable by others") {
  TempDir dir;
  dir.write("hang.sh", "#!/bin/sh\nsleep 30 &\nsleep 30\n", 0755);
  dir.write("flood.sh", "#!/bin/sh\nexec yes '{\"a\": 1}'\n", 0755);
  dir.write("fail.sh", "#!/bin/sh\necho boom >&2\nexit 3\n", 0755);
  dir.write("garbage.sh", "#!/bin/sh\necho '{\"esu\": '\n", 0755);
  dir.write("list.sh", "#!/bin/sh\necho '[1, 2]'\n", 0755);
  dir.write("writable.sh", "#!/bin/sh\necho '{}'\n", 0775);
  dir.write("world.json", "{}", 0646);
  dir.write("noexec.sh.json", "{\"esu\": {}}", 0644);

  CollectOptions options;
  options.root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  options.facts_d = {dir.path};
  options.external_timeout_ms = 500;
  options.only = {"external"};
  std::vector<CollectorReport> reports;
  auto start = std::chrono::steady_clock::now();
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5);

  auto message = [&](const std::string& name) {
    const CollectorReport* r = report_of(reports, "external:" + name);
    REQUIRE(r);
    CHECK_FALSE(r->ok);
    return r->message;
  };
  CHECK(message("hang.sh") == "killed after 500 ms (the time limit)");
  CHECK(message("flood.sh") == "killed for printing more than 1048576 bytes");
  CHECK(message("fail.sh") == "exited with status 3");
  CHECK(report_of(reports, "external:fail.sh")->stderr_text == "boom\n");
  CHECK(message("garbage.sh").find("printed an invalid facts document: line 2, column 1: invalid JSON") == 0);
  CHECK(message("list.sh").find("a facts document must be a map") != std::string::npos);
  CHECK(message("writable.sh").find("it is writable by group or others") != std::string::npos);
  CHECK(message("world.json").find("it is writable by group or others") != std::string::npos);
  const CollectorReport* all = report_of(reports, "external");
  REQUIRE(all);
  CHECK_FALSE(all->ok);
  CHECK(all->message == "7 of 8 external collectors failed");
  CHECK(facts.find("a") == nullptr);
}

TEST_CASE("a facts.d directory writable by others is refused as a whole") {
  TempDir dir;
  dir.write("ok.sh", "#!/bin/sh\necho '{}'\n", 0755);
  chmod(dir.path.c_str(), 0777);
  CollectOptions options;
  options.facts_d = {dir.path};
  options.only = {"external"};
  std::vector<CollectorReport> reports;
  collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  REQUIRE(reports.size() == 1);
  CHECK_FALSE(reports[0].ok);
  CHECK(reports[0].message.find("refused facts.d `" + dir.path + "`: it is writable by group or others") == 0);
}

TEST_CASE("external collectors run lazily: only for declared paths no built-in provides") {
  TempDir dir;
  dir.write("counter.sh", "#!/bin/sh\ntouch \"$(dirname \"$0\")/ran\"\necho '{\"inventory\": {\"owner\": \"ops\"}}'\n", 0755);
  auto registry = CollectorRegistry::with_builtin_host();
  FactSchema declared;
  declared.add(FactDecl{"inventory.owner", Type::string(), "declared", ""});
  registry.declare(declared);
  CollectOptions options;
  options.root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  options.facts_d = {dir.path};

  std::vector<CollectorReport> reports;
  collect_facts(registry, {"os.name"}, options, &reports);
  CHECK_FALSE(fs::exists(dir.path + "/ran"));
  REQUIRE(reports.size() == 1);

  reports.clear();
  Facts facts = collect_facts(registry, {"inventory.owner"}, options, &reports);
  CHECK(fs::exists(dir.path + "/ran"));
  CHECK(show(facts, "inventory.owner") == "\"ops\"");
  REQUIRE(reports.size() == 2);  // external, external:counter.sh
  CHECK(reports[0].collector == "external");

  // Without a facts.d, a declared fact stays unknown and the report says why.
  reports.clear();
  options.facts_d.clear();
  Facts none = collect_facts(registry, {"inventory.owner"}, options, &reports);
  CHECK(none.find("inventory.owner") == nullptr);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].paths_left_unknown == std::vector<std::string>{"inventory.owner"});
}

TEST_CASE("run_program: clean argv, no shell, exit codes and a program that cannot start") {
  TempDir dir;
  dir.write("args.sh", "#!/bin/sh\necho \"$#:$0\"\n", 0755);
  RunResult r = run_program(dir.path + "/args.sh", RunLimits{});
  CHECK(r.started);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "0:" + dir.path + "/args.sh\n");
  RunResult missing = run_program(dir.path + "/nope", RunLimits{});
  CHECK_FALSE(missing.started);
  CHECK(missing.error == "cannot run: No such file or directory");
  dir.write("killed.sh", "#!/bin/sh\nkill -TERM $$\n", 0755);
  CHECK(run_program(dir.path + "/killed.sh", RunLimits{}).signal == SIGTERM);
}
