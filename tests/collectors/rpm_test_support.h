// Helpers for the tests that drive Debian's `rpm` and `rpmbuild` (package `rpm`,
// scripts/bootstrap test). On CI (the CI environment variable set) a missing rpm is
// a failure, not a skip: the comparison with rpm's own ordering must really run.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <iostream>
#include <string>

#include "tests/support/run_command.h"

namespace edict::testing {

inline bool have_rpm_tools() {
  return std::system("rpm --version >/dev/null 2>&1") == 0 && std::system("rpmbuild --version >/dev/null 2>&1") == 0;
}

// True when the test may go on; false (with a message) when rpm is absent on a
// developer machine. On CI the caller's REQUIRE fails instead.
inline bool rpm_tools_or_skip(const char* what) {
  if (have_rpm_tools()) return true;
  if (std::getenv("CI") != nullptr) return true;  // the test goes on and fails loudly
  std::cout << "rpm/rpmbuild absent (scripts/bootstrap test installs Debian's `rpm`): " << what << " did not run\n";
  return false;
}

}  // namespace edict::testing

#include <filesystem>
#include <fstream>
#include <vector>

namespace edict::testing {

// One tiny noarch package to build: its spec's Name, Epoch ("" for none), Version, Release.
struct RpmSpec {
  std::string name, epoch, version, release;
};

// The packages the real-rpmdb tests install: an epoch, a tilde and a caret version,
// and two versions of one name (rpm -i installs both side by side).
inline const std::vector<RpmSpec>& test_rpm_specs() {
  static const std::vector<RpmSpec> specs = {
      {"edict-epoch", "2", "1.0", "1"},         {"edict-tilde", "", "1.0~rc1", "1.el9"},
      {"edict-caret", "", "2.0^git1", "3"},     {"edict-multi", "", "1.0", "1"},
      {"edict-multi", "", "1.10", "1"},         {"openssl", "1", "3.0.7", "27.el9"},
  };
  return specs;
}

// Builds the packages with rpmbuild under `work` and installs them into `root` with
// its rpmdb at `dbpath` (relative to the root, as rpm's --dbpath is). Returns ""
// on success, else what failed with rpm's output.
inline std::string build_rpm_root(const std::filesystem::path& work, const std::filesystem::path& root,
                                  const std::string& dbpath) {
  std::filesystem::create_directories(work / "top");
  std::filesystem::create_directories(root);
  std::string rpms;
  int k = 0;
  for (const RpmSpec& s : test_rpm_specs()) {
    std::filesystem::path spec = work / ("p" + std::to_string(k++) + ".spec");
    std::ofstream(spec) << "Name: " << s.name << "\n"
                        << (s.epoch.empty() ? "" : "Epoch: " + s.epoch + "\n") << "Version: " << s.version
                        << "\nRelease: " << s.release
                        << "\nSummary: edict test package\nLicense: MIT\nBuildArch: noarch\n"
                        << "%description\nAn empty package for edict's tests.\n%files\n";
    int status = 0;
    std::string out = run_command("rpmbuild -bb --define '_topdir " + (work / "top").string() + "' '" +
                                      spec.string() + "' 2>&1",
                                  &status);
    if (status != 0) return "rpmbuild " + s.name + ": " + out;
  }
  std::string rpm = "rpm --root '" + root.string() + "' --dbpath " + dbpath;
  int status = 0;
  std::string out = run_command(rpm + " --initdb 2>&1", &status);
  if (status != 0) return "rpm --initdb: " + out;
  // --nodeps: the packages need nothing, but rpm's own rpmlib() provides are checked
  // against the empty db; --noscripts: none run, nothing executes in the root.
  out = run_command(rpm + " -i --nodeps --noscripts '" + (work / "top/RPMS/noarch").string() + "'/*.rpm 2>&1",
                    &status);
  if (status != 0) return "rpm -i: " + out;
  return "";
}

}  // namespace edict::testing
