// Parse tree -> AST, the module half: items, declarations, blocks and their clauses,
// fact types (cst_converter.h; the expressions are cst_expression.cpp's).
#include "compiler/syntax/clauses.h"
#include "compiler/syntax/codes.h"
#include "compiler/syntax/cst_converter.h"
#include "compiler/syntax/literals.h"

namespace edict::syntax::internal {

void Converter::module(EdictParser::ModuleContext* ctx, Module& out) {
  if (!ctx) return;
  bool seen_import = false, seen_declaration = false;
  for (auto* item : ctx->item()) {
    if (auto* c = dynamic_cast<EdictParser::PackageItemContext*>(item)) {
      DottedName name = dotted(c->dottedName());
      if (out.package) {
        fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "a file has at most one `package` line",
                          "the first one is at line " + std::to_string(out.package->span.line));
      } else {
        if (seen_import || seen_declaration) {
          fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "`package` must be the first line of the file",
                            "move it above the imports and declarations");
        }
        out.package = std::move(name);
      }
    } else if (auto* c = dynamic_cast<EdictParser::ImportItemContext*>(item)) {
      if (seen_declaration) {
        fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "`import` must come before declarations",
                          "move it to the top of the file, after `package`");
      }
      seen_import = true;
      Import import;
      import.module = dotted(c->dottedName());
      import.span = fe_.span_of(c);
      if (c->IDENT()) {
        import.alias = fe_.text_of(c->IDENT()->getSymbol());
        import.alias_span = fe_.span_of(c->IDENT()->getSymbol());
      }
      out.imports.push_back(std::move(import));
    } else if (auto* c = dynamic_cast<EdictParser::LetItemContext*>(item)) {
      seen_declaration = true;
      // Error recovery can leave a `let` without its name (`let \nlet package a`,
      // a null dereference found by fuzz_compile); the syntax error is already reported.
      if (!c->IDENT()) continue;
      LetDecl let;
      let.name = fe_.text_of(c->IDENT()->getSymbol());
      let.name_span = fe_.span_of(c->IDENT()->getSymbol());
      let.value = expression(c->expression());
      let.span = fe_.span_of(c);
      out.declarations.emplace_back(std::move(let));
    } else if (auto* c = dynamic_cast<EdictParser::DefItemContext*>(item)) {
      seen_declaration = true;
      DefDecl def;
      auto names = c->IDENT();
      if (names.empty()) continue;  // the same for `def \ndef package a`
      def.name = fe_.text_of(names[0]->getSymbol());
      def.name_span = fe_.span_of(names[0]->getSymbol());
      for (size_t i = 1; i < names.size(); ++i) {
        def.params.push_back(fe_.text_of(names[i]->getSymbol()));
        def.param_spans.push_back(fe_.span_of(names[i]->getSymbol()));
      }
      def.body = expression(c->expression());
      def.span = fe_.span_of(c);
      out.declarations.emplace_back(std::move(def));
    } else if (auto* c = dynamic_cast<EdictParser::FactItemContext*>(item)) {
      seen_declaration = true;
      FactDeclaration fact;
      fact.path = dotted(c->dottedName());
      fact.type_text = type_text(c->typeExpr());
      fact.type_span = fe_.span_of(c->typeExpr());
      fact.span = fe_.span_of(c);
      out.declarations.emplace_back(std::move(fact));
    } else if (auto* c = dynamic_cast<EdictParser::BlockItemContext*>(item)) {
      seen_declaration = true;
      std::optional<Block> b = block(c->block());
      if (!b) continue;
      if (!b->is_policy) {
        fe_.diags().error(codes::kMisplacedClause, b->name_span.valid() ? b->name_span : b->span,
                          "rule `" + b->name + "` must be inside a policy",
                          "wrap it in `policy NAME \"TITLE\" { ... }`");
        continue;
      }
      out.declarations.emplace_back(std::move(*b));
    } else if (auto* c = dynamic_cast<EdictParser::StrayItemContext*>(item)) {
      if (!c->exception && c->IDENT()) report_top_level_clause(c->IDENT()->getText(), fe_.span_of(c->IDENT()->getSymbol()), fe_.diags());
    }
  }
}

DottedName Converter::dotted(EdictParser::DottedNameContext* ctx) {
  DottedName name;
  if (!ctx) return name;
  name.span = fe_.span_of(ctx);
  if (ctx->IDENT()) name.parts.push_back(fe_.text_of(ctx->IDENT()->getSymbol()));
  for (auto* part : ctx->memberName()) name.parts.push_back(fe_.text_of(part->getStart()));
  return name;
}

