// Walks policy directories (see policy_files.h) with POSIX calls, so every failure has
// an errno to report: std::filesystem's iterator ends quietly on an unreadable
// subdirectory and treats a dangling symlink as "not a regular file".
#include "compiler/policy_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "compiler/codes.h"
#include "compiler/syntax/codes.h"

namespace edict::compiler {

namespace {

#ifdef _WIN32
// MinGW's stat has no symlinks to tell apart (lstat is stat) and reports every st_ino as
// 0, so a directory is known by its canonical path; loops through junctions still end
// at kMaxPolicyTreeDepth.
using DirId = std::string;
int stat_no_follow(const char* path, struct stat* st) { return ::stat(path, st); }
bool is_link(mode_t) { return false; }
DirId dir_id(const std::string& path, const struct stat&) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}
#else
using DirId = std::pair<dev_t, ino_t>;
int stat_no_follow(const char* path, struct stat* st) { return ::lstat(path, st); }
bool is_link(mode_t mode) { return S_ISLNK(mode); }
DirId dir_id(const std::string&, const struct stat& st) { return {st.st_dev, st.st_ino}; }
#endif

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class Walker {
 public:
  Walker(DiagnosticSink& sink, std::vector<std::string>* found) : sink_(sink), found_(found) {}

  // `dir` is known to be a directory with identity `id`.
  void walk(const std::string& dir, const DirId& id) {
    if (ancestors_.size() >= kMaxPolicyTreeDepth) {
      fail(dir, "policy directories nest deeper than " + std::to_string(kMaxPolicyTreeDepth) + " levels",
           "is a symlink pointing back up the tree?");
      return;
    }
    DIR* handle = ::opendir(dir.c_str());
    if (!handle) {
      fail(dir, "cannot read directory `" + dir + "`: " + std::strerror(errno),
           "every file under a policy path must be readable; fix the permissions or remove it");
      return;
    }
    std::vector<std::string> names;
    while (true) {
      errno = 0;
      dirent* entry = ::readdir(handle);
      if (!entry) {
        if (errno != 0) fail(dir, "cannot list directory `" + dir + "`: " + std::strerror(errno));
        break;
      }
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(handle);
    std::sort(names.begin(), names.end());
    ancestors_.push_back(id);
    for (const std::string& name : names) visit(dir + (ends_with(dir, "/") ? "" : "/") + name, name);
    ancestors_.pop_back();
  }

 private:
  void visit(const std::string& path, const std::string& name) {
    struct stat link;
    if (stat_no_follow(path.c_str(), &link) != 0) {
      // Removed since it was listed: nothing is lost that was there when we looked.
      if (errno == ENOENT) return;
      fail(path, "cannot read `" + path + "`: " + std::strerror(errno));
      return;
    }
    struct stat st = link;
    if (is_link(link.st_mode) && ::stat(path.c_str(), &st) != 0) {
      // A dangling link or a loop of links may have been a policy file or a directory
      // of them: Edict cannot tell, so it does not go on without it.
      std::string why = errno == ELOOP ? "a symlink loop" : errno == ENOENT ? "a dangling symlink" : std::strerror(errno);
      fail(path, "cannot read `" + path + "`: " + why,
           "point the symlink at a policy file or directory, or remove it");
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      DirId id = dir_id(path, st);
      if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
        fail(path, "`" + path + "` is a symlink loop: it leads back to a directory that contains it",
             "remove the symlink; a policy tree is walked once");
        return;
      }
      walk(path, id);
      return;
    }
    if (!ends_with(name, ".edict")) return;
    if (!S_ISREG(st.st_mode)) {
      fail(path, "cannot read `" + path + "`: it is not a regular file",
           "a policy is a text file; a FIFO, socket or device under a policy directory is refused");
      return;
    }
    found_->push_back(path);
  }

  void fail(const std::string& path, std::string message, std::string help = {}) {
    Diagnostic d = Diagnostic::error(syntax::codes::kUnreadablePolicyTree, {}, std::move(message), std::move(help));
    d.path = path;
    sink_.report(std::move(d));
  }

  DiagnosticSink& sink_;
  std::vector<std::string>* found_;
  std::vector<DirId> ancestors_;
};

}  // namespace

void find_policy_files(const std::string& path, std::vector<std::string>* files, DiagnosticSink& sink) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    if (ends_with(path, "_test.toml")) return;
    files->push_back(path);  // read_source reports a missing or unreadable file
    return;
  }
  std::vector<std::string> found;
  size_t errors = sink.error_count();
  Walker(sink, &found).walk(path, dir_id(path, st));
  std::sort(found.begin(), found.end());  // by whole path, as documented (and as reports list them)
  if (found.empty() && sink.error_count() == errors) {
    Diagnostic d = Diagnostic::error(codes::kNoPaths, {}, "no .edict files under `" + path + "`");
    d.path = path;
    sink.report(std::move(d));
  }
  files->insert(files->end(), found.begin(), found.end());
}

}  // namespace edict::compiler
