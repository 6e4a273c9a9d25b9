// The independent check: an evidence file's DSSE signature verified with the openssl
// command line alone. The test parses the envelope as plain JSON, decodes base64 with
// `openssl base64`, builds the DSSE pre-authentication encoding itself and runs
// `openssl pkeyutl -verify -rawin`: no Edict code is in the verifying path, so a bug
// shared by Edict's signer and verifier cannot hide here.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/run_edict.h"

using namespace edict::testing;

namespace {

std::string shell_out(const std::string& command, int* status) {
  std::string out_path = scratch_dir("openssl") + "/out.txt";
  *status = std::system((command + " >'" + out_path + "' 2>&1").c_str());
  return read_file(out_path);
}

std::string b64_decode_with_openssl(const std::string& dir, const std::string& name, const std::string& b64) {
  std::ofstream(dir + "/" + name + ".b64", std::ios::binary) << b64;
  int status = 0;
  shell_out("openssl base64 -d -A -in '" + dir + "/" + name + ".b64' -out '" + dir + "/" + name + "'", &status);
  REQUIRE(status == 0);
  return read_file(dir + "/" + name);
}

// DSSE v1 PAE, written out here from the spec rather than taken from evidence/dsse.h.
std::string pae_by_hand(const std::string& type, const std::string& body) {
  return "DSSEv1 " + std::to_string(type.size()) + " " + type + " " + std::to_string(body.size()) + " " + body;
}

// Verifies `evidence_path` against `pub_path` with openssl; returns openssl's exit status.
int openssl_verify(const std::string& evidence_path, const std::string& pub_path, bool corrupt_pae = false) {
  std::string dir = scratch_dir("openssl-verify");
  auto envelope = nlohmann::json::parse(read_file(evidence_path));
  std::string payload = b64_decode_with_openssl(dir, "payload", envelope["payload"].get<std::string>());
  std::string sig = b64_decode_with_openssl(dir, "sig", envelope["signatures"][0]["sig"].get<std::string>());
  CHECK(sig.size() == 64);
  std::string pae = pae_by_hand(envelope["payloadType"].get<std::string>(), payload);
  if (corrupt_pae) pae[pae.size() / 2] ^= 1;
  std::ofstream(dir + "/pae.bin", std::ios::binary) << pae;
  int status = 0;
  std::string out = shell_out("openssl pkeyutl -verify -pubin -inkey '" + pub_path + "' -rawin -in '" + dir +
                                  "/pae.bin' -sigfile '" + dir + "/sig'",
                              &status);
  if (status == 0) CHECK(out.find("Signature Verified Successfully") != std::string::npos);
  return status;
}

}  // namespace

TEST_CASE("openssl alone verifies the DSSE signature of evidence made today") {
  std::string dir = scratch_dir("openssl-fresh");
  std::remove((dir + "/k.key").c_str());
  std::remove((dir + "/k.pub").c_str());
  REQUIRE(run_edict("keygen '" + dir + "/k'", ".").exit_code == 0);
  std::string evidence = dir + "/e.dsse.json";
  RunResult r = run_edict("check policies --facts facts/pass.json --config config/defaults.toml --now 2026-11-21 -q "
                          "--evidence '" + evidence + "' --sign '" + dir + "/k.key'",
                          "tests/data/cli/gate");
  REQUIRE(r.exit_code != 2);
  CHECK(openssl_verify(evidence, dir + "/k.pub") == 0);
  CHECK(openssl_verify(evidence, dir + "/k.pub", true) != 0);  // one changed byte: openssl refuses too

  // The keyid is the SHA-256 of the key's DER SubjectPublicKeyInfo, as openssl prints it.
  int status = 0;
  std::string digest = shell_out("openssl pkey -pubin -in '" + dir + "/k.pub' -outform DER | openssl dgst -sha256 -r", &status);
  REQUIRE(status == 0);
  auto envelope = nlohmann::json::parse(read_file(evidence));
  CHECK(digest.substr(0, 64) == envelope["signatures"][0]["keyid"].get<std::string>());
}

TEST_CASE("openssl alone verifies the committed evidence fixture") {
  std::string fixtures = std::string(EDICT_SOURCE_DIR) + "/tests/evidence/fixtures";
  CHECK(openssl_verify(fixtures + "/gate-waived.dsse.json", fixtures + "/signer.pub") == 0);
}
