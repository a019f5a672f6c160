#!/usr/bin/env python3
"""Build a RIS file of N records from real database exports.

Every record (its lines from "TY  -" to "ER  -") of the RIS exports listed
below is taken as it is and written again and again, in list order, until
N records are out. A copy keeps the content of its original; the only
changes are the ones a single export file needs: the byte order mark and
any preamble before the first TY are left out, and line ends are written
as LF (several exports use CRLF).

An existing output file is kept when its size is the size this run would
write; a sidecar OUT.info (JSON) describes the file for the report.

usage: gen_ris.py --corpus DIR --records N --out FILE [--check]

With --check, a newly written file is read back and checked.
"""

import argparse
import json
import os
import re
import sys

# Genuine RIS exports by database, relative to the corpus root. Left out:
# the look-alikes that are not RIS (WoS and Ovid tagged, MEDLINE named
# .ris), synthetic or hand-edited fixtures, and the files with lone CRs
# inside fields.
SOURCES = [
    # Scopus
    ("Scopus", "ris/revtools/restoration_scopus.ris"),
    ("Scopus", "ris/synthesisr/extdata_scopus.ris"),
    ("Scopus", "ris/citesource/topic_data_scopus_255.ris"),
    ("Scopus", "ris/asreview/scopus.ris"),
    ("Scopus", "ris/asysd/scopus.ris"),
    ("Scopus", "ris/citation-file-formatting/_baseline_scopus.ris"),
    ("Scopus", "ris/synthesisr/Scopus_ris_example.ris"),
    # Embase.com
    ("Embase", "ris/asreview/embase.ris"),
    ("Embase", "ris/citation-file-formatting/_baseline_embase.ris"),
    # Web of Science, RIS export
    ("Web of Science", "ris/citesource/testthat_data_1_WoS.ris"),
    ("Web of Science", "ris/asreview/web_of_science.txt"),
    ("Web of Science", "ris/citation-file-formatting/_baseline_webofscience.ris"),
    ("Web of Science", "ris/synthesisr/citesource_issue_24.ris"),
    # EBSCOhost databases
    ("EBSCOhost", "ris/citesource/topic_data_psycinfo_124.ris"),
    ("EBSCOhost", "ris/citesource/valid_data_psycinfo_64.ris"),
    ("EBSCOhost", "ris/citesource/topic_data_crimjust_41.ris"),
    ("EBSCOhost", "ris/citesource/new_stage_data_envindex_100.ris"),
    ("EBSCOhost", "ris/citesource/new_stage_data_econlit_3.ris"),
    ("EBSCOhost", "ris/synthesisr/ASP_ris_example.ris"),
    ("EBSCOhost", "ris/citation-file-formatting/_baseline_cinahl.ris"),
    # Cochrane Library CENTRAL, three flavours
    ("Cochrane", "ris/citation-file-formatting/_baseline_cochrane_endnote.ris"),
    ("Cochrane", "ris/citation-file-formatting/_baseline_cochrane_procite.ris"),
    ("Cochrane", "ris/citation-file-formatting/_baseline_cochrane_refman.ris"),
    # Ovid
    ("Ovid", "ris/citesource/new_stage_data_medline_84.ris"),
    ("Ovid", "ris/citation-file-formatting/_baseline_psychInfo_ovid.ris"),
    ("Ovid", "ris/asreview/ovid_psycinfo.ris"),
    ("Ovid", "ris/synthesisr/Ovid_ris_example.ris"),
    # Reference managers
    ("Zotero", "ris/asysd/zotero_export.ris"),
    ("Zotero", "ris/citation-file-formatting/_baseline_zotero.ris"),
    ("Zotero", "ris/asreview/pubmed_zotero.ris"),
    ("EndNote", "ris/asysd/ris_export.txt"),
    ("EndNote", "ris/citation-file-formatting/_baseline_endnote.ris"),
    ("EndNote", "ris/asreview/schoot-lgmm-ptsd-included-2.ris"),
    ("EndNote", "ris/asreview/schoot-lgmm-ptsd-included-3.ris"),
    ("EndNote", "ris/asreview/pubmed_endnote.txt"),
    ("EndNote", "ris/citesource/topic_data_pubmed_176.ris"),
    # Other databases
    ("Dimensions", "ris/citesource/new_stage_data_Dimensions_246.ris"),
    ("ProQuest", "ris/asreview/proquest.ris"),
]

