// Key files: the right key signs and verifies; every wrong one is an E-code, never a
// crash, a prompt or a silent pass.
#include <catch2/catch.hpp>

#include "evidence/codes.h"
#include "helpers.h"

using namespace edict;
using namespace edict::testing;
namespace ev = edict::evidence;

namespace {

std::string first_code(const DiagnosticSink& sink) { return sink.diagnostics().empty() ? "" : sink.diagnostics()[0].code; }

std::string load_private_code(const std::string& path) {
  DiagnosticSink sink;
  auto key = ev::load_private_key(path, sink);
  return key ? "ok" : first_code(sink);
}

std::string load_public_code(const std::string& path) {
  DiagnosticSink sink;
  auto key = ev::load_public_key(path, sink);
  return key ? "ok" : first_code(sink);
}

bool openssl(const std::string& args) { return std::system(("openssl " + args + " 2>/dev/null").c_str()) == 0; }

}  // namespace

TEST_CASE("keygen writes a 0600 private key and a public key that verify each other") {
  std::string dir = scratch_dir("keys-good");
  std::string prefix = make_keys(dir, "k");
  struct stat st {};
  REQUIRE(::stat((prefix + ".key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  ev::Key priv = private_key(prefix);
  ev::Key pub = public_key(prefix);
  CHECK(priv.keyid() == pub.keyid());
  CHECK(priv.keyid().size() == 64);
  std::string sig = priv.sign("message");
  CHECK(sig.size() == 64);
  CHECK(pub.verify("message", sig));
  CHECK_FALSE(pub.verify("messagf", sig));
  std::string bad = sig;
  bad[10] ^= 1;
  CHECK_FALSE(pub.verify("message", bad));
  CHECK_FALSE(pub.verify("message", sig.substr(0, 63)));
}

TEST_CASE("keygen writes the private key 0600 whatever the umask, and refuses to overwrite a key") {
  std::string dir = scratch_dir("keys-umask");
  std::remove((dir + "/u.key").c_str());
  std::remove((dir + "/u.pub").c_str());
  RunResult r = run_edict("keygen '" + dir + "/u'", ".");
  REQUIRE(r.exit_code == 0);
  RunResult again = run_edict("keygen '" + dir + "/u'", ".");
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("E0905") != std::string::npos);
  std::string before = read_file(dir + "/u.key");
  CHECK(read_file(dir + "/u.key") == before);  // untouched
  // umask 000 would make a plain new file 0666: the key must still be 0600.
  std::system(("cd '" + dir + "' && umask 000 && '" + std::string(EDICT_BINARY) + "' keygen --force u >/dev/null").c_str());
  struct stat st {};
  REQUIRE(::stat((dir + "/u.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(read_file(dir + "/u.key") != before);
}

TEST_CASE("a private key group or others can access is refused for signing (E0903)") {
  std::string dir = scratch_dir("keys-mode");
  std::string prefix = make_keys(dir, "m");
  CHECK(load_private_code(prefix + ".key") == "ok");
  ::chmod((prefix + ".key").c_str(), 0640);
  CHECK(load_private_code(prefix + ".key") == ev::codes::kKeyExposed);
  ::chmod((prefix + ".key").c_str(), 0604);
  CHECK(load_private_code(prefix + ".key") == ev::codes::kKeyExposed);
  ::chmod((prefix + ".key").c_str(), 0400);
  CHECK(load_private_code(prefix + ".key") == "ok");
}

TEST_CASE("key files of the wrong type or format are diagnostics with an E-code") {
  std::string dir = scratch_dir("keys-bad");
  std::string prefix = make_keys(dir, "g");
  // The halves swapped.
  CHECK(load_private_code(prefix + ".pub") == ev::codes::kKeyExposed);  // 0644: refused before it is even parsed
  ::chmod((prefix + ".pub").c_str(), 0600);
  CHECK(load_private_code(prefix + ".pub") == ev::codes::kKeyWrongHalf);
  CHECK(load_public_code(prefix + ".key") == ev::codes::kKeyWrongHalf);
  // Garbage, empty, missing, a directory.
  write_text(dir + "/garbage.key", "not a key at all\n\x01\x02", 0600);
  CHECK(load_private_code(dir + "/garbage.key") == ev::codes::kKeyFormat);
  CHECK(load_public_code(dir + "/garbage.key") == ev::codes::kKeyFormat);
  write_text(dir + "/empty.key", "", 0600);
  CHECK(load_private_code(dir + "/empty.key") == ev::codes::kKeyFormat);
  CHECK(load_private_code(dir + "/missing.key") == ev::codes::kKeyUnreadable);
  CHECK(load_public_code(dir) == ev::codes::kKeyUnreadable);
  // A truncated PEM.
  std::string pem = read_file(prefix + ".key");
  write_text(dir + "/cut.key", pem.substr(0, pem.size() / 2), 0600);
  CHECK(load_private_code(dir + "/cut.key") == ev::codes::kKeyFormat);
  // Too large to be a key: refused before it is parsed.
  write_text(dir + "/huge.pub", std::string(ev::kMaxKeyFileBytes + 1, 'A'));
  CHECK(load_public_code(dir + "/huge.pub") == ev::codes::kKeyUnreadable);
  write_text(dir + "/limit.pub", std::string(ev::kMaxKeyFileBytes, 'A'));
  CHECK(load_public_code(dir + "/limit.pub") == ev::codes::kKeyFormat);  // at the limit: read, then not PEM
}

TEST_CASE("RSA and EC keys are refused as not Ed25519 (E0902), and an encrypted key never prompts (E0901)") {
  std::string dir = scratch_dir("keys-types");
  REQUIRE(openssl("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '" + dir + "/rsa.key'"));
  REQUIRE(openssl("pkey -in '" + dir + "/rsa.key' -pubout -out '" + dir + "/rsa.pub'"));
  ::chmod((dir + "/rsa.key").c_str(), 0600);
  CHECK(load_private_code(dir + "/rsa.key") == ev::codes::kKeyType);
  CHECK(load_public_code(dir + "/rsa.pub") == ev::codes::kKeyType);
  REQUIRE(openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '" + dir + "/ec.key'"));
  ::chmod((dir + "/ec.key").c_str(), 0600);
  CHECK(load_private_code(dir + "/ec.key") == ev::codes::kKeyType);
  REQUIRE(openssl("genpkey -algorithm ED25519 -aes256 -pass pass:secret -out '" + dir + "/enc.key'"));
  ::chmod((dir + "/enc.key").c_str(), 0600);
  CHECK(load_private_code(dir + "/enc.key") == ev::codes::kKeyFormat);
  // A key made by openssl itself is as good as one from keygen.
  REQUIRE(openssl("genpkey -algorithm ED25519 -out '" + dir + "/ossl.key'"));
  ::chmod((dir + "/ossl.key").c_str(), 0600);
  CHECK(load_private_code(dir + "/ossl.key") == "ok");
}

TEST_CASE("edict check --sign with a bad key is exit 2 with its E-code, and nothing is written") {
  std::string dir = scratch_dir("keys-cli");
  std::string prefix = make_keys(dir, "c");
  ::chmod((prefix + ".key").c_str(), 0640);
  std::string evidence = dir + "/run.dsse.json";
  RunResult r = check_with_evidence(evidence, prefix);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("E0903") != std::string::npos);
  CHECK(r.out.empty());
  std::ifstream in(evidence);
  CHECK_FALSE(in.good());
  RunResult pub = run_edict("check policies --facts facts/fail.json --config config/defaults.toml --now 2026-11-21 "
                            "--evidence '" + evidence + "' --sign '" + prefix + ".pub'",
                            "tests/data/cli/gate");
  CHECK(pub.exit_code == 2);
  CHECK(pub.err.find("E0903") != std::string::npos);  // 0644 .pub: exposed first
  RunResult no_sign = run_edict("check policies --facts facts/fail.json --now 2026-11-21 --evidence '" + evidence + "'",
                                "tests/data/cli/gate");
  CHECK(no_sign.exit_code == 2);
  CHECK(no_sign.err.find("E0919") != std::string::npos);
}
