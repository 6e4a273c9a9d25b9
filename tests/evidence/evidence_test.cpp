// Evidence of a check: signed, replayed, and refused when anything about it changed.
// Each tamper case must fail with a message that names what does not match, and no
// input may crash `verify`.
#include <catch2/catch.hpp>

#include "evidence/codes.h"
#include "evidence/verify.h"
#include "helpers.h"

using namespace edict;
using namespace edict::testing;
namespace ev = edict::evidence;
using Json = nlohmann::ordered_json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Signed {
  std::string dir, keys, path, text;
};

// One signed evidence file of the gate scenario, made once per test binary run.
const Signed& gate_evidence() {
  static Signed s = [] {
    Signed out;
    out.dir = scratch_dir("evidence-gate");
    out.keys = make_keys(out.dir, "signer");
    out.path = out.dir + "/gate.dsse.json";
    RunResult r = check_with_evidence(out.path, out.keys);
    if (r.exit_code != 1) throw std::runtime_error("check: exit " + std::to_string(r.exit_code) + ": " + r.err);
    out.text = read_file(out.path);
    return out;
  }();
  return s;
}

ev::Verification verify_text(const std::string& text, const std::string& keys) {
  return ev::verify_evidence(text, public_key(keys));
}

}  // namespace

TEST_CASE("check --evidence writes a DSSE envelope of an in-toto statement whose subject is the JSON report") {
  const Signed& s = gate_evidence();
  Json envelope = Json::parse(s.text);
  CHECK(envelope["payloadType"] == "application/vnd.in-toto+json");
  REQUIRE(envelope["signatures"].size() == 1);
  CHECK(envelope["signatures"][0]["keyid"] == public_key(s.keys).keyid());
  Json statement = statement_of(s.text);
  CHECK(statement["_type"] == "https://in-toto.io/Statement/v1");
  CHECK(statement["predicateType"] == "urn:edict:evidence:v1");
  const Json& p = statement["predicate"];
  std::string report = p["report"]["text"];
  CHECK(statement["subject"][0]["digest"]["sha256"] == ev::sha256_hex(report));
  CHECK(p["now"] == "2026-11-21T00:00:00Z");
  CHECK(p["edict"]["version"] == Json::parse(report)["tool"]["version"]);
  CHECK(p["config"]["path"] == "config/defaults.toml");
  CHECK(p["config"]["text"].is_string());
  CHECK(p["facts"]["tree"].contains("m"));
  CHECK(p["facts"]["provenance"][0]["source"] == "file:facts/fail.json");
  // The report in the evidence is the one check printed with --format json.
  RunResult plain = run_edict("check policies --facts facts/fail.json --config config/defaults.toml --now 2026-11-21 --format json",
                              "tests/data/cli/gate");
  CHECK(plain.out == report);
}

TEST_CASE("verify: a fresh evidence file verifies, with host, time, bundle digest and rule counts") {
  const Signed& s = gate_evidence();
  RunResult r = run_edict("verify '" + s.path + "' --key '" + s.keys + ".pub'", ".");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "verified: evidence signed by key " + public_key(s.keys).keyid()));
  CHECK(has(r.out, "time     2026-11-21T00:00:00Z"));
  CHECK(has(r.out, "bundle   sha256:"));
  CHECK(has(r.out, "rules    "));
  CHECK(has(r.out, "gate fail (exit 1)"));
  CHECK(has(r.out, "reproduced byte for byte"));
  RunResult json = run_edict("verify '" + s.path + "' --key '" + s.keys + ".pub' --format json", ".");
  CHECK(json.exit_code == 0);
  CHECK(json.out == statement_of(s.text)["predicate"]["report"]["text"].get<std::string>());
  RunResult html = run_edict("verify '" + s.path + "' --key '" + s.keys + ".pub' --format html", ".");
  CHECK(html.exit_code == 0);
  CHECK(has(html.out, "<html"));
  CHECK(has(html.err, "verified:"));
  RunResult sarif = run_edict("verify '" + s.path + "' --key '" + s.keys + ".pub' --format sarif", ".");
  CHECK(sarif.exit_code == 2);
}

TEST_CASE("verify: a wrong key is a signature mismatch, exit 1") {
  const Signed& s = gate_evidence();
  std::string other = make_keys(s.dir, "other");
  RunResult r = run_edict("verify '" + s.path + "' --key '" + other + ".pub'", ".");
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "E0913"));
  CHECK(has(r.err, "signature mismatch: no signature was made with this key"));
}

