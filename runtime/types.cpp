#include "runtime/types.h"

#include <cctype>

namespace edict {

namespace {
TypeRef make(TypeKind kind) {
  auto t = std::make_shared<Type>();
  t->kind = kind;
  return t;
}
}  // namespace

TypeRef Type::any() { static TypeRef t = make(TypeKind::kAny); return t; }
TypeRef Type::null() { static TypeRef t = make(TypeKind::kNull); return t; }
TypeRef Type::boolean() { static TypeRef t = make(TypeKind::kBool); return t; }
TypeRef Type::integer() { static TypeRef t = make(TypeKind::kInt); return t; }
TypeRef Type::floating() { static TypeRef t = make(TypeKind::kFloat); return t; }
TypeRef Type::string() { static TypeRef t = make(TypeKind::kString); return t; }
TypeRef Type::version() { static TypeRef t = make(TypeKind::kVersion); return t; }

TypeRef Type::list_of(TypeRef element) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kList;
  t->element = std::move(element);
  return t;
}

TypeRef Type::map_of(TypeRef value) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kMap;
  t->element = std::move(value);
  return t;
}

TypeRef Type::record(std::vector<std::pair<std::string, TypeRef>> fields) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kRecord;
  t->fields = std::move(fields);
  return t;
}

TypeRef Type::field(std::string_view name) const {
  for (const auto& [field_name, type] : fields) {
    if (field_name == name) return type;
  }
  return nullptr;
}

namespace {

class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  std::optional<TypeRef> parse_all(std::string* error, size_t* error_offset) {
    auto t = parse();
    skip_space();
    if (t && pos_ != text_.size()) fail("unexpected text after the type");
    if (!error_.empty()) {
      if (error) *error = error_;
      if (error_offset) *error_offset = error_pos_;
      return std::nullopt;
    }
    return t;
  }

 private:
  // Nesting deeper than this is not a schema anyone writes; the bound keeps a
  // hostile schema file from overflowing the stack.
  static constexpr int kMaxDepth = 32;

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string word() {
    skip_space();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  TypeRef fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_pos_ = pos_;
    }
    return nullptr;
  }

  TypeRef parse() {
    if (++depth_ > kMaxDepth) return fail("type is nested too deeply");
    TypeRef result = parse_inner();
    --depth_;
    return result;
  }

  TypeRef parse_inner() {
    if (eat('{')) {
      std::vector<std::pair<std::string, TypeRef>> fields;
      if (eat('}')) return Type::record(std::move(fields));
      do {
        std::string name = word();
        if (name.empty()) return fail("expected a field name");
        if (!eat(':')) return fail("expected `:` after field `" + name + "`");
        TypeRef t = parse();
        if (!t) return nullptr;
        fields.emplace_back(std::move(name), std::move(t));
      } while (eat(','));
      if (!eat('}')) return fail("expected `}` to close the record type");
      return Type::record(std::move(fields));
    }
    std::string w = word();
    if (w == "any") return Type::any();
    if (w == "null") return Type::null();
    if (w == "bool") return Type::boolean();
    if (w == "int") return Type::integer();
    if (w == "float") return Type::floating();
    if (w == "string") return Type::string();
    if (w == "version") return Type::version();
    if (w == "list") {
      if (!eat('<')) return fail("expected `<` after `list`");
      TypeRef element = parse();
      if (!element) return nullptr;
      if (!eat('>')) return fail("expected `>` to close `list<`");
      return Type::list_of(std::move(element));
    }
    if (w == "map") {
      if (!eat('<')) return fail("expected `<` after `map`");
      if (word() != "string") return fail("map keys must be `string`");
      if (!eat(',')) return fail("expected `,` after the map key type");
      TypeRef value = parse();
      if (!value) return nullptr;
      if (!eat('>')) return fail("expected `>` to close `map<`");
      return Type::map_of(std::move(value));
    }
    if (w.empty()) return fail("expected a type");
    return fail("unknown type `" + w + "`");
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
  size_t error_pos_ = 0;
};

}  // namespace

std::optional<TypeRef> parse_type(std::string_view text, std::string* error, size_t* error_offset) {
  return TypeParser(text).parse_all(error, error_offset);
}

std::string type_to_string(const Type& type) {
  switch (type.kind) {
    case TypeKind::kAny: return "any";
    case TypeKind::kNull: return "null";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kFloat: return "float";
    case TypeKind::kString: return "string";
    case TypeKind::kVersion: return "version";
    case TypeKind::kList: return "list<" + type_to_string(*type.element) + ">";
    case TypeKind::kMap: return "map<string, " + type_to_string(*type.element) + ">";
    case TypeKind::kRecord: {
      std::string out = "{";
      for (size_t i = 0; i < type.fields.size(); ++i) {
        if (i) out += ", ";
        out += type.fields[i].first + ": " + type_to_string(*type.fields[i].second);
      }
      return out + "}";
    }
  }
  return "any";
}

bool types_equal(const Type& a, const Type& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::kList:
    case TypeKind::kMap: return types_equal(*a.element, *b.element);
    case TypeKind::kRecord:
      if (a.fields.size() != b.fields.size()) return false;
      for (size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].first != b.fields[i].first || !types_equal(*a.fields[i].second, *b.fields[i].second)) return false;
      }
      return true;
    default: return true;
  }
}

}  // namespace edict
