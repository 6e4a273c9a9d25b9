#!/usr/bin/env python3
"""Every file of Edict's own code (library, cli, tests, bench, fuzz) compiles with the
project's warnings (-Wall -Wextra), with -Werror when the build dir has EDICT_WERROR=ON
(scripts/test: every CI build), and nothing turns a warning family off wholesale
(-Wno-unused-parameter, dropped in issue 14). Only ANTLR's generated code is exempt.
  warnings_test.py SOURCE_DIR BUILD_DIR"""
import json
import os
import pathlib
import re
import sys

source, build = (pathlib.Path(p).resolve() for p in sys.argv[1:3])
failures = []

werror = re.search(r"^EDICT_WERROR:BOOL=ON$", (build / "CMakeCache.txt").read_text(), re.M) is not None
commands = json.loads((build / "compile_commands.json").read_text())
checked = 0
for entry in commands:
    path = pathlib.Path(entry["file"]).resolve()
    if source not in path.parents or build in path.parents or "generated" in path.parts:
        continue
    args = entry.get("command", "") or " ".join(entry.get("arguments", []))
    rel = path.relative_to(source)
    checked += 1
    for flag in ("-Wall", "-Wextra") + (("-Werror",) if werror else ()):
        if f" {flag} " not in f" {args} ":
            failures.append(f"{rel}: compiled without {flag}")
    if "-Wno-unused-parameter" in args:
        failures.append(f"{rel}: compiled with -Wno-unused-parameter")

# The build scripts and CMake files themselves.
for p in list(source.glob("**/CMakeLists.txt")) + list(source.glob("cmake/*.cmake")) + list(source.glob("scripts/*")):
    if any(part.startswith("build") for part in p.relative_to(source).parts):
        continue
    if p.is_file() and "-Wno-unused-parameter" in p.read_text(errors="replace"):
        failures.append(f"{p.relative_to(source)}: turns off -Wunused-parameter")

for f in failures[:40]:
    print("FAIL:", f)
print(f"{checked} files of our code checked (EDICT_WERROR {'ON' if werror else 'OFF'}), {len(failures)} problems")
sys.exit(1 if failures or checked == 0 else 0)
