#include "cli/packs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>

namespace edict::cli {
namespace {

namespace fs = std::filesystem;

std::string executable_dir() {
#ifdef _WIN32
  return "";  // edict.exe: packs come from EDICT_PACK_PATH (docs/install.md)
#else
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
#endif
}

// A pack name is one directory name: no separators, no `.`/`..`, so `--pack ../../etc`
// cannot name a directory outside the search path.
bool is_pack_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name) {
    if (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> pack_search_path() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv(kPackPathEnv)) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      size_t colon = list.find(':', start);
      if (colon == std::string::npos) colon = list.size();
      if (colon > start) dirs.push_back(list.substr(start, colon - start));
      start = colon + 1;
    }
  }
  std::string exe = executable_dir();
  if (!exe.empty()) dirs.push_back((fs::path(exe) / ".." / "share" / "edict" / "policies").lexically_normal().string());
  dirs.push_back("/usr/share/edict/policies");
  // An installed /usr/bin/edict finds /usr/share/edict/policies twice: keep the first.
  std::vector<std::string> unique;
  for (const auto& d : dirs) {
    if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(d);
  }
  return unique;
}

bool resolve_packs(const std::vector<std::string>& names, std::vector<std::string>* paths, RunContext& ctx) {
  bool ok = true;
  std::vector<std::string> search = pack_search_path();
  for (const auto& name : names) {
    if (!is_pack_name(name)) {
      ctx.usage_error("E0850", "`" + name + "` is not a pack name",
                      "a pack is named by its directory's name, e.g. `--pack linux`; give a path as a plain argument instead");
      ok = false;
      continue;
    }
    bool found = false;
    for (const auto& dir : search) {
      std::error_code ec;
      fs::path candidate = fs::path(dir) / name;
      if (fs::is_directory(candidate, ec)) {
        paths->push_back(candidate.string());
        found = true;
        break;
      }
    }
    if (found) continue;
    std::set<std::string> known;
    for (const auto& dir : search) {
      std::error_code ec;
      for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec)) known.insert(it->path().filename().string());
      }
    }
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + ("`" + k + "`");
    std::string where;
    for (const auto& dir : search) where += (where.empty() ? "" : ", ") + dir;
    ctx.usage_error("E0851", "no policy pack `" + name + "`",
                    (known.empty() ? std::string("no packs are installed") : "the packs found: " + list) +
                        " (searched " + where + "; set " + kPackPathEnv + " for others)");
    ok = false;
  }
  return ok;
}

}  // namespace edict::cli
