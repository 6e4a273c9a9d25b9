// External collectors (see external.h): run each program under limits, parse what it
// printed as a facts document, keep the declared paths.
#include "collectors/external.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <deque>

#include "collectors/root_fs.h"
#include "collectors/subprocess.h"
#include "runtime/facts/load.h"
#include "runtime/facts/merge.h"
#include "runtime/facts/schema_file.h"

namespace edict {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (struct dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (!name.empty() && name[0] != '.') names.push_back(std::move(name));
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}


}  // namespace

namespace {

std::string parent_of(const std::string& dir) {
  size_t slash = dir.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : dir.substr(0, slash);
}

bool trusted_owner(uid_t uid) { return uid == 0 || uid == ::geteuid(); }

// Why a directory on the way lets someone else decide what is below it, or "".
std::string directory_problem(const std::string& dir, const struct stat& st) {
  if (st.st_mode & S_IWOTH) {
    return "`" + dir + "` on its path is writable by others" +
           ((st.st_mode & S_ISVTX) ? " (sticky, as /tmp: others can still create entries there)" : "");
  }
  if (st.st_mode & S_IWGRP) return "`" + dir + "` on its path is writable by its group (gid " + std::to_string(st.st_gid) + ")";
  if (!trusted_owner(st.st_uid)) {
    return "`" + dir + "` on its path is owned by another user (uid " + std::to_string(st.st_uid) + ")";
  }
  return "";
}

}  // namespace

std::string unsafe_reason(const std::string& path) {
  // The path is walked from "/" one component at a time, as the kernel will when the
  // program runs: every directory a name is looked up in (the ones holding symlinks
  // on the way included) must be writable by root and edict's user only, or whoever
  // else can write it could swap what the path leads to. Then the object itself.
  std::string absolute = path;
  if (absolute.empty() || absolute.front() != '/') {
    char cwd[PATH_MAX];
    if (!::getcwd(cwd, sizeof cwd)) return "cannot tell the working directory";
    absolute = std::string(cwd) + "/" + absolute;
  }
  std::deque<std::string> todo;
  push_front_path_components(absolute, &todo);
  std::string reached = "/";  // a directory already checked, symlinks resolved
  struct stat st;
  if (::lstat("/", &st) != 0) return "cannot stat `/`";
  if (std::string why = directory_problem("/", st); !why.empty()) return why;
  int hops = 0;
  while (!todo.empty()) {
    std::string name = std::move(todo.front());
    todo.pop_front();
    if (name == ".") continue;
    if (name == "..") {  // `reached` has no symlinks: its parent is checked already
      reached = parent_of(reached);
      continue;
    }
    std::string next = reached == "/" ? "/" + name : reached + "/" + name;
    if (::lstat(next.c_str(), &st) != 0) return "cannot stat `" + next + "`: " + std::strerror(errno);
    if (S_ISLNK(st.st_mode)) {
      if (++hops > RootFs::kMaxSymlinkHops) return "more than " + std::to_string(RootFs::kMaxSymlinkHops) + " symlinks on its path";
      char target[PATH_MAX];
      ssize_t n = ::readlink(next.c_str(), target, sizeof target);
      if (n <= 0 || n == static_cast<ssize_t>(sizeof target)) return "cannot read the symlink `" + next + "`";
      if (target[0] == '/') reached = "/";
      push_front_path_components(std::string_view(target, static_cast<size_t>(n)), &todo);
      continue;
    }
    if (!todo.empty()) {
      if (!S_ISDIR(st.st_mode)) return "`" + next + "` on its path is not a directory";
      if (std::string why = directory_problem(next, st); !why.empty()) return why;
      reached = next;
      continue;
    }
    // The object itself: a facts.d directory, a program, a static or a schema file.
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return "it is not a regular file or a directory";
    if (st.st_mode & (S_IWGRP | S_IWOTH)) return "it is writable by group or others";
    if (!trusted_owner(st.st_uid)) return "it is owned by another user (uid " + std::to_string(st.st_uid) + ")";
    return "";
  }
  return "";  // the path ended at a directory checked above ("/", "a/..")
}

bool load_facts_d_schemas(const std::vector<std::string>& dirs, FactSchema& schema, SourceManager& sources,
                          DiagnosticSink& sink) {
  bool ok = true;
  for (const auto& dir : dirs) {
    for (const auto& name : list_dir(dir)) {
      if (!ends_with(name, ".schema.toml")) continue;
      std::string path = dir + "/" + name;
      // Whoever can write a schema file decides which facts external collectors may set.
      if (std::string why = unsafe_reason(path); !why.empty()) {
        Diagnostic d = Diagnostic::error("E0523", Span{}, "refused schema file `" + path + "`: " + why,
                                         "make it and every directory above it writable by root (or edict's user) only");
        d.path = path;
        sink.report(std::move(d));
        ok = false;
        continue;
      }
      ok = load_schema_file(path, schema, sources, sink) && ok;
    }
  }
  return ok;
}

ExternalCollector::ExternalCollector(std::shared_ptr<const FactSchema> declared) : declared_(std::move(declared)) {}

