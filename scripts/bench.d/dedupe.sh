#!/usr/bin/env bash
# scripts/bench dedupe: accuracy and speed of `scopekit dedupe`.
#
# Imports each labelled set of the corpus (dedup/) into a new store, runs
# `scopekit dedupe` with the default thresholds under /usr/bin/time, and
# scores the clusters against the labels (eval_dedupe.py); then does the
# same on a synthetic store of 1,000,000 records (gen_dedupe.py). Pairs
# left for review count as not found: the scores are those of the
# automatic merges alone. Prints a Markdown table; with --write, puts it
# into docs/BENCHMARKS.md between its dedupe markers.
#
# usage: scripts/bench dedupe [--quick] [--write]
#   --quick   a synthetic store of 100,000 records instead of 1,000,000
# environment: SCOPEKIT, BENCH_DIR, BENCH_CORPUS, PYTHON (as scripts/bench)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/bench.d
SCOPEKIT=${SCOPEKIT:-$ROOT/build/scopekit}
BENCH_DIR=${BENCH_DIR:-/tmp/scopekit-bench}/dedupe
BENCH_CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus}
PYTHON=${PYTHON:-python3}
synthetic=1000000 write=0
for a; do
	case $a in
	--quick) synthetic=100000 ;;
	--write) write=1 ;;
	*) echo "usage: scripts/bench dedupe [--quick] [--write]" >&2; exit 2 ;;
	esac
done
[ -x "$SCOPEKIT" ] || { echo "bench: no scopekit at $SCOPEKIT" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
dd=$BENCH_CORPUS/dedup
table=$BENCH_DIR/table.md

{
	echo "| set | records | labelled duplicates | found | sensitivity | specificity | precision | time (s) | peak memory (MiB) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$table"

# one NAME INPUT TRUTH-OPTION TRUTH-FILE [IMPORT-OPTION...]
one() {
	local name=$1 input=$2 how=$3 truth=$4 db=$BENCH_DIR/$1.db t
	shift 4
	rm -f "$db" "$db-wal" "$db-shm"
	"$SCOPEKIT" --db "$db" --quiet init --title "$name" >/dev/null
	"$SCOPEKIT" --db "$db" --quiet import "$input" --source "$name" "$@" >/dev/null
	/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time" \
		"$SCOPEKIT" --db "$db" --quiet dedupe >"$BENCH_DIR/$name.out"
	read -r secs rss <"$BENCH_DIR/time"
	if [ "$how" = --synthetic ]; then
		t=$("$PYTHON" "$HERE/eval_dedupe.py" "$db" --synthetic)
	elif [ "$how" = --count ]; then
		t=$("$PYTHON" "$HERE/eval_dedupe.py" "$db" --count)
	elif [ "$how" = --members ]; then
		t=$("$PYTHON" "$HERE/eval_dedupe.py" "$db" --members "$truth" --key position)
	else
		t=$("$PYTHON" "$HERE/eval_dedupe.py" "$db" "$how" "$truth")
	fi
	IFS=$'\t' read -r n true found tp fp fn sens spec prec <<<"$t"
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$n" \
		"$true" "$found" "$sens" "$spec" "$prec" "$secs" \
		"$((rss / 1024))" | tee -a "$table" >&2
}

for set in cytology_screening haematology respiratory stroke special_cases; do
	one "$set" "$dd/bib-dedupe/$set/records_pre_merged.csv" --clusters \
		"$dd/bib-dedupe/$set/merged_record_ids.csv" --format csv
done
# ASySD's set labels what EndNote removed (896), not the duplicates: its
# own tests expect 583 to 586 unique records left, so only the count is
# compared (records - found = unique).
one asysd "$dd/asysd/labelled_test_set.csv" --count "" --format csv
for set in copper respiratory tafenoquine; do
	f=$dd/dedupe-sweep/${set}_endnote.xml.gz
	one "sweep-$set" "$f" --members "$f"
done

syn=$BENCH_DIR/synthetic-$synthetic.ris
[ -s "$syn" ] || "$PYTHON" "$HERE/gen_dedupe.py" --records "$synthetic" --out "$syn"
one "synthetic-$synthetic" "$syn" --synthetic ""

cat "$table"
if [ $write = 1 ]; then
	doc=$ROOT/docs/BENCHMARKS.md
	"$PYTHON" - "$doc" "$table" <<'EOF'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- dedupe:begin -->", "<!-- dedupe:end -->"
if begin not in text:
    text += "\n" + begin + "\n" + end + "\n"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(head + begin + "\n" + table + end + tail)
EOF
	echo "bench: wrote $doc" >&2
fi
