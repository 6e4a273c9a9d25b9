#!/usr/bin/env bash
# The evaluate-only program (evaluate_only.cpp, runtime + facts only) gives the outcomes
# `edict check` gives, on a bundle `edict compile` wrote: the floor is usable, not only small.
#   evaluate_only_test.sh EDICT EVALUATE_ONLY WORKDIR
set -euo pipefail
edict="$1" program="$2" work="$3"
root="$(cd "$(dirname "$0")/../.." && pwd)"
gate="$root/tests/data/cli/gate"
rm -rf "$work" && mkdir -p "$work"
"$edict" compile "$gate/policies" -o "$work/gate.edictc" >/dev/null
status=0
for facts in pass fail unknown; do
  got=$("$program" "$work/gate.edictc" "$gate/facts/$facts.json")
  # The same outcomes from the full pipeline (`edict check --format json`), in rule order.
  want=$("$edict" check --bundle "$work/gate.edictc" --facts "$gate/facts/$facts.json" --format json \
           --config "$gate/config/defaults.toml" --now 2027-01-15 2>/dev/null |
         python3 -c 'import json,sys; [print(r["id"], r["outcome"]) for r in json.load(sys.stdin)["rules"]]' || true)
  if [ -z "$got" ] || [ "$got" != "$want" ]; then
    echo "FAIL ($facts.json): evaluate_only printed"; echo "$got"; echo "edict check gave"; echo "$want"
    status=1
  else
    echo "ok ($facts.json): $(echo "$got" | wc -l) rules, the outcomes edict check gives"
  fi
done
exit $status
