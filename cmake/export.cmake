# The embedding API: `find_package(edict CONFIG)` for programs that load, verify and
# evaluate bundles, read facts, or compile policies themselves (docs/install.md, "Embedding").
#   cmake --install build --component dev --prefix /opt/edict
# installs lib/libedict_*.a, include/edict/ (the public headers edict/*.h and the tree's
# own headers they include, by their in-tree paths) and lib/cmake/edict/. The `dev`
# component is EXCLUDE_FROM_ALL: a plain `cmake --install` and the Debian package stay as
# they are. Consumers link edict::runtime, edict::facts, edict::compiler or edict::engine; the others
# are what those need. examples/embed/ is a consumer; tests/packaging/embed_test.sh builds
# it against an installed package.
include(CMakePackageConfigHelpers)
set(EDICT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/edict)
set(EDICT_INCLUDE_DIR ${CMAKE_INSTALL_INCLUDEDIR}/edict)

# edict_export(TARGET NAME): installs TARGET as edict::NAME. One line per target.
function(edict_export target name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  install(TARGETS ${target} EXPORT edictTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev EXCLUDE_FROM_ALL
    INCLUDES DESTINATION ${EDICT_INCLUDE_DIR})
endfunction()

edict_export(edict_runtime runtime)     # bundles: load, verify, evaluate (runtime/)
edict_export(edict_facts facts)         # facts files (runtime/facts)
edict_export(edict_collectors collectors)  # gathering a host's facts (collectors/)
edict_export(edict_report report)       # reports and the gate (report/)
edict_export(edict_engine engine)       # edict::check and edict::run_decision_tests (engine/, include/edict/)
edict_export(edict_compiler compiler)   # policies to programs (compiler/)
edict_export(edict_syntax syntax)       # the compiler's parser and AST (compiler/syntax)
edict_export(edict_grammar grammar)     # the ANTLR-generated parser the syntax library links
edict_export(edict_stdlib stdlib)       # the embedded standard library modules
edict_export(edict_toml toml)           # toml++, shared or header-only as the build chose

# The headers: the public edict/*.h and every header of the exported folders, at their
# in-tree paths (the public ones include "runtime/vm.h" and so on).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/edict/ DESTINATION ${EDICT_INCLUDE_DIR}/edict
  COMPONENT dev EXCLUDE_FROM_ALL FILES_MATCHING PATTERN "*.h")
foreach(dir runtime compiler stdlib collectors report engine)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${EDICT_INCLUDE_DIR}/${dir}
    COMPONENT dev EXCLUDE_FROM_ALL FILES_MATCHING PATTERN "*.h")
endforeach()

install(EXPORT edictTargets NAMESPACE edict:: DESTINATION ${EDICT_CMAKE_DIR}
  FILE edictTargets.cmake COMPONENT dev EXCLUDE_FROM_ALL)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/edictConfig.cmake.in
  ${CMAKE_BINARY_DIR}/edictConfig.cmake INSTALL_DESTINATION ${EDICT_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/edictConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/edictConfig.cmake ${CMAKE_BINARY_DIR}/edictConfigVersion.cmake
  DESTINATION ${EDICT_CMAKE_DIR} COMPONENT dev EXCLUDE_FROM_ALL)
