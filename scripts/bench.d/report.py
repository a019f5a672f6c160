#!/usr/bin/env python3
"""Tables and docs/BENCHMARKS.md for scripts/bench.

usage:
  report.py table NAME             Markdown for one input, to stdout
  report.py write DOC NAME...      put the tables, the inputs and the
                                   machine into DOC between its markers
  report.py machine                the machine block, to stdout
  report.py count STORE            records in a scopekit store

The results live in $BENCH_DIR/results/NAME.tsv, one line per run: date,
tool, status (ok, na, failed), seconds, max RSS KiB, input bytes, note.
The newest line of each tool wins, among lines measured on the input as
it is now (same size).
"""

import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time

BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/scopekit-bench")

TOOLS = {
    "pubmed": ["scopekit", "lxml", "med2xml"],
    "ris": ["scopekit", "ris-python", "ris2xml"],
}
LABEL = {
    "scopekit": "scopekit import (new store, all fields and original text)",
    "lxml": "Python lxml iterparse, 8 fields",
    "med2xml": "bibutils med2xml",
    "ris-python": "Python RIS line parser",
    "ris2xml": "bibutils ris2xml",
}
# The peer each format's speed aim is set against, and the factor.
AIM = {
    "pubmed": ("lxml", 2.0, "the lxml extraction alone"),
    "ris": ("ris-python", 1.5, "the Python line parser alone"),
}
MEM_AIM_MIB = 64
ORDER = ["pubmed-3000", "pubmed-30000", "pubmed-300000",
         "ris-10000", "ris-100000", "ris-1000000"]


def fmt_of(name):
    return name.split("-", 1)[0]


def records_of(name):
    return int(name.split("-", 1)[1])


def input_path(name):
    ext = ".xml" if fmt_of(name) == "pubmed" else ".ris"
    return os.path.join(BENCH_DIR, "inputs", name + ext)


def load_info(name):
    try:
        with open(input_path(name) + ".info") as f:
            return json.load(f)
    except OSError:
        return None


def load_rows(name):
    """Newest row per tool, for the input as it is now."""
    info = load_info(name)
    size = str(info["bytes"]) if info else None
    rows = {}
    try:
        with open(os.path.join(BENCH_DIR, "results", name + ".tsv")) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 7:
                    continue
                date, tool, status, secs, rss, nbytes, note = parts
                if size is not None and nbytes != size:
                    continue
                rows[tool] = {
                    "date": date, "status": status, "secs": float(secs),
                    "rss_kib": int(rss), "bytes": int(nbytes), "note": note,
                }
    except OSError:
        pass
    return rows


def num(x, digits=0):
    return "{:,.{d}f}".format(x, d=digits)


def title(name):
    kind = "PubMed XML" if fmt_of(name) == "pubmed" else "RIS"
    quick = " (quick check)" if name in ("pubmed-3000", "ris-10000") else ""
    return "%s, %s records%s" % (kind, num(records_of(name)), quick)


