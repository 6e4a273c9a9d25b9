// Program -> bundle bytes (the layout is in bundle.h and docs/bundle.md), and writing a
// bundle file whole. The records' fields are listed once, in bundle_fields.h, for this
// Writer and bundle_read.cpp's Reader alike.
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

#include "runtime/bundle.h"
#include "runtime/bundle_fields.h"

namespace edict {

uint64_t bundle_checksum(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

bool looks_like_bundle(std::string_view bytes) {
  return bytes.size() >= sizeof kBundleMagic && std::memcmp(bytes.data(), kBundleMagic, sizeof kBundleMagic) == 0;
}

namespace {

// The writing archive of bundle_fields.h: every field of a (const) record, in order.
class Writer {
 public:
  uint32_t version() const { return kBundleFormatVersion; }
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(uint16_t v) { le(v, 2); }
  void u32(uint32_t v) { le(v, 4); }
  void u64(uint64_t v) { le(v, 8); }
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void flag(bool v) { u8(v ? 1 : 0); }
  template <class E>
  void enumerator(E v, uint8_t /*limit*/, const char* /*what*/) {
    u8(static_cast<uint8_t>(v));
  }
  void count(size_t n) {
    if (n > std::numeric_limits<uint32_t>::max()) ok_ = false;
    u32(static_cast<uint32_t>(n));
  }
  void str(std::string_view s) {
    count(s.size());
    out_.append(s.data(), s.size());
  }
  void strings(const std::vector<std::string>& v) {
    count(v.size());
    for (const auto& s : v) str(s);
  }
  void u32s(const std::vector<uint32_t>& v) {
    count(v.size());
    for (uint32_t x : v) u32(x);
  }
  void type(const TypeRef& t, const char* /*what*/, const std::string& /*of*/) { str(t ? type_to_string(*t) : "any"); }
  template <class R, class F>
  void sequence(const std::vector<R>& records, F fields) {
    count(records.size());
    for (const R& r : records) fields(*this, r);
  }
  // A table and its parallel code table, one record per row (a missing code row is
  // written empty: the verifier refuses such a bundle on load).
  template <class I, class C, class F>
  void tables(const std::vector<I>& infos, const std::vector<C>& codes, F fields) {
    count(infos.size());
    for (size_t i = 0; i < infos.size(); ++i) {
      C code = i < codes.size() ? codes[i] : C{};
      fields(*this, infos[i], code);
    }
  }
  template <class F>
  void schema(const FactSchema& schema, F fields) {
    count(schema.all().size());
    for (const auto& [path, decl] : schema.all()) fields(*this, decl);
  }
  // Constants (bundle_fields::constant).
  bool ok() const { return ok_; }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    u64(bits);
  }
  void arena_str(const char* chars, uint32_t size) { str(std::string_view(chars, size)); }
  void arena_str(std::string_view s) { str(s); }
  template <class T, class F>
  void array(const T* items, uint32_t size, F fields) {
    count(size);
    for (uint32_t i = 0; i < size; ++i) fields(*this, items[i]);
  }
  void spelling(const Value& version) { str(version_spelling(version)); }
  // A program that breaks a constant's invariant is not written: the reader would refuse it.
  template <class M>
  void check(bool holds, M /*message*/) {
    if (!holds) ok_ = false;
  }

  // Sections: id and a length patched once the body is written.
  size_t begin_section(BundleSection id) {
    u32(static_cast<uint32_t>(id));
    size_t at = out_.size();
    u32(0);
    return at;
  }
  void end_section(size_t at) {
    size_t length = out_.size() - at - 4;
    if (length > std::numeric_limits<uint32_t>::max()) ok_ = false;
    for (int i = 0; i < 4; ++i) out_[at + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  }

  std::string& out() { return out_; }

 private:
  void le(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string out_;
  bool ok_ = true;
};

void write_payload(const Program& p, Writer& w) {
  for (uint32_t id = 1; id <= kBundleSectionCount; ++id) {
    size_t at = w.begin_section(static_cast<BundleSection>(id));
    bundle_fields::section(w, p, static_cast<BundleSection>(id));
    w.end_section(at);
  }
}

}  // namespace

bool save_bundle(const Program& program, std::string* bytes) {
  Writer payload;
  write_payload(program, payload);
  if (!payload.ok() || payload.out().size() + kBundleHeaderSize > kMaxBundleBytes) return false;
  Writer header;
  header.out().append(kBundleMagic, sizeof kBundleMagic);
  header.u32(kBundleFormatVersion);
  header.u32(0);
  header.u64(payload.out().size());
  header.u64(bundle_checksum(payload.out()));
  header.u64(kInstructionSetHash);
  *bytes = std::move(header.out());
  bytes->append(payload.out());
  return true;
}

bool write_bundle_file(const Program& program, const std::string& path, DiagnosticSink& sink) {
  auto fail = [&](std::string message, std::string help = {}) {
    Diagnostic d = Diagnostic::error(bundle_codes::kUnwritable, Span{}, std::move(message), std::move(help));
    d.path = path;
    sink.report(std::move(d));
    return false;
  };
  std::string bytes;
  if (!save_bundle(program, &bytes)) {
    return fail("the program is too large for a bundle",
                "a bundle holds at most " + std::to_string(kMaxBundleBytes >> 20) + " MiB; split the policies");
  }
  // The temporary sits beside the target so rename() stays on one filesystem (atomic).
  std::string temp = path + ".tmp" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (!f) return fail("cannot write `" + path + "`: " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(temp.c_str());
    return fail("cannot write `" + path + "`: the write failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    return fail("cannot write `" + path + "`: " + ec.message());
  }
  return true;
}

}  // namespace edict
