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
// costs one context instead of one per level (eleven, when each level was its own
// rule: most of a compile's parse). Alternatives are listed tightest first, the
// reverse of docs/language.md's numbered list; a binary alternative is
// left-associative. `if` and the quantifiers are atoms (see primary) that reach as far
// right as they can, which puts them at the loosest level without an alternative here.
// The language is stricter than this rule in two places, enforced by
// compiler/syntax/cst_expression.cpp with a clear message: a prefix `not` or `-` may
// not be the right operand of a tighter operator (`a == not b`, `a ?? -b`), as when
// each level was its own rule; and comparisons are parsed as a chain (`a < b < c`) so
// that "comparisons do not chain" can be said.
expression
  : primary                                                              # primaryExpr
  | expression DOT memberName                                            # memberExpr
  | expression LBRACK expression RBRACK                                  # indexExpr
  | expression LPAREN (expression (COMMA expression)* COMMA?)? RPAREN    # callExpr
  | expression QQ expression                                             # coalesceExpr
  | MINUS expression                                                     # negExpr
  | expression (STAR | SLASH | PERCENT) expression                       # multiplicativeExpr
  | expression (PLUS | MINUS) expression                                 # additiveExpr
  | expression compOp expression                                         # comparisonExpr
  | NOT expression                                                       # notExpr
  | expression AND expression                                            # andExpr
  | expression OR expression                                             # orExpr
  ;
compOp        : EQ | NE | LT | LE | GT | GE | IN | NOT IN | MATCHES | STARTSWITH | ENDSWITH | CONTAINS;

primary
  : literal                                                      # literalExpr
  | IDENT                                                        # nameExpr
  | LPAREN expression RPAREN                                     # parenExpr
  | LBRACK IDENT IN expression COLON expression RBRACK           # filterExpr
  | LBRACK (expression (COMMA expression)* COMMA?)? RBRACK       # listExpr
  | LBRACE (mapEntry (COMMA mapEntry)* COMMA?)? RBRACE           # mapExpr
  | quantifierWord IDENT IN expression COLON expression          # quantifierExpr
  | IF expression THEN expression ELSE expression                # ifExpr      
  ;

quantifierWord : ALL | ANY | NONE | COUNT;
mapEntry       : (memberName | STRING) COLON expression;
literal        : NULL_LIT | TRUE_LIT | FALSE_LIT | INT | FLOAT | stringLit | VERSION;
stringLit      : STRING | TRIPLE_STRING;

// After a dot (and as a map key) any word is a name: `rule.severity`, `x.count`.
memberName
  : IDENT | PACKAGE | IMPORT | AS | LET | DEF | FACT | POLICY | RULE | IF | THEN | ELSE
  | OR | AND | NOT | IN | MATCHES | STARTSWITH | ENDSWITH | CONTAINS | ALL | ANY | NONE
  | COUNT | NULL_LIT | TRUE_LIT | FALSE_LIT
  ;