// The canonical spelling of a fact type (as type_to_string writes it).
std::string Converter::type_text(EdictParser::TypeExprContext* ctx) {
  Guard guard(*this);
  if (!ctx || guard.too_deep()) return "";
  if (auto* c = dynamic_cast<EdictParser::NamedTypeContext*>(ctx)) {
    std::string out = c->getStart()->getText();
    auto args = c->typeExpr();
    if (!args.empty()) {
      out += "<";
      for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + type_text(args[i]);
      out += ">";
    }
    return out;
  }
  auto* c = dynamic_cast<EdictParser::RecordTypeContext*>(ctx);
  std::string out = "{";
  for (size_t i = 0; c && i < c->typeField().size(); ++i) {
    auto* field = c->typeField(i);
    std::string name = field->memberName() ? field->memberName()->getText()
                       : field->STRING() ? field->STRING()->getText() : "";
    out += (i ? ", " : "") + name + ": " + type_text(field->typeExpr());
  }
  return out + "}";
}

std::optional<Block> Converter::block(EdictParser::BlockContext* ctx) {
  if (!ctx) return std::nullopt;
  Block b;
  b.is_policy = ctx->POLICY() != nullptr;
  b.span = fe_.span_of(ctx);
  const char* kind = b.is_policy ? "policy" : "rule";
  if (ctx->IDENT()) {
    b.name = fe_.text_of(ctx->IDENT()->getSymbol());
    b.name_span = fe_.span_of(ctx->IDENT()->getSymbol());
  } else if (ctx->LBRACE() && !ctx->exception) {
    fe_.diags().error(codes::kMissingName, fe_.span_of(ctx->getStart()), std::string(kind) + " needs a name",
                      std::string("as in `") + kind + " esu \"A title\" { ... }`");
  }
  if (auto* title = ctx->stringLit()) {
    Token* t = title->getStart();
    LiteralError error;
    std::string raw = fe_.text_of(t);
    auto v = decode_string(raw, &error);
    if (!v) report_literal(t, error);
    b.title = StringLiteral{v.value_or(""), raw, title->TRIPLE_STRING() != nullptr, fe_.span_of(t)};
  }
  bool require_attempted = false;
  for (auto* clause : ctx->clause()) {
    if (auto* c = dynamic_cast<EdictParser::BlockClauseContext*>(clause)) {
      std::optional<Block> inner = block(c->block());
      if (!inner) continue;
      std::string here = std::string(kind) + (b.name.empty() ? "" : " `" + b.name + "`");
      std::string inner_label = std::string(inner->is_policy ? "policy" : "rule") +
                                (inner->name.empty() ? "" : " `" + inner->name + "`");
      Span at = inner->name_span.valid() ? inner->name_span : inner->span;
      if (inner->is_policy) {
        fe_.diags().error(codes::kMisplacedClause, at, inner_label + " cannot be inside " + here,
                          "policies are top-level declarations; close " + here + " with `}` first");
      } else if (!b.is_policy) {
        fe_.diags().error(codes::kMisplacedClause, at, inner_label + " cannot be inside " + here,
                          "rules belong directly in a policy; close " + here + " with `}` first");
      } else {
        Clause rule;
        rule.kind = Clause::Kind::kRule;
        rule.span = inner->span;
        rule.rule = std::make_unique<Block>(std::move(*inner));
        b.clauses.push_back(std::move(rule));
      }
    } else if (auto* c = dynamic_cast<EdictParser::WordClauseContext*>(clause)) {
      if (!c->IDENT()) continue;
      std::string word = fe_.text_of(c->IDENT()->getSymbol());
      Span word_span = fe_.span_of(c->IDENT()->getSymbol());
      if (word == "require") require_attempted = true;
      ExprPtr value;
      if (c->expression()) {
        value = expression(c->expression());
        if (!value) continue;  // already reported
      }
      // `require` with nothing after it swallows the next line's clause word as its
      // value (`require` / `when x`): treat that word as the next clause instead.
      if (value && value->kind == Expr::Kind::kName && is_clause_word(value->name) && value->span.line > word_span.line &&
          is_clause_word(word)) {
        Span next_span = value->span;
        std::string next_word = value->name;
        add_word_clause(b, word, word_span, nullptr, fe_.span(word_span.begin, word_span.end), fe_.diags());
        add_word_clause(b, next_word, next_span, nullptr, next_span, fe_.diags());
        continue;
      }
      add_word_clause(b, word, word_span, std::move(value), fe_.span_of(c), fe_.diags());
    }
  }
  check_block(b, require_attempted, fe_.diags());
  return b;
}

void convert_module(FrontEnd& fe, EdictParser::ModuleContext* tree, Module& out) { Converter(fe).module(tree, out); }

ExprPtr convert_expression(FrontEnd& fe, EdictParser::ExpressionContext* tree) {
  return Converter(fe).expression(tree);
}

}  // namespace edict::syntax::internal
