#include "cli/evidence_support.h"

#include <CLI/CLI.hpp>

#include "evidence/codes.h"
#include "evidence/dsse.h"
#include "evidence/keys.h"
#include "evidence/replay.h"
#include "evidence/signed_bundle.h"
#include "evidence/statement.h"
#include "evidence/verify.h"
#include "report/formats.h"
#include "runtime/bounded_read.h"
#include "runtime/bundle.h"

namespace edict::cli {

namespace {

namespace ev = edict::evidence;

void error(RunContext& ctx, const char* code, const std::string& path, std::string message, std::string help = {}) {
  Diagnostic d = Diagnostic::error(code, Span{}, std::move(message), std::move(help));
  d.path = path;
  ctx.sink.report(std::move(d));
}

class Session final : public EvidenceSession {
 public:
  EvidenceArgs args;
  std::optional<ev::Key> signing;
  std::optional<ev::Key> trusted;
  std::string trust_path;
  bool require_signed = false;
  std::string bundle_bytes;      // of a --bundle run: embedded verbatim in the evidence
  std::string bundle_signature;  // its envelope, when it was signed

  std::optional<Program> load_bundle(const std::string& path, RunContext& ctx) override {
    std::string bytes;
    std::string why;
    bool too_large = false;
    auto over_limit = [&] {
      error(ctx, bundle_codes::kTooLarge, path,
            "the bundle `" + path + "` is over the limit of " + std::to_string(kMaxBundleBytes) + " bytes");
      return std::nullopt;
    };
    // The bundle reader's own bound (runtime/bundle_read.cpp), plus room for a signature.
    if (!read_whole_file(path, kMaxBundleBytes + ev::kSignedBundleHeaderSize + ev::kMaxBundleEnvelopeBytes, &bytes,
                         &why, &too_large)) {
      if (too_large) return over_limit();
      error(ctx, bundle_codes::kUnreadable, path, "cannot read bundle `" + path + "`: " + why);
      return std::nullopt;
    }
    auto file = ev::split_bundle_file(bytes, &why);
    if (!file) {
      error(ctx, ev::bundle_sig_codes::kMalformed, path, "bundle `" + path + "`: " + why,
            "the file starts like a signed bundle but is damaged; compile and sign it again");
      return std::nullopt;
    }
    if (trusted) {
      auto trust = ev::check_bundle_signature(*file, *trusted, &why);
      const char* code = trust == ev::BundleTrust::kUnsigned   ? ev::bundle_sig_codes::kUnsigned
                         : trust == ev::BundleTrust::kOtherKey ? ev::bundle_sig_codes::kOtherKey
                         : trust == ev::BundleTrust::kAltered  ? ev::bundle_sig_codes::kAltered
                                                               : ev::bundle_sig_codes::kMalformed;
      if (trust != ev::BundleTrust::kTrusted) {
        error(ctx, code, path, "bundle `" + path + "` is not trusted: " + why,
              "the trusted key is `" + trust_path + "`; sign with `edict compile ... --sign KEY`");
        return std::nullopt;
      }
    }
    if (file->bundle.size() > kMaxBundleBytes) return over_limit();
    bundle_bytes = std::string(file->bundle);
    bundle_signature = std::string(file->envelope);
    return edict::load_bundle(file->bundle, path, ctx.sink);
  }

  bool allow_sources(RunContext& ctx) override {
    if (!require_signed) return true;
    error(ctx, ev::bundle_sig_codes::kSourcesRefused, trust_path,
          "edict.toml requires a signed bundle (`[bundle] require_signed`): policy sources are not evaluated",
          "run `edict check --bundle FILE.edictc`, signed with the key `[bundle] trust` names");
    return false;
  }

  bool wants_evidence() const override { return !args.evidence.empty(); }

