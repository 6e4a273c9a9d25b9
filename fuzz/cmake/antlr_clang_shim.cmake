# Clang (14+, with libstdc++ 12) refuses ANTLR 4.9's own misc/InterpreterDataReader.h:
# its `InterpreterData() {}` default-initializes a `dfa::Vocabulary` whose const vector
# members are not const-default-constructible there (GCC accepts it). Edict never uses
# that header, so clang builds (the libFuzzer targets) see a copy of antlr4-runtime.h
# without that one include, placed ahead of the real one on the include path. The
# other headers still come from the installed runtime, which stays uninstrumented.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  find_path(EDICT_ANTLR_HEADER_DIR antlr4-runtime.h PATH_SUFFIXES antlr4-runtime REQUIRED)
  file(READ ${EDICT_ANTLR_HEADER_DIR}/antlr4-runtime.h edict_antlr_header)
  string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" edict_antlr_header "${edict_antlr_header}")
  set(EDICT_ANTLR_SHIM_DIR ${CMAKE_BINARY_DIR}/antlr-clang-shim)
  file(WRITE ${EDICT_ANTLR_SHIM_DIR}/antlr4-runtime.h "${edict_antlr_header}")
  include_directories(BEFORE SYSTEM ${EDICT_ANTLR_SHIM_DIR})
endif()
