#!/usr/bin/env bash
# scripts/bench merge: reviewer copies and merging, on a large store.
#
# Imports N records (RIS built from the corpus by gen_ris.py), makes a
# copy for each of two reviewers, has each copy hold N judgements of its
# reviewer (written with SQL as screening would leave them: a uuid, a
# millisecond time, one per record), then times `scopekit merge` of both
# copies into the store, merging them again (nothing to add), and the
# first `screen status` after. Wall-clock seconds and peak resident
# memory from /usr/bin/time, the best of --repeat runs. Prints a Markdown
# table; with --write, puts it into docs/BENCHMARKS.md between its merge
# markers.
#
# usage: scripts/bench merge [--records N] [--repeat N] [--write]
# environment: SCOPEKIT, BENCH_DIR, BENCH_CORPUS, PYTHON (as scripts/bench)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/bench.d
SCOPEKIT=${SCOPEKIT:-$ROOT/build/scopekit}
BENCH_DIR=${BENCH_DIR:-/tmp/scopekit-bench}/merge
BENCH_CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus}
PYTHON=${PYTHON:-python3}
records=100000 repeat=3 write=0
while [ $# -gt 0 ]; do
	case $1 in
	--records) records=$2; shift ;;
	--repeat) repeat=$2; shift ;;
	--write) write=1 ;;
	*) echo "usage: scripts/bench merge [--records N] [--repeat N] [--write]" >&2
	   exit 2 ;;
	esac
	shift
done
[ -x "$SCOPEKIT" ] || { echo "bench: no scopekit at $SCOPEKIT" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
cd "$BENCH_DIR"
sk() { "$SCOPEKIT" --quiet "$@"; }

input=$BENCH_DIR/ris-$records.ris
"$PYTHON" "$HERE/gen_ris.py" --corpus "$BENCH_CORPUS" --records "$records" \
	--out "$input" >&2
rm -f main.db* ad.db* cf.db* try.db*
sk --db main.db init --title 'Merge benchmark'
sk --db main.db import "$input" --source Bench >/dev/null
sk --db main.db reviewer add AD CF

# best NAME CMD...: the fastest of $repeat runs ("secs rss_kib"), with
# SETUP run before each when set.
best() {
	local name=$1 b_secs= b_rss= secs rss
	shift
	for _ in $(seq "$repeat"); do
		[ -n "${SETUP:-}" ] && eval "$SETUP"
		/usr/bin/time -f '%e %M' -o time.txt "$@" >/dev/null 2>&1
		read -r secs rss <time.txt
		if [ -z "$b_secs" ] || awk -v a="$secs" -v b="$b_secs" 'BEGIN { exit !(a < b) }'; then
			b_secs=$secs b_rss=$rss
		fi
	done
	printf '| %s | %s | %s |\n' "$name" "$b_secs" "$((b_rss / 1024))"
}

table=$BENCH_DIR/table.md
{
	echo "| step ($records records, 2 copies of $records judgements) | time (s) | peak memory (MiB) |"
	echo "|---|---:|---:|"
	SETUP='rm -f ad.db' best 'copy --for AD (one copy)' \
		"$SCOPEKIT" --db main.db copy --for AD ad.db
	rm -f cf.db
	sk --db main.db copy --for CF cf.db
	for who in AD CF; do
		sqlite3 "$(echo "$who" | tr A-Z a-z).db" "INSERT INTO decision (uuid, record_id, stage, reviewer, verdict, decided_at) SELECT lower(hex(randomblob(16))), id, 'ta', '$who', CASE abs(random()) % 3 WHEN 0 THEN 'exclude' ELSE 'include' END, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM record"
	done
	SETUP='rm -f try.db*; cp main.db try.db' best 'merge ad.db cf.db' \
		"$SCOPEKIT" --db try.db merge ad.db cf.db
	SETUP= best 'merge ad.db cf.db again (nothing new)' \
		"$SCOPEKIT" --db try.db merge ad.db cf.db
	best 'screen status after the merge' \
		"$SCOPEKIT" --db try.db screen status --format json
} >"$table"

cat "$table"
if [ $write = 1 ]; then
	doc=$ROOT/docs/BENCHMARKS.md
	"$PYTHON" - "$doc" "$table" <<'EOF'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- merge:begin -->", "<!-- merge:end -->"
if begin not in text:
    text += "\n" + begin + "\n" + end + "\n"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(head + begin + "\n" + table + end + tail)
EOF
	echo "bench: wrote $doc" >&2
fi
