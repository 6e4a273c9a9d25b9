// What `edict check` needs from evidence/ (signed evidence, trusted bundles), behind one
// small interface so cmd_check.cpp stays about checking. evidence_support.cpp is the
// real one; evidence_off.cpp stands in when edict is built without libcrypto.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/report_support.h"
#include "report/report.h"
#include "runtime/facts.h"
#include "runtime/program.h"

namespace CLI {
class App;
}

namespace edict::cli {

struct EvidenceArgs {
  std::string evidence;  // --evidence FILE
  std::string sign;      // --sign KEY (the private key)
  std::string trust;     // --trust PUB (bundles must be signed by it)
};

// Adds --evidence, --sign and --trust to `check`.
void add_evidence_options(CLI::App* sub, EvidenceArgs* args);

// What one run may check and sign. Opened before any work, so a bad key or flag
// costs nothing.
class EvidenceSession {
 public:
  // Checks the flags and loads the keys (E0919, E09xx); nullptr when it reported.
  static std::shared_ptr<EvidenceSession> open(const EvidenceArgs& args, const report::Config& config, RunContext& ctx);
  virtual ~EvidenceSession() = default;

  // Reads `path` through the signed-bundle layer: with a trusted key (--trust, else
  // edict.toml's [bundle] trust) the bundle must be signed by it (E0716-E0719);
  // without one a signed bundle's signature is not checked.
  virtual std::optional<Program> load_bundle(const std::string& path, RunContext& ctx) = 0;
  // False (E0720) when edict.toml's [bundle] require_signed forbids policy sources.
  virtual bool allow_sources(RunContext& ctx) = 0;
  virtual bool wants_evidence() const = 0;
  // The signed evidence file of this run, replayed before it is signed (E0917 when the
  // replay does not reproduce `report`). nullopt when it reported.
  virtual std::optional<report::OutputFile> evidence(const Program& program, const Facts& facts,
                                                     const report::Config& config, int64_t now, uint64_t max_steps,
                                                     const std::vector<report::ReportWarning>& collector_warnings,
                                                     const report::Report& report, RunContext& ctx) = 0;
};

// A bundle file, signed or not, its signature unchecked (`edict disasm --bundle`):
// the signed container is stripped, the bundle decoded and verified as always.
std::optional<Program> load_bundle_ignoring_signature(const std::string& path, DiagnosticSink& sink);

// `compile --sign`: whether the private key at `path` can sign (E09xx otherwise).
bool check_signing_key(const std::string& path, DiagnosticSink& sink);
// Wraps bundle `bytes` in place into a signed bundle (evidence/signed_bundle.h).
bool sign_bundle_bytes(const std::string& key_path, std::string* bytes, DiagnosticSink& sink);

}  // namespace edict::cli
