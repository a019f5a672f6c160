#!/usr/bin/env bash
# Opening a relevance-ordered queue on a pooled labelled set (gen_pool.py):
# a store of its records, reviewer A with 3 includes and 7 excludes, then
# `screen sheet --reviewer A` and `show 20 --why --reviewer A` timed
#   - the first time: every record's words counted and kept (3 fresh stores)
#   - from the counts kept (median of 5)
#   - from the texts, as a store that cannot be written works (another
#     writer holds it; median of 5)
#   - in imported order, which ranks nothing: what writing the sheet costs
#   - with BENCH_BEFORE, an older scopekit on a store of its own
# one command at a time. Prints a Markdown table and the store's growth.
#
# usage: rank_open.sh POOL.csv WORKDIR
# environment: SCOPEKIT (default ./build/scopekit), BENCH_BEFORE

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCOPEKIT=${SCOPEKIT:-$ROOT/build/scopekit}
BEFORE=${BENCH_BEFORE:-}
pool=$1 dir=$2
mkdir -p "$dir"
say() { printf 'bench: %s\n' "$*" >&2; }

# timed BIN ARGS...: "seconds MiB" of one run
timed() {
	/usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null 2>&1
	awk '{ printf "%s %d\n", $1, $2 / 1024 }' "$dir/time"
}
# median of "seconds MiB" lines, by seconds
median() { sort -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }

store() {
	local bin=$1 db=$2
	rm -f "$db" "$db-wal" "$db-shm"
	"$bin" --db "$db" init --title 'Pooled' >/dev/null 2>&1
	"$bin" --db "$db" import "$pool" --source Pooled >/dev/null 2>&1
	"$bin" --db "$db" reviewer add A >/dev/null 2>&1
	"$bin" --db "$db" screen decide --reviewer A --stage ta --include 1 2 3 >/dev/null 2>&1
	"$bin" --db "$db" screen decide --reviewer A --stage ta --exclude $(seq 4 10) >/dev/null 2>&1
}
sheet() { timed "$1" --db "$2" screen sheet --reviewer A "${@:3}"; }
why() { timed "$1" --db "$2" show 20 --why --reviewer A; }
runs() {
	local n=$1
	shift
	for _ in $(seq "$n"); do "$@"; done | median
}
# Another writer holds the store (the test suite's way, t20-rank.sh).
hold() {
	rm -f "$dir/lock.fifo"
	mkfifo "$dir/lock.fifo"
	sqlite3 "$1" <"$dir/lock.fifo" >/dev/null 2>&1 &
	holder=$!
	exec 7>"$dir/lock.fifo"
	printf '.timeout 10000\nBEGIN IMMEDIATE;\n' >&7
	until ! sqlite3 "$1" 'BEGIN IMMEDIATE; ROLLBACK;' 2>/dev/null; do
		sleep 0.05
	done
}
release() {
	echo 'ROLLBACK;' >&7
	exec 7>&-
	wait "$holder"
}
# row LABEL "s MiB" "s MiB": the pairs split into cells
# shellcheck disable=SC2086
row() { printf '| %s | %s | %s | %s | %s |\n' "$1" $2 $3; }

db=$dir/open.db
say "queue opening: first time, 3 fresh stores"
first=$(for _ in 1 2 3; do
	store "$SCOPEKIT" "$db"
	stat -c %s "$db" >"$dir/size0"
	sheet "$SCOPEKIT" "$db"
done | median)
size1=$(stat -c %s "$db")
say "queue opening: from the counts kept"
kept=$(runs 5 sheet "$SCOPEKIT" "$db")
kept_why=$(runs 5 why "$SCOPEKIT" "$db")
imported=$(runs 5 sheet "$SCOPEKIT" "$db" --order imported)
terms=$(sqlite3 "$db" 'SELECT count(*) FROM term')
say "queue opening: from the texts (store held by another writer)"
sqlite3 "$db" 'DELETE FROM record_terms; DELETE FROM term; DELETE FROM term_counting'
hold "$db"
texts=$(runs 5 sheet "$SCOPEKIT" "$db")
texts_why=$(runs 5 why "$SCOPEKIT" "$db")
release

echo "Opening A's queue on $(sqlite3 "$db" 'SELECT count(*) FROM record') records (seconds and peak MiB, medians):"
echo
echo '| how | sheet s | sheet MiB | show --why s | show --why MiB |'
echo '| --- | ---: | ---: | ---: | ---: |'
if [ -n "$BEFORE" ]; then
	say "queue opening: $BEFORE"
	store "$BEFORE" "$dir/before.db"
	before=$(runs 5 sheet "$BEFORE" "$dir/before.db")
	before_why=$(runs 5 why "$BEFORE" "$dir/before.db")
	row 'before: vectors from the texts, every time' "$before" "$before_why"
fi
row 'first time: counted and kept' "$first" '– –'
row 'from the counts kept' "$kept" "$kept_why"
row 'from the texts (store busy or read-only)' "$texts" "$texts_why"
row 'imported order: no ranking, the sheet alone' "$imported" '– –'
echo
echo "Keeping the counts grew the store from $(($(cat "$dir/size0") / 1048576)) to $((size1 / 1048576)) MiB ($terms terms)."
