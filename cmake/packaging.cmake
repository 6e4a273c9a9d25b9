# Installation and the Debian package (docs/install.md).
#   cmake --install build --prefix /usr/local      a tree with bin/, share/edict, man pages...
#   cpack --config build/CPackConfig.cmake          edict_VERSION_ARCH.deb (CPack's DEB generator)
# The man pages and shell completions are rendered by the built edict from its own
# command-line definitions (`edict man --dir`, `edict completion SHELL`), so they say
# what --help says; a cross build (edict.exe) cannot run its binary and installs neither.
include(GNUInstallDirs)

install(TARGETS edict RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The bundled packs, found by `--pack NAME` from any directory (cli/packs.h).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/edict/policies)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

if(NOT CMAKE_CROSSCOMPILING)
  set(generated ${CMAKE_BINARY_DIR}/generated)
  set(pages_stamp ${generated}/man/.stamp)
  add_custom_command(
    OUTPUT ${pages_stamp} ${generated}/completion/edict ${generated}/completion/_edict
           ${generated}/completion/edict.fish ${generated}/changelog.gz
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/render_manuals.sh $<TARGET_FILE:edict> ${generated}
            ${PROJECT_SOURCE_DIR}/packaging/changelog
    DEPENDS edict ${PROJECT_SOURCE_DIR}/cmake/render_manuals.sh ${PROJECT_SOURCE_DIR}/packaging/changelog
    COMMENT "Rendering the man pages and shell completions from edict's own definitions"
    VERBATIM)
  add_custom_target(edict_manuals ALL DEPENDS ${pages_stamp})
  install(FILES ${generated}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(DIRECTORY ${generated}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 FILES_MATCHING PATTERN "*.1.gz")
  install(FILES ${generated}/completion/edict DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  install(FILES ${generated}/completion/_edict DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
  install(FILES ${generated}/completion/edict.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
endif()

# The embedding API's CMake package (component `dev`, not in the Debian package).
include(${CMAKE_CURRENT_LIST_DIR}/export.cmake)

# ---- the Debian package ----
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME edict)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# No project mail address exists yet; .invalid (RFC 2606) says so rather than invent one.
set(CPACK_PACKAGE_CONTACT "Edict developers <maintainers@edict.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "policy-as-code evaluator for hosts")
# CPack writes the summary as the synopsis line and indents each line of this body.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Edict checks hosts against requirements written as code and says why:\na typed policy language, a compiler to verified bytecode bundles, collectors\nfor Linux and Windows hosts, and reports for pipelines and auditors (JSON,\nJUnit, SARIF, Markdown, HTML). Ships policy packs for Linux hardening,\nair-gapped networks and legacy Windows Server 2008 estates.")
# `Homepage:` only when the build names one (EDICT_HOMEPAGE_URL, empty by default).
if(NOT EDICT_HOMEPAGE_URL STREQUAL "")
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${EDICT_HOMEPAGE_URL}")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps: Depends from the libraries the binary links
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
