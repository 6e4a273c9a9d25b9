// The limits of the ports, mounts and services collectors, each hit: past it the fact is
// unknown with the reason, never a partial table that could pass a rule.
// kMaxProcNetBytes is hit in ports_test.cpp (scan_ports takes the limit).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "tests/collectors/collector_reports.h"
#include "tests/collectors/temp_root.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempRoot;

namespace {

Facts collect(const TempRoot& root, const char* path, std::vector<CollectorReport>* reports) {
  CollectOptions options;
  options.root = root.path.string();
  return collect_facts(CollectorRegistry::with_builtin_host(), {path}, options, reports);
}

}  // namespace

TEST_CASE("services: a unit directory past kMaxUnitDirEntries (20000) leaves services unknown") {
  TempRoot root("svc-many");
  auto dir = root.path / "usr/lib/systemd/system";
  std::filesystem::create_directories(dir);
  for (int i = 0; i <= 20000; ++i) std::ofstream(dir / ("u" + std::to_string(i) + ".service"));
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, "services", &reports);
  CHECK(show(facts, "services") == "absent");
  const CollectorReport* r = report_of(reports, "services");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("more than 20000 entries") != std::string::npos);
}

TEST_CASE("services: a unit file past kMaxUnitFileBytes (1 MiB) leaves services unknown") {
  TempRoot root("svc-big");
  root.write("usr/lib/systemd/system/big.service", "[Service]\n# " + std::string((1 << 20) + 1, 'x') + "\n");
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, "services", &reports);
  CHECK(show(facts, "services") == "absent");
  CHECK_FALSE(report_of(reports, "services")->ok);
}

TEST_CASE("mounts: an fstab past kMaxMountTableBytes (16 MiB) leaves mounts unknown") {
  TempRoot root("mounts-big");
  std::string line = "tmpfs /tmp tmpfs nodev,nosuid,noexec 0 0\n";
  std::string text;
  while (text.size() <= (16u << 20)) text += line;
  root.write("etc/fstab", text);
  std::vector<CollectorReport> reports;
  Facts facts = collect(root, "mounts", &reports);
  CHECK(show(facts, "mounts") == "absent");
  CHECK_FALSE(report_of(reports, "mounts")->ok);
}
