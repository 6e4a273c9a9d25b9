// edict.exe's stand-ins for the POSIX-only parts of collectors/ (root_fs.cpp,
// external.cpp, subprocess.cpp, linux_*.cpp), which CMakeLists.txt leaves out of the
// Windows build. On Windows the host is read through Win32 (win32_sources.h), not a
// file tree, and external collectors (facts.d) are not supported yet: docs/windows.md.
#include <windows.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "collectors/external.h"
#include "collectors/root_fs.h"

namespace edict {

RootFs::RootFs(std::string root) : root_(std::move(root)) { is_host_ = root_.empty() || root_ == "/"; }
RootFs::~RootFs() = default;

bool RootFs::ok(std::string* error) const {
  if (is_host_) return true;
  if (error) *error = "cannot use root `" + root_ + "`: `--root` is not supported by edict.exe";
  return false;
}

// Only the host root is accepted on Windows (ok() refuses others); these read files
// below it for completeness, with no containment beyond path joining.
bool RootFs::read(std::string_view path, std::string* out, std::string* error, size_t max_bytes) const {
  std::ifstream in(std::filesystem::path(std::string(path)), std::ios::binary);
  if (!in) {
    if (error) *error = std::string(path) + ": cannot open";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  if (out->size() > max_bytes) {
    if (error) *error = std::string(path) + ": larger than " + std::to_string(max_bytes) + " bytes";
    return false;
  }
  return true;
}

bool RootFs::exists(std::string_view path) const {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(std::string(path)), ec);
}

bool RootFs::list(std::string_view path, std::vector<std::string>* names, std::string* error) const {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(std::string(path)), ec)) {
    names->push_back(e.path().filename().string());
  }
  if (ec && error) *error = std::string(path) + ": " + ec.message();
  std::sort(names->begin(), names->end());
  return !ec;
}

int RootFs::open_below(std::string_view, int) const { return -1; }

ExternalCollector::ExternalCollector(std::shared_ptr<const FactSchema> declared) : declared_(std::move(declared)) {}

std::vector<FactDecl> ExternalCollector::provides() const {
  std::vector<FactDecl> out;
  for (const auto& [path, decl] : declared_->all()) out.push_back(decl);
  return out;
}

void ExternalCollector::collect(const CollectRequest&, FactsBuilder&, CollectorReport& report) {
  report.ok = false;
  report.message = "external collectors (facts.d) are not supported by edict.exe; declared facts left unknown";
}

std::string unsafe_reason(const std::string&) { return ""; }

bool load_facts_d_schemas(const std::vector<std::string>& dirs, FactSchema&, SourceManager&, DiagnosticSink& sink) {
  if (dirs.empty()) return true;
  sink.report(Diagnostic::error("E0590", Span{}, "`--facts-d` is not supported by edict.exe",
                                "collect the facts on the host and pass them with `--facts`"));
  return false;
}

}  // namespace edict
