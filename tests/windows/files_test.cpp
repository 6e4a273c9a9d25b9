// `files` on Windows (collectors/windows/files_facts.cpp) over a fake file system:
// exists, type, size, mtime and the version resource, WOW64's redirected System32, a
// file without a version resource, an unreadable file, keys of the wrong system.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "collectors/windows/windows_facts.h"
#include "runtime/file_key.h"
#include "tests/windows/fakes.h"

using namespace edict;
using namespace edict::collectors::windows;
using edict::collectors::windows::testing::FakeFiles;

namespace {

constexpr const char* kKernel = "C:\\Windows\\System32\\ntoskrnl.exe";

RawFile File(uint64_t size, std::optional<FileVersion> version = std::nullopt,
             std::optional<FileVersion> product = std::nullopt) {
  RawFile f;
  f.status = FileStatus::kFound;
  f.size = size;
  f.mtime = 1700000000;
  f.file_version = version;
  f.product_version = product ? product : version;
  return f;
}

struct Collected {
  Facts facts;
  std::vector<CollectorReport> reports;
  std::string field(const std::string& key, const std::string& name) const {
    const Value* files = facts.find("files");
    if (!files) return "absent";
    const Value* entry = map_find(*files, key);
    if (!entry) return "absent";
    const Value* v = map_find(*entry, name);
    return v ? to_display(*v) : "absent";
  }
  const CollectorReport& report() const {
    for (const auto& r : reports) {
      if (r.collector == "files") return r;
    }
    FAIL("no files report");
    return reports.front();
  }
};

Collected Collect(const std::shared_ptr<FakeFiles>& fs, const std::vector<std::pair<std::string, std::string>>& reads) {
  Sources sources;
  sources.files = fs;
  CollectorRegistry registry;
  registry.add(MakeFilesCollector(sources));
  CollectOptions options;
  for (const auto& [key, field] : reads) add_keyed_read(&options.keys["files"], key, field);
  Collected c;
  c.facts = collect_facts(registry, {"files"}, options, &c.reports);
  return c;
}

}  // namespace

TEST_CASE("windows files: exists, type, size and the version resource of ntoskrnl.exe") {
  auto fs = std::make_shared<FakeFiles>();
  fs->Add(kKernel, File(5'568'872, FileVersion{6, 0, 6003, 21000}, FileVersion{6, 0, 6003, 21001}));
  RawFile dir;
  dir.status = FileStatus::kFound;
  dir.directory = true;
  fs->Add("C:\\Windows", dir);
  Collected c = Collect(fs, {{kKernel, "version"}, {kKernel, "size"}, {"C:\\Windows", "type"},
                             {"C:\\Windows\\nope.exe", "exists"}});
  CHECK(c.field(kKernel, "exists") == "true");
  CHECK(c.field(kKernel, "type") == "\"file\"");
  CHECK(c.field(kKernel, "size") == "5568872");
  CHECK(c.field(kKernel, "mtime") == "1700000000");
  CHECK(c.field(kKernel, "version") == "v\"6.0.6003.21000\"");
  CHECK(c.field(kKernel, "product_version") == "v\"6.0.6003.21001\"");
  const Value* files = c.facts.find("files");
  REQUIRE(files);
  CHECK(map_find(*map_find(*files, kKernel), "version")->kind == ValueKind::kVersion);  // compares as a version
  CHECK(c.field("C:\\Windows", "type") == "\"dir\"");
  CHECK(c.field("C:\\Windows", "size") == "absent");
  CHECK(c.field("C:\\Windows\\nope.exe", "exists") == "false");
  // The POSIX fields have no Windows value: unknown, never a made-up 0.
  for (const char* posix : {"mode", "mode_octal", "uid", "gid", "owner", "group", "target"}) {
    CHECK(c.field(kKernel, posix) == "absent");
  }
  CHECK(c.report().ok);
}

TEST_CASE("windows files: the version resource is read only when a program reads a version") {
  auto fs = std::make_shared<FakeFiles>();
  fs->Add(kKernel, File(10, FileVersion{6, 0, 6003, 21000}));
  Collected c = Collect(fs, {{kKernel, "size"}});
  REQUIRE(fs->version_asked.size() == 1);
  CHECK_FALSE(fs->version_asked[0]);
  CHECK(c.field(kKernel, "version") == "absent");
}

