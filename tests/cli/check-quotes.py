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
                                   every attr.KEY column equals the front matter's KEY.
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
            if "attr." + k not in row:
                problems.append("row %d: no column attr.%s" % (n, k))
    return problems


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "html":
        problems = check_html(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "csv":
        problems = check_csv(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


sys.exit(main())
