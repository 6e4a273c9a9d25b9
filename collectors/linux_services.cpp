// The `services` collector: systemd units by unit name (`services["ssh.service"]`), from
// the unit files under the root as `systemctl --root=DIR is-enabled` reads them
// (systemd.unit(5) "Unit File Load Path", systemctl(1) is-enabled):
// - `state`: is-enabled's word: "enabled" (a .wants/.requires/.upholds link or an Alias=
//   link to it under /etc/systemd/system), "enabled-runtime" (the same under
//   /run/systemd/system only), "disabled" ([Install] says how to enable it, nothing
//   did), "static" (no [Install]), "indirect" ([Install] has only Also=, or a template
//   has links to instances other than its DefaultInstance=), "masked" (the
//   unit file is a link to /dev/null, or empty), "alias" (the name is a link to another
//   unit's file);
// - `enabled`: true for enabled and enabled-runtime, false for disabled and masked,
//   unknown (left out) for static, indirect and alias, where a bool would be a guess;
// - `loaded`: a unit file was found and is not masked (systemctl's LoadState=loaded);
// - `active`: on the live host, the running systemd's ActiveState (one ListUnits call over
//   the system bus, linux_systemd_bus.h); "inactive" for a unit the manager has not loaded
//   (an active unit is always loaded); left out (unknown) with the reason under --root,
//   without a running systemd, in a build without sd-bus, and when the bus fails.
// Keys are full unit names: `services["ssh"]` is not `services["ssh.service"]`.
#include <algorithm>
#include <map>
#include <set>

#include "collectors/linux.h"
#include "collectors/linux_systemd_bus.h"
#include "collectors/root_fs.h"
#include "collectors/text_lines.h"
#include "runtime/facts/builder.h"

