#!/usr/bin/env python3
"""List the labelled duplicate pairs that `scopekit dedupe` did not merge.

Reads a store that `scripts/bench dedupe` left (BENCH_DIR/dedupe/SET.db)
and bib-dedupe's clusters for the same records; for each true pair whose
records are not in one cluster it prints both records side by side
(title, authors, year, journal, volume, issue, pages, DOI) and how
scopekit scored the pair. Scores come from a copy of the store deduped
again with the review threshold at zero, so a pair scored too low to be
kept is shown too; a pair absent from the copy shared no blocking key.

Each pair gets a rough class from its evidence: where it stands
(review queue, scored low, not a candidate) and the fields that counted
against it. The classes are a first sort for reading, not a verdict.

usage: dedupe_misses.py STORE.db merged_record_ids.csv [--scopekit PATH]
       [--format text|tsv]
"""

import argparse
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "pages",
          "doi", "type")


def records(con):
    """Each record's comparison fields by id, and ids by accession."""
    recs, ids = {}, {}
    for row in con.execute(
            "SELECT id, accession, title, year, journal, volume, issue, "
            "pages, doi, type FROM record"):
        rid, acc = row[0], row[1]
        recs[rid] = dict(zip(("accession", "title", "year", "journal",
                              "volume", "issue", "pages", "doi", "type"),
                             row[1:]))
        ids[acc] = rid
    for rid, names in con.execute(
            "SELECT record_id, group_concat(name, '; ') FROM "
            "(SELECT record_id, name FROM author ORDER BY record_id, "
            "position) GROUP BY record_id"):
        recs[rid]["authors"] = names
    return recs, ids


def clusters(con):
    return dict(con.execute("SELECT record_id, canonical FROM dup_member"))


def all_scores(db, scopekit):
    """Every candidate pair's score and evidence, from a copy of db."""
    tmp = tempfile.mkdtemp(prefix="misses")
    copy = os.path.join(tmp, "copy.db")
    try:
        src = sqlite3.connect(db)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        subprocess.run([scopekit, "--db", copy, "--quiet", "dedupe",
                        "--review-threshold", "0.000001"],
                       check=True, stdout=subprocess.DEVNULL)
        con = sqlite3.connect(copy)
        out = {(a, b): (score, rule, json.loads(ev)) for a, b, score, rule, ev
               in con.execute("SELECT a, b, score, rule, evidence "
                              "FROM dup_pair")}
        con.close()
        return out
    finally:
        shutil.rmtree(tmp)


def against(ev):
    """The fields that counted against a pair, as 'field:verdict'."""
    return ["%s:%s" % (f, v["verdict"]) for f, v in ev.items()
            if isinstance(v, dict) and v.get("weight", 0) < 0]


def place(score):
    if score is None:
        return "not a candidate"
    if score >= 0.95:
        return "merge (not joined?)"
    if score >= 0.5:
        return "review queue"
    return "scored low"


def missed_pairs(truth, ids, member):
    out = []
    for group in truth:
        rids = [ids[a] for a in group if a in ids]
        for i, a in enumerate(rids):
            for b in rids[i + 1:]:
                ca, cb = member.get(a, a), member.get(b, b)
                if ca != cb:
                    out.append((min(a, b), max(a, b)))
    return out


def show(recs, a, b, found):
    score, rule, ev = found if found else (None, "-", {})
    print("=" * 78)
    print("pair %s  %s  score %s  rule %s  place: %s" % (
        recs[a]["accession"], recs[b]["accession"],
        "-" if score is None else "%.3f" % score, rule, place(score)))
    if ev:
        print("against: %s  weight %s" % (", ".join(against(ev)) or "-",
                                          ev.get("weight")))
    for f in FIELDS:
        va, vb = recs[a].get(f), recs[b].get(f)
        if va is None and vb is None:
            continue
        mark = " " if va == vb else "*"
        print("%s %-8s %s" % (mark, f, va))
        print("  %-8s %s" % ("", vb))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("clusters")
    ap.add_argument("--scopekit", default=os.environ.get("SCOPEKIT",
                                                         "scopekit"))
    ap.add_argument("--format", choices=("text", "tsv"), default="text")
    a = ap.parse_args()
    con = sqlite3.connect(a.db)
    recs, ids = records(con)
    member = clusters(con)
    con.close()
    with open(a.clusters) as f:
        truth = [row["merged_ids"].split(";") for row in csv.DictReader(f)]
    scores = all_scores(a.db, a.scopekit)
    missed = missed_pairs(truth, ids, member)
    for x, y in missed:
        found = scores.get((x, y))
        if a.format == "tsv":
            score = found[0] if found else None
            print("\t".join([recs[x]["accession"], recs[y]["accession"],
                             "-" if score is None else "%.3f" % score,
                             place(score),
                             ",".join(against(found[2])) if found else ""]))
        else:
            show(recs, x, y, found)
    print("%d missed pairs" % len(missed), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
