// 32-bit hosts (issue 13): Server 2008 ships x86 and x64 editions, and a 32-bit edict.exe
// on x64 Windows reads the redirected SOFTWARE\Wow6432Node view unless every key is
// opened with KEY_WOW64_64KEY. The Win32 sources cannot run on Linux and this machine's
// MinGW builds x64 only, so this test guards the source instead: every registry open in
// collectors/windows/ asks for the 64-bit view, and no value is read straight
// off HKEY_LOCAL_MACHINE (RegGetValueW on the root would take the process's own view).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("every registry open of the Windows collectors asks for the 64-bit view") {
  fs::path dir = fs::path(EDICT_SOURCE_DIR) / "collectors/windows";
  size_t opens = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    std::string text = Read(entry.path());
    INFO(entry.path().filename().string());
    // RegOpenKeyExW(...) and RegCreateKeyExW(...) calls, up to their closing `;`.
    std::regex open_call(R"(Reg(Open|Create)KeyEx[AW]?\s*\([^;]*;)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), open_call); it != std::sregex_iterator(); ++it) {
      INFO(it->str());
      CHECK(it->str().find("KEY_WOW64_64KEY") != std::string::npos);
      ++opens;
    }
    // A value read straight off the root key bypasses the view flag.
    std::regex root_read(R"(Reg(GetValue|QueryValueEx)[AW]?\s*\(\s*HKEY_LOCAL_MACHINE)");
    CHECK_FALSE(std::regex_search(text, root_read));
  }
  CHECK(opens >= 1);
}
