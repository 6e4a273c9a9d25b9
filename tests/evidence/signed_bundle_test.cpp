// Signed bundles: `compile --sign`, `check --bundle --trust`, and edict.toml's
// [bundle] trust / require_signed. A trusted key refuses an unsigned bundle, one signed
// by another key, and an altered one; the bundle decoder itself is unchanged, so an
// unsigned bundle without --trust loads exactly as before.
#include <catch2/catch.hpp>

#include "evidence/signed_bundle.h"
#include "helpers.h"

using namespace edict;
using namespace edict::testing;
namespace ev = edict::evidence;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Bundles {
  std::string dir, keys, other_keys, plain, signed_by_keys, signed_by_other;
};

const Bundles& bundles() {
  static Bundles b = [] {
    Bundles out;
    out.dir = scratch_dir("signed-bundles");
    out.keys = make_keys(out.dir, "policy");
    out.other_keys = make_keys(out.dir, "intruder");
    out.plain = out.dir + "/plain.edictc";
    out.signed_by_keys = out.dir + "/signed.edictc";
    out.signed_by_other = out.dir + "/other.edictc";
    auto compile = [](const std::string& output, const std::string& sign) {
      RunResult r = run_edict("compile policies -o '" + output + "'" + (sign.empty() ? "" : " --sign '" + sign + ".key'"),
                              "tests/data/cli/gate");
      if (r.exit_code != 0) throw std::runtime_error("compile failed: " + r.err);
    };
    compile(out.plain, "");
    compile(out.signed_by_keys, out.keys);
    compile(out.signed_by_other, out.other_keys);
    return out;
  }();
  return b;
}

RunResult check_bundle(const std::string& bundle, const std::string& extra) {
  return run_edict("check --bundle '" + bundle + "' --facts facts/fail.json --config config/defaults.toml "
                   "--now 2026-11-21 -q " + extra,
                   "tests/data/cli/gate");
}

}  // namespace

TEST_CASE("compile --sign writes the signed container around the very bytes compile writes unsigned") {
  const Bundles& b = bundles();
  std::string plain = read_file(b.plain);
  std::string signed_file = read_file(b.signed_by_keys);
  CHECK(signed_file.compare(0, 8, std::string(ev::kSignedBundleMagic, 8)) == 0);
  std::string why;
  auto split = ev::split_bundle_file(signed_file, &why);
  REQUIRE(split.has_value());
  CHECK(split->bundle == plain);
  CHECK(ev::check_bundle_signature(*split, public_key(b.keys), &why) == ev::BundleTrust::kTrusted);
  // An unsigned file passes through the layer untouched.
  auto passthrough = ev::split_bundle_file(plain, &why);
  REQUIRE(passthrough.has_value());
  CHECK_FALSE(passthrough->is_signed());
  CHECK(passthrough->bundle == plain);
}

TEST_CASE("check --bundle --trust accepts a bundle signed by the trusted key, and gates as the sources do") {
  const Bundles& b = bundles();
  RunResult trusted = check_bundle(b.signed_by_keys, "--trust '" + b.keys + ".pub'");
  RunResult sources = run_edict("check policies --facts facts/fail.json --config config/defaults.toml --now 2026-11-21 -q",
                                "tests/data/cli/gate");
  CHECK(trusted.exit_code == sources.exit_code);
  CHECK(trusted.out == sources.out);
  // Without --trust a signed bundle still loads (its signature is not checked), and an
  // unsigned one loads as before.
  CHECK(check_bundle(b.signed_by_keys, "").exit_code == sources.exit_code);
  CHECK(check_bundle(b.plain, "").exit_code == sources.exit_code);
}

TEST_CASE("check --bundle --trust refuses an unsigned bundle (E0716)") {
  const Bundles& b = bundles();
  RunResult r = check_bundle(b.plain, "--trust '" + b.keys + ".pub'");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "E0716"));
  CHECK(has(r.err, "is not trusted: the bundle is not signed"));
  CHECK(r.out.empty());
}

TEST_CASE("check --bundle --trust refuses a bundle signed by another key (E0717)") {
  const Bundles& b = bundles();
  RunResult r = check_bundle(b.signed_by_other, "--trust '" + b.keys + ".pub'");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "E0717"));
  CHECK(has(r.err, "not by the trusted key"));
}

TEST_CASE("check --bundle --trust refuses an altered bundle (E0718) and a damaged container (E0719)") {
  const Bundles& b = bundles();
  std::string file = read_file(b.signed_by_keys);
  std::string why;
  auto split = *ev::split_bundle_file(file, &why);
  size_t bundle_at = file.size() - split.bundle.size();
  // A byte of the bundle itself: refused by the signature before the decoder sees it.
  std::string altered = file;
  altered[bundle_at + 100] ^= 1;
  write_text(b.dir + "/altered.edictc", altered);
  RunResult r = check_bundle(b.dir + "/altered.edictc", "--trust '" + b.keys + ".pub'");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "E0718"));
  CHECK(has(r.err, "covers another bundle"));
  // A byte appended after the signed bundle.
  std::string appended = file + "x";
  write_text(b.dir + "/appended.edictc", appended);
  CHECK(has(check_bundle(b.dir + "/appended.edictc", "--trust '" + b.keys + ".pub'").err, "E0718"));
  // A byte of the signature block.
  std::string sig_changed = file;
  sig_changed[ev::kSignedBundleHeaderSize + 20] ^= 1;
  write_text(b.dir + "/sig.edictc", sig_changed);
  RunResult s = check_bundle(b.dir + "/sig.edictc", "--trust '" + b.keys + ".pub'");
  CHECK(s.exit_code == 2);
  CHECK((has(s.err, "E0718") || has(s.err, "E0719")));
  // A length past the end.
  std::string long_header = file;
  long_header[13] = '\x7f';
  write_text(b.dir + "/long.edictc", long_header);
  RunResult l = check_bundle(b.dir + "/long.edictc", "");
  CHECK(l.exit_code == 2);
  CHECK(has(l.err, "E0719"));
  // Truncated inside the header.
  write_text(b.dir + "/short.edictc", file.substr(0, 12));
  CHECK(has(check_bundle(b.dir + "/short.edictc", "").err, "E0719"));
}

