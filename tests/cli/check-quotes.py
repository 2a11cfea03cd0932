#!/usr/bin/env python3
"""tests/cli/check-quotes.py — check gloss quotes output against the project it came from.

  check-quotes.py html FILE        FILE parses as HTML: every element closed in order (void
                                   elements excepted), one <html>, <head> and <body>, no
                                   <script>, <link>, <img>, <iframe>, <object> or <embed>, no
                                   src attribute, every href a link inside the page (#id)
                                   that names an existing id, no url( in styles.
  check-quotes.py csv FILE ROOT    every row of `gloss quotes --format csv` (FILE) quotes its
                                   transcript (ROOT/path) exactly: the text column, its
                                   placeholders and formula guard undone, occurs in the
                                   transcript as gloss reads it (BOM dropped, CRLF as LF)
                                   starting on the row's line and ending on line_end; and
                                   every attr.KEY column equals the front matter's KEY
                                   (the import's source, format and imported hidden).
  check-quotes.py markdown MD JSON the Markdown (MD) rendered by cmark reads as the text:
                                   each blockquote's passage equals the "text" of the
                                   same record of the JSON output (controls as gloss's
                                   placeholders), each "*Context:*" paragraph the turns
                                   of its "context"; and no backslash is left in the
                                   rendered text that the text does not have.
  check-quotes.py counts HTML CSV  every count of the HTML page's contents (class count,
                                   data-code, data-n) says its figure in its text and
                                   equals the passages of that code in `gloss tally
                                   --format csv` (CSV); at least one count is checked.
Prints one line per problem and exits 1 when there is any."""
import csv
import html.parser
import sys

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source",
        "track", "wbr"}
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.ids, self.hrefs, self.counts = [], [], set(), [], {}

    def handle_starttag(self, tag, attrs):
        if not (tag == "title" and any(t == "svg" for t, _ in self.stack)):  # an svg's own
            self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag in FORBIDDEN:
            self.problems.append("forbidden element <%s> at %s" % (tag, self.getpos()))
        for k, v in attrs:
            if k == "src":
                self.problems.append("src attribute at %s" % (self.getpos(),))
            if k == "href":
                self.hrefs.append((v or "", self.getpos()))
            if k == "id":
                if v in self.ids:
                    self.problems.append("duplicate id %r" % v)
                self.ids.add(v)
            if k == "style" or (v and "url(" in v):
                self.problems.append("inline style or url( at %s" % (self.getpos(),))
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append("end tag of void element </%s>" % tag)
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append("</%s> at %s closes %s" % (tag, self.getpos(),
                                                             self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()

    def handle_data(self, data):
        if "style" in [t for t, _ in self.stack] and "url(" in data:
            self.problems.append("url( in a style sheet")
        for ch in data:
            if (ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F:
                self.problems.append("control character %r at %s" % (ch, self.getpos()))


def check_html(path):
    p = Checker()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("<!DOCTYPE html>"):
        p.problems.append("no <!DOCTYPE html>")
    p.feed(text)
    p.close()
    for tag, pos in p.stack:
        p.problems.append("<%s> at %s never closed" % (tag, pos))
    for tag in ("html", "head", "body", "title"):
        if p.counts.get(tag) != 1:
            p.problems.append("%d <%s> elements" % (p.counts.get(tag, 0), tag))
    for href, pos in p.hrefs:
        if not href.startswith("#") or href[1:] not in p.ids:
            p.problems.append("href %r at %s is not a link inside the page" % (href, pos))
    return p.problems


def unplaceholder(s):
    """undo the visible stand-ins of control characters (U+2400 + cp, U+2421 for DEL)"""
    out = []
    for ch in s:
        o = ord(ch)
        if 0x2400 <= o < 0x2420:
            out.append(chr(o - 0x2400))
        elif o == 0x2421:
            out.append("\x7f")
        else:
            out.append(ch)
    return "".join(out)


_cache = {}


def read_transcript(path):
    if path in _cache:
        return _cache[path]
    with open(path, "rb") as f:
        b = f.read()
    if b.startswith(b"\xef\xbb\xbf"):
        b = b[3:]
    t = b.decode("utf-8", errors="replace").replace("\r\n", "\n")
    starts = [0] + [i + 1 for i, c in enumerate(t) if c == "\n"]
    _cache[path] = (t, starts)
    return _cache[path]


def front_matter(text):
    lines = text.split("\n")
    attrs = {}
    if lines and lines[0] == "---":
        for ln in lines[1:]:
            if ln == "---":
                break
            if ":" in ln:
                k, v = ln.split(":", 1)
                v = v.strip()
                if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                    v = v[1:-1]
                attrs[k.strip()] = v
    return attrs


def check_csv(path, root):
    problems = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return ["no rows"]
    for n, row in enumerate(rows, 2):
        text = unplaceholder(row["text"])
        if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
            text = text[1:]
        t, starts = read_transcript(root + "/" + row["path"])
        line, line_end = int(row["line"]), int(row["line_end"])
        lo = starts[line - 1]
        hi = starts[line] if line < len(starts) else len(t)
        found = [i for i in range(lo, hi) if t.startswith(text, i)]
        if not text or not found:
            problems.append("row %d: text %r not found on line %d of %s" % (n, text[:40], line, row["path"]))
            continue
        last = found[0] + len(text) - 1
        if t.count("\n", 0, last) + 1 != line_end:
            problems.append("row %d: passage ends on line %d, not %d" % (n, t.count("\n", 0, last) + 1, line_end))
        attrs = front_matter(t)
        for k, v in row.items():
            if k.startswith("attr.") and v != attrs.get(k[5:], ""):
                problems.append("row %d: %s = %r, front matter says %r" % (n, k, v, attrs.get(k[5:])))
        for k in attrs:
            if "attr." + k not in row and k not in ("source", "format", "imported"):
                problems.append("row %d: no column attr.%s" % (n, k))
    return problems


def display(s):
    """the text as gloss shows it: controls as placeholders, LF kept, TAB as a space"""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif o < 0x20:
            out.append(chr(0x2400 + o))
        elif o == 0x7F:
            out.append("\u2421")
        elif 0x80 <= o <= 0x9F or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


class Rendered(html.parser.HTMLParser):
    """the text of each <blockquote>'s first paragraph and of each Context paragraph"""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.quotes, self.contexts, self.texts = [], [], []
        self.depth_bq, self.cur, self.in_p, self.first_p = 0, None, False, False

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            self.depth_bq += 1
            self.first_p = True
        elif tag == "p":
            self.in_p, self.cur = True, []
        elif tag == "br" and self.cur is not None:
            self.cur.append("\n")

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self.depth_bq -= 1
        elif tag == "p" and self.cur is not None:
            text = "".join(self.cur)
            self.texts.append(text)
            if self.depth_bq and self.first_p:
                self.quotes.append(text)
                self.first_p = False
            elif text.startswith("Context: "):
                self.contexts.append(text[len("Context: "):])
            self.in_p, self.cur = False, None

    def handle_data(self, data):
        if self.cur is not None:
            if self.cur and self.cur[-1] == "\n" and data.startswith("\n"):
                data = data[1:]
            self.cur.append(data)


def check_markdown(md_path, json_path):
    import json
    import subprocess
    problems = []
    with open(md_path, encoding="utf-8") as f:
        md = f.read()
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    records = data.get("quotes", data.get("memos", []))
    html_out = subprocess.run(["cmark"], input=md.encode(), capture_output=True, check=True)
    r = Rendered()
    r.feed(html_out.stdout.decode())
    if len(r.quotes) != len(records):
        problems.append("%d blockquotes rendered, %d records" % (len(r.quotes), len(records)))
    for i, (got, rec) in enumerate(zip(r.quotes, records)):
        want = display(rec["text"]).strip()
        if got.strip() != want:
            problems.append("record %d: rendered %r, text %r" % (i + 1, got, want))
    want_ctx = [display("\n".join(
        (("[%s] " % c["timestamp"]) if c["timestamp"] else "") + c["speaker"] + ": " + c["text"]
        for c in rec["context"])) for rec in records if rec.get("context")]
    if [c.strip() for c in r.contexts] != [c.strip() for c in want_ctx]:
        problems.append("contexts rendered %r, want %r" % (r.contexts, want_ctx))
    for t in r.texts:
        if "\\" in t and not any("\\" in rec["text"] or "\\" in rec.get("memo", "") for rec in records):
            problems.append("a backslash shows in the rendered text: %r" % t)
    return problems


class Counts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.cur = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and a.get("class") == "count" and "data-code" in a:
            self.cur = [a["data-code"], a["data-n"], ""]

    def handle_endtag(self, tag):
        if tag == "span" and self.cur:
            self.found.append(self.cur)
            self.cur = None

    def handle_data(self, data):
        if self.cur:
            self.cur[2] += data


def check_counts(html_path, csv_path):
    problems = []
    with open(csv_path, newline="", encoding="utf-8") as f:
        tally = {row["id"]: row["passages"] for row in csv.DictReader(f)}
    c = Counts()
    with open(html_path, encoding="utf-8") as f:
        c.feed(f.read())
    if not c.found:
        problems.append("no count in the page")
    for code, n, text in c.found:
        if not text.startswith("(%s passage" % n):
            problems.append("%s: the text %r does not say %s passages" % (code, text, n))
        if tally.get(code) != n:
            problems.append("%s: the page says %s, tally %s" % (code, n, tally.get(code)))
    return problems


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "html":
        problems = check_html(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "csv":
        problems = check_csv(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "markdown":
        problems = check_markdown(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "counts":
        problems = check_counts(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


sys.exit(main())
