// Edict's syntax (docs/language.md). Deliberately generous: clauses are `NAME expr`
// and stray forms parse, so compiler/syntax/cst_to_ast.cpp can say "`require` belongs
// in a rule" instead of a raw token error. Precedence is one rule per level, loosest
// first, exactly as the numbered list in docs/language.md.
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

// `if` and the quantifiers are atoms (see primary) that reach as far right as they
// can, which puts them at the loosest level without a separate rule.
expression    : orExpr;
orExpr        : andExpr (OR andExpr)*;
andExpr       : notExpr (AND notExpr)*;
notExpr       : NOT notExpr | comparison;
// Parsed as a chain so that `a < b < c` gets a clear "comparisons do not chain" message.
comparison    : additive (compOp additive)*;
compOp        : EQ | NE | LT | LE | GT | GE | IN | NOT IN | MATCHES | STARTSWITH | ENDSWITH | CONTAINS;
additive      : multiplicative ((PLUS | MINUS) multiplicative)*;
multiplicative: unary ((STAR | SLASH | PERCENT) unary)*;
unary         : MINUS unary | coalesce;
coalesce      : postfix (QQ postfix)*;
postfix       : primary postfixOp*;
postfixOp
  : DOT memberName                                               # memberOp
  | LBRACK expression RBRACK                                     # indexOp
  | LPAREN (expression (COMMA expression)* COMMA?)? RPAREN       # callOp
  ;

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
