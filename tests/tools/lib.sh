# Shared by the ringdl command's test scripts (source it after setting `set -uo pipefail`): a scratch
# directory removed on exit, pass/fail counting, and expect_fail. End a script with `finish`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { failures=$((failures + 1)); echo "FAIL: $1"; }

# expect_fail NAME EXPECTED_TEXT CMD...: the command must exit non-zero and print EXPECTED_TEXT on stderr.
expect_fail() {
  local name=$1 text=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ $rc -ne 0 ] && grep -qF -- "$text" "$work/err"; then ok "$name"; else
    bad "$name (exit $rc; stderr: $(cat "$work/err"))"
  fi
}

# The summary line, and the exit status: non-zero if anything failed.
finish() {
  echo "$passes passed, $failures failed"
  [ $failures -eq 0 ]
}