TEST_CASE("verify: a truncated or empty file, or no JSON at all, is unreadable, exit 2") {
  const Signed& s = gate_evidence();
  for (size_t cut : {size_t{0}, size_t{1}, s.text.size() / 2, s.text.size() - 1}) {
    std::string path = s.dir + "/cut.json";
    write_text(path, s.text.substr(0, cut));
    RunResult r = run_edict("verify '" + path + "' --key '" + s.keys + ".pub'", ".");
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "E0911"));
  }
  RunResult missing = run_edict("verify '" + s.dir + "/nope.json' --key '" + s.keys + ".pub'", ".");
  CHECK(missing.exit_code == 2);
  CHECK(has(missing.err, "E0910"));
  RunResult bad_key = run_edict("verify '" + s.path + "' --key '" + s.path + "'", ".");
  CHECK(bad_key.exit_code == 2);
  CHECK(has(bad_key.err, "E0901"));
}

// The smallest useful evidence: one rule, two facts, no config (about 3 KB), so every
// byte position can be changed and verified, under sanitizers too.
const Signed& tiny_evidence() {
  static Signed s = [] {
    Signed out;
    out.dir = scratch_dir("evidence-tiny");
    out.keys = make_keys(out.dir, "tiny");
    write_text(out.dir + "/tiny.edict",
               "package tiny\npolicy p \"P\" {\n  severity high\n  rule r \"R\" {\n    require os.build >= 6003\n  }\n}\n");
    write_text(out.dir + "/facts.json", "{\"os\": {\"build\": 6002, \"family\": \"windows\"}}\n");
    out.path = out.dir + "/tiny.dsse.json";
    std::string command = "cd '" + out.dir + "' && '" + EDICT_BINARY +
                          "' check tiny.edict --facts facts.json --now 2026-11-21 -q --evidence tiny.dsse.json "
                          "--sign tiny.key >/dev/null";
    if (std::system(command.c_str()) == -1) throw std::runtime_error("cannot run edict");
    out.text = read_file(out.path);
    return out;
  }();
  return s;
}

TEST_CASE("verify: every single-byte change of an evidence file fails, and none crashes") {
  const Signed& s = tiny_evidence();
  ev::Key key = public_key(s.keys);
  REQUIRE(ev::verify_evidence(s.text, key).verdict == ev::Verdict::kVerified);
  size_t verified = 0;
  // Every position with its lowest bit flipped; two more changes (case/space, the
  // high bit: invalid UTF-8) at every 7th, to keep the loop fast under sanitizers.
  for (size_t i = 0; i < s.text.size(); ++i) {
    for (unsigned char flip : {0x01, 0x20, 0x80}) {
      if (flip != 0x01 && i % 7 != 0) continue;
      std::string changed = s.text;
      changed[i] = static_cast<char>(static_cast<unsigned char>(changed[i]) ^ flip);
      auto v = ev::verify_evidence(changed, key);
      if (v.verdict == ev::Verdict::kVerified) {
        ++verified;
        FAIL_CHECK("byte " << i << " ^ " << int(flip) << " still verifies");
      }
      if (v.verdict != ev::Verdict::kVerified) CHECK_FALSE(v.message.empty());
    }
  }
  CHECK(verified == 0);
}

TEST_CASE("verify: facts edited after signing fail, naming the facts") {
  const Signed& s = gate_evidence();
  Json statement = statement_of(s.text);
  // Flip the first boolean fact (or bump the first int) in the tree.
  std::string facts = statement["predicate"]["facts"].dump();
  size_t at = facts.find("{\"b\":true}");
  REQUIRE(at != std::string::npos);
  facts.replace(at, 10, "{\"b\":false}");
  statement["predicate"]["facts"] = Json::parse(facts);
  ev::Key signer = private_key(s.keys);

  auto unsigned_edit = verify_text(with_statement(s.text, statement, nullptr), s.keys);
  CHECK(unsigned_edit.verdict == ev::Verdict::kSignatureMismatch);
  CHECK(has(unsigned_edit.message, "the `facts` part no longer matches its digest"));

  // Re-signed with the same key (the signer's key stolen, or a buggy signer): the
  // digests no longer agree; with the digest updated too, the replay disagrees.
  auto resigned = verify_text(with_statement(s.text, statement, &signer), s.keys);
  CHECK(resigned.verdict == ev::Verdict::kReplayMismatch);
  CHECK(resigned.code == ev::codes::kSubject);
  CHECK(has(resigned.message, "`facts` part"));
  statement["predicate"]["digests"]["facts"] = ev::sha256_hex(statement["predicate"]["facts"].dump());
  auto replayed = verify_text(with_statement(s.text, statement, &signer), s.keys);
  CHECK(replayed.verdict == ev::Verdict::kReplayMismatch);
  CHECK(replayed.code == ev::codes::kReplay);
  CHECK(has(replayed.message, "replay mismatch: the report this edict computes differs from the signed one at `"));
}

