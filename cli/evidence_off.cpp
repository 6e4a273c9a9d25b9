// Stands in for evidence_support.cpp in an edict built without libcrypto (the MinGW
// cross build): bundles load as before, and every signing or trust request is refused
// with E0908 instead of being ignored, so nothing is ever taken as verified.
#include <CLI/CLI.hpp>

#include "cli/evidence_support.h"
#include "runtime/bundle.h"

namespace edict::cli {

namespace {

constexpr const char* kNoCrypto = "E0908";

void no_crypto(DiagnosticSink& sink, const std::string& what) {
  sink.report(Diagnostic::error(kNoCrypto, Span{}, what + " needs an edict built with OpenSSL (libcrypto); this one is not",
                                "sign and verify on a Linux build of edict"));
}

class OffSession final : public EvidenceSession {
 public:
  std::optional<Program> load_bundle(const std::string& path, RunContext& ctx) override {
    return edict::load_bundle_file(path, ctx.sink);
  }
  bool allow_sources(RunContext&) override { return true; }
  bool wants_evidence() const override { return false; }
  std::optional<report::OutputFile> evidence(const Program&, const Facts&, const report::Config&, int64_t, uint64_t,
                                             const std::vector<report::ReportWarning>&, const report::Report&,
                                             RunContext&) override {
    return std::nullopt;
  }
};

}  // namespace

void add_evidence_options(CLI::App* sub, EvidenceArgs* args) {
  sub->add_option("--evidence", args->evidence, "Also write signed evidence (needs an OpenSSL build)");
  sub->add_option("--sign", args->sign, "The private key that signs --evidence (needs an OpenSSL build)");
  sub->add_option("--trust", args->trust, "With --bundle: the key bundles must be signed with (needs an OpenSSL build)");
}

std::shared_ptr<EvidenceSession> EvidenceSession::open(const EvidenceArgs& args, const report::Config& config,
                                                       RunContext& ctx) {
  if (!args.evidence.empty() || !args.sign.empty() || !args.trust.empty() || config.bundle.trust) {
    no_crypto(ctx.sink, "signed evidence and trusted bundles");
    return nullptr;
  }
  return std::make_shared<OffSession>();
}

std::optional<Program> load_bundle_ignoring_signature(const std::string& path, DiagnosticSink& sink) {
  return edict::load_bundle_file(path, sink);
}

bool check_signing_key(const std::string&, DiagnosticSink& sink) {
  no_crypto(sink, "`--sign`");
  return false;
}

bool sign_bundle_bytes(const std::string&, std::string*, DiagnosticSink& sink) {
  no_crypto(sink, "`--sign`");
  return false;
}

}  // namespace edict::cli
