// `files` keys of both systems (runtime/file_key.h): a policy may name a Windows file
// (`files["C:\\Windows\\System32\\ntoskrnl.exe"]`); it compiles everywhere, and on Linux
// the key is nobody's file: unknown with E0537, never `exists: false`.
#include <catch2/catch.hpp>

#include <fstream>

#include "runtime/file_key.h"
#include "tests/cli/run_edict.h"

using edict::testing::run_edict;
using edict::testing::scratch_dir;

TEST_CASE("files: a Windows key compiles and is unknown on Linux, with E0537") {
  std::string dir = scratch_dir("files-windows-keys");
  std::ofstream(dir + "/p.edict") << "package t\npolicy p \"P\" {\n  rule win \"W\" {\n"
                                     "    require files[\"C:\\\\Windows\\\\System32\\\\ntoskrnl.exe\"].version >= "
                                     "v\"6.0.6003.21000\"\n  }\n}\n";
  auto r = run_edict("check '" + dir + "/p.edict'", ".");
  INFO(r.out << r.err);
  CHECK(r.err.find("E0416") == std::string::npos);  // a Windows path is an absolute key
  CHECK(r.exit_code == 3);                          // unknown: the gate does not pass
  CHECK(r.err.find("is a Windows path; left unknown on Linux [E0537]") != std::string::npos);
}

TEST_CASE("files: edict facts --key takes a Windows path and reports it unknown on Linux") {
  auto r = run_edict("facts --only files --key 'C:\\Windows\\win.ini' --key /etc/hostname --format json", ".");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("win.ini") == std::string::npos);
  CHECK(r.out.find("/etc/hostname") != std::string::npos);
  CHECK(r.err.find("[E0537]") != std::string::npos);
  auto bad = run_edict("facts --only files --key 'Windows\\win.ini'", ".");
  CHECK(bad.err.find("E0818") != std::string::npos);
}

TEST_CASE("files: which keys are absolute") {
  CHECK(edict::is_file_key("/etc/passwd"));
  CHECK(edict::is_file_key("C:\\Windows"));
  CHECK(edict::is_file_key("d:/data"));
  CHECK_FALSE(edict::is_file_key("C:"));
  CHECK_FALSE(edict::is_file_key("C:relative"));
  CHECK_FALSE(edict::is_file_key("\\\\server\\share"));
  CHECK_FALSE(edict::is_file_key("etc/passwd"));
  CHECK_FALSE(edict::is_file_key(""));
}