  std::optional<report::OutputFile> evidence(const Program& program, const Facts& facts, const report::Config& config,
                                             int64_t now, uint64_t max_steps,
                                             const std::vector<report::ReportWarning>& collector_warnings,
                                             const report::Report& report, RunContext& ctx) override {
    ev::EvidenceParts parts;
    parts.edict_version = report.tool_version;
    parts.now = now;
    if (bundle_bytes.empty() && !save_bundle(program, &bundle_bytes)) {
      error(ctx, ev::codes::kEvidenceTooLarge, args.evidence, "the program is too large for a bundle, so for evidence");
      return std::nullopt;
    }
    parts.bundle = bundle_bytes;
    parts.bundle_signature = bundle_signature;
    parts.config_path = config.path;
    if (!config.path.empty()) {
      // Read again, verbatim: the replay parses this text, and the self-check below
      // refuses the evidence if it no longer gives the same report.
      parts.config_text = report::read_text_file(config.path, report::kMaxConfigBytes, ctx.sink);
      if (!parts.config_text) return std::nullopt;
    }
    parts.gate = config.gate;
    parts.max_steps = max_steps;
    parts.collector_warnings = collector_warnings;
    parts.report_json = report::render_json(report);

    // Replay before signing: what cannot be reproduced must not be signed as evidence.
    std::string why;
    auto replayed = ev::replay(parts, facts, &why);
    std::string difference = replayed ? ev::first_difference(parts.report_json, replayed->json) : why;
    if (!difference.empty()) {
      error(ctx, ev::codes::kNotReplayable, args.evidence,
            "this run cannot be replayed from its evidence, so none was written: " + difference,
            "this is a bug in Edict; please report it with the facts and policies");
      return std::nullopt;
    }
    std::string envelope = ev::sign_envelope(ev::kInTotoPayloadType, ev::make_statement(parts, facts), *signing);
    if (envelope.empty()) {
      error(ctx, ev::codes::kCrypto, args.sign, "libcrypto could not sign the evidence");
      return std::nullopt;
    }
    if (envelope.size() > ev::kMaxEvidenceFileBytes) {
      error(ctx, ev::codes::kEvidenceTooLarge, args.evidence,
            "the evidence would be " + std::to_string(envelope.size() >> 20) + " MiB, over the " +
                std::to_string(ev::kMaxEvidenceFileBytes >> 20) + " MiB `edict verify` reads",
            "check fewer facts (a smaller --facts snapshot) per evidence file");
      return std::nullopt;
    }
    return report::OutputFile{args.evidence, std::move(envelope)};
  }
};

}  // namespace

std::optional<Program> load_bundle_ignoring_signature(const std::string& path, DiagnosticSink& sink) {
  RunContext ctx;
  Session session;
  auto program = session.load_bundle(path, ctx);
  for (const auto& d : ctx.sink.diagnostics()) sink.report(d);
  return program;
}

bool check_signing_key(const std::string& path, DiagnosticSink& sink) {
  return ev::load_private_key(path, sink).has_value();
}

bool sign_bundle_bytes(const std::string& key_path, std::string* bytes, DiagnosticSink& sink) {
  auto key = ev::load_private_key(key_path, sink);
  if (!key) return false;
  std::string signed_bytes = ev::sign_bundle(*bytes, *key);
  if (signed_bytes.empty()) {
    sink.report(Diagnostic::error(ev::codes::kCrypto, Span{}, "libcrypto could not sign the bundle"));
    return false;
  }
  *bytes = std::move(signed_bytes);
  return true;
}

void add_evidence_options(CLI::App* sub, EvidenceArgs* args) {
  sub->add_option("--evidence", args->evidence,
                  "Also write signed, replayable evidence of this run to FILE (needs --sign; `edict verify` checks it)");
  sub->add_option("--sign", args->sign, "The Ed25519 private key (from `edict keygen`) that signs --evidence");
  sub->add_option("--trust", args->trust,
                  "With --bundle: accept only a bundle signed by this public key (overrides edict.toml's [bundle] trust)");
}

std::shared_ptr<EvidenceSession> EvidenceSession::open(const EvidenceArgs& args, const report::Config& config,
                                                       RunContext& ctx) {
  auto session = std::make_shared<Session>();
  session->args = args;
  if (args.evidence.empty() != args.sign.empty()) {
    ctx.usage_error(ev::codes::kEvidenceFlags,
                    args.evidence.empty() ? "`--sign` signs `--evidence`, which was not given"
                                          : "`--evidence` needs `--sign KEY`: unsigned evidence proves nothing",
                    "make a key pair with `edict keygen`, then: --evidence run.dsse.json --sign edict.key");
    return nullptr;
  }
  if (args.evidence == "-") {
    ctx.usage_error(ev::codes::kEvidenceFlags, "`--evidence` writes a file, not standard output",
                    "name a file, e.g. --evidence run.dsse.json");
    return nullptr;
  }
  if (!args.sign.empty()) {
    session->signing = ev::load_private_key(args.sign, ctx.sink);
    if (!session->signing) return nullptr;
  }
  session->trust_path = !args.trust.empty() ? args.trust : config.bundle.trust.value_or("");
  if (!session->trust_path.empty()) {
    session->trusted = ev::load_public_key(session->trust_path, ctx.sink);
    if (!session->trusted) return nullptr;
  }
  session->require_signed = config.bundle.require_signed;
  return session;
}

}  // namespace edict::cli
