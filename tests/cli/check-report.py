#!/usr/bin/env python3
"""tests/cli/check-report.py — every number of `gloss report` equals gloss tally's and agree's.

  check-report.py PAGE DIR GLOSS [ARGS...]

PAGE is the report of the project in DIR; GLOSS is run there with ARGS (the same filters,
e.g. --coder ana) for: tally --format csv (table t-codes: passages, documents), tally --by
KEY --format csv for each "Codes by KEY" section (its t-attr-* table), tally --cooccur
--format csv (t-cooccur), tally --by document --format csv (t-docs: documents by codes),
agree --format csv (t-agree: units, percent, kappa, alpha; when the page has it), and
quotes --per-coder --format json for the saturation (t-saturation: new codes per document
in the order documents were first coded, and the codes so far). Every SVG parses as XML
and has a title and a desc. Prints one line per problem; exits 1 when there is any."""
import csv
import html.parser
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.cur, self.h2, self.in_h2, self.cell = {}, None, "", False, None
        self.by = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self.in_h2, self.h2 = True, ""
        elif tag == "table" and a.get("class") == "data":
            self.cur = a["id"]
            self.tables[self.cur] = {}
            self.by[self.cur] = self.h2
        elif tag == "td" and self.cur and "data-n" in a:
            self.cell = [a["data-row"], a["data-col"], a["data-n"], ""]

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2 = False
        elif tag == "table":
            self.cur = None
        elif tag == "td" and self.cell:
            r, c, n, text = self.cell
            if n and not text.startswith(n) and not (n == "" and text == "-"):
                self.problems.append("%s %s/%s: text %r does not show %s" % (self.cur, r, c, text, n))
            self.tables[self.cur][(r, c)] = n
            self.cell = None

    def handle_data(self, data):
        if self.in_h2:
            self.h2 += data
        if self.cell:
            self.cell[3] += data


def run(gloss, d, args):
    out = subprocess.run([gloss] + args, cwd=d, capture_output=True, check=False)
    return out.stdout.decode()


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def expect(problems, table, got, want, what):
    if not want:
        problems.append("%s: nothing to compare with (%s)" % (table, what))
    for key, v in want.items():
        if got.get(key) != v:
            problems.append("%s %s: page %r, %s %r" % (table, key, got.get(key), what, v))
    for key in got:
        if key not in want:
            problems.append("%s %s: in the page, not in %s" % (table, key, what))


def main():
    page_path, d, gloss, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    text = open(page_path, encoding="utf-8").read()
    p = Page()
    p.problems = []
    p.feed(text)
    problems = p.problems
    # the charts: XML with a title and a text alternative
    start = 0
    while (i := text.find("<svg", start)) >= 0:
        j = text.index("</svg>", i) + 6
        try:
            svg = ET.fromstring(text[i:j])
            ns = "{http://www.w3.org/2000/svg}"
            if svg.find(ns + "title") is None or not (svg.findtext(ns + "desc") or "").strip():
                problems.append("an svg without a title or desc at %d" % i)
        except ET.ParseError as e:
            problems.append("an svg does not parse: %s" % e)
        start = j
    t = rows(run(gloss, d, ["tally", "--format", "csv"] + args))
    want = {}
    for r in t:
        want[(r["id"], "passages")] = r["passages"]
        want[(r["id"], "documents")] = r["documents"]
    expect(problems, "t-codes", p.tables.get("t-codes", {}), want, "tally")
    for tid, title in p.by.items():
        if not tid.startswith("t-attr-"):
            continue
        key = title.replace("Codes by ", "", 1).strip()
        t = rows(run(gloss, d, ["tally", "--by", key, "--format", "csv"] + args))
        want = {(r["id"], g): r[g] for r in t for g in r if g not in ("id", "name", "parent", "depth", "total")}
        expect(problems, tid, p.tables[tid], want, "tally --by " + key)
    t = rows(run(gloss, d, ["tally", "--cooccur", "--format", "csv"] + args))
    want = {(r["id"], g): r[g] for r in t for g in r if g not in ("id", "name", "parent", "depth")}
    expect(problems, "t-cooccur", p.tables.get("t-cooccur", {}), want, "tally --cooccur")
    t = rows(run(gloss, d, ["tally", "--by", "document", "--format", "csv"] + args))
    want = {(r["id"], g): r[g] for r in t for g in r if g not in ("id", "name", "parent", "depth", "total")}
    expect(problems, "t-docs", p.tables.get("t-docs", {}), want, "tally --by document")
    if "t-agree" in p.tables:
        t = rows(run(gloss, d, ["agree", "--format", "csv"] + args))
        want = {}
        for r in t:
            for c in ("units", "percent", "kappa", "alpha"):
                want[(r["id"], c)] = r[c]
        expect(problems, "t-agree", p.tables["t-agree"], want, "agree")
    q = json.loads(run(gloss, d, ["quotes", "--per-coder", "--format", "json"] + args))
    first, codes = {}, {}
    for rec in q["quotes"]:
        path, created = rec["path"], rec["codings"][0]["created"]
        codes.setdefault(path, []).append((created or "", rec["code"]))
        if path not in first or (created and (first[path] is None or created < first[path])):
            first[path] = created if created else first.get(path)
    order = sorted(first, key=lambda k: (first[k] is None, first[k] or "", k))
    seen, want = set(), {}
    for path in order:
        new = {c for _, c in codes[path]} - seen
        seen |= new
        name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        want[(name, "new")] = str(len(new))
        want[(name, "total")] = str(len(seen))
    expect(problems, "t-saturation", p.tables.get("t-saturation", {}), want, "quotes --per-coder")
    for line in problems:
        print(line)
    return 1 if problems else 0


sys.exit(main())
