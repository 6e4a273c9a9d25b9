// Force-included into Edict's own C++ when cross-building edict.exe (scripts/build-windows):
// the few POSIX names Edict's portable files use that MinGW-w64 spells differently, so
// those files build unchanged. Nothing here changes behaviour on Linux.
#pragma once
#ifdef __cplusplus
#ifdef _WIN32

// gmtime_r / localtime_r: MinGW-w64's <time.h> defines them only when asked.
#ifndef _POSIX_THREAD_SAFE_FUNCTIONS
#define _POSIX_THREAD_SAFE_FUNCTIONS 200112L
#endif

#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <sys/stat.h>

// Not inherited by child processes: the same meaning as O_CLOEXEC.
#ifndef O_CLOEXEC
#define O_CLOEXEC _O_NOINHERIT
#endif

// _commit flushes a descriptor's data to disk, as fsync does.
inline int fsync(int fd) { return _commit(fd); }
// Windows files have no POSIX mode bits beyond read-only; a report keeps the default.
inline int fchmod(int, unsigned) { return 0; }

#endif
#endif