TEST_CASE("verify: a report edited after signing fails, naming the report and where it differs") {
  const Signed& s = gate_evidence();
  Json statement = statement_of(s.text);
  Json report = Json::parse(statement["predicate"]["report"]["text"].get<std::string>());
  report["summary"]["gate"] = "pass";
  report["summary"]["exit_code"] = 0;
  std::string edited = report.dump(2) + "\n";
  statement["predicate"]["report"]["text"] = edited;
  auto unsigned_edit = verify_text(with_statement(s.text, statement, nullptr), s.keys);
  CHECK(unsigned_edit.verdict == ev::Verdict::kSignatureMismatch);
  CHECK(has(unsigned_edit.message, "the `report` part no longer matches its digest"));

  // Re-signed with subject and digest updated: only the replay can tell.
  statement["subject"][0]["digest"]["sha256"] = ev::sha256_hex(edited);
  statement["predicate"]["digests"]["report"] = ev::sha256_hex(edited);
  ev::Key signer = private_key(s.keys);
  auto v = verify_text(with_statement(s.text, statement, &signer), s.keys);
  CHECK(v.verdict == ev::Verdict::kReplayMismatch);
  CHECK(has(v.message, "`summary.gate`: signed \"pass\", replayed \"fail\""));
}

TEST_CASE("verify: a bundle swapped for another signed one fails, naming the bundle") {
  const Signed& s = gate_evidence();
  // Another signed run's bundle: the same pack with one threshold changed.
  std::string pack = read_file(std::string(EDICT_SOURCE_DIR) + "/tests/data/cli/gate/policies/gate.edict");
  pack.replace(pack.find(">= 6003"), 7, ">= 6002");
  write_text(s.dir + "/other.edict", pack);
  std::string other_path = s.dir + "/other.dsse.json";
  RunResult r = run_edict("check '" + s.dir + "/other.edict' --facts facts/fail.json --config config/defaults.toml "
                          "--now 2026-11-21 --evidence '" + other_path + "' --sign '" + s.keys + ".key'",
                          "tests/data/cli/gate");
  REQUIRE(r.exit_code != 2);
  Json other = statement_of(read_file(other_path));
  Json statement = statement_of(s.text);
  REQUIRE(other["predicate"]["bundle"]["base64"] != statement["predicate"]["bundle"]["base64"]);
  statement["predicate"]["bundle"] = other["predicate"]["bundle"];
  auto unsigned_swap = verify_text(with_statement(s.text, statement, nullptr), s.keys);
  CHECK(unsigned_swap.verdict == ev::Verdict::kSignatureMismatch);
  CHECK(has(unsigned_swap.message, "the `bundle` part no longer matches its digest"));
  statement["predicate"]["digests"]["bundle"] = other["predicate"]["digests"]["bundle"];
  ev::Key signer = private_key(s.keys);
  auto v = verify_text(with_statement(s.text, statement, &signer), s.keys);
  CHECK(v.verdict == ev::Verdict::kReplayMismatch);
  CHECK(has(v.message, "replay mismatch"));
}

TEST_CASE("verify: an envelope of another payload type, or a statement of another predicate, is refused") {
  const Signed& s = gate_evidence();
  ev::Key signer = private_key(s.keys);
  std::string other_type = ev::sign_envelope("text/plain", "hello", signer);
  auto v = verify_text(other_type, s.keys);
  CHECK(v.verdict == ev::Verdict::kUnreadable);
  CHECK(v.code == ev::codes::kStatementFormat);
  Json statement = statement_of(s.text);
  statement["predicateType"] = "https://slsa.dev/provenance/v1";
  auto w = verify_text(with_statement(s.text, statement, &signer), s.keys);
  CHECK(w.verdict == ev::Verdict::kUnreadable);
  CHECK(has(w.message, "predicateType"));
}