def table(name):
    fmt = fmt_of(name)
    n = records_of(name)
    rows = load_rows(name)
    info = load_info(name)
    out = ["### %s" % title(name), ""]
    if info:
        out.append(
            "Input `%s`: %s records, %s MB (%s KB a record), cycled from "
            "%s distinct real records in %s corpus files." % (
                info["file"], num(info["records"]),
                num(info["bytes"] / 1e6, 1),
                num(info["mean_record_bytes"] / 1e3, 1),
                num(info["distinct_records"]), info["source_files"]))
        out.append("")
    out.append("| tool | seconds | records/s | MB/s | peak RSS (MiB) "
               "| time ÷ scopekit |")
    out.append("|---|--:|--:|--:|--:|--:|")
    sk = rows.get("scopekit")
    sk_ok = sk is not None and sk["status"] == "ok" and sk["secs"] > 0
    notes = []      # why a tool has no figures, numbered
    extra = []      # anything else worth a line
    dates = []
    for tool in TOOLS[fmt]:
        r = rows.get(tool)
        if r is None:
            continue
        dates.append(r["date"])
        label = LABEL[tool]
        if r["status"] == "ok":
            secs = max(r["secs"], 0.01)
            ratio = "%.2f" % (secs / sk["secs"]) if sk_ok else "—"
            out.append("| %s | %.2f | %s | %s | %s | %s |" % (
                label, r["secs"], num(n / secs), num(r["bytes"] / 1e6 / secs, 1),
                num(r["rss_kib"] / 1024, 1), ratio))
            m = re.fullmatch(r"store (\d+) MB", r["note"])
            if m:
                extra.append("The scopekit store holds %s MB after the "
                             "import." % num(int(m.group(1))))
            elif r["note"]:
                extra.append("%s: %s." % (label, r["note"]))
        else:
            what = "not available" if r["status"] == "na" else "failed"
            mark = "[%d]" % (len(notes) + 1)
            rss = num(r["rss_kib"] / 1024, 1) if r["rss_kib"] else "—"
            out.append("| %s | %s %s | — | — | %s | — |" % (
                label, what, mark, rss))
            notes.append("%s %s: %s." % (mark, label, r["note"] or what))
    if not dates:
        out.append("| (no measurement) | | | | | |")
    out.append("")
    for note in notes + extra:
        out.append(note)
        out.append("")
    # The aims.
    peer, factor, what = AIM[fmt]
    p = rows.get(peer)
    if sk_ok and p is not None and p["status"] == "ok":
        r = p["secs"] / sk["secs"]
        out.append("Aim, speed: scopekit at least %.1f× as fast as %s: "
                   "%.2f× — %s." % (factor, what, r,
                                    "met" if r >= factor else "NOT met"))
    else:
        out.append("Aim, speed: scopekit at least %.1f× as fast as %s: "
                   "not measured." % (factor, what))
    if sk_ok:
        mib = sk["rss_kib"] / 1024
        out.append("Aim, memory: scopekit peak RSS under %d MiB: %s MiB — %s."
                   % (MEM_AIM_MIB, num(mib, 1),
                      "met" if mib < MEM_AIM_MIB else "NOT met"))
    else:
        out.append("Aim, memory: scopekit peak RSS under %d MiB: "
                   "not measured." % MEM_AIM_MIB)
    if dates:
        days = sorted(set(d[:10] for d in dates))
        out.append("")
        out.append("Measured %s." % (" to ".join([days[0], days[-1]])
                                     if len(days) > 1 else days[0]))
    return "\n".join(out) + "\n"


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (p.stdout or p.stderr).strip()


def first_line(s):
    return s.splitlines()[0] if s else "unknown"


def cmake_cache(binary):
    cache = os.path.join(os.path.dirname(binary), "CMakeCache.txt")
    vals = {}
    try:
        with open(cache) as f:
            for line in f:
                m = re.match(r"^([A-Za-z_]+):[A-Z]+=(.*)$", line.rstrip("\n"))
                if m:
                    vals[m.group(1)] = m.group(2)
    except OSError:
        pass
    return vals


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
                    break
    except OSError:
        pass
    scopekit = os.environ.get("SCOPEKIT", "build/scopekit")
    cache = cmake_cache(scopekit)
    cc = cache.get("CMAKE_C_COMPILER") or shutil.which("cc") or "cc"
    cflags = cache.get("CMAKE_C_FLAGS_" + cache.get("CMAKE_BUILD_TYPE", "")
                       .upper(), "")
    try:
        import lxml.etree as le
        lxml_v = "lxml %s (libxml2 %s)" % (
            le.__version__, ".".join(map(str, le.LIBXML_VERSION)))
    except ImportError:
        lxml_v = "lxml not installed"
    fs = run(["df", "-T", BENCH_DIR]).splitlines()
    fs = fs[-1].split()[1] if len(fs) > 1 else "unknown"
    libs = []
    for pkg in ("sqlite3", "libxml-2.0"):
        v = run(["pkg-config", "--modversion", pkg])
        if v:
            libs.append("%s %s" % (pkg, v))
    version = first_line(run([scopekit, "--version"]))
    try:
        built = time.strftime("%Y-%m-%d %H:%M UTC",
                              time.gmtime(os.path.getmtime(scopekit)))
        version += ", binary of %s" % built
    except OSError:
        pass
    src = cache.get("CMAKE_HOME_DIRECTORY")
    if src:
        head = run(["git", "-C", src, "rev-parse", "--short", "HEAD"])
        dirty = run(["git", "-C", src, "status", "--porcelain",
                     "--untracked-files=no", "--", "src", "queries",
                     "cmake", "CMakeLists.txt"])
        if re.fullmatch(r"[0-9a-f]{4,40}", head):
            version += "; source tree at %s%s" % (
                head, " with uncommitted changes to the sources"
                if dirty else "")
    lines = [
        "| | |",
        "|---|---|",
        "| CPU | %s, %s logical CPUs (`nproc`) |" % (cpu, os.cpu_count()),
        "| memory | %s |" % mem,
        "| system | %s %s |" % (platform.system(), platform.release()),
        "| work directory | %s, on %s |" % (BENCH_DIR, fs),
        "| compiler | %s |" % first_line(run([cc, "--version"])),
        "| scopekit | %s |" % version,
        "| scopekit build | %s%s |" % (
            cache.get("CMAKE_BUILD_TYPE") or "unknown",
            " (`%s`)" % cflags.strip() if cflags.strip() else ""),
        "| libraries | %s |" % (", ".join(libs) or "unknown"),
        "| Python | %s, %s |" % (platform.python_version(), lxml_v),
        "| bibutils | %s |" % first_line(run(["med2xml", "--version"])),
        "| memory limit | %s |" % (
            "%s MiB of address space for every timed command"
            % os.environ["BENCH_MEM_LIMIT"]
            if os.environ.get("BENCH_MEM_LIMIT") else "none"),
    ]
    return "\n".join(lines) + "\n"


