// Edict's syntax (docs/language.md). Deliberately generous: clauses are `NAME expr`
// and stray forms parse, so the converter (compiler/syntax/cst_to_ast.cpp) can say "`require` belongs
// in a rule" instead of a raw token error. Precedence is one left-recursive rule,
// `expression`, whose alternatives follow docs/language.md's numbered list.
parser grammar EdictParser;
options { tokenVocab=EdictLexer; }

module : item* EOF;

// For tools and tests: a whole input that is one expression (`os.build >= 6003`).
standaloneExpression : expression EOF;

item
  : PACKAGE dottedName                                                # packageItem
  | IMPORT dottedName (AS IDENT)?                                     # importItem
  | LET IDENT ASSIGN expression                                       # letItem
  | DEF IDENT LPAREN (IDENT (COMMA IDENT)* COMMA?)? RPAREN ASSIGN expression  # defItem
  | FACT dottedName COLON typeExpr                                    # factItem
  | block                                                             # blockItem
  | IDENT expression?                                                 # strayItem
  ;

dottedName : IDENT (DOT memberName)*;

typeExpr
  : (IDENT | NULL_LIT) (LT typeExpr (COMMA typeExpr)* GT)?   # namedType
  | LBRACE (typeField (COMMA typeField)* COMMA?)? RBRACE   # recordType
  ;
typeField : (memberName | STRING) COLON typeExpr;

// `policy NAME "TITLE" { ... }` and `rule NAME "TITLE" { ... }`; the name is optional
// here only so that a missing one gets a clear message.
block : (POLICY | RULE) IDENT? stringLit? LBRACE clause* RBRACE;

clause
  : block                 # blockClause
  | IDENT expression?     # wordClause
  ;

// One left-recursive rule: ANTLR rewrites it into precedence climbing, so an operand
// costs one context (a name, a literal) instead of one per level (eleven, when each
// level was its own rule: most of a compile's parse). Alternatives are listed tightest
// first, the reverse of docs/language.md's numbered list; a binary alternative is
// left-associative.
//
// The atoms come first. `if` and the quantifiers end in an expression, so ANTLR makes
// them prefix operators; listed last, loosest, that expression reaches as far right as
// it can, as the language says. The language is stricter than this rule in two places,
// enforced by compiler/syntax/cst_expression.cpp with a clear message: a prefix `not` or
// `-` may not be the right operand of a tighter operator (`a == not b`, `a ?? -b`), as
// when each level was its own rule; and comparisons are parsed as a chain (`a < b < c`)
// so that "comparisons do not chain" can be said.
expression
  : IDENT                                                                # nameExpr
  | (NULL_LIT | TRUE_LIT | FALSE_LIT | INT | FLOAT | STRING | TRIPLE_STRING | VERSION)  # literalExpr
  | LPAREN expression RPAREN                                             # parenExpr
  | LBRACK IDENT IN expression COLON expression RBRACK                   # filterExpr
  | LBRACK (expression (COMMA expression)* COMMA?)? RBRACK               # listExpr
  | LBRACE (mapEntry (COMMA mapEntry)* COMMA?)? RBRACE                   # mapExpr
  | expression DOT (IDENT | keyword)                                      # memberExpr
  | expression LBRACK expression RBRACK                                  # indexExpr
  | expression LPAREN (expression (COMMA expression)* COMMA?)? RPAREN    # callExpr
  | expression QQ expression                                             # coalesceExpr
  | MINUS expression                                                     # negExpr
  | expression (STAR | SLASH | PERCENT) expression                       # multiplicativeExpr
  | expression (PLUS | MINUS) expression                                 # additiveExpr
  | expression (EQ | NE | LT | LE | GT | GE | IN | NOT IN | MATCHES | STARTSWITH | ENDSWITH | CONTAINS) expression  # comparisonExpr
  | NOT expression                                                       # notExpr
  | expression AND expression                                            # andExpr
  | expression OR expression                                             # orExpr
  | quantifierWord IDENT IN expression COLON expression                  # quantifierExpr
  | IF expression THEN expression ELSE expression                        # ifExpr
  ;

quantifierWord : ALL | ANY | NONE | COUNT;
mapEntry       : (IDENT | keyword | STRING) COLON expression;
stringLit      : STRING | TRIPLE_STRING;

// After a dot (and as a map key) any word is a name: `rule.severity`, `x.count`.
// `expression` and `mapEntry` spell it `IDENT | keyword`, so the common case, a plain
// name, is a token and not a context of its own.
memberName : IDENT | keyword;
keyword
  : PACKAGE | IMPORT | AS | LET | DEF | FACT | POLICY | RULE | IF | THEN | ELSE
  | OR | AND | NOT | IN | MATCHES | STARTSWITH | ENDSWITH | CONTAINS | ALL | ANY | NONE
  | COUNT | NULL_LIT | TRUE_LIT | FALSE_LIT
  ;
