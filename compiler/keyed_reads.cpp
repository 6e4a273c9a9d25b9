// Lowering, part 4: the keys a program reads from keyed resources (FactDecl::keyed,
// e.g. `files`). Such a resource cannot be enumerated (Edict does not walk a file
// system), so it is only ever read at literal keys: `files["/etc/shadow"].mode`. This
// walk over one lowered, folded expression records each key and the fields read after
// it in the slot (FactSlot::keys), for the collector to gather exactly those, and
// refuses every other use: a computed key (E0413), a quantifier over the resource
// (E0414), the resource used whole (E0415), a key the resource cannot hold (E0416).
#include <string>

#include "compiler/checker.h"
#include "compiler/codes.h"
#include "runtime/file_key.h"

namespace edict::compiler {

namespace {

class KeyedReadWalk {
 public:
  explicit KeyedReadWalk(Checker& checker) : c_(checker) {}

  void visit(const Node& n) {
    switch (n.kind) {
      case Node::Kind::kSlot:
        if (const FactDecl* decl = keyed_decl(n)) used_whole(n, *decl);
        return;
      case Node::Kind::kMember:
        if (is_keyed_index(*n.kids[0])) return read(*n.kids[0], n.name);
        break;
      case Node::Kind::kIndex:
        if (is_keyed_index(n)) return read(n, "");
        break;
      case Node::Kind::kQuant:
        if (const FactDecl* decl = keyed_decl(*n.kids[0])) {
          c_.error(codes::kKeyedQuantifier, n.kids[0]->span, "cannot walk `" + decl->path + "`: it is a keyed resource",
                   why(*decl) + ", so there is nothing to walk; name each key, e.g. `" + example(*decl) + "`");
          visit(*n.kids[1]);
          return;
        }
        break;
      default: break;
    }
    for (const auto& kid : n.kids) visit(*kid);
  }

 private:
  const FactDecl* keyed_decl(const Node& n) const {
    if (n.kind != Node::Kind::kSlot || n.index >= c_.program().slots.size()) return nullptr;
    const FactDecl* decl = c_.program().schema.find(c_.program().slots[n.index].path);
    return decl && decl->keyed ? decl : nullptr;
  }
  bool is_keyed_index(const Node& n) const { return n.kind == Node::Kind::kIndex && keyed_decl(*n.kids[0]); }

  static std::string why(const FactDecl& decl) {
    return "Edict reads `" + decl.path + "` only at the keys a program names (it does not list every " +
           (decl.path == "files" ? std::string("file on the host") : "key of `" + decl.path + "`") + ")";
  }
  static std::string example(const FactDecl& decl) {
    return decl.path == "files" ? "files[\"/etc/shadow\"].mode" : decl.path + "[\"name\"]";
  }

  // `files[KEY]`, then `.field` (or the record whole when field is "").
  void read(const Node& index, const std::string& field) {
    const Node& slot = *index.kids[0];
    const Node& key = *index.kids[1];
    const FactDecl& decl = *keyed_decl(slot);
    if (key.kind == Node::Kind::kConst) {
      // An unknown or non-string constant was reported where it was written (E0301, ...).
      if (key.value.kind != ValueKind::kString) return;
      std::string text(key.value.str());
      if (!valid_key(decl, text, key)) return;
      add_keyed_read(&c_.program().slots[slot.index].keys, text, field);
      return;
    }
    visit(key);
    c_.error(codes::kKeyedComputedKey, key.span,
             "the key of `" + decl.path + "` must be a literal string, not a value computed when the policy runs",
             why(decl) + ", so the compiler must see each key: write `" + example(decl) +
                 "`, or a `let` or `def` argument that is a literal");
  }

  bool valid_key(const FactDecl& decl, const std::string& key, const Node& at) {
    if (decl.path != "files") return true;
    // Always absolute (below --root on Linux, from a drive letter on Windows), so one key
    // names one file on every host.
    if (!is_file_key(key)) {
      c_.error(codes::kKeyedBadKey, at.span, "`" + key + "` is not an absolute path",
               "a `files` key is the file's absolute path on the host, e.g. `/etc/ssh/sshd_config` or "
               "`C:\\Windows\\System32\\ntoskrnl.exe`");
      return false;
    }
    return true;
  }

  void used_whole(const Node& n, const FactDecl& decl) {
    c_.error(codes::kKeyedWhole, n.span, "`" + decl.path + "` cannot be used whole: it is a keyed resource",
             why(decl) + "; index it with a literal key, e.g. `" + example(decl) + "`");
  }

  Checker& c_;
};

}  // namespace

void Checker::record_keyed_reads(const Node& root) { KeyedReadWalk(*this).visit(root); }

}  // namespace edict::compiler
