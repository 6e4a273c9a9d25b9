// Shared by the evidence tests: scratch key pairs and evidence files made by the real
// binary, and ways to edit an evidence file the way an attacker would.
#pragma once

#include <sys/stat.h>

#include <string>

#include <nlohmann/json.hpp>

#include "evidence/dsse.h"
#include "evidence/encoding.h"
#include "evidence/keys.h"
#include "tests/cli/run_edict.h"

namespace edict::testing {

inline void write_text(const std::string& path, const std::string& text, mode_t mode = 0644) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
}

// `edict keygen DIR/NAME` (fresh each call); returns the prefix.
inline std::string make_keys(const std::string& dir, const std::string& name) {
  std::string prefix = dir + "/" + name;
  std::remove((prefix + ".key").c_str());
  std::remove((prefix + ".pub").c_str());
  RunResult r = run_edict("keygen '" + prefix + "'", ".");
  if (r.exit_code != 0) throw std::runtime_error("keygen failed: " + r.err);
  return prefix;
}

inline edict::evidence::Key private_key(const std::string& prefix) {
  DiagnosticSink sink;
  auto key = edict::evidence::load_private_key(prefix + ".key", sink);
  if (!key) throw std::runtime_error("cannot load " + prefix + ".key");
  return *key;
}

inline edict::evidence::Key public_key(const std::string& prefix) {
  DiagnosticSink sink;
  auto key = edict::evidence::load_public_key(prefix + ".pub", sink);
  if (!key) throw std::runtime_error("cannot load " + prefix + ".pub");
  return *key;
}

// The gate scenario of tests/data/cli/gate, signed: `extra` picks facts/config.
inline RunResult check_with_evidence(const std::string& evidence_path, const std::string& key_prefix,
                                     const std::string& facts = "fail", const std::string& config = "defaults",
                                     const std::string& extra = "") {
  return run_edict("check policies --facts facts/" + facts + ".json --config config/" + config +
                       ".toml --now 2026-11-21 --format json --evidence '" + evidence_path + "' --sign '" + key_prefix +
                       ".key' " + extra,
                   "tests/data/cli/gate");
}

// The statement inside an envelope, as JSON.
inline nlohmann::ordered_json statement_of(const std::string& envelope_text) {
  std::string why;
  auto envelope = edict::evidence::parse_envelope(envelope_text, &why);
  if (!envelope) throw std::runtime_error("not an envelope: " + why);
  return nlohmann::ordered_json::parse(envelope->payload);
}

// The envelope with `statement` as its payload: re-signed with `key` when given, else
// carrying the old signature (an edit after signing).
inline std::string with_statement(const std::string& envelope_text, const nlohmann::ordered_json& statement,
                                  const edict::evidence::Key* key) {
  std::string why;
  auto envelope = *edict::evidence::parse_envelope(envelope_text, &why);
  envelope.payload = statement.dump();
  if (key) return edict::evidence::sign_envelope(envelope.payload_type, envelope.payload, *key);
  return edict::evidence::envelope_json(envelope);
}

}  // namespace edict::testing
