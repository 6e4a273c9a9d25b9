// The `files` collector: the file system entries a program names by absolute path
// (`files["/etc/shadow"]`), and nothing else: `files` is a keyed resource, so the keys
// come from the program (CollectOptions::keys), never from a walk of the tree.
//
// Each entry is what lstat(2) says of the path below --root (`stat -c` without -L: a
// symlink is described itself, with its target text), plus, only when the program reads
// them, the sha256 and the lines of the file the path resolves to inside the root.
// Special files (FIFOs, sockets, devices) are never opened for reading: RootFs opens
// O_PATH to look, and reads only regular files (root_fs.h). A path Edict cannot look at
// (permission denied, a symlink loop) is unknown with the reason in the report, never
// `exists: false`.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

#include "collectors/linux.h"
#include "collectors/root_fs.h"
#include "collectors/text_lines.h"
#include "runtime/facts/builder.h"
#include "runtime/file_key.h"
#include "runtime/string_codec.h"

namespace edict::collectors {

namespace {

// passwd and group are read once per run for the owner and group names (the users
// collector's bound: a file past it is not an account database).
constexpr size_t kMaxAccountFileBytes = 16 << 20;

std::string type_of(mode_t mode) {
  if (S_ISREG(mode)) return "file";
  if (S_ISDIR(mode)) return "dir";
  if (S_ISLNK(mode)) return "symlink";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "device";
  return "unknown";
}

// "0640", as `stat -c %04a` prints the permission bits (setuid, setgid, sticky included).
std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::string hex_sha256(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) return {};
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// UTF-8 without NUL: what a fact string may hold unchanged. Anything else is reported,
// never repaired (a replaced byte would make a rule match what the file does not say).
bool is_text(std::string_view bytes, size_t* bad_at) {
  for (size_t i = 0; i < bytes.size();) {
    size_t n = bytes[i] == '\0' ? 0 : utf8_sequence_length(bytes, i);
    if (n == 0) {
      *bad_at = i;
      return false;
    }
    i += n;
  }
  return true;
}

// uid -> name and gid -> name from the root's own passwd and group (the first line of a
// repeated id, as getpwuid and getgrgid return), so an image's files get its names.
struct AccountNames {
  std::map<int64_t, std::string> users, groups;
  std::string users_error, groups_error;

  explicit AccountNames(const RootFs& fs) {
    std::string text;
    if (fs.read("etc/passwd", &text, &users_error, kMaxAccountFileBytes)) {
      for (const auto& u : parse_passwd(text)) users.emplace(u.uid, u.name);
    }
    if (fs.read("etc/group", &text, &groups_error, kMaxAccountFileBytes)) {
      for (const auto& g : parse_group(text)) groups.emplace(g.gid, g.name);
    }
  }
};

class FilesCollector : public Collector {
 public:
  std::string name() const override { return "files"; }
  std::vector<FactDecl> provides() const override { return core_facts_of("files"); }

  void collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) override {
    auto asked = request.options.keys.find("files");
    if (asked == request.options.keys.end() || asked->second.empty()) return;  // nothing named, nothing read
    const std::vector<KeyedRead>& reads = asked->second;
    RootFs fs(request.options.root);
    auto note = [&](const std::string& m, bool failed) {
      report.message += (report.message.empty() ? "" : "; ") + m;
      if (failed) report.ok = false;
    };
    std::optional<AccountNames> names;
    Arena& arena = out.arena();
    std::vector<std::pair<std::string_view, Value>> entries;
    size_t done = 0;
    for (const KeyedRead& read : reads) {
      if (done == kMaxFileKeys) {
        note(std::to_string(reads.size() - done) + " more paths left unknown: a run reads at most " +
                 std::to_string(kMaxFileKeys) + " (kMaxFileKeys) [E0527]",
             true);
        break;
      }
      ++done;
      if (is_windows_file_key(read.key)) {
        // A policy for both systems may name a Windows file; on Linux it is nobody's file.
        note("`" + read.key + "` is a Windows path; left unknown on Linux [E0537]", true);
        continue;
      }
      if (!is_posix_file_key(read.key)) {
        note("`" + read.key + "` is not an absolute path; left unknown [E0524]", true);
        continue;
      }
      Value entry = collect_one(fs, read, names, arena, note);
      if (entry.is_unknown()) continue;
      entries.emplace_back(read.key, entry);
    }
    out.set("files", make_record(arena, entries));
    // sha256 gave this thread OpenSSL state (freed by a thread-exit hook). The registry
    // runs a collector on a detached thread and is told it is done before that thread
    // exits, so the process could exit first, leaving the state unfreed (LeakSanitizer
    // saw it under load). Release it here, before the collector says it is done.
    OPENSSL_thread_stop();
  }

