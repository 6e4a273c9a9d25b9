#!/usr/bin/env bash
# The CI examples' install steps (examples/legacy-estate/ci/) run as written, against a
# release laid out as scripts/release lays it out but served from file://: the artifact
# named by EDICT_URL is downloaded, checked against SHA256SUMS, and put on PATH; a
# tampered artifact or one SHA256SUMS does not list stops the step before anything runs
# it. GitLab's apt-get lines are left out (they would install on this machine; the
# .deb's own test covers `apt install ./edict_*.deb`).
#   tests/packaging/ci_install_test.sh EDICT
# Needs python3-yaml and curl (scripts/bootstrap test). CTest label: packaging.
set -euo pipefail
edict="$(realpath "${1:?usage: ci_install_test.sh EDICT}")"
src="$(cd "$(dirname "$0")/../.." && pwd)"
ci="$src/examples/legacy-estate/ci"
work="$(mktemp -d /var/tmp/edict-ci-install-XXXXXX)"
trap 'rm -rf "$work"' EXIT

failures=0
expect() {  # expect WHAT COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

# The install commands of each example, as one script.
python3 - "$ci/github-actions.yml" "$work/github.sh" <<'PY'
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
steps = [s for s in wf["jobs"]["policy"]["steps"] if s.get("name") == "Install edict"]
assert len(steps) == 1, "one `Install edict` step"
open(sys.argv[2], "w").write(steps[0]["run"])
PY
python3 - "$ci/gitlab-ci.yml" "$work/gitlab.sh" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))["edict"]
lines = [l for l in job["before_script"] if not l.startswith("apt-get")]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
expect "neither example builds from source" sh -c "! grep -Eq 'git clone|scripts/build' '$ci/github-actions.yml' '$ci/gitlab-ci.yml'"
expect "the GitLab job installs the downloaded .deb with apt" grep -q 'apt-get install -y --no-install-recommends "./$name"' "$ci/gitlab-ci.yml"

release() {  # release DIR NAME: a release directory holding edict as NAME and its SHA256SUMS
  mkdir -p "$1"
  cp "$edict" "$1/$2"
  printf 'not this one\n' >"$1/other"
  (cd "$1" && sha256sum "$2" other >SHA256SUMS)
}

run_github() {  # run_github URL: the step in a fresh runner directory; prints the PATH entry
  local runner="$work/runner-$RANDOM"
  mkdir -p "$runner/tmp"
  : >"$runner/path"
  (cd "$runner" && env -i PATH=/usr/bin:/bin HOME="$runner" EDICT_URL="$1" RUNNER_TEMP="$runner/tmp" \
    GITHUB_PATH="$runner/path" bash -e "$work/github.sh") >"$runner/log" 2>&1 || return 1
  cat "$runner/path"
}

release "$work/good" edict-0.1.0-linux-x86_64
dir="$(run_github "file://$work/good/edict-0.1.0-linux-x86_64")" && ok=1 || ok=0
expect "GitHub: a listed, intact artifact installs" test "$ok" = 1
expect "  ... and the edict on the added PATH entry runs" sh -c "'$dir/edict' --version | grep -q '^edict '"

release "$work/tampered" edict-0.1.0-linux-x86_64
printf 'x' >>"$work/tampered/edict-0.1.0-linux-x86_64"
release "$work/unlisted" edict-0.1.0-linux-x86_64
(cd "$work/unlisted" && sha256sum other >SHA256SUMS)
export -f run_github; export work
expect "GitHub: an artifact SHA256SUMS does not list stops the step" \
  bash -c "! run_github 'file://$work/unlisted/edict-0.1.0-linux-x86_64'"
expect "GitHub: a tampered artifact stops the step" \
  bash -c "! run_github 'file://$work/tampered/edict-0.1.0-linux-x86_64'"

run_gitlab() {  # run_gitlab URL: the job's download and check lines
  local job="$work/job-$RANDOM"
  mkdir -p "$job"
  (cd "$job" && env -i PATH=/usr/bin:/bin HOME="$job" EDICT_URL="$1" CI_PROJECT_DIR="$job" bash -e "$work/gitlab.sh") \
    >"$job.log" 2>&1
}
export -f run_gitlab
release "$work/deb" edict_0.1.0_amd64.deb
expect "GitLab: a listed, intact package passes the check" bash -c "run_gitlab 'file://$work/deb/edict_0.1.0_amd64.deb'"
printf 'x' >>"$work/deb/edict_0.1.0_amd64.deb"
expect "GitLab: a tampered package stops the job" bash -c "! run_gitlab 'file://$work/deb/edict_0.1.0_amd64.deb'"

[ "$failures" = 0 ] || { echo "ci_install_test: $failures check(s) failed" >&2; exit 1; }
echo "ci_install_test: all checks passed"
