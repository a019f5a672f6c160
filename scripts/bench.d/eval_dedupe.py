#!/usr/bin/env python3
"""Score a deduplicated scopekit store against labels.

Each record is known by its accession (the ID or record_id column of a
CSV, the AN of RIS), or by its position in the file (EndNote XML). Two
kinds of truth:

  --clusters FILE   bib-dedupe's merged_record_ids.csv: one quoted
                    "id;id;..." per line, a cluster of one work
  --synthetic       accessions "WORK.COPY" (gen_dedupe.py)
  --count           no usable labels: only the number removed
  --members FILE    an EndNote XML whose records with <caption>Duplicate
                    </caption> have a duplicate (dedupe-sweep marks every
                    member of a group: 799 of the respiratory set's 1,988,
                    where bib-dedupe's clusters hold 804): scored record by
                    record, member or not

Pairwise scores (clusters, synthetic): every pair of records in one
predicted cluster is a found pair; sensitivity = found true pairs / true
pairs, precision = found true pairs / found pairs, specificity over all
pairs. Membership scores (members): record by record, in a cluster or
not, against the records marked as having a duplicate.

Prints one tab-separated line: records, true, found, TP, FP, FN,
sensitivity, specificity, precision.
"""

import argparse
import csv
import gzip
import itertools
import re
import sqlite3
import sys


def predicted(db, key):
    con = sqlite3.connect(db)
    ident = dict(con.execute("SELECT id, %s FROM record" % key))
    clusters = {}
    for rid, canon in con.execute("SELECT record_id, canonical FROM dup_member"):
        clusters.setdefault(canon, []).append(ident[rid])
    return list(ident.values()), list(clusters.values())


def pairs(groups):
    out = set()
    for g in groups:
        for a, b in itertools.combinations(sorted(g), 2):
            out.add((a, b))
    return out


def pairwise(records, pred, truth):
    t, p = pairs(truth), pairs(pred)
    tp = len(t & p)
    n = len(records)
    allp = n * (n - 1) // 2
    fp, fn = len(p) - tp, len(t) - tp
    tn = allp - tp - fp - fn
    return len(t), len(p), tp, fp, fn, tn


def read_marked(path):
    """Positions (1-based) of an EndNote XML's records captioned Duplicate."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        text = f.read()
    recs = re.findall(r"<record>(.*?)</record>", text, re.S)
    return {str(i + 1) for i, r in enumerate(recs)
            if re.search(r"<caption>(<style[^>]*>)?Duplicate", r)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--clusters")
    g.add_argument("--synthetic", action="store_true")
    g.add_argument("--members",
                   help="EndNote XML whose records in a duplicate group "
                        "have <caption>Duplicate</caption>")
    g.add_argument("--count", action="store_true",
                   help="no labels: print the records removed only")
    ap.add_argument("--key", default="accession",
                    help="record column that names a record (or position)")
    a = ap.parse_args()
    records, pred = predicted(a.db, a.key)
    records = [str(r) for r in records]
    pred = [[str(r) for r in c] for c in pred]
    if a.count:
        found = sum(len(c) - 1 for c in pred)
        print("%d\t-\t%d\t-\t-\t-\t-\t-\t-" % (len(records), found))
        return 0
    if a.clusters:
        with open(a.clusters) as f:
            truth = [row["merged_ids"].split(";") for row in csv.DictReader(f)]
        res = pairwise(records, pred, truth)
    elif a.synthetic:
        works = {}
        for r in records:
            works.setdefault(r.split(".")[0], []).append(r)
        res = pairwise(records, pred, [w for w in works.values() if len(w) > 1])
    else:
        marked = read_marked(a.members)
        members = {r for c in pred for r in c}
        tp = len(marked & members)
        fp, fn = len(members) - tp, len(marked) - tp
        res = (len(marked), len(members), tp, fp, fn,
               len(records) - len(marked) - fp)
    true, found, tp, fp, fn, tn = res
    sens = tp / true if true else 1.0
    prec = tp / found if found else 1.0
    spec = tn / (tn + fp) if tn + fp else 1.0
    print("%d\t%d\t%d\t%d\t%d\t%d\t%.4f\t%.6f\t%.4f" % (
        len(records), true, found, tp, fp, fn, sens, spec, prec))


if __name__ == "__main__":
    sys.exit(main())
