#!/usr/bin/env python3
"""Peer for the RIS benchmark: a plain Python RIS line parser.

Reads the file line by line as UTF-8 text, splits each "XX  - value"
line into tag and value, gathers a record's tags into a dict (repeated
tags such as AU and KW as lists), appends untagged lines to the value
before them, and hands the dict on at ER: the way many Python tools read
RIS. The dicts are counted, not kept.

usage: peer_ris_python.py FILE
Prints the number of records read (and of records without a title) to
stderr.
"""

import sys

# Tags whose values are lists; the rest keep their last value.
LIST_TAGS = frozenset(
    "A1 A2 A3 A4 AU AD KW N1 UR L1 L2 L4 SN C1 C2".split())


def records(path):
    rec = None
    last = None
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line[2:5] == "  -" and "A" <= line[0] <= "Z" and \
                    ("A" <= line[1] <= "Z" or "0" <= line[1] <= "9"):
                tag = line[:2]
                value = line[5:].strip()
                if tag == "TY":
                    rec = {"TY": value}
                    last = None
                    continue
                if rec is None:
                    continue
                if tag == "ER":
                    yield rec
                    rec = None
                    last = None
                    continue
                if tag in LIST_TAGS:
                    rec.setdefault(tag, []).append(value)
                else:
                    rec[tag] = value
                last = tag
            elif rec is not None and last is not None and line.strip():
                # Continuation line: belongs to the value before it.
                more = line.strip()
                if last in LIST_TAGS:
                    rec[last][-1] = rec[last][-1] + " " + more
                else:
                    rec[last] = rec[last] + " " + more


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[2])
    n = 0
    untitled = 0
    for rec in records(sys.argv[1]):
        n += 1
        if not (rec.get("TI") or rec.get("T1")):
            untitled += 1
    print("records %d untitled %d" % (n, untitled), file=sys.stderr)


if __name__ == "__main__":
    main()
