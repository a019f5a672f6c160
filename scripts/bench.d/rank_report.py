#!/usr/bin/python3
"""Markdown tables for scripts/bench rank.

usage: rank_report.py PEER.jsonl SCOPEKIT.jsonl SCALE.jsonl

The peer's runs keep the positions at which the relevant records were
found; its metrics are computed here with the definitions scopekit uses
(fractions shown as percent): N = records - 2, R = relevant - 1,
n95 = position of the ceil(0.95 R)-th relevant record found,
WSS@95 = ceil(0.95 R) / R - n95 / N, WSS@100 = 1 - n100 / N,
RRF@10 = share of the R found in the first floor(0.1 N),
ATD = mean of position / N.
"""
import json
import math
import statistics
import sys


def metrics(pos, n_records, n_relevant):
    N, R = n_records - 2, n_relevant - 1
    p = sorted(pos)
    k = math.ceil(0.95 * R - 1e-9)
    cut = math.floor(0.10 * N)
    return {"wss95": k / R - p[k - 1] / N, "wss100": 1 - p[-1] / N,
            "rrf10": sum(x <= cut for x in p) / R,
            "atd": sum(x / N for x in p) / R,
            "n95": p[k - 1], "n100": p[-1]}


def load(path):
    with open(path) as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main():
    peer, ours, scale = (load(p) for p in sys.argv[1:4])
    rows = {}
    for r in peer:
        m = metrics(r["order_rel_pos"], r["n_records"], r["n_relevant"])
        m["step_ms"] = r["iter_median_ms"]
        rows.setdefault((r["dataset"], "peer " + r["model"]), []).append(m)
    for r in ours:
        rows.setdefault((r["dataset"], "scopekit " + r["model"]), []).append(r)
    med = lambda rs, k: statistics.median(x[k] for x in rs)
    print("Medians over seeds 0–%d; metrics in percent."
          % (max(len(v) for v in rows.values()) - 1))
    print()
    print("| dataset | tool, model | WSS@95 | WSS@100 | RRF@10 | ATD "
          "| n95 | n100 | ms per step |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key in sorted(rows):
        rs = rows[key]
        print("| %s | %s | %.1f | %.1f | %.1f | %.2f | %g | %g | %.2f |" % (
            key[0], key[1], 100 * med(rs, "wss95"), 100 * med(rs, "wss100"),
            100 * med(rs, "rrf10"), 100 * med(rs, "atd"), med(rs, "n95"),
            med(rs, "n100"), med(rs, "step_ms")))
    if scale:
        print()
        print("Pooled set, 90% labelled, median of 20 retrain-and-rank steps:")
        print()
        print("| tool, model | records | ms per step | wall s | peak MiB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for r in scale:
            if "tool" in r:
                print("| scopekit %s | 15000 | %.1f | %.1f | %d |" % (
                    r["model"], r["iter_median_ms"], r["wall_s"],
                    r["rss_mib"]))
            else:
                print("| peer %s | %d | %.1f | – | – |" % (
                    r["model"], r["n"], r["iter_median_ms"]))


if __name__ == "__main__":
    main()
