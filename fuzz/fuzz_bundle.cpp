// Fuzz target: bundle bytes shipped over a network -> load_bundle (decode + verify) ->
// if accepted, evaluate against a fixed host, with explanations. The bytes are tried
// as they are and, since a random change almost always breaks the checksum first,
// once more "re-sealed" (magic, format version, size, checksum and instruction-set hash
// rewritten), so the decoder and the verifier behind the checksum get fuzzed too. Invariants: no crash; a refusal is a
// diagnostic; what is accepted runs and saves back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fuzz/fuzz_support.h"
#include "runtime/bundle.h"
#include "runtime/vm.h"

namespace {

using namespace edict;

const Facts& host() {
  static const Facts facts = fuzz::load_or_die(fuzz::kSampleFactsJson);
  return facts;
}

void put_u64(std::string& bytes, size_t offset, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes[offset + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

void try_bundle(const std::string& bytes) {
  DiagnosticSink sink;
  auto program = load_bundle(bytes, "fuzz.edictc", sink);
  SourceManager sources;
  std::string rendered = render_all(sink, sources);
  if (std::getenv("EDICT_FUZZ_PRINT")) {
    std::fprintf(stderr, "%s", program ? ("accepted, " + std::to_string(program->rules.size()) + " rules\n").c_str()
                                       : rendered.c_str());
  }
  if (!program) {
    if (!sink.has_errors()) fuzz::fail("bundle refused without a diagnostic", "", "");
    return;
  }
  EvalOptions options;
  options.explain = true;
  options.now = fuzz::kFixedNow;
  options.max_steps = fuzz::kFuzzMaxSteps;
  std::vector<RuleResult> results = evaluate(*program, host(), options);
  if (results.size() != program->rules.size()) fuzz::fail("one result per rule", "", "");
  // An accepted bundle is a valid program: it must serialize again.
  std::string again;
  if (!save_bundle(*program, &again)) fuzz::fail("an accepted bundle does not save back", "", "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try_bundle(bytes);
  if (bytes.size() >= kBundleHeaderSize) {
    std::string sealed = bytes;
    std::memcpy(sealed.data(), kBundleMagic, sizeof(kBundleMagic));
    // Seeds written by an older format version still reach the decoder.
    for (int i = 0; i < 4; ++i) sealed[8 + i] = static_cast<char>((kBundleFormatVersion >> (8 * i)) & 0xff);
    put_u64(sealed, kBundleSizeOffset, sealed.size() - kBundleHeaderSize);
    put_u64(sealed, kBundleInstructionSetOffset, kInstructionSetHash);
    put_u64(sealed, kBundleChecksumOffset, bundle_checksum(std::string_view(sealed).substr(kBundleHeaderSize)));
    if (sealed != bytes) try_bundle(sealed);
  }
  return 0;
}
