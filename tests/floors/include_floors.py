#!/usr/bin/env python3
"""The floors of docs/architecture.md, as includes: a lower floor never includes a higher one.

    include_floors.py ROOT      exit 0 when every include under ROOT keeps to its floor

Each folder below may include (with "...") only the folders listed for it; the CMake
targets enforce the same at link time, but a header-only include of a higher floor links
fine and still turns the layers around. Includes of folders outside the table (a test's
own helpers, generated grammar headers) are not judged.
"""
import os
import re
import sys

# folder -> the top-level folders (or runtime/facts, compiler/syntax) its files may include.
# From docs/architecture.md, "As built: CMake targets", lowest floor first.
ALLOWED = {
    "runtime": {"runtime"},
    "runtime/facts": {"runtime", "runtime/facts"},
    "collectors": {"runtime", "runtime/facts", "collectors"},
    "compiler/syntax": {"runtime", "compiler/syntax"},
    "compiler": {"runtime", "runtime/facts", "compiler", "compiler/syntax", "stdlib"},
    # Reports work from bundles too: never the compiler, the collectors or the engine.
    "report": {"runtime", "runtime/facts", "report"},
    # Verifying evidence replays a bundle: never the compiler or the collectors.
    "evidence": {"runtime", "runtime/facts", "report", "evidence"},
    "engine": {"runtime", "runtime/facts", "collectors", "compiler", "compiler/syntax", "report", "engine", "edict"},
    "include/edict": {"runtime", "runtime/facts", "collectors", "compiler", "compiler/syntax", "report", "engine",
                      "edict"},
}
# What a quoted include's first component names (include/edict/ is included as "edict/...").
JUDGED = {"runtime", "collectors", "compiler", "report", "evidence", "engine", "edict", "cli", "stdlib", "grammar"}

# The format-neutral report model holds no output format's types (issue 14, item 5): JSON
# is built by the json writer alone.
FORMAT_NEUTRAL = {"report/report.h": re.compile(r"#\s*include\s*[<\"]nlohmann/")}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def floor_of(rel):
    """The most specific folder of ALLOWED that holds `rel` (a path relative to ROOT)."""
    folder = os.path.dirname(rel)
    best = None
    for f in ALLOWED:
        if folder == f or folder.startswith(f + "/"):
            if f == "runtime" and folder != "runtime":
                continue  # runtime's subfolders (facts/) are floors of their own
            if best is None or len(f) > len(best):
                best = f
    return best


def target_of(include):
    parts = include.split("/")
    if parts[0] not in JUDGED or len(parts) < 2:
        return None
    if parts[0] in ("runtime", "compiler") and len(parts) > 2:
        return parts[0] + "/" + parts[1]
    return parts[0]


def main():
    root = sys.argv[1]
    problems = []
    checked = 0
    for folder in ALLOWED:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            continue
        for dirpath, _, files in os.walk(base):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                floor = floor_of(rel)
                if floor != folder:
                    continue  # judged under its own, more specific floor
                checked += 1
                text = open(path, encoding="utf-8", errors="replace").read()
                for inc in INCLUDE.findall(text):
                    target = target_of(inc)
                    if target and target not in ALLOWED[floor]:
                        problems.append(f"{rel}: `{floor}/` includes `{inc}`, a higher floor ({target}/)")
                rule = FORMAT_NEUTRAL.get(rel)
                if rule and rule.search(text):
                    problems.append(f"{rel}: the format-neutral report model includes a JSON library")
    for p in problems:
        print("FLOOR VIOLATION " + p)
    print(f"{checked} files checked, {len(problems)} floor violations")
    if checked == 0:
        print("nothing was checked: wrong ROOT?")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
