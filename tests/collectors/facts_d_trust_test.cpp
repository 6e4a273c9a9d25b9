// facts.d trust covers the whole path: a facts.d directory, a program, a static file
// or a schema file is refused when any directory from "/" down to it (the ones holding
// symlinks on the way included) could be written by a user other than root and edict's
// own, sticky /tmp-like ones too, or when it is owned by such a user. The old check
// looked at the final target only, so a user who could write the parent of facts.d
// pointed it at any root-owned directory and root's edict ran every program there.
// Ownership needs root (chown to nobody); the test says so and returns otherwise.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <iostream>

#include "collectors/external.h"
#include "collectors/registry.h"
#include "tests/cli/run_edict.h"
#include "tests/collectors/collector_reports.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempTree;

namespace {

constexpr uid_t kNobody = 65534;

const char* const kProgram = "#!/bin/sh\necho '{\"site\": {\"ran\": \"yes\"}}'\n";
const char* const kSchema = "[facts]\n\"site.ran\" = \"string\"\n";

// Collects only external facts from `dir`, which declares site.ran itself when its
// schema file is accepted; the program, when it runs, sets it.
Facts collect_from(const std::string& dir, std::vector<CollectorReport>* reports) {
  auto registry = CollectorRegistry::with_builtin_host();
  FactSchema declared;
  declared.add(FactDecl{"site.ran", Type::string(), "declared", ""});
  registry.declare(declared);
  CollectOptions options;
  options.facts_d = {dir};
  options.only = {"external"};
  return collect_facts(registry, {"site.ran"}, options, reports);
}

bool is_root() {
  if (::geteuid() == 0) return true;
  std::cout << "skipped: needs root to chown test files to another user\n";
  return false;
}

struct Trees {
  TempTree base{"trust", edict::testing::trusted_base_dir()};
  Trees() {
    base.write("good/run.sh", kProgram, 0755);
    base.dir("attacker");
    REQUIRE(::chown(base.at("attacker").c_str(), kNobody, kNobody) == 0);
  }
};

}  // namespace

TEST_CASE("a facts.d whose parent another user can write is refused, even as a symlink to a root-owned directory") {
  if (!is_root()) return;
  Trees t;
  // What the attacker does in the directory they own: point facts.d at root's programs.
  t.base.symlink("attacker/facts.d", t.base.at("good"));
  std::vector<CollectorReport> reports;
  Facts facts = collect_from(t.base.at("attacker/facts.d"), &reports);
  CHECK(show(facts, "site.ran") == "absent");
  const CollectorReport* external = report_of(reports, "external");
  REQUIRE(external);
  CHECK_FALSE(external->ok);
  CHECK(external->message == "refused facts.d `" + t.base.at("attacker/facts.d") + "`: `" + t.base.at("attacker") +
                                 "` on its path is owned by another user (uid 65534)");
  CHECK(report_of(reports, "external:run.sh") == nullptr);  // never run

  // The same link in a directory only root can write is followed and trusted.
  t.base.symlink("ok-link", t.base.at("good"));
  reports.clear();
  facts = collect_from(t.base.at("ok-link"), &reports);
  CHECK(show(facts, "site.ran") == "\"yes\"");
}

TEST_CASE("a facts.d below a world-writable directory is refused, sticky like /tmp or not, and below a group-writable one") {
  if (!is_root()) return;
  Trees t;
  t.base.dir("sticky", 01777);
  t.base.write("sticky/facts.d/run.sh", kProgram, 0755);
  ::chmod(t.base.at("sticky/facts.d").c_str(), 0755);
  t.base.dir("group", 0775);
  t.base.write("group/facts.d/run.sh", kProgram, 0755);
  ::chmod(t.base.at("group/facts.d").c_str(), 0755);
  struct Case {
    std::string dir, why;
  } cases[] = {
      {"sticky", "writable by others (sticky, as /tmp: others can still create entries there)"},
      {"group", "writable by its group (gid " + std::to_string(::getegid()) + ")"},
  };
  for (const auto& c : cases) {
    ::chmod(t.base.at(c.dir).c_str(), c.dir == "sticky" ? 01777 : 0775);  // umask-proof
    std::vector<CollectorReport> reports;
    Facts facts = collect_from(t.base.at(c.dir + "/facts.d"), &reports);
    CHECK(show(facts, "site.ran") == "absent");
    REQUIRE(report_of(reports, "external"));
    CHECK(report_of(reports, "external")->message == "refused facts.d `" + t.base.at(c.dir + "/facts.d") + "`: `" +
                                                         t.base.at(c.dir) + "` on its path is " + c.why);
  }
}

