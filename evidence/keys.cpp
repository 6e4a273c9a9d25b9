// Ed25519 keys through OpenSSL 3's EVP interface. Every failure clears libcrypto's
// error queue, so one failed parse never colours the next call's result.
#include "evidence/keys.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "evidence/codes.h"
#include "evidence/encoding.h"

namespace edict::evidence {

namespace {

void report(DiagnosticSink& sink, const char* code, const std::string& path, std::string message,
            std::string help = {}) {
  Diagnostic d = Diagnostic::error(code, Span{}, std::move(message), std::move(help));
  d.path = path;
  sink.report(std::move(d));
}

// A passphrase callback that never asks: without it, PEM_read_bio_PrivateKey prompts on
// the terminal for an encrypted key, which would hang a CI job.
int no_passphrase(char*, int, int, void*) { return -1; }

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string keyid_of(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(pkey, &der);
  if (n <= 0) return {};
  std::string id = sha256_hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(n)));
  OPENSSL_free(der);
  return id;
}

// Reads a key file, refusing a large one; when `must_be_private_mode`, also refuses a
// file group or others may access (checked on the open descriptor: no swap between the
// check and the read).
std::optional<std::string> read_key_file(const std::string& path, bool check_mode, DiagnosticSink& sink) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    report(sink, codes::kKeyUnreadable, path, "cannot read key `" + path + "`: " + std::strerror(errno));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    report(sink, codes::kKeyUnreadable, path, "cannot read key `" + path + "`: not a regular file");
    return std::nullopt;
  }
  if (check_mode && (st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    report(sink, codes::kKeyExposed, path,
           "private key `" + path + "` is accessible by group or others (mode " + mode + ")",
           "a key others can read proves nothing about who signed: chmod 600 it, or make a new one with `edict keygen`");
    return std::nullopt;
  }
  std::string text;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      report(sink, codes::kKeyUnreadable, path, "cannot read key `" + path + "`: " + std::strerror(error));
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxKeyFileBytes) {
      ::close(fd);
      report(sink, codes::kKeyUnreadable, path, "key `" + path + "` is larger than 64 KiB: not a key file",
             "pass the .key or .pub file `edict keygen` wrote");
      return std::nullopt;
    }
  }
  ::close(fd);
  return text;
}

bool check_type(EVP_PKEY* pkey, const std::string& path, DiagnosticSink& sink) {
  if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519) return true;
  const char* name = EVP_PKEY_get0_type_name(pkey);
  report(sink, codes::kKeyType, path,
         "key `" + path + "` is " + (name ? std::string("an ") + name : std::string("a")) + " key, not Ed25519",
         "Edict signs and verifies with Ed25519 only; make a key pair with `edict keygen`");
  return false;
}

std::optional<Key> parse_private(std::string_view pem, const std::string& path, DiagnosticSink& sink) {
  BioPtr bio = memory_bio(pem);
  EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  ERR_clear_error();
  if (!pkey) {
    BioPtr again = memory_bio(pem);
    EVP_PKEY* pub = again ? PEM_read_bio_PUBKEY(again.get(), nullptr, no_passphrase, nullptr) : nullptr;
    ERR_clear_error();
    if (pub) {
      EVP_PKEY_free(pub);
      report(sink, codes::kKeyWrongHalf, path, "key `" + path + "` is a public key; signing needs the private key",
             "pass the .key file `edict keygen` wrote; the .pub file is for `--key`/`--trust`");
    } else if (pem.find("ENCRYPTED") != std::string_view::npos) {
      report(sink, codes::kKeyFormat, path, "key `" + path + "` is encrypted with a passphrase",
             "Edict reads unencrypted PKCS#8 keys: protect the file with its mode (0600) and the host");
    } else {
      report(sink, codes::kKeyFormat, path, "`" + path + "` is not a PEM private key",
             "pass the .key file `edict keygen` wrote (-----BEGIN PRIVATE KEY-----)");
    }
    return std::nullopt;
  }
  if (!check_type(pkey, path, sink)) {
    EVP_PKEY_free(pkey);
    return std::nullopt;
  }
  return Key::adopt(pkey, true);
}

}  // namespace

std::optional<Key> Key::adopt(EVP_PKEY* pkey, bool is_private) {
  Key key;
  key.pkey_ = std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
  key.private_ = is_private;
  key.keyid_ = keyid_of(pkey);
  ERR_clear_error();
  if (key.keyid_.empty()) return std::nullopt;
  return key;
}

std::string Key::public_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey_.get()) != 1) {
    ERR_clear_error();
    return {};
  }
  return bio_text(bio.get());
}

std::string Key::sign(std::string_view message) const {
  std::string signature(64, '\0');
  size_t length = signature.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  // Ed25519 is "pure": no digest is named, the whole message goes to one call.
  bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, pkey_.get()) == 1 &&
            EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                           reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  ERR_clear_error();
  if (!ok) return {};
  signature.resize(length);
  return signature;
}

bool Key::verify(std::string_view message, std::string_view signature) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey_.get()) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  ERR_clear_error();
  return ok;
}

std::optional<KeyPair> generate_key_pair(DiagnosticSink& sink) {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!pkey) {
    ERR_clear_error();
    sink.report(Diagnostic::error(codes::kCrypto, Span{}, "libcrypto could not generate an Ed25519 key"));
    return std::nullopt;
  }
  KeyPair pair;
  BioPtr priv(BIO_new(BIO_s_mem()));
  BioPtr pub(BIO_new(BIO_s_mem()));
  bool ok = priv && pub && PEM_write_bio_PrivateKey(priv.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
            PEM_write_bio_PUBKEY(pub.get(), pkey) == 1;
  if (ok) {
    pair.private_pem = bio_text(priv.get());
    pair.public_pem = bio_text(pub.get());
    pair.keyid = keyid_of(pkey);
  }
  EVP_PKEY_free(pkey);
  ERR_clear_error();
  if (!ok || pair.keyid.empty()) {
    sink.report(Diagnostic::error(codes::kCrypto, Span{}, "libcrypto could not write the new key as PEM"));
    return std::nullopt;
  }
  return pair;
}

std::optional<Key> load_private_key(const std::string& path, DiagnosticSink& sink) {
  auto text = read_key_file(path, true, sink);
  if (!text) return std::nullopt;
  return parse_private(*text, path, sink);
}

std::optional<Key> parse_private_key(std::string_view pem, const std::string& name, DiagnosticSink& sink) {
  return parse_private(pem, name, sink);
}

std::optional<Key> parse_public_key(std::string_view pem, const std::string& name, DiagnosticSink& sink) {
  BioPtr bio = memory_bio(pem);
  EVP_PKEY* pkey = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  ERR_clear_error();
  if (!pkey) {
    if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
      report(sink, codes::kKeyWrongHalf, name, "key `" + name + "` is a private key; verifying needs the public key",
             "pass the .pub file `edict keygen` wrote, and keep the private key where it signs");
    } else {
      report(sink, codes::kKeyFormat, name, "`" + name + "` is not a PEM public key",
             "pass the .pub file `edict keygen` wrote (-----BEGIN PUBLIC KEY-----)");
    }
    return std::nullopt;
  }
  if (!check_type(pkey, name, sink)) {
    EVP_PKEY_free(pkey);
    return std::nullopt;
  }
  return Key::adopt(pkey, false);
}

std::optional<Key> load_public_key(const std::string& path, DiagnosticSink& sink) {
  auto text = read_key_file(path, false, sink);
  if (!text) return std::nullopt;
  return parse_public_key(*text, path, sink);
}

}  // namespace edict::evidence
