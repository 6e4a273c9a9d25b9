// `edict keygen NAME`: an Ed25519 key pair for signing evidence and bundles, NAME.key
// (private, mode 0600) and NAME.pub, written together through the one output writer:
// both files or neither. An existing key is never overwritten without --force: a lost
// private key cannot sign again, and evidence verified against the old public key
// would no longer match anything.
#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/report_support.h"
#include "evidence/codes.h"
#include "evidence/keys.h"

namespace edict::cli {

namespace {

struct KeygenArgs {
  std::string name;
  bool force = false;
};

int run_keygen(const KeygenArgs& args) {
  RunContext ctx;
  auto fail = [&] {
    ctx.flush_diagnostics();
    return kExitUsage;
  };
  if (args.name.empty() || args.name == "-") {
    ctx.usage_error(evidence::codes::kKeyWrite, "`edict keygen` needs a file name, not `" + args.name + "`",
                    "e.g. edict keygen keys/edict writes keys/edict.key and keys/edict.pub");
    return fail();
  }
  std::string private_path = args.name + ".key";
  std::string public_path = args.name + ".pub";
  for (const auto& path : {private_path, public_path}) {
    struct stat st {};
    if (!args.force && ::lstat(path.c_str(), &st) == 0) {
      Diagnostic d = Diagnostic::error(evidence::codes::kKeyExists, Span{}, "`" + path + "` already exists",
                                       "keys are not overwritten: pick another name, or pass --force to replace it");
      d.path = path;
      ctx.sink.report(std::move(d));
    }
  }
  if (ctx.sink.has_errors()) return fail();
  auto pair = evidence::generate_key_pair(ctx.sink);
  if (!pair) return fail();
  std::vector<report::OutputFile> files;
  files.push_back(report::OutputFile{private_path, pair->private_pem, true});
  files.push_back(report::OutputFile{public_path, pair->public_pem});
  if (!report::write_outputs(files, ctx.sink, evidence::codes::kKeyWrite)) return fail();
  std::printf("wrote %s (private, mode 0600) and %s\nkeyid %s\n", private_path.c_str(), public_path.c_str(),
              pair->keyid.c_str());
  return kExitOk;
}

const CommandRegistration kKeygen{Command{
    "keygen", 75, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<KeygenArgs>();
      CLI::App* sub = app.add_subcommand("keygen", "Make an Ed25519 key pair for signing evidence and bundles");
      sub->footer("Writes NAME.key (private, mode 0600: keep it where `check --sign` runs) and NAME.pub\n"
                  "(give it to whoever verifies: `edict verify --key`, `check --trust`). See docs/evidence.md.");
      sub->add_option("name", args->name, "Path prefix of the two files, e.g. keys/edict")->required();
      sub->add_flag("--force", args->force, "Replace existing NAME.key / NAME.pub");
      return [args] { return run_keygen(*args); };
    }}};

}  // namespace

}  // namespace edict::cli