TEST_CASE("a program reached through a symlink into a directory another user owns is refused, not run") {
  if (!is_root()) return;
  Trees t;
  t.base.write("attacker/run.sh", kProgram, 0755);  // root-owned file, in their directory
  t.base.dir("facts.d");
  t.base.symlink("facts.d/run.sh", t.base.at("attacker/run.sh"));
  t.base.write("facts.d/other.sh", kProgram, 0755);
  REQUIRE(::chown(t.base.at("facts.d/other.sh").c_str(), kNobody, kNobody) == 0);
  std::vector<CollectorReport> reports;
  Facts facts = collect_from(t.base.at("facts.d"), &reports);
  CHECK(show(facts, "site.ran") == "absent");
  const CollectorReport* run = report_of(reports, "external:run.sh");
  REQUIRE(run);
  CHECK_FALSE(run->ok);
  CHECK(run->message == "refused `" + t.base.at("facts.d/run.sh") + "`: `" + t.base.at("attacker") +
                            "` on its path is owned by another user (uid 65534)");
  const CollectorReport* other = report_of(reports, "external:other.sh");
  REQUIRE(other);
  CHECK(other->message == "refused `" + t.base.at("facts.d/other.sh") + "`: it is owned by another user (uid 65534)");
}

TEST_CASE("a *.schema.toml another user owns, or reaches through a symlink, is refused with E0523") {
  if (!is_root()) return;
  Trees t;
  t.base.write("owned/site.schema.toml", kSchema, 0644);
  REQUIRE(::chown(t.base.at("owned/site.schema.toml").c_str(), kNobody, kNobody) == 0);
  t.base.write("attacker/site.schema.toml", kSchema, 0644);
  t.base.dir("linked");
  t.base.symlink("linked/site.schema.toml", t.base.at("attacker/site.schema.toml"));
  t.base.write("fine/site.schema.toml", kSchema, 0644);

  struct Case {
    std::string dir, why;
  } cases[] = {
      {"owned", "it is owned by another user (uid 65534)"},
      {"linked", "`" + t.base.at("attacker") + "` on its path is owned by another user (uid 65534)"},
  };
  for (const auto& c : cases) {
    FactSchema schema;
    SourceManager sources;
    DiagnosticSink sink;
    CHECK_FALSE(load_facts_d_schemas({t.base.at(c.dir)}, schema, sources, sink));
    REQUIRE(sink.diagnostics().size() == 1);
    const Diagnostic& d = sink.diagnostics()[0];
    CHECK(d.code == "E0523");
    CHECK(d.message == "refused schema file `" + t.base.at(c.dir + "/site.schema.toml") + "`: " + c.why);
    CHECK(schema.find("site.ran") == nullptr);  // nothing of it is declared
  }
  FactSchema schema;
  SourceManager sources;
  DiagnosticSink sink;
  CHECK(load_facts_d_schemas({t.base.at("fine")}, schema, sources, sink));
  CHECK(schema.find("site.ran") != nullptr);

  // `edict facts` stops on it (exit 2), naming the file.
  auto r = edict::testing::run_edict("facts --only external --facts-d '" + t.base.at("linked") + "'", ".");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("error[E0523]: refused schema file `" + t.base.at("linked/site.schema.toml") + "`") !=
        std::string::npos);
}

TEST_CASE("a symlink loop on a facts.d path is refused, not followed forever") {
  struct {
    TempTree base{"trust-loop", edict::testing::trusted_base_dir()};
  } t;
  t.base.symlink("loop-a", "loop-b");
  t.base.symlink("loop-b", "loop-a");
  CHECK(unsafe_reason(t.base.at("loop-a")) == "more than 40 symlinks on its path");
  // 40 links are followed (the limit), 41 are not.
  t.base.dir("target");
  for (int i = 0; i < 40; ++i) t.base.symlink("chain/" + std::to_string(i), std::to_string(i + 1));
  t.base.symlink("chain/40", t.base.at("target"));
  CHECK(unsafe_reason(t.base.at("chain/1")) == "");
  CHECK(unsafe_reason(t.base.at("chain/0")) == "more than 40 symlinks on its path");
}
