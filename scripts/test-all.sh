#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: Rust (cargo test),
# Python (pytest, with mypy.stubtest), Node (node --test, with tsc) and Swift
# (XCTest). It installs what it needs itself: a Python venv with maturin,
# pytest and mypy; the npm packages of bindings-node; a Swift toolchain (a
# Debian trixie chroot when no `swift` is on PATH).
#
# Every suite runs even when an earlier one fails. The last line is the total,
# `N passed, N failed`; the exit status is non-zero if any suite failed, did
# not run, or ran no test.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
total_pass=0
total_fail=0
broken=()

# run NAME COMMAND...: runs a suite, tees its output, records its exit status.
run() {
  local name=$1; shift
  echo
  echo "=== $name ==="
  "$@" 2>&1 | tee "$logdir/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "$rc" > "$logdir/$name.rc"
}

# count NAME PASSED FAILED: adds a suite's counts; a suite with no test or a
# non-zero exit is broken.
count() {
  local name=$1 pass=${2:-0} fail=${3:-0} rc
  rc=$(cat "$logdir/$name.rc" 2>/dev/null || echo 1)
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  printf '%-8s %5d passed, %d failed (exit %s)\n' "$name:" "$pass" "$fail" "$rc" >> "$logdir/summary"
  if [ "$rc" != 0 ] || [ "$pass" -eq 0 ] || [ "$fail" -ne 0 ]; then broken+=("$name"); fi
}

sum() { # sum REGEX FILE: adds the first number of every match
  grep -oE "$1" "$2" 2>/dev/null | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'
}

# --- Rust --------------------------------------------------------------------
run rust cargo test --workspace --exclude clf-python --exclude clf-node --exclude clf-swift --exclude uniffi-bindgen
count rust "$(sum 'test result: [a-zA-Z]+\. [0-9]+ passed' "$logdir/rust.log")" "$(sum '[0-9]+ failed;' "$logdir/rust.log")"

# --- Python ------------------------------------------------------------------
python_suite() {
  set -e
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  .venv/bin/python -m pip install -q --disable-pip-version-check 'maturin>=1.9,<2' 'pytest>=8' 'mypy>=1.10'
  (cd bindings-python && VIRTUAL_ENV="$repo/.venv" PATH="$repo/.venv/bin:$PATH" maturin develop -q 2>&1 | grep -v '^Ignoring')
  (cd bindings-python && "$repo/.venv/bin/python" -m pytest -q -p no:cacheprovider tests)
}
run python python_suite
count python "$(sum '[0-9]+ passed' "$logdir/python.log")" "$(sum '[0-9]+ failed' "$logdir/python.log")"

# --- Node --------------------------------------------------------------------
node_suite() {
  set -e
  cd bindings-node
  # `npm ci` rejects the lock on Node 20 (npm leaves the platform packages of
  # optional native deps out of it); `npm install` keeps the locked versions.
  npm install --no-audit --no-fund --loglevel=error
  npm run -s build:debug 2>&1 | grep -vE '^\s*(Compiling|Finished|Blocking|Downloaded|Downloading)' || true
  test -f index.js
  # The committed typings must be what the build generates.
  git -C "$repo" diff --exit-code --stat -- bindings-node/index.d.ts bindings-node/index.js || { echo "index.d.ts / index.js are stale: commit the generated files"; exit 1; }
  node --test __test__/
}
run node node_suite
count node "$(sum '^# pass [0-9]+' "$logdir/node.log")" "$(sum '^# fail [0-9]+' "$logdir/node.log")"

# --- Swift -------------------------------------------------------------------
run swift scripts/test-swift.sh
swift_line=$(grep -E "Test Suite 'All tests' (passed|failed)" -A1 "$logdir/swift.log" | grep -oE 'Executed [0-9]+ tests?, with [0-9]+ failures?' | tail -1)
swift_run=$(echo "$swift_line" | grep -oE '[0-9]+' | head -1)
swift_fail=$(echo "$swift_line" | grep -oE '[0-9]+' | tail -1)
count swift "$(( ${swift_run:-0} - ${swift_fail:-0} ))" "${swift_fail:-0}"

# --- Total -------------------------------------------------------------------
echo
echo "=== summary ==="
cat "$logdir/summary"
if [ ${#broken[@]} -gt 0 ]; then
  echo "broken suites: ${broken[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ ${#broken[@]} -eq 0 ]
