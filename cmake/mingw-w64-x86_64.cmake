# CMake toolchain for edict.exe, Windows x86-64 (Server 2008 x64 and later).
# Used by scripts/cross-deps (the dependencies) and scripts/build-windows (Edict itself).
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(EDICT_MINGW_TRIPLE x86_64-w64-mingw32)
set(EDICT_WINE wine64)  # Debian's wine64 package: /usr/lib/wine/wine64
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake)
