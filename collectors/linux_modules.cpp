// The `modules` collector: kernel modules loaded now (/proc/modules) and the modules
// modprobe.d keeps from loading (modprobe.d(5): `blacklist NAME`, or `install NAME
// /bin/false` / `/bin/true`, which runs that command instead of loading the module).
// Read through RootFs, so --root checks an image's modprobe.d.
//
// Which files count follows modprobe.d(5) (kmod 33's "CONFIGURATION DIRECTORIES AND
// PRECEDENCE"; kmod's conf_files_list does the same in older releases): a file in
// /etc/modprobe.d replaces a file with the same name in /run, /usr/local/lib, /usr/lib
// or /lib, so an administrator's empty /etc/modprobe.d/blacklist.conf undoes a vendor
// blacklist.conf, and the vendor's blocks no longer apply.
#include <algorithm>
#include <map>
#include <set>

#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/text_lines.h"
#include "runtime/facts/builder.h"

namespace edict::collectors {

// Highest precedence first, as kmod's default config paths (modprobe.d(5)); usr/lib
// before lib as kmod 33 orders them (on a merged-/usr host they are one directory).
const char* const kModprobeDirs[5] = {"etc/modprobe.d", "run/modprobe.d", "usr/local/lib/modprobe.d",
                                      "usr/lib/modprobe.d", "lib/modprobe.d"};

namespace {

// A host has tens of modprobe.d files; past this many in one directory the rest are
// left out (and said so) rather than read without end.
constexpr size_t kMaxModprobeFiles = 1000;
// A modprobe.d file is a few lines; a bigger one is not configuration.
constexpr size_t kMaxModprobeFileBytes = 1 << 20;
// /proc/modules lists a few hundred modules at ~100 bytes each.
constexpr size_t kMaxProcModulesBytes = 4 << 20;

// Commands that do nothing and succeed or fail: `install NAME <one of these>` makes
// `modprobe NAME` run it instead of loading NAME.
bool is_noop_command(std::string_view command) {
  return command == "/bin/false" || command == "/bin/true" || command == "/usr/bin/false" ||
         command == "/usr/bin/true";
}

}  // namespace

std::string normalize_module_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');  // modprobe treats - and _ alike
  return out;
}

std::vector<std::string> parse_proc_modules(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto w = whitespace_fields(text.substr(pos, end - pos));
    if (!w.empty()) out.push_back(normalize_module_name(w[0]));
    pos = end + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> parse_modprobe_blocked(std::string_view text) {
  std::vector<std::string> out;
  std::string joined;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    // A trailing backslash continues the line (modprobe.d(5)).
    if (!line.empty() && line.back() == '\\') {
      joined.append(line.substr(0, line.size() - 1));
      joined += ' ';
      if (pos <= text.size()) continue;
    } else {
      joined.append(line);
    }
    auto w = whitespace_fields(joined);
    if (!w.empty() && w[0].front() != '#') {
      if (w[0] == "blacklist" && w.size() == 2) {
        out.push_back(normalize_module_name(w[1]));
      } else if (w[0] == "install" && w.size() == 3 && is_noop_command(w[2])) {
        out.push_back(normalize_module_name(w[1]));
      }
    }
    joined.clear();
    if (end == text.size()) break;
  }
  return out;
}

namespace {

class ModulesCollector : public Collector {
 public:
  std::string name() const override { return "modules"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("modules"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    Arena& arena = out.arena();
    auto to_list = [&](const std::vector<std::string>& names) {
      std::vector<Value> items;
      for (const auto& n : names) items.push_back(make_string(arena, n));
      return make_list(arena, items);
    };
    std::vector<std::string> problems;

    std::string text, error;
    if (fs.read("proc/modules", &text, &error, kMaxProcModulesBytes)) {
      out.set("modules.loaded", to_list(parse_proc_modules(text)));
    } else {
      // No /proc/modules (a kernel without modules, or an image under --root): unknown
      // (the registry lists it among the paths left unknown).
      problems.push_back(error);
    }

    // Each file name once, from the first directory that has it (modprobe.d(5)).
    std::map<std::string, std::string> file_of_name;
    std::map<std::string, const char*> dir_of_file;
    bool failed = false;
    for (const char* dir : kModprobeDirs) {
      if (!fs.exists(dir)) continue;
      std::vector<std::string> names;
      if (!fs.list(dir, &names, &error)) {
        problems.push_back(error);
        failed = true;
        continue;
      }
      std::sort(names.begin(), names.end());
      if (names.size() > kMaxModprobeFiles) {
        problems.push_back(std::string(dir) + ": more than " + std::to_string(kMaxModprobeFiles) +
                           " files, the rest left out");
        failed = true;
        names.resize(kMaxModprobeFiles);
      }
      for (const auto& n : names) {
        if (n.size() < 5 || n.compare(n.size() - 5, 5, ".conf") != 0) continue;  // modprobe reads *.conf only
        file_of_name.emplace(n, std::string(dir) + "/" + n);                     // an earlier directory's wins
        dir_of_file.emplace(n, dir);
      }
    }
    std::set<std::string> blocked;
    for (const auto& [name, file] : file_of_name) {
      // A link to /dev/null masks the same name in later directories: kmod reads it as an
      // empty file (systemd's convention for vendor files, modules-load.d(5)).
      std::string link;
      if (fs.read_link(dir_of_file[name], name, &link) && link == "/dev/null") continue;
      if (!fs.read(file, &text, &error, kMaxModprobeFileBytes)) {
        problems.push_back(error);
        failed = true;
        continue;
      }
      for (auto& m : parse_modprobe_blocked(text)) blocked.insert(std::move(m));
    }
    // No modprobe.d at all is a host that blocks nothing: an empty list. A directory or
    // file we could not read leaves the list unknown: a block we did not see may exist.
    if (!failed) {
      out.set("modules.blocked", to_list(std::vector<std::string>(blocked.begin(), blocked.end())));
    }
    if (!problems.empty()) {
      report.ok = !failed;
      for (const auto& p : problems) report.message += (report.message.empty() ? "" : "; ") + p;
    }
  }
};

}  // namespace

std::unique_ptr<Collector> make_modules_collector() { return std::make_unique<ModulesCollector>(); }

}  // namespace edict::collectors
