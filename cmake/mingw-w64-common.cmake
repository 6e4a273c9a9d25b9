# The part of the edict.exe toolchains both architectures share: Debian's MinGW-w64
# (posix threads), fully static, the Vista / Server 2008 API level at most. Included by
# mingw-w64-x86_64.cmake and mingw-w64-i686.cmake after they set EDICT_MINGW_TRIPLE,
# CMAKE_SYSTEM_PROCESSOR and EDICT_WINE (the Wine loader that runs that architecture).
# EDICT_CROSS_PREFIX names the prefix the dependencies were installed into.
set(CMAKE_SYSTEM_NAME Windows)
# The -posix drivers: std::thread and std::mutex need winpthread (the -win32 ones lack them).
set(CMAKE_C_COMPILER ${EDICT_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${EDICT_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${EDICT_MINGW_TRIPLE}-windres)
set(CMAKE_AR ${EDICT_MINGW_TRIPLE}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${EDICT_MINGW_TRIPLE}-gcc-ranlib-posix CACHE FILEPATH "")

# Windows Server 2008 is NT 6.0: an API newer than that would fail to load there
# (a missing import is a loader error, not a runtime fallback).
set(EDICT_WIN32_DEFINES "-D_WIN32_WINNT=0x0600 -DWINVER=0x0600 -DNTDDI_VERSION=0x06000000 -DUNICODE -D_UNICODE")
set(CMAKE_C_FLAGS_INIT "${EDICT_WIN32_DEFINES}")
set(CMAKE_CXX_FLAGS_INIT "${EDICT_WIN32_DEFINES}")
# One self-contained .exe: no libstdc++-6.dll, libgcc_s_seh-1.dll or libwinpthread-1.dll to ship.
# --no-insert-timestamp: the PE header's TimeDateStamp is the link time unless told
# otherwise, and two builds of one commit must be byte-identical (scripts/release).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++ -Wl,--no-insert-timestamp")

# Find libraries and headers only in the cross prefix, programs (antlr4, pkg-config) on the host.
if(NOT EDICT_CROSS_PREFIX AND DEFINED ENV{EDICT_CROSS_PREFIX})
  set(EDICT_CROSS_PREFIX $ENV{EDICT_CROSS_PREFIX})
endif()
set(CMAKE_FIND_ROOT_PATH /usr/${EDICT_MINGW_TRIPLE} ${EDICT_CROSS_PREFIX})
set(CMAKE_PREFIX_PATH ${EDICT_CROSS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Try-compiles (find_package(Threads)) must see the same prefix.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EDICT_CROSS_PREFIX)

# pkg-config must never hand the host's /usr/include or -lre2 to the cross compiler.
if(EDICT_CROSS_PREFIX)
  set(ENV{PKG_CONFIG_LIBDIR} "${EDICT_CROSS_PREFIX}/lib/pkgconfig")
  set(ENV{PKG_CONFIG_PATH} "")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
endif()

# Tests of the cross build run the .exe under Wine.
find_program(EDICT_WINE_LOADER NAMES ${EDICT_WINE} PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(EDICT_WINE_LOADER)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${EDICT_WINE_LOADER})
endif()
