#!/usr/bin/env python3
"""Generate the sample codings files (transcripts/codings/<coder>/<stem>.yaml).

Standard library only.  The input is a spec per coder in tools/codings-spec/,
a Python file defining

    CODINGS = {
        "01-amara-okafor": {                  # transcript stem
            "session": "2026-03-20T09:30:00Z",  # created time of the first coding
            "codings": [
                ("purpose-at-work", "@00:01:38"),           # whole speaker turn
                ("arena-x", "@00:01:38/2"),                  # 2nd paragraph of that turn
                ("arena-x", "@00:01:38/2-3"),                # paragraphs 2 to 3
                ("trust", "exact quote text", "a memo"),     # exact text, must occur once
                {"code": "trust", "at": {"quote": "text", "occurrence": 2}},
                {"code": "trust", "at": {"from": "first words", "to": "last words"},
                 "memo": "...", "created": "2026-03-21T10:00:00Z"},
            ],
        },
    }

A coding is a tuple (code, at[, memo]) or a dict with keys code, at, memo,
created.  "at" locates the passage:

  "@hh:mm:ss"        the whole text of the speaker turn with that timestamp,
                     without the "[hh:mm:ss] SPEAKER: " label, trailing blank
                     lines excluded;
  "@hh:mm:ss/N" or "@hh:mm:ss/N-M"
                     paragraph N (or N to M) of that turn, 1-based, paragraphs
                     being separated by blank lines;
  "text"             exact text; must occur exactly once in the transcript;
  {"quote": text, "occurrence": k}
                     the k-th (1-based) occurrence of text;
  {"from": a, "to": b[, "occurrence": k]}
                     from the (k-th, default: unique) occurrence of a to the end
                     of the first occurrence of b at or after it.

Codings without "created" get session + a few minutes per coding, in spec
order.  Anything that cannot be located exactly fails loudly (exit status 1).

Offsets are in Unicode code points into the whole transcript text (front
matter included, a leading BOM removed, CRLF counted as LF), end exclusive.
Passages longer than 200 code points are written as quote (first 100 code
points) and quote_end (last 100 code points).

Usage:
    tools/mkcodings.py            write all codings files
    tools/mkcodings.py --check    only verify that the files on disk are up to date
"""

import datetime
import os
import re
import runpy
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC_DIR = os.path.join(ROOT, "tools", "codings-spec")
TRANSCRIPTS = os.path.join(ROOT, "transcripts")
CODINGS_DIR = os.path.join(TRANSCRIPTS, "codings")
CODEBOOK_DIR = os.path.join(ROOT, "codebooks")

QUOTE_MAX = 200
QUOTE_HALF = 100

TURN_RE = re.compile(
    r"^(?:\[(\d{1,2}:\d\d:\d\d)\] )?"          # optional timestamp
    r"([A-Z\u00C0-\uFFFF][^\s:]*(?: [A-Z\u00C0-\uFFFF][^\s:]*){0,3}): ",
    re.M,
)


class SpecError(Exception):
    pass


def die(msg):
    sys.stderr.write("mkcodings: error: %s\n" % msg)
    sys.exit(1)


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def known_code_ids():
    ids = set()
    for name in sorted(os.listdir(CODEBOOK_DIR)):
        if name.endswith((".yaml", ".yml")):
            for m in re.finditer(r"^\s*-\s+id:\s*['\"]?([a-z0-9][a-z0-9-]*)",
                                 read_text(os.path.join(CODEBOOK_DIR, name)), re.M):
                ids.add(m.group(1))
    return ids


