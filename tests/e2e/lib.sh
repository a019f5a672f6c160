# Helpers for end-to-end tests: each test runs the real scopekit binary
# ($SCOPEKIT) in a fresh temporary folder. Sourced by tests/e2e/t*.sh.
set -u
: "${SCOPEKIT:?set SCOPEKIT to the scopekit binary}"
: "${FIXTURES:?}" "${CORPUS:?}" "${TESTS:?}"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
export SCOPEKIT_DB="$TMP/review.db"
failures=0
checks=0

sk() { "$SCOPEKIT" "$@"; }

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# run_ok CMD...: must exit 0; stdout in $TMP/out, stderr in $TMP/err
run_ok() {
	checks=$((checks + 1))
	if ! "$@" >"$TMP/out" 2>"$TMP/err"; then
		fail "expected success: $* (exit $?)"
		sed 's/^/  stderr: /' "$TMP/err" >&2
		return 1
	fi
}

# run_fails CODE PATTERN CMD...: must exit CODE with PATTERN (grep -E) on stderr
run_fails() {
	local code=$1 pattern=$2 rc=0
	shift 2
	checks=$((checks + 1))
	"$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne "$code" ]; then
		fail "expected exit $code, got $rc: $*"
		sed 's/^/  stderr: /' "$TMP/err" >&2
		return 1
	fi
	if ! grep -Eq -- "$pattern" "$TMP/err"; then
		fail "stderr of '$*' lacks /$pattern/:"
		sed 's/^/  stderr: /' "$TMP/err" >&2
		return 1
	fi
}

# same EXPECTED ACTUAL: the two must be equal (strings)
same() {
	checks=$((checks + 1))
	if [ "$1" != "$2" ]; then
		if [ "$(printf '%s' "$1$2" | wc -l)" -gt 2 ]; then
			fail "texts differ (expected <, got >):"
			diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | head -20 >&2
		else
			fail "expected '$1', got '$2'"
		fi
		return 1
	fi
}

# contains FILE PATTERN
contains() {
	checks=$((checks + 1))
	grep -Eq -- "$2" "$1" || { fail "$1 lacks /$2/"; return 1; }
}

# store_dump: a stable text dump of the store, to compare before/after
store_dump() {
	sqlite3 -cmd '.timeout 10000' "$SCOPEKIT_DB" .dump 2>/dev/null | grep -v '^PRAGMA'
}

# sql QUERY: one value from the store (waiting, as scopekit does, for a
# writer that has not let go yet, such as a screen just closed)
sql() { sqlite3 -cmd '.timeout 10000' "$SCOPEKIT_DB" "$1"; }

done_testing() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures of $checks checks failed" >&2
		exit 1
	fi
	echo "$checks checks passed"
}
