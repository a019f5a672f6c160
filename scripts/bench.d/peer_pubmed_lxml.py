#!/usr/bin/env python3
"""Peer for the PubMed XML benchmark: streaming lxml extraction.

Reads a PubMed XML file with lxml.etree.iterparse, takes eight fields
from each PubmedArticle (PMID, title, abstract, journal, year, first
author, DOI, language) into a dict, and clears every element once it is
read, so memory stays flat however large the file: the usual way Python
tools read PubMed baseline files. The dicts are counted, not kept.

usage: peer_pubmed_lxml.py FILE
Prints the number of records read (and of records without a title) to
stderr.
"""

import re
import sys

from lxml import etree

YEAR = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")


def text(el):
    """All text of an element, inline markup (i, sup, MathML) included."""
    if el is None:
        return None
    s = "".join(el.itertext()).strip()
    return s or None


def abstract(article):
    parts = []
    for at in article.iterfind("Abstract/AbstractText"):
        s = text(at)
        if not s:
            continue
        label = at.get("Label")
        parts.append("%s: %s" % (label, s) if label else s)
    return "\n".join(parts) or None


def year(article):
    date = article.find("Journal/JournalIssue/PubDate")
    if date is None:
        return None
    y = date.findtext("Year")
    if y:
        return int(y)
    m = YEAR.search(date.findtext("MedlineDate") or "")
    return int(m.group(1)) if m else None


def first_author(article):
    au = article.find("AuthorList/Author")
    if au is None:
        return None
    group = au.findtext("CollectiveName")
    if group:
        return group.strip()
    last = au.findtext("LastName")
    if not last:
        return None
    given = au.findtext("ForeName") or au.findtext("Initials")
    return "%s, %s" % (last, given) if given else last


def doi(art, article):
    for aid in art.iterfind("PubmedData/ArticleIdList/ArticleId"):
        if aid.get("IdType") == "doi" and aid.text:
            return aid.text.strip()
    for loc in article.iterfind("ELocationID"):
        if loc.get("EIdType") == "doi" and loc.text:
            return loc.text.strip()
    return None


def extract(art):
    cit = art.find("MedlineCitation")
    article = cit.find("Article")
    return {
        "pmid": cit.findtext("PMID"),
        "title": text(article.find("ArticleTitle")),
        "abstract": abstract(article),
        "journal": article.findtext("Journal/Title"),
        "year": year(article),
        "first_author": first_author(article),
        "doi": doi(art, article),
        "language": article.findtext("Language"),
    }


def records(path):
    for _, el in etree.iterparse(path, events=("end",), tag="PubmedArticle",
                                 huge_tree=True):
        yield extract(el)
        # Free the record and everything before it in the document.
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[2])
    n = 0
    untitled = 0
    for rec in records(sys.argv[1]):
        n += 1
        if not rec["title"]:
            untitled += 1
    print("records %d untitled %d" % (n, untitled), file=sys.stderr)


if __name__ == "__main__":
    main()
