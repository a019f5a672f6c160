#!/usr/bin/python3
"""Write a pooled labelled screening set of N records for timing.

Pools every CSV of a folder (title, abstract, label_included), shuffles
the records with NumPy's RandomState(seed) and repeats them until there are
N, the way the peer's `scale` command builds its pooled corpus, so both
tools are timed on the same kind of input.

usage: gen_pool.py DIR N SEED OUT.csv
"""
import csv
import glob
import os
import sys

import numpy as np

csv.field_size_limit(sys.maxsize)


def main():
    folder, n, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        with open(path, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                rows.append((r.get("title") or "", r.get("abstract") or "",
                             r["label_included"].strip()))
    perm = np.random.RandomState(seed).permutation(len(rows))
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "abstract", "label_included"])
        for i in range(n):
            w.writerow(rows[perm[i % len(rows)]])


if __name__ == "__main__":
    main()
