# CMake toolchain for the 32-bit edict.exe, Windows x86 (Server 2008 x86 editions; it
# also runs under WOW64 on x64 Windows, where the collectors read the 64-bit views).
# Used by `scripts/cross-deps --arch i686` and `scripts/build-windows --arch i686`.
set(CMAKE_SYSTEM_PROCESSOR x86)
set(EDICT_MINGW_TRIPLE i686-w64-mingw32)
set(EDICT_WINE wine)  # Debian's wine32 package (i386): /usr/lib/wine/wine
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake)