TEST_CASE("every single-byte change of a signed bundle is refused under --trust") {
  const Bundles& b = bundles();
  std::string file = read_file(b.signed_by_keys);
  ev::Key key = public_key(b.keys);
  for (size_t i = 0; i < file.size(); ++i) {
    std::string changed = file;
    changed[i] ^= 1;
    std::string why;
    auto split = ev::split_bundle_file(changed, &why);
    if (!split) continue;  // refused as malformed
    CHECK(ev::check_bundle_signature(*split, key, &why) != ev::BundleTrust::kTrusted);
  }
}

TEST_CASE("edict.toml [bundle] trust requires a signed bundle, and require_signed refuses sources") {
  const Bundles& b = bundles();
  std::string config = b.dir + "/trust.toml";
  write_text(config, "[bundle]\ntrust = \"policy.pub\"\n");
  auto run = [&](const std::string& what, const std::string& config_path) {
    return run_edict("check " + what + " --facts facts/fail.json --config '" + config_path + "' --now 2026-11-21 -q",
                     "tests/data/cli/gate");
  };
  CHECK(run("--bundle '" + b.signed_by_keys + "'", config).exit_code == 1);  // trusted: the gate's own exit
  RunResult unsigned_run = run("--bundle '" + b.plain + "'", config);
  CHECK(unsigned_run.exit_code == 2);
  CHECK(has(unsigned_run.err, "E0716"));
  CHECK(has(run("--bundle '" + b.signed_by_other + "'", config).err, "E0717"));
  // trust alone still lets the sources run; require_signed does not.
  CHECK(run("policies", config).exit_code == 1);
  std::string strict = b.dir + "/strict.toml";
  write_text(strict, "[bundle]\ntrust = \"policy.pub\"\nrequire_signed = true\n");
  RunResult sources = run("policies", strict);
  CHECK(sources.exit_code == 2);
  CHECK(has(sources.err, "E0720"));
  CHECK(run("--bundle '" + b.signed_by_keys + "'", strict).exit_code == 1);
  // --trust on the command line overrides the config's key.
  CHECK(has(run("--bundle '" + b.signed_by_keys + "' --trust '" + b.other_keys + ".pub'", config).err, "E0717"));
}

TEST_CASE("edict.toml [bundle] settings of the wrong type are E0618 / E0619 with a line") {
  const Bundles& b = bundles();
  auto run = [&](const std::string& text) {
    std::string config = b.dir + "/bad.toml";
    write_text(config, text);
    return run_edict("check policies --facts facts/fail.json --config '" + config + "' --now 2026-11-21 -q",
                     "tests/data/cli/gate");
  };
  RunResult number = run("[bundle]\ntrust = 42\n");
  CHECK(number.exit_code == 2);
  CHECK(has(number.err, "E0618"));
  CHECK(has(number.err, ":2:"));
  CHECK(has(run("[bundle]\ntrust = \"\"\n").err, "E0618"));
  CHECK(has(run("[bundle]\ntrust = \"policy.pub\"\nrequire_signed = \"yes\"\n").err, "E0619"));
  CHECK(has(run("[bundle]\nrequire_signed = true\n").err, "E0619"));
  CHECK(has(run("[bundle]\ntrusted = \"policy.pub\"\n").err, "trust"));  // did-you-mean
  RunResult missing = run("[bundle]\ntrust = \"no-such.pub\"\n");
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "E0900"));
}

TEST_CASE("evidence of a run on a signed bundle embeds the bundle and its signature, and verifies") {
  const Bundles& b = bundles();
  std::string evidence = b.dir + "/bundle-run.dsse.json";
  RunResult r = check_bundle(b.signed_by_keys, "--trust '" + b.keys + ".pub' --evidence '" + evidence + "' --sign '" +
                                                   b.keys + ".key'");
  REQUIRE(r.exit_code == 1);
  auto statement = statement_of(read_file(evidence));
  std::string why;
  std::string file = read_file(b.signed_by_keys);
  auto split = *ev::split_bundle_file(file, &why);  // views into `file`
  CHECK(statement["predicate"]["bundle"]["base64"] == ev::base64_encode(split.bundle));
  CHECK(statement["predicate"]["bundle"]["signature"] == std::string(split.envelope));
  RunResult v = run_edict("verify '" + evidence + "' --key '" + b.keys + ".pub'", ".");
  CHECK(v.exit_code == 0);
  CHECK(has(v.out, "bytes, signed)"));
}

TEST_CASE("disasm --bundle reads a signed bundle as the unsigned one") {
  const Bundles& b = bundles();
  RunResult plain = run_edict("disasm --bundle '" + b.plain + "'", ".");
  RunResult signed_run = run_edict("disasm --bundle '" + b.signed_by_keys + "'", ".");
  CHECK(plain.exit_code == 0);
  CHECK(signed_run.exit_code == 0);
  CHECK(signed_run.out == plain.out);
}
