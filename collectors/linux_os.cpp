// The `host` and `os` collectors: who this machine is and what runs on it.
// On the host root they ask the running kernel (uname); under another root they read
// what the tree offers (etc/hostname, proc/sys/kernel/osrelease, proc/sys/kernel/arch).
#include <sys/utsname.h>

#include "collectors/linux.h"
#include "collectors/text_lines.h"
#include "collectors/root_fs.h"

namespace edict::collectors {

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The first line of a small file, trimmed; "" (with *error) when it cannot be read.
bool read_line(const RootFs& fs, std::string_view path, std::string* out, std::string* error) {
  std::string text;
  if (!fs.read(path, &text, error, 4096)) return false;
  *out = trim(text.substr(0, text.find('\n')));
  return true;
}

void note(CollectorReport& report, const std::string& message) {
  if (!report.message.empty()) report.message += "; ";
  report.message += message;
}

class HostCollector : public Collector {
 public:
  std::string name() const override { return "host"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("host"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    std::string error;
    std::string hostname;
    if (fs.is_host()) {
      struct utsname u;
      if (::uname(&u) == 0) hostname = u.nodename;
    } else if (!read_line(fs, "etc/hostname", &hostname, &error) &&
               !read_line(fs, "proc/sys/kernel/hostname", &hostname, nullptr)) {
      note(report, error);
    }
    if (!hostname.empty()) out.set("host.name", make_string(out.arena(), hostname));

    std::string id;
    if (read_line(fs, "etc/machine-id", &id, &error) || read_line(fs, "var/lib/dbus/machine-id", &id, nullptr)) {
      if (!id.empty()) out.set("host.id", make_string(out.arena(), id));
    } else {
      report.ok = false;
      note(report, error);
    }
  }
};

class OsCollector : public Collector {
 public:
  std::string name() const override { return "os"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("os"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    Arena& arena = out.arena();
    out.set("os.family", make_string(arena, "linux"));

    std::string text, error;
    if (fs.read("etc/os-release", &text, &error, 65536) || fs.read("usr/lib/os-release", &text, nullptr, 65536)) {
      auto fields = parse_os_release(text);
      if (auto it = fields.find("NAME"); it != fields.end()) out.set("os.name", make_string(arena, it->second));
      if (auto it = fields.find("ID"); it != fields.end()) out.set("os.distro", make_string(arena, it->second));
      if (auto it = fields.find("VERSION_ID"); it != fields.end()) {
        Value v;
        if (parse_version(arena, it->second, &v)) {
          out.set("os.version", v);
        } else {
          note(report, "VERSION_ID `" + it->second + "` is not a version; os.version left unknown");
        }
      }
    } else {
      report.ok = false;
      note(report, error + " (and usr/lib/os-release)");
    }

    std::string release, machine;
    if (fs.is_host()) {
      struct utsname u;
      if (::uname(&u) == 0) {
        release = u.release;
        machine = u.machine;
      }
    } else {
      read_line(fs, "proc/sys/kernel/osrelease", &release, nullptr);
      read_line(fs, "proc/sys/kernel/arch", &machine, nullptr);
    }
    if (!machine.empty()) out.set("os.arch", make_string(arena, normalize_arch(machine)));
    if (!release.empty()) {
      out.set("os.kernel.release", make_string(arena, release));
      Value v;
      if (parse_version(arena, kernel_version_text(release), &v)) out.set("os.kernel.version", v);
    }
  }
};

}  // namespace

std::map<std::string, std::string> parse_os_release(std::string_view text) {
  std::map<std::string, std::string> fields;
  for_each_line(text, [&](std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') return;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) return;
    std::string key(line.substr(0, eq));
    std::string_view raw = line.substr(eq + 1);
    while (!raw.empty() && (raw.back() == '\r' || raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
    std::string value;
    bool ok = true;
    for (size_t i = 0; i < raw.size() && ok; ++i) {
      char c = raw[i];
      if (c == '"') {
        size_t j = i + 1;
        for (; j < raw.size() && raw[j] != '"'; ++j) {
          if (raw[j] == '\\' && j + 1 < raw.size() && std::string_view("\"\\$`").find(raw[j + 1]) != std::string_view::npos) ++j;
          value += raw[j];
        }
        ok = j < raw.size();
        i = j;
      } else if (c == '\'') {
        size_t j = raw.find('\'', i + 1);
        ok = j != std::string_view::npos;
        if (ok) value += raw.substr(i + 1, j - i - 1);
        i = j;
      } else if (c == '\\' && i + 1 < raw.size()) {
        value += raw[++i];
      } else {
        value += c;
      }
    }
    if (ok) fields[key] = value;
  });
  return fields;
}

std::string normalize_arch(std::string_view machine) {
  if (machine == "amd64" || machine == "x64") return "x86_64";
  if (machine == "i386" || machine == "i486" || machine == "i586" || machine == "i686") return "x86";
  if (machine == "arm64" || machine == "armv8l") return "aarch64";
  return std::string(machine);
}

std::string kernel_version_text(std::string_view release) {
  size_t n = 0;
  while (n < release.size() && ((release[n] >= '0' && release[n] <= '9') || release[n] == '.')) {
    if (release[n] == '.' && (n + 1 >= release.size() || release[n + 1] < '0' || release[n + 1] > '9')) break;
    ++n;
  }
  return std::string(release.substr(0, n));
}

std::unique_ptr<Collector> make_host_collector() { return std::make_unique<HostCollector>(); }
std::unique_ptr<Collector> make_os_collector() { return std::make_unique<OsCollector>(); }

}  // namespace edict::collectors
