// `edict facts --only files --key PATH` (cli/cmd_facts.cpp) shows what a policy reading
// those paths gets, and `edict check` collects exactly the keys a policy names. Bad
// uses of --key are usage errors (exit 2) with their own codes. Catches: --key ignored
// (nothing printed), `--only files` silently printing nothing, a relative key read
// relative to the working directory.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/cli/run_edict.h"

using edict::testing::run_edict;
using edict::testing::scratch_dir;
using nlohmann::json;

TEST_CASE("edict facts --key: the entries a policy would get, and bad uses refused") {
  std::string root = scratch_dir("facts-key");
  std::filesystem::create_directories(root + "/etc");
  std::ofstream(root + "/etc/passwd") << "root:x:0:0:root:/root:/bin/bash\n";
  std::ofstream(root + "/etc/group") << "root:x:0:\n";
  ::chmod((root + "/etc/passwd").c_str(), 0644);

  auto r = run_edict("facts --only files --key /etc/passwd --key /etc/nope --root " + root, ".");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j["files"]["/etc/passwd"]["mode_octal"] == "0644");
  CHECK(j["files"]["/etc/passwd"]["owner"] == "root");
  CHECK(j["files"]["/etc/passwd"]["lines"] == json{"root:x:0:0:root:/root:/bin/bash"});
  CHECK(j["files"]["/etc/passwd"]["sha256"].get<std::string>().size() == 64);
  CHECK(j["files"]["/etc/nope"] == json{{"exists", false}});

  auto schema = run_edict("facts --schema", ".");
  CHECK(schema.out.find("files (keyed)") != std::string::npos);
  auto schema_json = run_edict("facts --schema --format json", ".");
  bool keyed = false;
  for (const auto& row : json::parse(schema_json.out)) {
    if (row["path"] == "files") keyed = row["keyed"] == true;
  }
  CHECK(keyed);

  auto no_only = run_edict("facts --key /etc/passwd", ".");
  CHECK(no_only.exit_code == 2);
  CHECK(no_only.err.find("error[E0815]") != std::string::npos);
  auto no_key = run_edict("facts --only files", ".");
  CHECK(no_key.exit_code == 2);
  CHECK(no_key.err.find("error[E0816]: `files` is a keyed resource") != std::string::npos);
  auto relative = run_edict("facts --only files --key etc/passwd", ".");
  CHECK(relative.exit_code == 2);
  CHECK(relative.err.find("error[E0818]") != std::string::npos);
  std::string many;
  for (int i = 0; i <= 4096; ++i) many += " --key /f" + std::to_string(i);
  auto too_many = run_edict("facts --only files" + many, ".");
  CHECK(too_many.exit_code == 2);
  CHECK(too_many.err.find("error[E0817]") != std::string::npos);
}

TEST_CASE("edict check: a policy on files collects the paths it names under --root") {
  std::string root = scratch_dir("check-files");
  std::filesystem::create_directories(root + "/etc");
  std::ofstream(root + "/etc/shadow") << "root:*:19700:0:99999:7:::\n";
  ::chmod((root + "/etc/shadow").c_str(), 0640);
  std::ofstream(root + "/etc/passwd") << "root:x:0:0:root:/root:/bin/bash\n";
  ::chmod((root + "/etc/passwd").c_str(), 0666);
  std::ofstream(root + "/p.edict") << "package t\npolicy p \"P\" {\n"
                                      "  rule shadow \"S\" { require files[\"/etc/shadow\"].mode_octal == \"0640\" }\n"
                                      "  rule passwd \"P\" { require files[\"/etc/passwd\"].mode_octal == \"0644\" }\n"
                                      "  rule absent \"A\" { require not files[\"/etc/nope\"].exists }\n"
                                      "}\n";
  auto r = run_edict("check --collect --root " + root + "/ --format json " + root + "/p.edict", ".");
  INFO(r.err);
  json j = json::parse(r.out);
  std::map<std::string, std::string> outcome;
  for (const auto& rule : j["rules"]) outcome[rule["id"]] = rule["outcome"];
  CHECK(outcome["t.p.shadow"] == "pass");
  CHECK(outcome["t.p.passwd"] == "fail");
  CHECK(outcome["t.p.absent"] == "pass");
}
