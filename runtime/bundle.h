// Bundles (.edictc): a Program as a versioned binary file, so a host that only evaluates
// shipped policies needs the runtime alone. Saving is plain serialization; loading
// decodes and then VERIFIES everything (runtime/verify.h) before the VM may run it.
//
//   std::string bytes;
//   save_bundle(program, &bytes);                        // compile side
//   DiagnosticSink sink;
//   auto loaded = load_bundle_file("site.edictc", sink);  // evaluating side
//   if (!loaded) { ... render_all(sink, sources) ...; exit 2 }
//
// The format (all integers little-endian; docs/bundle.md has the full layout):
//
//   offset 0   magic    8 bytes  89 45 44 43 0D 0A 1A 0A  ("\x89EDC\r\n\x1a\n", PNG-style:
//                                 a text-mode transfer or a truncation to 7 bits breaks it)
//   offset 8   version  u32      kBundleFormatVersion
//   offset 12  flags    u32      0 (reserved)
//   offset 16  size     u64      payload bytes
//   offset 24  checksum u64      FNV-1a 64 of the payload
//   offset 32  opcodes  u64      kInstructionSetHash (runtime/opcodes.h) of the writer
//   offset 40  payload           sections 1..9 in order, each: u32 id, u32 length, bytes
//
// The checksum catches corruption (a truncated download, a flipped bit), not tampering:
// it is not a signature. The verifier does not trust it either: a bundle whose checksum
// matches is still checked index by index, so a crafted file cannot crash the VM.
// The instruction-set hash refuses, before any code is decoded, a bundle whose opcode
// numbers, operand kinds or stack counts mean something else to this edict (E0715).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/diagnostic.h"
#include "runtime/opcodes.h"
#include "runtime/program.h"

namespace edict {

inline constexpr char kBundleMagic[8] = {'\x89', 'E', 'D', 'C', '\r', '\n', '\x1a', '\n'};
// Bumped on any change to the layout, or to an opcode's semantics under the same table
// row (a change of the opcode table itself changes kInstructionSetHash instead); a
// loader reads exactly its own version. 2: SCAN_FIELD_EQ inserted after QUANT_STEP.
// 3: the instruction-set hash in the header. 4: keyed resources (a schema entry's
// `keyed` flag, a slot's literal keys) and a version constant's spelling (`v"22.04"` as
// written) after its parts.
inline constexpr uint32_t kBundleFormatVersion = 4;
// The oldest format the loader still reads. 3 is 4 without the fields 4 added (read as
// absent: not keyed, no keys, versions as their parts): signed evidence carries its
// bundle, and evidence signed by an earlier edict must still replay (docs/evidence.md).
// Older formats renumbered opcodes or lacked the instruction-set hash: refused (E0702).
inline constexpr uint32_t kOldestBundleFormatVersion = 3;
inline constexpr size_t kBundleHeaderSize = 40;
inline constexpr size_t kBundleSizeOffset = 16;
inline constexpr size_t kBundleChecksumOffset = 24;
inline constexpr size_t kBundleInstructionSetOffset = 32;
// The stdlib plus every pack in policies/ compiles to well under 1 MiB; 64 MiB is room
// for fleets of site packs while bounding what a hostile file makes the loader read and
// allocate (every count inside is further bounded by the bytes that remain).
inline constexpr size_t kMaxBundleBytes = 64u << 20;
// Constants nest (lists of maps of lists); the parser refuses source nested deeper than
// 200 levels, so 256 holds every constant the compiler can fold while keeping the
// decoder's recursion (and to_display's, values_equal's) far from the stack's end.
inline constexpr uint32_t kMaxConstantDepth = 256;

// Section ids, in the order they appear (each exactly once).
enum class BundleSection : uint32_t {
  kConstants = 1,
  kRegexes = 2,
  kSchema = 3,
  kSlots = 4,
  kPolicies = 5,
  kRules = 6,
  kEntries = 7,
  kCode = 8,
  kTracePoints = 9,
};
inline constexpr uint32_t kBundleSectionCount = 9;

// Diagnostic codes (docs/diagnostics.md, "E07xx bundles").
namespace bundle_codes {
inline constexpr const char* kNotABundle = "E0701";     // wrong magic: not an .edictc file
inline constexpr const char* kVersion = "E0702";        // a format version this edict does not read
inline constexpr const char* kTooLarge = "E0703";       // over kMaxBundleBytes
inline constexpr const char* kTruncated = "E0704";      // shorter than its header says
inline constexpr const char* kChecksum = "E0705";       // payload checksum mismatch
inline constexpr const char* kMalformed = "E0706";      // section layout, counts, kinds, enums
inline constexpr const char* kBadString = "E0707";      // a string that is not UTF-8
inline constexpr const char* kBadTable = "E0708";       // policy/rule/entry tables out of range
inline constexpr const char* kBadCode = "E0709";        // an operand or jump target out of range
inline constexpr const char* kBadStack = "E0710";       // stack depth, locals, quantifier structure
inline constexpr const char* kBadRegex = "E0711";       // a pattern RE2 refuses
inline constexpr const char* kBadSchema = "E0712";      // a type or schema entry that does not parse
inline constexpr const char* kUnreadable = "E0713";     // the file cannot be read
inline constexpr const char* kUnwritable = "E0714";     // the output cannot be written
inline constexpr const char* kInstructionSet = "E0715";  // written for another instruction set
}  // namespace bundle_codes

// FNV-1a 64 over bytes: the bundle checksum (exposed so tests can re-seal a modified file).
uint64_t bundle_checksum(std::string_view bytes);

// Serializes a program. False only when the program exceeds a format limit (a count
// over 2^32, or the result over kMaxBundleBytes).
bool save_bundle(const Program& program, std::string* bytes);

// Decodes and verifies; nullopt with E07xx diagnostics (whose path is `name`) when the
// bytes are not a valid bundle. The returned Program has its regexes built and passes
// verify_program(): the VM may run it.
std::optional<Program> load_bundle(std::string_view bytes, std::string_view name, DiagnosticSink& sink);
std::optional<Program> load_bundle_file(const std::string& path, DiagnosticSink& sink);

// Writes the bundle whole (a temporary file beside `path`, then rename), so a failed
// write never leaves a partial bundle. False with E0714 on failure.
bool write_bundle_file(const Program& program, const std::string& path, DiagnosticSink& sink);

// True when `bytes` start with the bundle magic (how `disasm`/`check` tell a bundle
// from policy sources).
bool looks_like_bundle(std::string_view bytes);

}  // namespace edict
