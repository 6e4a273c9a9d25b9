// edict.toml: the project's policy paths, gating thresholds, collector settings and
// waivers. Read once per run by the CLI; gating (gate.h) and waivers (waiver.h) use it.
// Every key is checked: an unknown key is an error with a did-you-mean, never ignored,
// because a misspelt `fail_on` would silently loosen the gate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/rule_info.h"
#include "runtime/source.h"

namespace edict::report {

// How an `unknown` outcome of a gating rule affects the gate.
enum class UnknownMode { kFail, kWarn };
const char* unknown_mode_name(UnknownMode mode);  // "fail", "warn"

struct GateSettings {
  // Lowest severity at which a mandatory rule gates. `info` by default: every
  // mandatory rule gates unless the project says otherwise.
  Level fail_on = Level::kInfo;
  UnknownMode unknown = UnknownMode::kFail;
};

struct Waiver {
  std::string rule;                // a rule id or a glob (`windows.server2008.*`)
  std::vector<std::string> hosts;  // globs on host.name; empty = every host
  std::string reason;
  std::string approved_by;
  std::optional<int64_t> expires;  // a day number (days since 1970-01-01); the last day it applies
  SourceLocation location;         // of the [[waiver]] table, for reports
  Span span;                       // the same, for diagnostics
};

struct CollectSettings {
  std::optional<std::string> root;      // resolved against the config's directory
  std::optional<std::string> facts_d;   // resolved against the config's directory
  std::optional<int64_t> timeout_ms;    // per external collector
  std::optional<int64_t> max_output;    // bytes an external collector may print
  // Variables of edict's environment external collectors get besides PATH and LANG.
  std::optional<std::vector<std::string>> env;
};

// `[bundle]`: which key compiled bundles must be signed with (docs/config.md).
struct BundleSettings {
  std::optional<std::string> trust;  // a public key file, resolved against the config's directory
  // `check` then evaluates signed bundles only: policy sources are refused (E0720),
  // so editing the policies directory cannot bypass the policy team's signature.
  bool require_signed = false;
};

struct Config {
  std::string path;  // empty when no edict.toml was found (all defaults)
  std::string dir;   // its directory, which relative paths are resolved against
  std::vector<std::string> policies;  // resolved paths; empty = not set
  GateSettings gate;
  bool fail_on_set = false;
  bool unknown_set = false;
  CollectSettings collect;
  std::vector<Waiver> waivers;
  BundleSettings bundle;
};

// A waiver (or test) file past this size is refused: edict.toml is hand-written, and a
// multi-megabyte one is a mistake (or an attack on the parser), not a configuration.
constexpr size_t kMaxConfigBytes = 4 * 1024 * 1024;
// Collector timeouts are capped so a typo (`timeout = "5000s"`) cannot hang a CI job for hours.
constexpr int64_t kMaxCollectTimeoutMs = 10 * 60 * 1000;

// Parses edict.toml text. Diagnostics (E06xx) carry file:line:col from the TOML source.
std::optional<Config> parse_config(const std::string& path, const std::string& text, SourceManager& sources,
                                   DiagnosticSink& sink);
// Reads and parses a file (E0001 when it cannot be read, E0003 when too large).
std::optional<Config> load_config(const std::string& path, SourceManager& sources, DiagnosticSink& sink);
// The nearest edict.toml in `start` or one of its parents; empty when there is none.
std::string find_config(const std::string& start);

// A span for a 1-based line and column (code points) of a file the SourceManager holds,
// `length` code points long on that line. Used for toml++ source regions.
Span span_at(const SourceManager& sources, uint32_t file_id, uint32_t line, uint32_t column, uint32_t length = 1);
// Reads a whole file, refusing ones larger than max_bytes. Reports E0001/E0003.
std::optional<std::string> read_text_file(const std::string& path, size_t max_bytes, DiagnosticSink& sink);

}  // namespace edict::report
