#!/usr/bin/env bash
# scripts/bench rank: prioritised screening, `scopekit simulate` beside
# the peer (ASReview's default models, re-implemented on scikit-learn in
# ../shared/peers/asreview_replica.py) on the labelled sets of the corpus
# (screening/*.csv), same protocol and seeds 0-4: work saved (WSS@95,
# WSS@100), recall after 10% (RRF@10), average time to discovery (ATD),
# and the median time of one retrain-and-rank step. Then the step time on
# a pooled set of 15,000 records with 90% of them labelled, and the time
# a relevance-ordered queue takes to open on it (rank_open.sh). Runs one
# job at a time, so the timings do not share the cores. Prints Markdown;
# with --write, puts it into docs/BENCHMARKS.md between its rank markers
# (rank-open for the queue) and the recall curves into docs/bench/.
#
# usage: scripts/bench rank [--quick | --open] [--write]
#   --quick   seeds 0-1 and no pooled set
#   --open    only the queue opening on the pooled set (BENCH_BEFORE: an
#             older scopekit to time beside)
# environment: SCOPEKIT, BENCH_DIR, BENCH_CORPUS (as scripts/bench);
#   PYTHON (default /usr/bin/python3, which needs python3-sklearn);
#   BENCH_PEER (default ../shared/peers/asreview_replica.py)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/bench.d
SCOPEKIT=${SCOPEKIT:-$ROOT/build/scopekit}
BENCH_DIR=${BENCH_DIR:-/tmp/scopekit-bench}/rank
BENCH_CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus}
BENCH_PEER=${BENCH_PEER:-$ROOT/../shared/peers/asreview_replica.py}
PYTHON=${PYTHON:-/usr/bin/python3}
seeds=5 pooled=15000 write=0 open_only=0
for a; do
	case $a in
	--quick) seeds=2 pooled=0 ;;
	--open) open_only=1 ;;
	--write) write=1 ;;
	*) echo "usage: scripts/bench rank [--quick | --open] [--write]" >&2; exit 2 ;;
	esac
done
[ -x "$SCOPEKIT" ] || { echo "bench: no scopekit at $SCOPEKIT" >&2; exit 2; }
"$PYTHON" -c 'import sklearn' 2>/dev/null ||
	{ echo "bench: $PYTHON lacks scikit-learn (apt-get install python3-sklearn)" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
say() { printf 'bench: %s\n' "$*" >&2; }

# put_between BEGIN END FILE: FILE's text into docs/BENCHMARKS.md there
put_between() {
	"$PYTHON" - "$ROOT/docs/BENCHMARKS.md" "$3" "$1" "$2" <<'PY'
import sys
doc, table, begin, end = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3], sys.argv[4]
text = open(doc).read()
if begin not in text:
    text += "\n" + begin + "\n" + end + "\n"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(head + begin + "\n" + table + end + tail)
PY
}

pool=$BENCH_DIR/pooled-$pooled.csv
open_table=$BENCH_DIR/open.md
if [ "$open_only" = 1 ]; then
	"$PYTHON" "$HERE/gen_pool.py" "$BENCH_CORPUS/screening" "$pooled" 0 "$pool"
	SCOPEKIT=$SCOPEKIT bash "$HERE/rank_open.sh" "$pool" "$BENCH_DIR/open" >"$open_table"
	cat "$open_table"
	if [ $write = 1 ]; then
		put_between '<!-- rank-open:begin -->' '<!-- rank-open:end -->' "$open_table"
		say "wrote $ROOT/docs/BENCHMARKS.md"
	fi
	exit 0
fi

peer=$BENCH_DIR/peer.jsonl ours=$BENCH_DIR/scopekit.jsonl
: >"$peer"
: >"$ours"
for data in "$BENCH_CORPUS"/screening/*.csv; do
	name=$(basename "$data" .csv)
	for seed in $(seq 0 $((seeds - 1))); do
		for model in svm_u4 nb_v1; do
			say "peer $model $name seed $seed"
			"$PYTHON" "$BENCH_PEER" run --data "$data" --model "$model" \
				--seed "$seed" --out "$peer" >/dev/null
		done
	done
	for model in svm logistic nb; do
		say "scopekit $model $name seeds 0-$((seeds - 1))"
		"$SCOPEKIT" simulate "$data" --model "$model" --runs "$seeds" \
			--format json | "$PYTHON" -c '
import json, sys
r = json.load(sys.stdin)
for run in r["runs"]:
    run.update(dataset=sys.argv[1], model=sys.argv[2])
    print(json.dumps(run))' "$name" "$model" >>"$ours"
	done
	rm -f "$BENCH_DIR/recall-$name.svg.new"
	"$SCOPEKIT" simulate "$data" --runs "$seeds" --format json \
		--plot "$BENCH_DIR/recall-$name.svg.new" >/dev/null
	mv "$BENCH_DIR/recall-$name.svg.new" "$BENCH_DIR/recall-$name.svg"
done

scale=$BENCH_DIR/scale.jsonl
: >"$scale"
if [ "$pooled" -gt 0 ]; then
	"$PYTHON" "$HERE/gen_pool.py" "$BENCH_CORPUS/screening" "$pooled" 0 "$pool"
	say "peer svm_u4 pooled $pooled, 90% labelled, 20 steps"
	"$PYTHON" "$BENCH_PEER" scale --data-dir "$BENCH_CORPUS/screening" \
		--sizes "$pooled" --train-fracs 0.9 --models svm_u4 --steps 20 \
		>>"$scale"
	for model in svm nb logistic; do
		say "scopekit $model pooled $pooled, 90% labelled, 20 steps"
		/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time" "$SCOPEKIT" \
			simulate "$pool" --model "$model" --labelled 0.9 \
			--max-steps 20 --format json | "$PYTHON" -c '
import json, sys
r = json.load(sys.stdin)["median"]
secs, kib = open(sys.argv[2]).read().split()
print(json.dumps({"tool": "scopekit", "model": sys.argv[1],
                  "iter_median_ms": r["step_ms"],
                  "wall_s": float(secs), "rss_mib": int(kib) // 1024}))' \
			"$model" "$BENCH_DIR/time" >>"$scale"
	done
fi

if [ "$pooled" -gt 0 ]; then
	say "opening a ranked queue, pooled $pooled"
	SCOPEKIT=$SCOPEKIT bash "$HERE/rank_open.sh" "$pool" "$BENCH_DIR/open" >"$open_table"
fi

table=$BENCH_DIR/table.md
"$PYTHON" "$HERE/rank_report.py" "$peer" "$ours" "$scale" >"$table"
cat "$table"
[ "$pooled" -gt 0 ] && cat "$open_table"
if [ $write = 1 ]; then
	mkdir -p "$ROOT/docs/bench"
	cp "$BENCH_DIR"/recall-*.svg "$ROOT/docs/bench/"
	put_between '<!-- rank:begin -->' '<!-- rank:end -->' "$table"
	[ "$pooled" -gt 0 ] &&
		put_between '<!-- rank-open:begin -->' '<!-- rank-open:end -->' "$open_table"
	say "wrote $ROOT/docs/BENCHMARKS.md"
fi
