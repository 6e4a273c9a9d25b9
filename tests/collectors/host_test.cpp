// `edict facts` on the machine running the tests, compared with what the system's
// own tools say (uname, /etc/os-release, /proc/net/route, dpkg-query), and the
// command's flags and exit codes. Parts whose source is missing here are skipped.
#include <catch2/catch.hpp>

#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "collectors/linux.h"

using nlohmann::json;

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// Runs a command line (test-side only; edict itself never uses a shell).
Run run(const std::string& command) {
  Run r;
  FILE* pipe = popen((command + " 2>/tmp/edict-facts-test-stderr").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string edict_bin() { return EDICT_BINARY; }

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("edict facts on this host prints true facts") {
  Run r = run(edict_bin() + " facts");
  REQUIRE(r.status == 0);
  json facts = json::parse(r.out);

  struct utsname u;
  REQUIRE(uname(&u) == 0);
  CHECK(facts["host"]["name"] == u.nodename);
  CHECK(facts["os"]["kernel"]["release"] == u.release);
  CHECK(facts["os"]["arch"] == edict::collectors::normalize_arch(u.machine));
  CHECK(facts["os"]["family"] == "linux");

  std::string os_release = slurp("/etc/os-release");
  if (!os_release.empty()) {
    auto fields = edict::collectors::parse_os_release(os_release);
    CHECK(facts["os"]["distro"] == fields["ID"]);
    CHECK(facts["os"]["name"] == fields["NAME"]);
  }

  std::string route = slurp("/proc/net/route");
  if (!route.empty()) {
    // Count UP rows independently of the parser: awk over the Flags column.
    Run up = run("awk 'NR > 1 && and(strtonum(\"0x\" $4), 1) { n++ } END { print n + 0 }' /proc/net/route");
    size_t v4 = 0;
    for (const auto& r4 : facts["network"]["routes"]) v4 += r4["family"] == "ipv4";
    if (up.status == 0) CHECK(std::to_string(v4) + "\n" == up.out);
  }

  if (access("/usr/bin/dpkg-query", X_OK) == 0) {
    Run count = run("dpkg-query -W -f='${db:Status-Abbrev}\\n' | grep -c '^[ih]i '");
    REQUIRE(count.status == 0);
    CHECK(std::to_string(facts["packages"].size()) + "\n" == count.out);
  }
}

TEST_CASE("edict facts: formats, --only, --root, --schema and bad flags") {
  std::string root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  Run toml = run(edict_bin() + " facts --format toml --only os --root " + root);
  REQUIRE(toml.status == 0);
  CHECK(toml.out.find("[os]\narch = 'x86_64'\ndistro = 'debian'") != std::string::npos);

  Run only = run(edict_bin() + " facts --only os,host --root " + root);
  REQUIRE(only.status == 0);
  json j = json::parse(only.out);
  CHECK(j.size() == 2);
  CHECK(j["host"]["name"] == "deb-web-01");

  Run schema = run(edict_bin() + " facts --schema");
  REQUIRE(schema.status == 0);
  CHECK(schema.out.find("os.build") != std::string::npos);
  CHECK(schema.out.find("network.routes") != std::string::npos);
  Run schema_json = run(edict_bin() + " facts --schema --format json");
  REQUIRE(schema_json.status == 0);
  CHECK(json::parse(schema_json.out).size() >= 27);

  CHECK(run(edict_bin() + " facts --format xml").status == 2);
  CHECK(run(edict_bin() + " facts --only bogus").status == 2);
  CHECK(run(edict_bin() + " facts --root /nonexistent").status == 2);
  CHECK(run(edict_bin() + " facts --no-such-flag").status == 2);

  // A failing collector is a warning on stderr; the facts still print.
  Run rhel = run(edict_bin() + " facts --only packages --root " + std::string(EDICT_SOURCE_DIR) +
                 "/tests/data/facts/roots/rhel9");
  CHECK(rhel.status == 0);
  CHECK(rhel.out == "{}\n");
  CHECK(slurp("/tmp/edict-facts-test-stderr").find("warning[W0521]: collector `packages`: var/lib/dpkg/status") !=
        std::string::npos);
}