def body_start(text):
    """Offset of the first character after the YAML front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end < 0:
            raise SpecError("unterminated front matter")
        return end + len("\n---\n")
    return 0


def turns(text):
    """List of (timestamp, speaker, text_start, text_end) for each turn."""
    start = body_start(text)
    found = [m for m in TURN_RE.finditer(text, start)]
    result = []
    for i, m in enumerate(found):
        s = m.end()
        e = found[i + 1].start() if i + 1 < len(found) else len(text)
        while e > s and text[e - 1] in " \t\n":
            e -= 1
        result.append((m.group(1), m.group(2), s, e))
    return result


def paragraphs(text, s, e):
    """Paragraph spans within text[s:e], separated by blank lines."""
    spans = []
    pos = s
    for m in re.finditer(r"\n[ \t]*\n\s*", text[s:e]):
        spans.append((pos, s + m.start()))
        pos = s + m.end()
    spans.append((pos, e))
    return spans


def find_all(text, needle):
    out = []
    i = text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def pick(positions, needle, occurrence):
    if not positions:
        raise SpecError("text not found: %r" % needle)
    if occurrence is None:
        if len(positions) != 1:
            raise SpecError("text found %d times (give an occurrence): %r"
                            % (len(positions), needle))
        return positions[0]
    if not 1 <= occurrence <= len(positions):
        raise SpecError("occurrence %d of %r requested, found %d"
                        % (occurrence, needle, len(positions)))
    return positions[occurrence - 1]


def locate(text, tlist, at):
    if isinstance(at, str) and at.startswith("@"):
        m = re.fullmatch(r"@(\d{1,2}:\d\d:\d\d)(?:/(\d+)(?:-(\d+))?)?", at)
        if not m:
            raise SpecError("bad turn reference %r" % at)
        hits = [t for t in tlist if t[0] == m.group(1)]
        if len(hits) != 1:
            raise SpecError("turn %s found %d times" % (m.group(1), len(hits)))
        _, _, s, e = hits[0]
        if m.group(2):
            paras = paragraphs(text, s, e)
            a = int(m.group(2))
            b = int(m.group(3) or a)
            if not 1 <= a <= b <= len(paras):
                raise SpecError("turn %s has %d paragraphs, %r requested"
                                % (m.group(1), len(paras), at))
            s, e = paras[a - 1][0], paras[b - 1][1]
        return s, e
    if isinstance(at, str):
        at = {"quote": at}
    if not isinstance(at, dict):
        raise SpecError("bad location %r" % (at,))
    occ = at.get("occurrence")
    if "quote" in at:
        q = at["quote"]
        s = pick(find_all(text, q), q, occ)
        return s, s + len(q)
    if "from" in at and "to" in at:
        a, b = at["from"], at["to"]
        s = pick(find_all(text, a), a, occ)
        j = text.find(b, s)
        if j < 0:
            raise SpecError("end text %r not found after %r" % (b, a))
        return s, j + len(b)
    raise SpecError("bad location %r" % (at,))


def yq(s):
    """Double-quoted YAML scalar with JSON-compatible escaping."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def parse_time(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def fmt_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(coder, stem, entry, codes):
    tpath = os.path.join(TRANSCRIPTS, stem + ".txt")
    if not os.path.exists(tpath):
        raise SpecError("no transcript %s" % tpath)
    text = read_text(tpath)
    tlist = turns(text)
    t = parse_time(entry["session"])
    rows = []
    for i, c in enumerate(entry["codings"]):
        if isinstance(c, tuple):
            if len(c) not in (2, 3):
                raise SpecError("coding #%d: tuple must be (code, at[, memo])" % (i + 1))
            c = {"code": c[0], "at": c[1], "memo": c[2] if len(c) == 3 else None}
        try:
            code = c["code"]
            if code not in codes:
                raise SpecError("unknown code id %r" % code)
            s, e = locate(text, tlist, c["at"])
            if e <= s:
                raise SpecError("empty passage")
            passage = text[s:e]
            if re.search(r"^(?:\[\d{1,2}:\d\d:\d\d\] )", passage, re.M):
                raise SpecError("passage includes a speaker label")
            if c.get("created"):
                created = c["created"]
                parse_time(created)
            else:
                created = fmt_time(t)
                t += datetime.timedelta(minutes=2 + (i * 7) % 5, seconds=(i * 37) % 60)
        except SpecError as ex:
            raise SpecError("%s/%s coding #%d (%s): %s"
                            % (coder, stem, i + 1, c.get("code"), ex))
        rows.append((s, e, code, created, passage, c.get("memo")))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))

    lines = [
        "# gloss codings: one transcript, one coder. See gloss(5).",
        "transcript: " + yq(stem + ".txt"),
        "coder: " + yq(coder),
    ]
    if not rows:
        lines.append("codings: []")
    else:
        lines.append("codings:")
        for s, e, code, created, passage, memo in rows:
            lines.append("  - code: " + yq(code))
            lines.append("    start: %d" % s)
            lines.append("    end: %d" % e)
            if len(passage) <= QUOTE_MAX:
                lines.append("    quote: " + yq(passage))
            else:
                lines.append("    quote: " + yq(passage[:QUOTE_HALF]))
                lines.append("    quote_end: " + yq(passage[-QUOTE_HALF:]))
            if memo:
                lines.append("    memo: " + yq(memo))
            lines.append("    created: " + yq(created))
    return "\n".join(lines) + "\n", len(rows)


def main(argv):
    check = "--check" in argv[1:]
    codes = known_code_ids()
    if not codes:
        die("no code ids found in %s" % CODEBOOK_DIR)
    outputs = {}
    for name in sorted(os.listdir(SPEC_DIR)):
        if not name.endswith(".py"):
            continue
        coder = name[:-3]
        spec = runpy.run_path(os.path.join(SPEC_DIR, name)).get("CODINGS")
        if not isinstance(spec, dict):
            die("%s defines no CODINGS dict" % name)
        for stem, entry in sorted(spec.items()):
            try:
                content, n = build(coder, stem, entry, codes)
            except SpecError as ex:
                die(str(ex))
            outputs[os.path.join(CODINGS_DIR, coder, stem + ".yaml")] = (content, n)
    stale = 0
    for path, (content, n) in sorted(outputs.items()):
        rel = os.path.relpath(path, ROOT)
        if check:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    same = f.read() == content
            except FileNotFoundError:
                same = False
            if not same:
                stale += 1
                print("stale: %s" % rel)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(content)
            print("%-50s %3d codings" % (rel, n))
    if check:
        if stale:
            sys.exit(1)
        print("all %d codings files up to date" % len(outputs))


if __name__ == "__main__":
    main(sys.argv)
