# Run after ANTLR generates the lexer and parser (grammar/CMakeLists.txt): ANTLR's C++
# target builds each recognizer's ATN in a static initializer (`Class::_init`), so every
# start of edict deserialized both ATNs, ~8 M instructions (16% of a warm
# `edict check policies`, bench/README.md), even when the bundle cache means nothing is
# parsed. This moves that work to the first construction of a lexer or parser (a
# function-local static: thread-safe, once). Fails loudly if ANTLR's output changes shape.
#   cmake -DDIR=<generated dir> -P lazy_atn.cmake
foreach(pair "EdictLexer;CharStream *input) : Lexer(input) {" "EdictParser;TokenStream *input) : Parser(input) {")
  list(GET pair 0 class)
  list(GET pair 1 ctor_tail)
  set(file ${DIR}/${class}.cpp)
  file(READ ${file} text)
  set(static_init "${class}::Initializer ${class}::_init;")
  set(ctor "${class}::${class}(${ctor_tail}")
  string(FIND "${text}" "${static_init}" at_init)
  string(FIND "${text}" "${ctor}" at_ctor)
  if(at_init EQUAL -1 OR at_ctor EQUAL -1)
    message(FATAL_ERROR "lazy_atn.cmake: ${file} no longer has `${static_init}` and `${ctor}`")
  endif()
  string(REPLACE "${static_init}" "// ${class}::_init: built on first construction (grammar/lazy_atn.cmake)" text "${text}")
  string(REPLACE "${ctor}" "${ctor}\n  static const Initializer lazy_init;  // grammar/lazy_atn.cmake\n  (void)lazy_init;" text "${text}")
  file(WRITE ${file} "${text}")
endforeach()