TEST_CASE("windows files: a 32-bit edict.exe on x64 reads System32 through Sysnative, not SysWOW64") {
  auto fs = std::make_shared<FakeFiles>();
  fs->wow64 = true;
  // The redirector's SysWOW64 holds a 32-bit kernel32.dll of another version and no kernel image.
  fs->Add("C:\\Windows\\System32\\kernel32.dll", File(1000, FileVersion{6, 0, 6003, 21000}));
  fs->Add("C:\\Windows\\SysWOW64\\kernel32.dll", File(900, FileVersion{6, 0, 6003, 20000}));
  fs->Add(kKernel, File(5000, FileVersion{6, 0, 6003, 21000}));
  Collected c = Collect(fs, {{"C:\\Windows\\System32\\kernel32.dll", "version"},
                             {"c:/windows/system32/ntoskrnl.exe", "version"},
                             {"C:\\Windows\\SysWOW64\\kernel32.dll", "version"}});
  CHECK(c.field("C:\\Windows\\System32\\kernel32.dll", "version") == "v\"6.0.6003.21000\"");
  CHECK(c.field("C:\\Windows\\System32\\kernel32.dll", "size") == "1000");
  CHECK(c.field("c:/windows/system32/ntoskrnl.exe", "version") == "v\"6.0.6003.21000\"");
  // SysWOW64 named as such is the 32-bit copy, for both edict.exe's.
  CHECK(c.field("C:\\Windows\\SysWOW64\\kernel32.dll", "version") == "v\"6.0.6003.20000\"");
  CHECK(std::find(fs->looked_at.begin(), fs->looked_at.end(), "C:\\Windows\\Sysnative\\kernel32.dll") !=
        fs->looked_at.end());
}

TEST_CASE("windows files: NativeFilePath maps System32 to Sysnative for WOW64 only") {
  CHECK(NativeFilePath("C:\\Windows\\System32\\ntoskrnl.exe", "C:\\Windows", false) ==
        "C:\\Windows\\System32\\ntoskrnl.exe");
  CHECK(NativeFilePath("C:\\Windows\\System32\\ntoskrnl.exe", "C:\\Windows", true) ==
        "C:\\Windows\\Sysnative\\ntoskrnl.exe");
  CHECK(NativeFilePath("C:\\WINDOWS\\system32\\drivers\\etc\\hosts", "C:\\Windows", true) ==
        "C:\\Windows\\Sysnative\\drivers\\etc\\hosts");
  CHECK(NativeFilePath("C:\\Windows\\System32", "C:\\Windows", true) == "C:\\Windows\\Sysnative");
  CHECK(NativeFilePath("C:\\Windows\\System32x\\a.dll", "C:\\Windows", true) == "C:\\Windows\\System32x\\a.dll");
  CHECK(NativeFilePath("D:\\System32\\ntoskrnl.exe", "D:\\", true) == "D:\\Sysnative\\ntoskrnl.exe");
  CHECK(NativeFilePath("C:\\Program Files\\a.exe", "C:\\Windows", true) == "C:\\Program Files\\a.exe");
  CHECK(NativeFilePath("C:\\Windows\\System32\\a.dll", "", true) == "C:\\Windows\\System32\\a.dll");
}

TEST_CASE("windows files: no version resource leaves version unknown, an unreadable one says why") {
  auto fs = std::make_shared<FakeFiles>();
  fs->Add("C:\\Windows\\win.ini", File(92));
  RawFile locked = File(4096);
  locked.version_error = "Access is denied. (0x5)";
  fs->Add("C:\\Windows\\System32\\locked.dll", locked);
  Collected c = Collect(fs, {{"C:\\Windows\\win.ini", "version"}, {"C:\\Windows\\System32\\locked.dll", "version"}});
  CHECK(c.field("C:\\Windows\\win.ini", "exists") == "true");
  CHECK(c.field("C:\\Windows\\win.ini", "version") == "absent");  // never a made-up 0.0.0.0
  CHECK(c.field("C:\\Windows\\System32\\locked.dll", "version") == "absent");
  CHECK(c.field("C:\\Windows\\System32\\locked.dll", "size") == "4096");
  CHECK_FALSE(c.report().ok);
  CHECK(c.report().message.find("locked.dll`: the version resource cannot be read: Access is denied") !=
        std::string::npos);
  CHECK(c.report().message.find("[E0536]") != std::string::npos);
  CHECK(c.report().message.find("win.ini") == std::string::npos);  // no resource is not an error
}