std::vector<FactDecl> ExternalCollector::provides() const {
  std::vector<FactDecl> out;
  if (!declared_) return out;
  for (const auto& [path, decl] : declared_->all()) {
    if (!FactSchema::core().find(path)) out.push_back(decl);
  }
  return out;
}

void ExternalCollector::collect(const CollectRequest& request, FactsBuilder& out, CollectorReport& report) {
  const CollectOptions& options = request.options;
  // What external collectors may set: the declared facts plus the facts.d schema
  // files, never a core fact (those have a built-in collector).
  FactSchema accepted;
  if (declared_) {
    for (const auto& [path, decl] : declared_->all()) {
      if (!FactSchema::core().find(path)) accepted.add(decl);
    }
  }
  SourceManager schema_sources;
  DiagnosticSink schema_sink;
  FactSchema with_files = accepted;
  std::vector<std::string> safe_dirs;
  auto problem = [&](const std::string& m) {
    report.ok = false;
    report.message += (report.message.empty() ? "" : "; ") + m;
  };
  for (const auto& dir : options.facts_d) {
    std::string why = unsafe_reason(dir);
    if (!why.empty()) {
      problem("refused facts.d `" + dir + "`: " + why);
      continue;
    }
    safe_dirs.push_back(dir);
  }
  if (load_facts_d_schemas(safe_dirs, with_files, schema_sources, schema_sink)) {
    accepted = std::move(with_files);
  } else {
    problem("schema file: " + first_diagnostic_text(schema_sink));
  }

  FactsLimits limits;
  limits.max_bytes = options.external_max_output;
  size_t ran = 0, failed = 0;
  for (const auto& dir : safe_dirs) {
    for (const auto& name : list_dir(dir)) {
      std::string path = dir + "/" + name;
      struct stat st;
      if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      bool executable = st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH);
      bool is_static = ends_with(name, ".json") || ends_with(name, ".toml");
      if (ends_with(name, ".schema.toml") || (!executable && !is_static)) continue;

      CollectorReport sub;
      sub.collector = "external:" + name;
      auto started = std::chrono::steady_clock::now();
      std::string text;
      FactsFormat format = FactsFormat::kJson;
      std::string why = unsafe_reason(path);
      if (!why.empty()) {
        sub.ok = false;
        sub.message = "refused `" + path + "`: " + why;
      } else if (executable) {
        RunResult run =
            run_program(path, RunLimits{options.external_timeout_ms, options.external_max_output, options.external_env});
        sub.stderr_text = run.err;
        if (!run.started) {
          sub.ok = false;
          sub.message = run.error;
        } else if (run.timed_out) {
          sub.ok = false;
          sub.message = "killed after " + std::to_string(options.external_timeout_ms) + " ms (the time limit)";
        } else if (run.overflowed) {
          sub.ok = false;
          sub.message = "killed for printing more than " + std::to_string(options.external_max_output) + " bytes";
        } else if (run.signal != 0) {
          sub.ok = false;
          sub.message = "ended by signal " + std::to_string(run.signal);
        } else if (run.exit_code != 0) {
          sub.ok = false;
          sub.message = "exited with status " + std::to_string(run.exit_code);
        } else {
          text = std::move(run.out);
        }
      } else {
        std::string error;
        bool too_large = false;
        if (!read_whole_file(path, options.external_max_output, &text, &error, &too_large)) {
          sub.ok = false;
          sub.message = "cannot read `" + path + "`: " + error;
        }
        format = ends_with(name, ".toml") ? FactsFormat::kToml : FactsFormat::kJson;
      }

      if (sub.ok) {
        // A program's output has no file a line number could point into.
        FactsDocument document{path, std::move(text), format,
                               executable ? TextPositions::kNone : TextPositions::kPointInto};
        Provenance provenance{"external:" + path, now_rfc3339()};
        MergeResult merged = merge_declared_document(std::move(document), accepted, limits, provenance, out);
        sub.paths_ignored = std::move(merged.paths_ignored);
        if (merged.status == MergeStatus::kNotADocument) {
          sub.ok = false;
          sub.message = "printed an invalid facts document: " + merged.error;
        } else if (merged.status == MergeStatus::kRefused) {
          sub.ok = false;
          sub.message = merged.error;
        } else if (!sub.paths_ignored.empty()) {
          std::string list;
          for (const auto& p : sub.paths_ignored) list += (list.empty() ? "`" : ", `") + p + "`";
          sub.message = "ignored facts not declared for external collectors: " + list +
                        " (declare them in a `*.schema.toml` or a policy; core facts come from built-ins)";
        }
      }
      sub.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      ++ran;
      if (!sub.ok) ++failed;
      report.paths_ignored.insert(report.paths_ignored.end(), sub.paths_ignored.begin(), sub.paths_ignored.end());
      if (request.more_reports) request.more_reports->push_back(std::move(sub));
    }
  }
  if (failed) problem(std::to_string(failed) + " of " + std::to_string(ran) + " external collectors failed");
}

}  // namespace edict