 private:
  template <typename Note>
  Value collect_one(const RootFs& fs, const KeyedRead& read, std::optional<AccountNames>& names, Arena& arena,
                    Note& note) {
    const std::string& key = read.key;
    struct stat st;
    std::string target;
    int err = fs.lstat(key, &st, &target);
    if (err == ENOENT || err == ENOTDIR) return make_record(arena, {{"exists", Value::of_bool(false)}});
    if (err != 0) {
      // Not knowing is not absence: `exists` stays unknown, so a rule on it is unknown.
      note("`" + key + "`: " + std::strerror(err) + "; left unknown [E0524]", true);
      return Value::unknown();
    }
    if (!names) names.emplace(fs);
    std::vector<std::pair<std::string_view, Value>> fields = {
        {"exists", Value::of_bool(true)},
        {"type", make_string(arena, type_of(st.st_mode))},
        {"mode", Value::of_int(st.st_mode & 07777)},
        {"mode_octal", make_string(arena, octal_mode(st.st_mode))},
        {"uid", Value::of_int(st.st_uid)},
        {"gid", Value::of_int(st.st_gid)},
        {"size", Value::of_int(st.st_size)},
        {"mtime", Value::of_int(st.st_mtim.tv_sec)},
    };
    if (S_ISLNK(st.st_mode)) fields.emplace_back("target", make_string(arena, target));
    if (auto u = names->users.find(st.st_uid); u != names->users.end()) {
      fields.emplace_back("owner", make_string(arena, u->second));
    } else if (read.reads("owner")) {
      note("`" + key + "`: no account has uid " + std::to_string(st.st_uid) +
               (names->users_error.empty() ? "" : " (" + names->users_error + ")") + "; owner left unknown",
           !names->users_error.empty());
    }
    if (auto g = names->groups.find(st.st_gid); g != names->groups.end()) {
      fields.emplace_back("group", make_string(arena, g->second));
    } else if (read.reads("group")) {
      note("`" + key + "`: no group has gid " + std::to_string(st.st_gid) +
               (names->groups_error.empty() ? "" : " (" + names->groups_error + ")") + "; group left unknown",
           !names->groups_error.empty());
    }
    bool want_hash = read.reads("sha256"), want_lines = read.reads("lines");
    if (want_hash || want_lines) add_content(fs, key, want_hash, want_lines, arena, &fields, note);
    return make_record(arena, fields);
  }

  // The file the path resolves to inside the root, read once for both; RootFs refuses
  // anything but a regular file before opening it.
  template <typename Note>
  void add_content(const RootFs& fs, const std::string& key, bool want_hash, bool want_lines, Arena& arena,
                   std::vector<std::pair<std::string_view, Value>>* fields, Note& note) {
    size_t limit = want_hash ? kMaxHashBytes : kMaxLinesBytes;
    std::string bytes, error;
    if (!fs.read(key, &bytes, &error, limit)) {
      bool too_large = error.find("larger than") != std::string::npos;
      bool special = error.find("not a regular file") != std::string::npos;
      std::string what = want_hash && want_lines ? "sha256 and lines" : want_hash ? "sha256" : "lines";
      std::string why = too_large ? "larger than " + std::to_string(limit) + " bytes, the most Edict reads (" +
                                        (want_hash ? "kMaxHashBytes" : "kMaxLinesBytes") + ") [E0525]"
                                  : error.substr(error.find(": ") + 2) + (special ? "" : " [E0524]");
      note("`" + key + "`: " + why + "; " + what + " left unknown", !special);
      return;
    }
    if (want_hash) fields->emplace_back("sha256", make_string(arena, hex_sha256(bytes)));
    if (!want_lines) return;
    if (bytes.size() > kMaxLinesBytes) {
      note("`" + key + "`: larger than " + std::to_string(kMaxLinesBytes) +
               " bytes, the most Edict reads as lines (kMaxLinesBytes); lines left unknown [E0525]",
           true);
      return;
    }
    size_t bad_at = 0;
    if (!is_text(bytes, &bad_at)) {
      note("`" + key + "`: not UTF-8 text (byte " + std::to_string(bad_at) +
               "); lines left unknown, not repaired [E0526]",
           true);
      return;
    }
    std::vector<Value> lines;
    for_each_line(bytes, [&](std::string_view line) { lines.push_back(make_string(arena, line)); });
    fields->emplace_back("lines", make_list(arena, lines));
  }
};

}  // namespace

std::unique_ptr<Collector> make_files_collector() { return std::make_unique<FilesCollector>(); }

}  // namespace edict::collectors
