// `files` on Windows: the paths a program names (`files["C:\\Windows\\System32\\ntoskrnl.exe"]`),
// the same keyed resource and record as on Linux (docs/facts.md). What Windows gives
// through the FileSource: exists, type, size, mtime, and the version resource's file
// and product versions. The POSIX fields (mode, uid, gid, owner, group, target) have no
// Windows equivalent here and stay unknown; sha256 and lines are not collected on
// Windows yet (unknown, said in the report). Pure logic: tests/windows/files_test.cpp.
#include <cctype>

#include "collectors/linux.h"  // kMaxFileKeys: one bound for both systems' `files`
#include "collectors/windows/windows_facts.h"
#include "runtime/file_key.h"

namespace edict::collectors::windows {

namespace {

// Lower case, `/` as `\`: how Windows compares paths here (one character for one).
std::string Folded(std::string_view path) {
  std::string out;
  for (char c : path) out += c == '/' ? '\\' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value VersionValue(Arena& arena, const FileVersion& v) {
  int64_t* parts = arena.allocate_array<int64_t>(4);
  parts[0] = v.major;
  parts[1] = v.minor;
  parts[2] = v.build;
  parts[3] = v.revision;
  return Value::of_version(parts, 4);
}

class FilesCollector : public Collector {
 public:
  explicit FilesCollector(Sources s) : s_(std::move(s)) {}
  std::string name() const override { return "files"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("files"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    auto asked = request.options.keys.find("files");
    if (asked == request.options.keys.end() || asked->second.empty()) return;  // nothing named, nothing read
    if (!s_.files) {
      report.ok = false;
      report.message = "no file source";
      return;
    }
    Notes notes;
    const std::vector<KeyedRead>& reads = asked->second;
    std::string windows_dir = s_.files->WindowsDirectory();
    bool wow64 = s_.files->IsWow64();
    Arena& arena = out.arena();
    std::vector<std::pair<std::string_view, Value>> entries;
    size_t done = 0;
    for (const KeyedRead& read : reads) {
      if (done == kMaxFileKeys) {
        notes.Fail(std::to_string(reads.size() - done) + " more paths left unknown: a run reads at most " +
                   std::to_string(kMaxFileKeys) + " (kMaxFileKeys) [E0527]");
        break;
      }
      ++done;
      if (!is_windows_file_key(read.key)) {
        notes.Fail("`" + read.key + "` is not a Windows path from a drive letter (`C:\\...`); left unknown [E0537]");
        continue;
      }
      Value entry = CollectOne(read, NativeFilePath(read.key, windows_dir, wow64), arena, &notes);
      if (!entry.is_unknown()) entries.emplace_back(read.key, entry);
    }
    out.set("files", make_record(arena, entries));
    notes.ApplyTo(report);
  }

 private:
  Value CollectOne(const KeyedRead& read, const std::string& path, Arena& arena, Notes* notes) {
    const std::string& key = read.key;
    bool want_version = read.reads("version") || read.reads("product_version");
    RawFile f = s_.files->Look(path, want_version);
    if (f.status == FileStatus::kNotFound) return make_record(arena, {{"exists", Value::of_bool(false)}});
    if (f.status == FileStatus::kFailed) {
      // Not knowing is not absence: `exists` stays unknown, so a rule on it is unknown.
      notes->Fail("`" + key + "`: " + f.error + "; left unknown [E0536]");
      return Value::unknown();
    }
    std::vector<std::pair<std::string_view, Value>> fields = {{"exists", Value::of_bool(true)}};
    if (f.reparse_point) {
      // A symbolic link, a junction, or a cloud or deduplicated file: what the attributes
      // describe is not plainly a file or a directory.
      notes->Note("`" + key + "` is a reparse point (a link or junction): type and size left unknown");
    } else {
      fields.emplace_back("type", make_string(arena, f.directory ? "dir" : "file"));
      if (!f.directory) fields.emplace_back("size", Value::of_int(static_cast<int64_t>(f.size)));
    }
    fields.emplace_back("mtime", Value::of_int(f.mtime));
    if (f.file_version) fields.emplace_back("version", VersionValue(arena, *f.file_version));
    if (f.product_version) fields.emplace_back("product_version", VersionValue(arena, *f.product_version));
    if (want_version && !f.version_error.empty()) {
      notes->Fail("`" + key + "`: the version resource cannot be read: " + f.version_error +
                  "; version left unknown [E0536]");
    }
    for (const char* posix : {"mode", "mode_octal", "uid", "gid", "owner", "group", "target", "sha256", "lines"}) {
      if (read.reads(posix) && !read.whole) {
        notes->Note("`" + key + "`: `" + posix + "` is not collected on Windows; left unknown");
      }
    }
    return make_record(arena, fields);
  }

  Sources s_;
};

}  // namespace

std::string NativeFilePath(std::string_view path, std::string_view windows_dir, bool wow64) {
  if (!wow64 || windows_dir.empty()) return std::string(path);
  // `C:\Windows`, or `D:\` for a Windows directory at a drive's root: without the separator.
  while (!windows_dir.empty() && (windows_dir.back() == '\\' || windows_dir.back() == '/')) {
    windows_dir.remove_suffix(1);
  }
  std::string system32 = Folded(windows_dir) + "\\system32";
  std::string folded = Folded(path);
  if (folded.compare(0, system32.size(), system32) != 0) return std::string(path);
  if (folded.size() > system32.size() && folded[system32.size()] != '\\') return std::string(path);  // System32x
  // The rest as the key wrote it (Folded keeps every character in place).
  return std::string(windows_dir) + "\\Sysnative" + std::string(path.substr(system32.size()));
}

std::string FileVersionText(const FileVersion& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.build) + "." +
         std::to_string(v.revision);
}

std::unique_ptr<Collector> MakeFilesCollector(const Sources& sources) {
  return std::make_unique<FilesCollector>(sources);
}

}  // namespace edict::collectors::windows
