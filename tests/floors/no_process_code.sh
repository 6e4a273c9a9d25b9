#!/usr/bin/env bash
# "A program that only evaluates bundles against facts files links no fork/exec,
# registry or WMI code" (issue 14, docs/architecture.md): checks the archives of the
# evaluate-only floors and a program linked from them alone.
#   no_process_code.sh NM PROGRAM FLOOR.a... -- CONTROL.a
# Every FLOOR.a and PROGRAM must reference none of the process, registry and COM entry
# points below, and PROGRAM must define no collector code. CONTROL.a (the collectors) must
# reference some: a check that cannot see them proves nothing.
set -euo pipefail
nm_tool="$1" program="$2"
shift 2
floors=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do floors+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
control="${1:?the control archive (the collectors) is missing}"

# Starting another program (POSIX), or reading the registry / asking WMI (Win32, COM);
# MinGW's import stubs carry an __imp_ prefix.
forbidden='^(__imp_)?(fork|vfork|execve|execv|execvp|execvpe|execl|execlp|execle|fexecve|posix_spawnp?|system|popen|clone3?|CreateProcess[AW]?|Reg(Open|Query|Get|Enum|Close)[A-Za-z]*|CoCreateInstance|CoInitialize(Ex)?|CoInitializeSecurity)(@.*)?$'

undefined_of() {  # the undefined symbol names of an archive or program, one a line
  "$nm_tool" -u "$1" 2>/dev/null | awk '{print $NF}' | sort -u
}

status=0
for f in "${floors[@]}" "$program"; do
  hits=$(undefined_of "$f" | grep -E "$forbidden" || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $(basename "$f") references process/registry/WMI entry points:" $hits
    status=1
  else
    echo "ok: $(basename "$f") references no fork/exec, registry or WMI entry point"
  fi
done
# Defined collector code in the program would mean a floor pulls the collectors in.
collector_code=$("$nm_tool" -C --defined-only "$program" | grep -E 'edict::collectors::|CollectorRegistry|ExternalCollector|edict::run_program|edict::RootFs' | head -5 || true)
if [ -n "$collector_code" ]; then
  echo "FAIL: $(basename "$program") contains collector code:"
  echo "$collector_code"
  status=1
fi
control_hits=$(undefined_of "$control" | grep -E "$forbidden" || true)
if [ -z "$control_hits" ]; then
  echo "FAIL: the control $(basename "$control") shows none of the entry points: the check sees nothing"
  status=1
else
  echo "ok: the control $(basename "$control") references" $control_hits
fi
exit $status
