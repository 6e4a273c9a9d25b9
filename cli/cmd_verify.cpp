// `edict verify FILE --key PUB`: checks an evidence file written by `check --evidence`:
// its signature, then a replay of the embedded bundle against the embedded facts at
// the embedded `now` under the embedded config, which must give the signed report byte
// for byte. Exit 0 verified; 1 the signature or the replay does not match (the message
// says which); 2 the file or key is unreadable or not in the expected format.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/report_support.h"
#include "evidence/codes.h"
#include "evidence/encoding.h"
#include "evidence/keys.h"
#include "evidence/verify.h"
#include "report/escape.h"
#include "report/formats.h"
#include "runtime/bounded_read.h"

namespace edict::cli {

namespace {

namespace ev = edict::evidence;

constexpr const char* kVerifyExitHelp =
    "Exit codes:\n"
    "  0  verified: signed by the key, and the replay reproduces the signed report\n"
    "  1  the signature, a digest or the replay does not match (the message says which)\n"
    "  2  the evidence file or the key is unreadable or not in the expected format\n"
    "See docs/evidence.md.";

struct VerifyArgs {
  std::string file;
  std::string key;
  std::string format = "text";
};

// What was verified, for a person: host, time, bundle, rule counts, who signed.
std::string summary(const ev::Verification& v, const ev::Key& key) {
  const auto& parts = v.statement->parts;
  const auto& rep = v.replayed->report;
  std::string out = "verified: evidence signed by key " + key.keyid() + "\n";
  out += "  host     " + report::terminal_text(rep.host.value_or("(unknown)")) + "\n";
  out += "  time     " + rep.generated_at + "\n";
  out += "  bundle   sha256:" + ev::sha256_hex(parts.bundle) + " (" + std::to_string(parts.bundle.size()) + " bytes" +
         (parts.bundle_signature.empty() ? ", unsigned" : ", signed") + ")\n";
  out += "  config   " + report::terminal_text(parts.config_path.empty() ? std::string("(none)") : parts.config_path) +
         ", fail_on " + level_name(parts.gate.fail_on) + ", unknown " + report::unknown_mode_name(parts.gate.unknown) +
         "\n";
  out += "  rules    " + report::summary_line(rep.summary) + "\n";
  out += "  report   sha256:" + ev::sha256_hex(parts.report_json) + ", reproduced byte for byte by edict " +
         EDICT_VERSION + " (signed by edict " + report::terminal_text(parts.edict_version) + ")\n";
  return out;
}

int run_verify(const VerifyArgs& args) {
  RunContext ctx;
  auto fail = [&](int code) {
    ctx.flush_diagnostics();
    return code;
  };
  auto format = args.format == "text" ? std::optional<report::Format>(report::Format::kText)
                                      : report::parse_format(args.format);
  if (!format || (*format != report::Format::kText && *format != report::Format::kJson &&
                  *format != report::Format::kHtml)) {
    ctx.usage_error("E0803", "`--format " + args.format + "` is not one `verify` renders", "text, json or html");
    return fail(kExitUsage);
  }
  auto key = ev::load_public_key(args.key, ctx.sink);
  if (!key) return fail(kExitUsage);
  std::string bytes, why;
  bool too_large = false;
  if (!read_whole_file(args.file, ev::kMaxEvidenceFileBytes, &bytes, &why, &too_large)) {
    Diagnostic d = Diagnostic::error(ev::codes::kEvidenceUnreadable, Span{},
                                     too_large ? "evidence `" + args.file + "` is larger than " +
                                                     std::to_string(ev::kMaxEvidenceFileBytes >> 20) + " MiB"
                                               : "cannot read evidence `" + args.file + "`: " + why);
    d.path = args.file;
    ctx.sink.report(std::move(d));
    return fail(kExitUsage);
  }
  ev::Verification v = ev::verify_evidence(bytes, *key);
  if (v.verdict != ev::Verdict::kVerified) {
    Diagnostic d = Diagnostic::error(v.code, Span{}, "`" + args.file + "` is not verified: " + v.message,
                                     v.verdict == ev::Verdict::kUnreadable
                                         ? "pass an evidence file written by `edict check --evidence`"
                                         : "do not rely on this evidence; docs/evidence.md says what each check means");
    d.path = args.file;
    ctx.sink.report(std::move(d));
    return fail(v.verdict == ev::Verdict::kUnreadable ? kExitUsage : kExitGateFailed);
  }
  std::string text = summary(v, *key);
  if (*format == report::Format::kText) {
    std::fputs(text.c_str(), stdout);
    return kExitOk;
  }
  // The rendered report on stdout, what was verified on stderr: `> audit.html` keeps
  // the document clean and the terminal still says what it is.
  std::fputs(text.c_str(), stderr);
  std::string document = *format == report::Format::kJson ? v.statement->parts.report_json
                                                          : report::render_html(v.replayed->report);
  if (!write_output("-", document, ctx)) return fail(kExitUsage);
  return kExitOk;
}

const CommandRegistration kVerify{Command{
    "verify", 15, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<VerifyArgs>();
      CLI::App* sub = app.add_subcommand("verify", "Verify signed evidence of a check and replay it offline");
      sub->footer(kVerifyExitHelp);
      sub->add_option("file", args->file, "The evidence file (`edict check --evidence`)")->required();
      sub->add_option("--key", args->key, "The signer's Ed25519 public key (NAME.pub from `edict keygen`)")->required();
      sub->add_option("--format", args->format,
                      "text (what was verified), json (the signed report) or html (the report for an auditor)");
      return [args] { return run_verify(*args); };
    }}};

}  // namespace

}  // namespace edict::cli
