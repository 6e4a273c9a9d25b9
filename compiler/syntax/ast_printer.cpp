// AST printer; see ast_printer.h for the format.
#include "compiler/syntax/ast_printer.h"

#include <charconv>

#include "compiler/syntax/clauses.h"
#include "runtime/string_codec.h"

namespace edict::syntax {
namespace {

std::string quote(const std::string& s) { return encode_string(s); }

std::string at(const Span& span) {
  return "@" + std::to_string(span.line) + ":" + std::to_string(span.column);
}

void print(const Expr* e, std::string& out);

void print_list(const std::vector<ExprPtr>& items, std::string& out) {
  for (const auto& item : items) {
    out += ' ';
    print(item.get(), out);
  }
}

void print(const Expr* e, std::string& out) {
  if (!e) {
    out += "<error>";
    return;
  }
  switch (e->kind) {
    case Expr::Kind::kNull: out += "null"; return;
    case Expr::Kind::kBool: out += e->bool_value ? "true" : "false"; return;
    case Expr::Kind::kInt: out += std::to_string(e->int_value); return;
    case Expr::Kind::kFloat: {
      char buf[64];
      auto result = std::to_chars(buf, buf + sizeof buf, e->float_value);
      std::string text(buf, result.ptr);
      if (text.find_first_of(".eE") == std::string::npos && text.find_first_of("ni") == std::string::npos) text += ".0";
      out += text;
      return;
    }
    case Expr::Kind::kString: out += quote(e->string_value); return;
    case Expr::Kind::kVersion: out += "v" + quote(e->version_text); return;
    case Expr::Kind::kName: out += e->name; return;
    case Expr::Kind::kList: out += "(list"; print_list(e->args, out); out += ')'; return;
    case Expr::Kind::kMap:
      out += "(map";
      for (size_t i = 0; i < e->args.size(); ++i) {
        out += " (" + quote(i < e->keys.size() ? e->keys[i] : "") + " ";
        print(e->args[i].get(), out);
        out += ')';
      }
      out += ')';
      return;
    case Expr::Kind::kMember: out += "(. "; print(e->lhs.get(), out); out += " " + e->name + ")"; return;
    case Expr::Kind::kIndex:
      out += "(index ";
      print(e->lhs.get(), out);
      out += ' ';
      print(e->rhs.get(), out);
      out += ')';
      return;
    case Expr::Kind::kCall: out += "(call "; print(e->lhs.get(), out); print_list(e->args, out); out += ')'; return;
    case Expr::Kind::kUnary:
      out += e->unary_op == UnaryOp::kNot ? "(not " : "(neg ";
      print(e->lhs.get(), out);
      out += ')';
      return;
    case Expr::Kind::kBinary: {
      std::string op = op_spelling(e->binary_op);
      if (op == "not in") op = "not-in";
      out += "(" + op + " ";
      print(e->lhs.get(), out);
      out += ' ';
      print(e->rhs.get(), out);
      out += ')';
      return;
    }
    case Expr::Kind::kIf:
      out += "(if ";
      print(e->cond.get(), out);
      out += ' ';
      print(e->then_branch.get(), out);
      out += ' ';
      print(e->else_branch.get(), out);
      out += ')';
      return;
    case Expr::Kind::kQuantifier:
      out += std::string("(") + quantifier_spelling(e->quantifier) + " " + e->bound_name + " ";
      print(e->lhs.get(), out);
      out += ' ';
      print(e->rhs.get(), out);
      out += ')';
      return;
  }
}

void print_block(const Block& block, const std::string& indent, std::string& out) {
  out += indent + "(" + (block.is_policy ? "policy " : "rule ") + block.name + " " + at(block.span);
  if (block.title) out += " " + quote(block.title->value);
  for (const Clause& clause : block.clauses) {
    out += "\n";
    if (clause.kind == Clause::Kind::kRule && clause.rule) {
      print_block(*clause.rule, indent + "  ", out);
      continue;
    }
    out += indent + "  (" + clause_word(clause.kind) + " " + at(clause.span) + " ";
    switch (clause.kind) {
      case Clause::Kind::kSeverity:
      case Clause::Kind::kEnforcement: out += clause.word; break;
      case Clause::Kind::kTags:
      case Clause::Kind::kRefs:
        for (size_t i = 0; i < clause.strings.size(); ++i) out += (i ? " " : "") + quote(clause.strings[i].value);
        break;
      case Clause::Kind::kDescription:
      case Clause::Kind::kRemediation: out += quote(clause.text.value); break;
      default: print(clause.expr.get(), out); break;
    }
    out += ")";
  }
  out += ")";
}

}  // namespace

std::string print_expr(const Expr& expr) {
  std::string out;
  print(&expr, out);
  return out;
}

std::string print_module(const Module& module) {
  std::string out = "(module";
  if (module.package) out += "\n  (package " + module.package->joined() + " " + at(module.package->span) + ")";
  for (const Import& import : module.imports) {
    out += "\n  (import " + import.module.joined();
    if (import.alias) out += " as " + *import.alias;
    out += " " + at(import.span) + ")";
  }
  for (const Declaration& declaration : module.declarations) {
    out += "\n";
    if (const auto* let = std::get_if<LetDecl>(&declaration)) {
      out += "  (let " + let->name + " " + at(let->span) + " ";
      print(let->value.get(), out);
      out += ")";
    } else if (const auto* def = std::get_if<DefDecl>(&declaration)) {
      out += "  (def " + def->name + " (";
      for (size_t i = 0; i < def->params.size(); ++i) out += (i ? " " : "") + def->params[i];
      out += ") " + at(def->span) + " ";
      print(def->body.get(), out);
      out += ")";
    } else if (const auto* fact = std::get_if<FactDeclaration>(&declaration)) {
      out += "  (fact " + fact->path.joined() + " " + quote(fact->type_text) + " " + at(fact->span) + ")";
    } else if (const auto* block = std::get_if<Block>(&declaration)) {
      print_block(*block, "  ", out);
    }
  }
  for (const Comment& comment : module.comments) {
    out += "\n  (comment " + at(comment.span) + (comment.own_line ? " own-line " : " trailing ") + quote(comment.text) + ")";
  }
  return out + ")\n";
}

}  // namespace edict::syntax
