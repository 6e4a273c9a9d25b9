// Edict's tokens. The lexer never fails: anything it cannot match becomes an error
// token (UNTERMINATED_*, ERROR_CHAR) that compiler/syntax/cst_to_ast.cpp turns into a
// diagnostic, so one bad character does not hide the rest of the file's errors.
lexer grammar EdictLexer;

// Keywords. Clause words (severity, when, require, ...) are deliberately NOT keywords:
// they are names at the start of a clause, so fact paths may use them and a misplaced
// clause gets a message about placement rather than a raw syntax error.
PACKAGE    : 'package';
IMPORT     : 'import';
AS         : 'as';
LET        : 'let';
DEF        : 'def';
FACT       : 'fact';
POLICY     : 'policy';
RULE       : 'rule';
IF         : 'if';
THEN       : 'then';
ELSE       : 'else';
OR         : 'or';
AND        : 'and';
NOT        : 'not';
IN         : 'in';
MATCHES    : 'matches';
STARTSWITH : 'startswith';
ENDSWITH   : 'endswith';
CONTAINS   : 'contains';
ALL        : 'all';
ANY        : 'any';
NONE       : 'none';
COUNT      : 'count';
NULL_LIT   : 'null';
TRUE_LIT   : 'true';
FALSE_LIT  : 'false';

LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
LBRACE   : '{';
RBRACE   : '}';
COMMA    : ',';
DOT      : '.';
COLON    : ':';
QQ       : '??';
EQ       : '==';
NE       : '!=' | '\u2260';  // ≠
LE       : '<=' | '\u2264';  // ≤
GE       : '>=' | '\u2265';  // ≥
LT       : '<';
GT       : '>';
ASSIGN   : '=';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';
PERCENT  : '%';

// Longest match picks the terminated forms when they exist; the UNTERMINATED_* rules
// only win when the closing quote never comes.
VERSION              : 'v"' (ESC | ~["\\\r\n])* '"';
STRING               : '"' (ESC | ~["\\\r\n])* '"';
TRIPLE_STRING        : '"""' TRIPLE_CHAR* '"""';
UNTERMINATED_TRIPLE  : '"""' TRIPLE_CHAR*;
UNTERMINATED_STRING  : 'v'? '"' (ESC | ~["\\\r\n])*;
// 'text': not Edict (strings use double quotes), but lexed whole so the front end can
// say so once and repair it into a string, instead of a cascade of errors about `'`.
SINGLE_QUOTED        : '\'' (ESC | ~['\\\r\n])* '\'';

FLOAT : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT;
INT   : DIGITS;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]*;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN);
WS      : [ \t\r\n\u000C\uFEFF]+ -> skip;

// Anything else: reported as "unexpected character" by the front end.
ERROR_CHAR : .;

fragment ESC         : '\\' ~[\r\n];
fragment DIGITS      : [0-9] [0-9_]*;
fragment EXPONENT    : [eE] [+-]? [0-9] [0-9_]*;
// A `"` inside a triple-quoted string is content unless it starts the closing `"""`.
fragment TRIPLE_CHAR : '\\' . | ~["\\] | '"' {_input->LA(1) != '"' || _input->LA(2) != '"'}?;