namespace edict::collectors {

namespace {

// The system unit directories systemctl --root reads, highest precedence first
// (systemd.unit(5), "System Unit Search Path", without the runtime-only control,
// transient and generator directories).
const char* const kUnitDirs[] = {"etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system",
                                 "usr/lib/systemd/system", "lib/systemd/system"};
// The directories whose links enable a unit: the administrator's and the runtime one.
const char* const kEnableDirs[] = {"etc/systemd/system", "run/systemd/system"};
// A Debian host has a few hundred unit files; a directory past this is not a unit
// directory, and the units are left unknown rather than read without end.
constexpr size_t kMaxUnitDirEntries = 20000;
// A unit file is a few KB.
constexpr size_t kMaxUnitFileBytes = 1 << 20;

const char* const kUnitSuffixes[] = {".service", ".socket", ".target", ".timer", ".mount", ".automount",
                                     ".path",    ".swap",   ".slice",  ".scope", ".device"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_unit_name(std::string_view name) {
  for (const char* s : kUnitSuffixes) {
    if (ends_with(name, s) && name.size() > std::string_view(s).size()) return true;
  }
  return false;
}

std::string base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

UnitInstallInfo parse_unit_install(std::string_view text) {
  UnitInstallInfo info;
  bool in_install = false;
  for_each_line(text, [&](std::string_view raw) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') return;
    if (line[0] == '[') {
      in_install = line == "[Install]";
      return;
    }
    if (!in_install) return;
    size_t eq = line.find('=');
    if (eq == std::string::npos) return;
    std::string key = trim(std::string_view(line).substr(0, eq));
    std::string value = trim(std::string_view(line).substr(eq + 1));
    if (value.empty()) return;  // an empty assignment resets the list: nothing to enable
    if (key == "WantedBy" || key == "RequiredBy" || key == "UpheldBy" || key == "Alias") info.installable = true;
    if (key == "Also") info.also = true;
    if (key == "DefaultInstance") info.default_instance = value;
  });
  return info;
}

std::string unit_state(const UnitFacts& u) {
  if (u.masked) return "masked";
  if (u.alias_of.size()) return "alias";
  if (u.linked_in_etc) return "enabled";
  if (u.linked_in_run) return "enabled-runtime";
  if (u.instance_linked) return "indirect";
  if (u.install.installable) return "disabled";
  if (u.install.also) return "indirect";
  return "static";
}

bool read_units(const std::string& root, std::map<std::string, UnitFacts>* out, std::string* error) {
  RootFs fs(root);
  // The unit file each name resolves to: the first directory that has it.
  std::map<std::string, std::string> dir_of;
  bool any_dir = false;
  for (const char* dir : kUnitDirs) {
    if (!fs.exists(dir)) continue;
    any_dir = true;
    std::vector<std::string> names;
    if (!fs.list(dir, &names, error)) return false;
    if (names.size() > kMaxUnitDirEntries) {
      *error = std::string(dir) + ": more than " + std::to_string(kMaxUnitDirEntries) + " entries";
      return false;
    }
    for (const auto& n : names) {
      if (is_unit_name(n)) dir_of.emplace(n, dir);
    }
  }
  // No unit directory at all is not a systemd system (sysvinit, a container image, not an
  // OS tree): its services are unknown, not "none" (a quantifier over {} would pass).
  if (!any_dir) {
    *error = "no systemd unit directory (etc/, usr/lib/ or lib/systemd/system) below the root";
    return false;
  }
  // Which names the enabling directories link to (each link's own name counts: a
  // wants/ link is named after the unit it pulls in).
  std::set<std::string> linked_etc, linked_run;
  for (const char* dir : kEnableDirs) {
    if (!fs.exists(dir)) continue;
    std::vector<std::string> names;
    if (!fs.list(dir, &names, error)) return false;
    auto& linked = std::string_view(dir).substr(0, 3) == "etc" ? linked_etc : linked_run;
    for (const auto& n : names) {
      if (!(ends_with(n, ".wants") || ends_with(n, ".requires") || ends_with(n, ".upholds"))) continue;
      std::vector<std::string> links;
      std::string sub = std::string(dir) + "/" + n;
      if (!fs.list(sub, &links, error)) return false;
      for (const auto& l : links) linked.insert(l);
    }
  }
  for (const auto& [name, dir] : dir_of) {
    UnitFacts u;
    std::string rel = dir + "/" + name;
    std::string t;
    // Read without following, inside the root: a unit's link is what masks or aliases it.
    if (fs.read_link(dir, name, &t)) {
      if (t == "/dev/null") {
        u.masked = true;
      } else if (base_name(t) != name) {
        u.alias_of = base_name(t);
        // An Alias= link under /etc/systemd/system enables the unit it points to.
        if (dir == std::string("etc/systemd/system")) linked_etc.insert(u.alias_of);
      }
    }
    if (!u.masked && u.alias_of.empty()) {
      std::string text, read_error;
      if (!fs.read(rel, &text, &read_error, kMaxUnitFileBytes)) {
        *error = read_error;
        return false;
      }
      u.masked = text.empty();  // an empty unit file masks, as a /dev/null link does
      u.install = parse_unit_install(text);
    }
    (*out)[name] = u;
  }
  for (auto& [name, u] : *out) {
    u.linked_in_etc = linked_etc.count(name) > 0;
    u.linked_in_run = linked_run.count(name) > 0;
    // A template (getty@.service) is enabled by a link to its DefaultInstance=
    // (getty@tty1.service); links to other instances make it "indirect", as systemctl says.
    size_t at = name.find('@'), dot = name.rfind('.');
    if (at == std::string::npos || dot != at + 1) continue;
    std::string prefix = name.substr(0, at + 1), suffix = name.substr(dot);
    if (!u.install.default_instance.empty()) {
      std::string instance = prefix + u.install.default_instance + suffix;
      u.linked_in_etc = u.linked_in_etc || linked_etc.count(instance) > 0;
      u.linked_in_run = u.linked_in_run || linked_run.count(instance) > 0;
    }
    for (const auto* linked : {&linked_etc, &linked_run}) {
      for (auto it = linked->lower_bound(prefix); it != linked->end() && it->compare(0, prefix.size(), prefix) == 0;
           ++it) {
        if (ends_with(*it, suffix) && it->size() > prefix.size() + suffix.size()) u.instance_linked = true;
      }
    }
  }
  return true;
}

namespace {

// False, with the reason in the report, when the running manager cannot be asked.
bool ask_manager(const std::string& root, std::map<std::string, ManagerUnit>* manager, CollectorReport& report) {
  RootFs fs(root);
  std::string why;
  if (!fs.is_host()) {
    report.message = "active state unknown under --root: it belongs to a running service manager";
    return false;
  }
  if (!fs.exists("run/systemd/system")) {
    report.message = "active state unknown: systemd is not running here (no /run/systemd/system, sd_booted(3))";
    return false;
  }
  if (!manager_available(&why)) {
    report.message = "active state unknown: " + why + " [E0535]";
    return false;
  }
  if (!list_manager_units(manager, &why)) {
    // Not knowing is not "inactive": the field stays unknown and the run says why.
    report.ok = false;
    report.message = "active state unknown: " + why + " [E0534]";
    return false;
  }
  return true;
}

}  // namespace

std::string active_state(const std::string& name, const UnitFacts& unit,
                         const std::map<std::string, ManagerUnit>& manager) {
  // The manager lists a unit under its primary name; an alias name (sshd.service -> ssh.service)
  // has the state of the unit it names.
  auto it = manager.find(unit.alias_of.empty() ? name : unit.alias_of);
  if (it == manager.end()) it = manager.find(name);
  // A unit the manager has not loaded is not running: systemd keeps every unit that is
  // active (or activating, failed, ...) loaded, and `systemctl is-active` says "inactive".
  return it == manager.end() ? "inactive" : it->second.active_state;
}

namespace {

class ServicesCollector : public Collector {
 public:
  std::string name() const override { return "services"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("services"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    std::map<std::string, UnitFacts> units;
    std::string error;
    if (!read_units(request.options.root, &units, &error)) {
      report.ok = false;
      report.message = error + "; services left unknown";
      return;
    }
    // `active` is the running manager's, never the unit files': asked of it on the live
    // host only, and left out (unknown) with the reason otherwise.
    std::map<std::string, ManagerUnit> manager;
    bool have_manager = ask_manager(request.options.root, &manager, report);
    Arena& arena = out.arena();
    auto* entries = arena.allocate_array<MapEntry>(units.size());
    uint32_t n = 0;
    for (const auto& [name, u] : units) {
      std::string state = unit_state(u);
      std::vector<std::pair<std::string_view, Value>> fields = {
          {"state", make_string(arena, state)},
          {"loaded", Value::of_bool(!u.masked)},
      };
      if (state == "enabled" || state == "enabled-runtime") fields.push_back({"enabled", Value::of_bool(true)});
      if (state == "disabled" || state == "masked") fields.push_back({"enabled", Value::of_bool(false)});
      if (have_manager) fields.push_back({"active", make_string(arena, active_state(name, u, manager))});
      entries[n++] = MapEntry{arena.copy(name), make_record(arena, fields)};
    }
    out.set("services", make_map(entries, n));
  }
};

}  // namespace

std::unique_ptr<Collector> make_services_collector() { return std::make_unique<ServicesCollector>(); }

}  // namespace edict::collectors
