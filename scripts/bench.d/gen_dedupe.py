#!/usr/bin/env python3
"""Build a RIS file of N records with known duplicates, for timing and
checking `scopekit dedupe` at scale.

Works are invented (titles of pseudo-words, authors, journals, volumes,
pages, DOIs); each is exported once or several times, as databases do it:
title case and a final full stop changed, a typo now and then, journal
abbreviated, given names as initials, authors after the third left out,
DOI as a URL or missing, end page abbreviated, the year one off. Traps
are added that must not merge: a work with the same title as another but
other authors, year and journal, and an erratum carrying its article's
title. Each record's AN is "WORK.COPY", so the truth is in the file.

usage: gen_dedupe.py --records N --out FILE [--seed S]
"""

import argparse
import random

SYLLABLES = ["ba", "ce", "di", "fo", "gu", "ha", "ke", "li", "mo", "nu",
             "pa", "re", "si", "to", "vu", "xa", "ze", "ar", "en", "ol",
             "th", "st", "pr", "cl", "tr", "ph", "gl", "sp", "br", "cr"]
SMALL = ["of", "in", "the", "and", "with", "for", "a", "on", "after", "versus"]


def word(rng, n):
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def make_vocab(rng, n, lo, hi):
    return list({word(rng, rng.randint(lo, hi)) for _ in range(n)})


def title_of(rng, vocab):
    words = []
    for i in range(rng.randint(7, 15)):
        if i and rng.random() < 0.25:
            words.append(rng.choice(SMALL))
        else:
            words.append(rng.choice(vocab))
    words[0] = words[0].capitalize()
    return " ".join(words)


def make_work(rng, wid, vocab, surnames, journals):
    start = rng.randint(1, 3000)
    return {
        "id": wid,
        "title": title_of(rng, vocab),
        "authors": [(rng.choice(surnames).capitalize(),
                     rng.choice(surnames).capitalize())
                    for _ in range(rng.randint(1, 9))],
        "journal": rng.choice(journals),
        "year": rng.randint(1990, 2024),
        "volume": str(rng.randint(1, 400)),
        "issue": str(rng.randint(1, 12)),
        "pages": (start, start + rng.randint(0, 14)),
        "doi": ("10.%d/j.%s.%d" % (rng.randint(1000, 9999),
                                   word(rng, 2), wid)
                if rng.random() < 0.75 else None),
    }


def typo(rng, s):
    i = rng.randrange(12, len(s) - 1)  # not in a leading "Erratum:"
    return s[:i] + rng.choice("abcdefghij") + s[i + 1:]


def export(rng, w, copy, out):
    """Write one database's record of work w."""
    t = w["title"]
    if rng.random() < 0.3:
        t = t.title()
    if rng.random() < 0.5:
        t += "."
    if rng.random() < 0.03 and len(t) > 60:
        t = typo(rng, t)
    initials = rng.random() < 0.5
    authors = w["authors"]
    if len(authors) > 3 and rng.random() < 0.1:
        authors = authors[:3]
    jfull, jabbr = w["journal"]
    first, last = w["pages"]
    year = w["year"] + (1 if rng.random() < 0.05 else 0)
    lines = ["TY  - JOUR", "AN  - %s.%d" % (w["id"], copy), "TI  - " + t]
    for fam, giv in authors:
        lines.append("AU  - %s, %s" % (fam, giv[0] + "." if initials else giv))
    lines.append("JO  - " + (jabbr if rng.random() < 0.4 else jfull))
    lines += ["PY  - %d" % year, "VL  - " + w["volume"], "IS  - " + w["issue"]]
    if rng.random() < 0.9:
        end = str(last)
        if rng.random() < 0.3 and len(end) == len(str(first)):
            end = end[-2:].lstrip("0") or end
        lines += ["SP  - %d" % first, "EP  - " + end]
    if w["doi"] and rng.random() < 0.85:
        d = w["doi"].upper() if rng.random() < 0.3 else w["doi"]
        lines.append("DO  - " + ("https://doi.org/" + d
                                 if rng.random() < 0.2 else d))
    lines.append("ER  - ")
    out.write("\n".join(lines) + "\n\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=2024)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    vocab = make_vocab(rng, 20000, 2, 5)
    surnames = make_vocab(rng, 30000, 2, 4)
    journals = []
    for _ in range(3000):
        ws = [word(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 4))]
        journals.append((" ".join(x.capitalize() for x in ws),
                         " ".join(x[:4].capitalize() for x in ws)))
    n = wid = 0
    with open(a.out, "w") as out:
        while n < a.records:
            w = make_work(rng, wid, vocab, surnames, journals)
            r = rng.random()
            copies = 1 if r < 0.70 else 2 if r < 0.90 else 3 if r < 0.97 else 4
            copies = min(copies, a.records - n)
            for c in range(copies):
                export(rng, w, c, out)
            n += copies
            wid += 1
            if n < a.records and rng.random() < 0.01:
                # Same title, another work: must stay apart.
                twin = make_work(rng, wid, vocab, surnames, journals)
                twin["title"] = w["title"]
                export(rng, twin, 0, out)
                n += 1
                wid += 1
            if n < a.records and rng.random() < 0.005:
                # An erratum that repeats its article's title.
                err = dict(w, id=wid, title="Erratum: " + w["title"],
                           pages=(w["pages"][0] + 300,) * 2)
                export(rng, err, 0, out)
                n += 1
                wid += 1


if __name__ == "__main__":
    main()
