// The `mounts` collector: each mount point with its filesystem type, source and options,
// keyed by mount point (`mounts["/tmp"].options`). On the running host from the kernel's
// mount table, /proc/self/mountinfo (proc(5)), as `findmnt` reads it; under --root from
// the tree's /etc/fstab (fstab(5)), which is what the image would mount at boot. Every
// record says which (`origin`: "mountinfo" or "fstab").
//
// A mount point mounted twice (an overmount) is the top one: the one a path lookup
// reaches. Options are the per-mount ones (nodev, nosuid, noexec, ro, relatime) followed
// by the filesystem's own (size=, mode=), each once, as findmnt's OPTIONS column merges them.
#include <algorithm>
#include <cstdlib>
#include <map>

#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/text_lines.h"
#include "runtime/facts/builder.h"

namespace edict::collectors {

namespace {

// A mount table line is ~150 bytes; a node running thousands of containers has tens of
// thousands of mounts (a few MB). Past this the table is not read and mounts are unknown.
constexpr size_t kMaxMountTableBytes = 16 << 20;

bool is_octal(char c) { return c >= '0' && c <= '7'; }

void append_options(std::string_view text, std::vector<std::string>* out) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string opt = decode_octal_escapes(text.substr(start, end - start));
    if (!opt.empty() && std::find(out->begin(), out->end(), opt) == out->end()) out->push_back(std::move(opt));
    start = end + 1;
  }
}

}  // namespace

std::string decode_octal_escapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && is_octal(text[i + 1]) && is_octal(text[i + 2]) &&
        is_octal(text[i + 3])) {
      int v = (text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0');
      if (v <= 0xFF) {
        out += static_cast<char>(v);
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::vector<MountEntry> parse_mountinfo(std::string_view text, std::vector<size_t>* bad_line_numbers) {
  std::vector<MountEntry> out;
  size_t number = 0;
  for_each_line(text, [&](std::string_view line) {
    ++number;
    auto f = whitespace_fields(line);
    if (f.empty()) return;
    // ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER_OPTIONS
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 6 || dash + 3 >= f.size() || f[4].empty() || f[4][0] != '/') {
      if (bad_line_numbers) bad_line_numbers->push_back(number);
      return;
    }
    MountEntry e;
    e.id = std::atoll(std::string(f[0]).c_str());
    e.parent_id = std::atoll(std::string(f[1]).c_str());
    e.target = decode_octal_escapes(f[4]);
    e.type = decode_octal_escapes(f[dash + 1]);
    e.source = decode_octal_escapes(f[dash + 2]);
    append_options(f[5], &e.options);
    append_options(f[dash + 3], &e.options);
    out.push_back(std::move(e));
  });
  return out;
}

std::vector<MountEntry> parse_fstab(std::string_view text, std::vector<size_t>* bad_line_numbers) {
  std::vector<MountEntry> out;
  size_t number = 0;
  for_each_line(text, [&](std::string_view line) {
    ++number;
    auto f = whitespace_fields(line);
    if (f.empty() || f[0].front() == '#') return;
    // SPEC FILE VFSTYPE MNTOPS [FREQ [PASSNO]]
    if (f.size() < 4 || f.size() > 6) {
      if (bad_line_numbers) bad_line_numbers->push_back(number);
      return;
    }
    MountEntry e;
    e.source = decode_octal_escapes(f[0]);
    e.target = decode_octal_escapes(f[1]);
    e.type = decode_octal_escapes(f[2]);
    if (e.type == "swap" || e.target.empty() || e.target[0] != '/') return;  // swap space: no mount point
    append_options(f[3], &e.options);
    out.push_back(std::move(e));
  });
  return out;
}

std::map<std::string, const MountEntry*> visible_mounts(const std::vector<MountEntry>& entries) {
  // "the top-most mount is the one that is not the parent of any other mount at the same
  // location" (proc_pid_mountinfo(5)); fstab has no ids, and its last line for a mount
  // point is mounted last, on top.
  std::map<std::string, const MountEntry*> out;
  for (const auto& e : entries) {
    auto [it, inserted] = out.emplace(e.target, &e);
    if (!inserted && (e.id < 0 || e.parent_id == it->second->id)) it->second = &e;
  }
  return out;
}

namespace {

class MountsCollector : public Collector {
 public:
  std::string name() const override { return "mounts"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("mounts"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    RootFs fs(request.options.root);
    const bool live = fs.is_host();
    const char* file = live ? "proc/self/mountinfo" : "etc/fstab";
    std::string text, error;
    if (!fs.read(file, &text, &error, kMaxMountTableBytes)) {
      report.ok = false;
      report.message = error + "; mounts left unknown";
      return;
    }
    std::vector<size_t> bad;
    auto entries = live ? parse_mountinfo(text, &bad) : parse_fstab(text, &bad);
    if (!bad.empty()) {
      std::string lines;
      for (size_t i = 0; i < bad.size() && i < 5; ++i) lines += (i ? ", " : "") + std::to_string(bad[i]);
      report.message = std::string(file) + ": " + std::to_string(bad.size()) + " malformed lines skipped (line " +
                       lines + (bad.size() > 5 ? ", ..." : "") + ")" +
                       (live ? "" : ", as mount(8) skips them");
      if (live) {
        // The kernel writes mountinfo: a line Edict cannot read may be any mount.
        report.ok = false;
        report.message += "; mounts left unknown";
        return;
      }
    }
    auto by_target = visible_mounts(entries);
    Arena& arena = out.arena();
    auto* map_entries = arena.allocate_array<MapEntry>(by_target.size());
    uint32_t n = 0;
    std::string_view origin = live ? "mountinfo" : "fstab";
    for (const auto& [target, e] : by_target) {
      std::vector<Value> options;
      for (const auto& o : e->options) options.push_back(make_string(arena, o));
      map_entries[n++] = MapEntry{arena.copy(target), make_record(arena, {{"type", make_string(arena, e->type)},
                                                                          {"source", make_string(arena, e->source)},
                                                                          {"options", make_list(arena, options)},
                                                                          {"origin", make_string(arena, origin)}})};
    }
    out.set("mounts", make_map(map_entries, n));
  }
};

}  // namespace

std::unique_ptr<Collector> make_mounts_collector() { return std::make_unique<MountsCollector>(); }

}  // namespace edict::collectors
