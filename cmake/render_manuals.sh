#!/bin/sh
# Renders the man pages and shell completions from the built edict's own command-line
# definitions (cmake/packaging.cmake runs it at build time).
#   render_manuals.sh EDICT OUTDIR CHANGELOG
# gzip -9n: no file name or time in the header, so every build makes the same bytes.
set -eu
edict="$1" out="$2" changelog="$3"
rm -rf "$out/man" "$out/completion"
mkdir -p "$out/man" "$out/completion"
"$edict" man --dir "$out/man"
gzip -9nf "$out"/man/*.1
"$edict" completion bash >"$out/completion/edict"
"$edict" completion zsh >"$out/completion/_edict"
"$edict" completion fish >"$out/completion/edict.fish"
gzip -9nc "$changelog" >"$out/changelog.gz"
touch "$out/man/.stamp"
