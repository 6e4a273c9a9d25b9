// Bundle bytes -> Program: the header checks, then each section decoded with every
// length and count bounded by the bytes that remain, every string checked as UTF-8 and
// every enum byte checked in range; then verify_program() and the regexes rebuilt.
// The records' fields are listed once, in bundle_fields.h, for this Reader and
// bundle_write.cpp's Writer alike; the bounds on counts come from the same lists.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>

#include "runtime/bounded_read.h"
#include "runtime/bundle.h"
#include "runtime/bundle_fields.h"
#include "runtime/verify.h"

namespace edict {

namespace {

namespace codes = bundle_codes;

const char* section_name(uint32_t id) {
  static const char* const kNames[] = {"?",       "constants", "regexes", "schema",      "slots",
                                       "policies", "rules",     "entries", "code", "trace points"};
  return id <= kBundleSectionCount ? kNames[id] : "?";
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (n >= s.size() - i) return false;  // the sequence runs past the end
    for (size_t k = 1; k <= n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// The reading archive of bundle_fields.h, a cursor over one section. Sticky failure: after the first error every read returns
// zero and every count zero, so decoding loops end at once; the first error is kept.
class Reader {
 public:
  // Constants are decoded into `arena` (the program's constant arena).
  // `format`: the bundle's format version (fields added since kOldestBundleFormatVersion
  // are absent before their version).
  Reader(std::string_view bytes, const char* section, Arena* arena = nullptr, uint32_t format = kBundleFormatVersion)
      : bytes_(bytes), section_(section), arena_(arena), format_(format) {}

  // The format version being read (fields added later are absent before it).
  uint32_t version() const { return format_; }
  bool ok() const { return code_ == nullptr; }
  const char* code() const { return code_; }
  const std::string& message() const { return message_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  size_t position() const { return pos_; }

  void fail(const char* code, std::string message) {
    if (!ok()) return;
    code_ = code;
    message_ = std::move(message);
    pos_ = bytes_.size();
  }

  uint64_t le(int n) {
    if (!ok()) return 0;
    if (remaining() < static_cast<size_t>(n)) {
      fail(codes::kMalformed, std::string("section `") + section_ + "` ends in the middle of a field");
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    pos_ += n;
    return v;
  }
  void skip(size_t n) { pos_ += std::min(n, remaining()); }
  uint8_t u8() { return static_cast<uint8_t>(le(1)); }
  uint16_t u16() { return static_cast<uint16_t>(le(2)); }
  uint32_t u32() { return static_cast<uint32_t>(le(4)); }
  uint64_t u64() { return le(8); }
  int64_t i64() { return static_cast<int64_t>(u64()); }

  // The archive interface (bundle_fields.h): each reads into its field.
  void u8(uint8_t& v) { v = u8(); }
  void u16(uint16_t& v) { v = u16(); }
  void u32(uint32_t& v) { v = u32(); }
  void i32(int32_t& v) { v = static_cast<int32_t>(u32()); }
  void u64(uint64_t& v) { v = u64(); }
  void i64(int64_t& v) { v = i64(); }
  void str(std::string& s) { s = std::string(str_view()); }
  void flag(bool& v) {
    uint8_t b = u8();
    if (b > 1) fail(codes::kMalformed, std::string("section `") + section_ + "` holds a flag that is not 0 or 1");
    v = b == 1;
  }
  template <typename E>
  void enumerator(E& v, uint8_t limit, const char* what) {
    uint8_t b = u8();
    if (b >= limit) {
      fail(codes::kMalformed, std::string("section `") + section_ + "` holds " + what + " " + std::to_string(b) +
                                  ", out of range");
      b = 0;
    }
    v = static_cast<E>(b);
  }
  void strings(std::vector<std::string>& v) {
    v.assign(count(4), std::string());
    for (auto& s : v) str(s);
  }
  void u32s(std::vector<uint32_t>& v) {
    v.assign(count(4), 0);
    for (auto& x : v) u32(x);
  }
  // A type, parsed from its text: `what` and `of` name it in the error.
  void type(TypeRef& t, const char* what, const std::string& of) {
    std::string text = std::string(str_view());
    if (!ok()) return;
    std::string error;
    auto parsed = parse_type(text, &error);
    if (!parsed) return fail(codes::kBadSchema, std::string(what) + " `" + text + "` " + of + " does not parse: " + error);
    t = *parsed;
  }
  // A count of records (at least their fields' fewest bytes each), then each record.
  template <class R, class F>
  void sequence(std::vector<R>& records, F fields) {
    uint32_t n = count(bundle_fields::min_size<R>(fields));
    for (uint32_t i = 0; i < n && ok(); ++i) {
      R r{};
      fields(*this, r);
      records.push_back(std::move(r));
    }
  }
  template <class I, class C, class F>
  void tables(std::vector<I>& infos, std::vector<C>& codes, F fields) {
    uint32_t n = count(bundle_fields::min_size<I, C>(fields));
    for (uint32_t i = 0; i < n && ok(); ++i) {
      I info{};
      C code{};
      fields(*this, info, code);
      infos.push_back(std::move(info));
      codes.push_back(std::move(code));
    }
  }
  // Declarations go through FactSchema::add, whose consistency check a crafted schema
  // must pass like a compiled one.
  template <class F>
  void schema(FactSchema& schema, F fields) {
    uint32_t n = count(bundle_fields::min_size<FactDecl>(fields));
    for (uint32_t i = 0; i < n && ok(); ++i) {
      FactDecl decl;
      fields(*this, decl);
      if (!ok()) break;
      std::string conflict;
      if (!schema.add(std::move(decl), &conflict)) return fail(codes::kBadSchema, "the schema is inconsistent: " + conflict);
    }
  }
  // A count of items each at least `min_bytes` long: more than the bytes left can hold
  // is refused before anything is allocated for it.
  uint32_t count(size_t min_bytes) {
    uint32_t n = u32();
    if (ok() && n > remaining() / (min_bytes ? min_bytes : 1)) {
      fail(codes::kMalformed, std::string("section `") + section_ + "` has a count of " + std::to_string(n) +
                                  " that its remaining " + std::to_string(remaining()) + " bytes cannot hold");
      return 0;
    }
    return ok() ? n : 0;
  }
  std::string_view str_view() {
    uint32_t n = count(1);
    if (!ok()) return {};
    std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    if (!valid_utf8(s)) {
      fail(codes::kBadString, std::string("section `") + section_ + "` holds a string that is not UTF-8");
      return {};
    }
    return s;
  }

  // Constants (bundle_fields::constant), decoded into the constant arena.
  void f64(double& v) {
    uint64_t bits = u64();
    std::memcpy(&v, &bits, 8);
  }
  void arena_str(const char*& chars, uint32_t& size) {
    std::string_view s = arena_->copy(str_view());
    chars = s.data();
    size = static_cast<uint32_t>(s.size());
  }
  void arena_str(std::string_view& s) { s = arena_->copy(str_view()); }
  // A count bounded by the items' fewest bytes, then each item, built in place.
  template <class T, class F>
  void array(const T*& items, uint32_t& size, F fields) {
    uint32_t n = count(bundle_fields::min_size<T>(fields));
    T* built = arena_->allocate_array<T>(n);
    for (uint32_t i = 0; i < n; ++i) new (built + i) T();
    for (uint32_t i = 0; i < n && ok(); ++i) fields(*this, built[i]);
    items = built;
    size = n;
  }
  // A version's spelling must read back as the parts just decoded: a crafted bundle
  // cannot show an auditor `22.04` for a version that compares as something else.
  void spelling(Value& version) {
    if (format_ < 4) return;  // format 3 had no spellings
    std::string_view text = str_view();
    if (!ok() || text.empty()) return;
    Value parsed;
    if (!parse_version(*arena_, text, &parsed) || !parsed.spelled || parsed.size != version.size ||
        !std::equal(version.parts, version.parts + version.size, parsed.parts)) {
      return fail(codes::kMalformed, std::string("section `") + section_ +
                                         "` holds a version whose spelling does not read as its parts");
    }
    version = parsed;
  }
  template <class M>
  void check(bool holds, M message) {
    if (!holds) fail(codes::kMalformed, message());
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  const char* section_;
  Arena* arena_;
  uint32_t format_;
  const char* code_ = nullptr;
  std::string message_;
};

uint64_t read_le(std::string_view bytes, size_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return v;
}

}  // namespace

std::optional<Program> load_bundle(std::string_view bytes, std::string_view name, DiagnosticSink& sink) {
  const std::string help = "the bundle is corrupt or was not written by `edict compile`; compile it again";
  auto fail = [&](const char* code, std::string message, std::string h) -> std::optional<Program> {
    Diagnostic d = Diagnostic::error(code, Span{}, std::move(message), std::move(h));
    d.path = std::string(name);
    sink.report(std::move(d));
    return std::nullopt;
  };
  size_t magic_len = std::min(bytes.size(), sizeof kBundleMagic);
  if (bytes.empty() || std::memcmp(bytes.data(), kBundleMagic, magic_len) != 0) {
    return fail(codes::kNotABundle, "not an edict bundle (it does not start with the .edictc magic)",
                "make one with `edict compile POLICIES -o FILE.edictc`");
  }
  if (bytes.size() < sizeof kBundleMagic) {
    return fail(codes::kTruncated, "the bundle is truncated: " + std::to_string(bytes.size()) + " bytes, inside its magic",
                help);
  }
  if (bytes.size() > kMaxBundleBytes) {
    return fail(codes::kTooLarge, "the bundle is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                                      std::to_string(kMaxBundleBytes) + " bytes", "");
  }
  if (bytes.size() < kBundleHeaderSize) {
    return fail(codes::kTruncated, "the bundle is truncated: " + std::to_string(bytes.size()) +
                                       " bytes, shorter than its " + std::to_string(kBundleHeaderSize) + "-byte header", help);
  }
  auto version = static_cast<uint32_t>(read_le(bytes, 8, 4));
  if (version < kOldestBundleFormatVersion || version > kBundleFormatVersion) {
    return fail(codes::kVersion, "bundle format version " + std::to_string(version) +
                                     " is not supported (this edict reads versions " +
                                     std::to_string(kOldestBundleFormatVersion) + " to " +
                                     std::to_string(kBundleFormatVersion) + ")",
                "compile the policies again with this edict");
  }
  if (read_le(bytes, 12, 4) != 0) return fail(codes::kMalformed, "the bundle header's reserved flags are not zero", help);
  // Before the payload: a bundle for another instruction set would decode into code
  // that means something else (or nothing) to this VM.
  uint64_t instruction_set = read_le(bytes, kBundleInstructionSetOffset, 8);
  if (instruction_set != kInstructionSetHash) {
    char got[20], want[20];
    std::snprintf(got, sizeof got, "%016llx", static_cast<unsigned long long>(instruction_set));
    std::snprintf(want, sizeof want, "%016llx", static_cast<unsigned long long>(kInstructionSetHash));
    return fail(codes::kInstructionSet, std::string("the bundle was compiled for another instruction set (opcode table ") +
                                            got + ", this edict has " + want + ")",
                "compile the policies again with this edict");
  }
  uint64_t size = read_le(bytes, kBundleSizeOffset, 8);
  uint64_t have = bytes.size() - kBundleHeaderSize;
  if (size > have) {
    return fail(codes::kTruncated, "the bundle is truncated: its header announces " + std::to_string(size) +
                                       " bytes of payload, the file holds " + std::to_string(have), help);
  }
  if (size < have) {
    return fail(codes::kMalformed, "the bundle has " + std::to_string(have - size) + " bytes after its payload", help);
  }
  std::string_view payload = bytes.substr(kBundleHeaderSize);
  if (bundle_checksum(payload) != read_le(bytes, kBundleChecksumOffset, 8)) {
    return fail(codes::kChecksum, "the bundle's checksum does not match its contents (the file is damaged)", help);
  }

  Program program;
  Reader outer(payload, "header");
  for (uint32_t id = 1; id <= kBundleSectionCount; ++id) {
    size_t at = kBundleHeaderSize + outer.position();
    uint32_t got = outer.u32();
    uint32_t length = outer.u32();
    if (!outer.ok()) return fail(codes::kMalformed, std::string("section `") + section_name(id) + "` is missing", help);
    if (got != id) {
      return fail(codes::kMalformed, "expected section `" + std::string(section_name(id)) + "` at byte " +
                                         std::to_string(at) + ", found id " + std::to_string(got), help);
    }
    if (length > outer.remaining()) {
      return fail(codes::kMalformed, std::string("section `") + section_name(id) + "` is longer than the bytes left", help);
    }
    Reader r(payload.substr(outer.position(), length), section_name(id), program.constant_arena.get(), version);
    bundle_fields::section(r, program, static_cast<BundleSection>(id));
    if (r.ok() && r.remaining() != 0) {
      r.fail(codes::kMalformed, std::string("section `") + section_name(id) + "` has " + std::to_string(r.remaining()) +
                                    " bytes its contents do not account for");
    }
    if (!r.ok()) return fail(r.code(), r.message() + " (section at byte " + std::to_string(at) + ")", help);
    outer.skip(length);
  }
  if (outer.remaining() != 0) return fail(codes::kMalformed, "the bundle has bytes after its last section", help);

  if (!verify_program(program, name, sink)) return std::nullopt;
  program.count_in_slot_tests();
  size_t bad = 0;
  std::string error;
  if (!program.build_regexes(&bad, &error)) {
    return fail(codes::kBadRegex, "regex " + std::to_string(bad) + " of the bundle is refused by RE2: " + error, help);
  }
  return program;
}

std::optional<Program> load_bundle_file(const std::string& path, DiagnosticSink& sink) {
  auto fail = [&](const char* code, std::string message) -> std::optional<Program> {
    Diagnostic d = Diagnostic::error(code, Span{}, std::move(message));
    d.path = path;
    sink.report(std::move(d));
    return std::nullopt;
  };
  // The reader every input shares: a FIFO or device is read only up to the limit.
  std::string bytes, error;
  bool too_large = false;
  if (!read_whole_file(path, kMaxBundleBytes, &bytes, &error, &too_large)) {
    if (too_large)
      return fail(codes::kTooLarge, "the bundle `" + path + "` is over the limit of " + std::to_string(kMaxBundleBytes) + " bytes");
    return fail(codes::kUnreadable, "cannot read bundle `" + path + "`: " + error);
  }
  return load_bundle(bytes, path, sink);
}

}  // namespace edict