def inputs_block(old, names):
    rows = {}
    for line in old.splitlines():
        m = re.match(r"^\| `([^`]+)` \|", line)
        if m:
            rows[m.group(1)] = line
    for name in names:
        info = load_info(name)
        if info is None:
            continue
        rows[info["file"]] = "| `%s` | %s | %s | %s | %s |" % (
            info["file"], num(info["records"]), num(info["bytes"]),
            num(info["bytes"] / 1e6, 1),
            num(info["mean_record_bytes"] / 1e3, 1))

    def key(f):
        base = f.rsplit(".", 1)[0]
        return ORDER.index(base) if base in ORDER else len(ORDER)
    out = ["| file | records | bytes | MB | KB a record |",
           "|---|--:|--:|--:|--:|"]
    out.extend(rows[f] for f in sorted(rows, key=key))
    return "\n".join(out) + "\n"


def replace_block(doc, tag, body):
    begin = "<!-- bench:%s -->" % tag
    end = "<!-- /bench:%s -->" % tag
    i = doc.find(begin)
    j = doc.find(end)
    if i < 0 or j < i:
        sys.exit("report: no %s ... %s markers" % (begin, end))
    return doc[:i + len(begin)] + "\n" + body + doc[j:]


def write(path, names):
    with open(path) as f:
        doc = f.read()
    # Results: one sub-block per input, in a fixed order.
    begin, end = "<!-- bench:results -->", "<!-- /bench:results -->"
    i, j = doc.find(begin), doc.find(end)
    if i < 0 or j < i:
        sys.exit("report: %s has no %s ... %s markers" % (path, begin, end))
    body = doc[i + len(begin):j]
    blocks = {}
    for m in re.finditer(r"<!-- bench:result (\S+) -->\n(.*?)"
                         r"<!-- /bench:result \1 -->\n", body, re.S):
        blocks[m.group(1)] = m.group(2)
    for name in names:
        blocks[name] = table(name)

    def key(name):
        return ORDER.index(name) if name in ORDER else len(ORDER)
    parts = ["\n"]
    for name in sorted(blocks, key=key):
        parts.append("<!-- bench:result %s -->\n%s<!-- /bench:result %s -->\n\n"
                     % (name, blocks[name], name))
    doc = doc[:i + len(begin)] + "".join(parts) + doc[j:]

    k, l = doc.find("<!-- bench:inputs -->"), doc.find("<!-- /bench:inputs -->")
    old = doc[k:l] if 0 <= k < l else ""
    doc = replace_block(doc, "inputs", inputs_block(old, list(blocks)))
    doc = replace_block(doc, "machine", machine())
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(doc)
    os.replace(tmp, path)


def count(store):
    con = sqlite3.connect("file:%s?mode=ro" % store, uri=True)
    try:
        print(con.execute("SELECT count(*) FROM record").fetchone()[0])
    finally:
        con.close()


def main():
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == "table":
        sys.stdout.write(table(a[1]))
    elif len(a) >= 2 and a[0] == "write":
        write(a[1], a[2:])
    elif a == ["machine"]:
        sys.stdout.write(machine())
    elif len(a) == 2 and a[0] == "count":
        count(a[1])
    else:
        sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    main()