TEST_CASE("windows files: a file Windows will not describe is unknown with the reason, never absent") {
  auto fs = std::make_shared<FakeFiles>();
  RawFile denied;
  denied.status = FileStatus::kFailed;
  denied.error = "Access is denied. (0x5)";
  fs->Add("C:\\secret\\a.txt", denied);
  RawFile link = File(0);
  link.reparse_point = true;
  fs->Add("C:\\link", link);
  Collected c = Collect(fs, {{"C:\\secret\\a.txt", "exists"}, {"C:\\link", "type"}});
  CHECK(c.field("C:\\secret\\a.txt", "exists") == "absent");
  CHECK_FALSE(c.report().ok);
  CHECK(c.report().message.find("`C:\\secret\\a.txt`: Access is denied. (0x5); left unknown [E0536]") !=
        std::string::npos);
  CHECK(c.field("C:\\link", "exists") == "true");
  CHECK(c.field("C:\\link", "type") == "absent");
}

TEST_CASE("windows files: a POSIX key is unknown on Windows, and so are POSIX fields asked for") {
  auto fs = std::make_shared<FakeFiles>();
  fs->Add(kKernel, File(10));
  Collected c = Collect(fs, {{"/etc/passwd", "exists"}, {kKernel, "mode"}, {"Windows\\win.ini", "exists"}});
  CHECK(c.field("/etc/passwd", "exists") == "absent");
  CHECK(c.report().message.find("`/etc/passwd` is not a Windows path") != std::string::npos);
  CHECK(c.report().message.find("[E0537]") != std::string::npos);
  CHECK(c.field("Windows\\win.ini", "exists") == "absent");
  CHECK(c.report().message.find("`mode` is not collected on Windows") != std::string::npos);
  CHECK(fs->looked_at == std::vector<std::string>{kKernel});  // the bad keys were never looked at
}

TEST_CASE("windows files: more than kMaxFileKeys paths leave the rest unknown") {
  auto fs = std::make_shared<FakeFiles>();
  std::vector<std::pair<std::string, std::string>> reads;
  for (size_t i = 0; i <= edict::collectors::kMaxFileKeys; ++i) {
    reads.emplace_back("C:\\f\\" + std::to_string(100000 + i), "exists");
  }
  Collected c = Collect(fs, reads);
  CHECK(fs->looked_at.size() == edict::collectors::kMaxFileKeys);
  CHECK(c.report().message.find("1 more paths left unknown") != std::string::npos);
}

TEST_CASE("windows files: keys are absolute POSIX or drive-letter paths") {
  CHECK(is_windows_file_key("C:\\Windows"));
  CHECK(is_windows_file_key("c:/windows"));
  CHECK_FALSE(is_windows_file_key("C:Windows"));
  CHECK_FALSE(is_windows_file_key("\\\\server\\share\\a"));
  CHECK_FALSE(is_windows_file_key("/etc/passwd"));
  CHECK(is_posix_file_key("/etc/passwd"));
  CHECK(is_file_key("C:\\Windows\\System32\\ntoskrnl.exe"));
  CHECK_FALSE(is_file_key("etc/passwd"));
  CHECK_FALSE(is_file_key(std::string("C:\\a\0b", 6)));
}

TEST_CASE("the Win32 file source does not switch the thread's redirector off") {
  std::ifstream in(std::filesystem::path(EDICT_SOURCE_DIR) / "collectors/windows/win32_files.cpp");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  REQUIRE(!text.empty());
  CHECK(text.find("IsWow64Process") != std::string::npos);
  CHECK(text.find("Wow64DisableWow64FsRedirection") == std::string::npos);
}
