// A bundle carries the hash of the opcode table it was compiled for (header offset 32):
// a bundle from an edict whose instruction set differs (opcodes renumbered, an operand
// or a stack count changed) is refused with E0715 before its code is decoded, even
// when it is otherwise intact and its checksum matches. Catches: code from another
// instruction set verified and run under this one's meanings.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "runtime/bundle.h"

namespace {

using namespace edict;

std::string small_bundle() {
  std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/tests/data/bundle/small.edictc", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

uint64_t read_u64(const std::string& bytes, size_t at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(bytes[at + i])} << (8 * i);
  return v;
}

void put_u64(std::string& bytes, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

TEST_CASE("bundles carry the instruction-set hash of the edict that wrote them") {
  std::string bytes = small_bundle();
  REQUIRE(bytes.size() > kBundleHeaderSize);
  CHECK(read_u64(bytes, kBundleInstructionSetOffset) == kInstructionSetHash);
  DiagnosticSink sink;
  CHECK(load_bundle(bytes, "small.edictc", sink).has_value());
  // And a freshly written one.
  std::string again;
  REQUIRE(save_bundle(*load_bundle(bytes, "small.edictc", sink), &again));
  CHECK(read_u64(again, kBundleInstructionSetOffset) == kInstructionSetHash);
}

TEST_CASE("a bundle for another instruction set is refused with E0715, checksum or not") {
  std::string other = small_bundle();
  REQUIRE(other.size() > kBundleHeaderSize);
  // The header's hash is outside the checksummed payload: the file is otherwise intact.
  put_u64(other, kBundleInstructionSetOffset, kInstructionSetHash ^ 0x10);
  DiagnosticSink sink;
  CHECK(!load_bundle(other, "old.edictc", sink).has_value());
  REQUIRE(sink.diagnostics().size() == 1);
  const Diagnostic& d = sink.diagnostics().front();
  CHECK(d.code == std::string(bundle_codes::kInstructionSet));
  CHECK(d.path == "old.edictc");
  CHECK(d.message.find("another instruction set") != std::string::npos);
  CHECK(d.help.find("compile the policies again") != std::string::npos);
}