TAG = re.compile(rb"^([A-Z][A-Z0-9])  -( |$)")


def records(path):
    """The records of one file, each as LF-terminated lines, TY to ER."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.replace(b"\r\n", b"\n")
    if b"\r" in data:
        sys.exit("gen_ris: %s has lone CRs" % path)
    out = []
    cur = None
    for line in data.split(b"\n"):
        m = TAG.match(line)
        tag = m.group(1) if m else None
        if tag == b"TY":
            if cur is not None:
                sys.exit("gen_ris: %s: TY inside a record" % path)
            cur = [line]
        elif cur is None:
            continue            # preamble or blank lines between records
        elif tag == b"ER":
            cur.append(line)
            out.append(b"\n".join(cur) + b"\n")
            cur = None
        else:
            cur.append(line)
    if cur is not None:
        sys.exit("gen_ris: %s: record without ER" % path)
    return out


def templates(corpus):
    out = []
    by_db = {}
    for db, rel in SOURCES:
        recs = records(os.path.join(corpus, rel))
        if not recs:
            sys.exit("gen_ris: no record in %s" % rel)
        out.extend(recs)
        by_db[db] = by_db.get(db, 0) + len(recs)
    return out, by_db


def expected_size(tpl, n):
    full, rest = divmod(n, len(tpl))
    # +1: a blank line after each record, as most exporters write it
    return (full * sum(len(r) + 1 for r in tpl)
            + sum(len(r) + 1 for r in tpl[:rest]))


def write(out, tpl, n):
    tmp = out + ".tmp"
    k = len(tpl)
    with open(tmp, "wb", buffering=1 << 20) as f:
        chunk = []
        for i in range(n):
            chunk.append(tpl[i % k])
            chunk.append(b"\n")
            if len(chunk) >= 8192:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    os.replace(tmp, out)


def check(out, n):
    """Every record TY ... ER, no line outside a record but blank ones."""
    count = 0
    inside = False
    with open(out, "rb") as f:
        for no, line in enumerate(f, 1):
            m = TAG.match(line.rstrip(b"\n"))
            tag = m.group(1) if m else None
            if tag == b"TY":
                if inside:
                    sys.exit("gen_ris: %s:%d: TY inside a record" % (out, no))
                inside = True
            elif tag == b"ER":
                if not inside:
                    sys.exit("gen_ris: %s:%d: ER outside a record" % (out, no))
                inside = False
                count += 1
            elif not inside and line.strip():
                sys.exit("gen_ris: %s:%d: text outside a record" % (out, no))
    if inside or count != n:
        sys.exit("gen_ris: %d records in %s, expected %d" % (count, out, n))
    print("gen_ris: %s checked: %d records" % (out, count), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--check", action="store_true",
                    help="read a newly written file back and check every record")
    args = ap.parse_args()

    tpl, by_db = templates(args.corpus)
    size = expected_size(tpl, args.records)
    try:
        have = os.path.getsize(args.out)
    except OSError:
        have = -1
    wrote = have != size
    if not wrote:
        print("gen_ris: reusing %s (%d bytes)" % (args.out, size),
              file=sys.stderr)
    else:
        print("gen_ris: writing %s: %d records from %d real records in "
              "%d files" % (args.out, args.records, len(tpl), len(SOURCES)),
              file=sys.stderr)
        write(args.out, tpl, args.records)
        if os.path.getsize(args.out) != size:
            sys.exit("gen_ris: %s has an unexpected size" % args.out)
    info = {
        "format": "ris",
        "file": os.path.basename(args.out),
        "records": args.records,
        "bytes": size,
        "distinct_records": len(tpl),
        "source_files": len(SOURCES),
        "records_by_database": by_db,
        "mean_record_bytes": round(size / args.records),
    }
    with open(args.out + ".info", "w") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    if args.check and wrote:
        check(args.out, args.records)


if __name__ == "__main__":
    main()
