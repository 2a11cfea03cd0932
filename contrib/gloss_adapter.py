"""gloss_adapter — what the suggesters in contrib/ share (gloss(5), SUGGESTERS).

A suggester reads gloss's request (one JSON object: the codebook and a transcript's units)
on standard input and writes one JSON line per suggested coding. These adapters ask a
language model served on this machine (Ollama, llama.cpp's server) over its HTTP API, in
chunks of units, and pass on what it answers; gloss checks every line again. Python 3
standard library only. A server that is not on this machine is refused unless
--allow-remote is given: interview data stays local by default.
"""

import argparse
import ipaddress
import json
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

INSTRUCTIONS = """You help a qualitative researcher code interview transcripts.
You get a codebook (codes with their definitions, what to include and exclude, and
examples) and numbered units of a transcript. Suggest a code for a unit only when the
unit clearly fits the code's definition. Answer with JSON only, in this form:
{"suggestions": [{"unit": 3, "code": "code-id", "confidence": 0.8,
"rationale": "one short sentence"}]}
Use only code ids from the codebook and unit numbers from the transcript. Suggest
nothing rather than guess: {"suggestions": []}."""


def parse_args(name, default_url):
    p = argparse.ArgumentParser(prog=name, description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="the model's name on the server")
    p.add_argument("--url", default=default_url, help="the server (default %(default)s)")
    p.add_argument("--timeout", type=float, default=600, help="seconds per request")
    p.add_argument("--chunk", type=int, default=6000,
                   help="characters of transcript per request (default %(default)s)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a server that is not on this machine")
    return p.parse_args()


def is_local(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(a[4][0]).is_loopback
                       for a in socket.getaddrinfo(host, None))
        except OSError:
            return False


def codebook_text(codebook):
    out = []
    for c in codebook:
        if c.get("theme"):
            continue
        line = "- %s: %s" % (c["id"], c.get("name") or c["id"])
        for key in ("description", "include", "exclude"):
            if c.get(key):
                line += "\n  %s: %s" % (key, c[key])
        for ex in c.get("examples") or []:
            line += "\n  example: %s" % ex
        out.append(line)
    return "\n".join(out)


def chunks(units, size):
    part, n = [], 0
    for u in units:
        text = "[%d] %s: %s" % (u["id"], u.get("speaker") or "-", u["text"])
        if part and n + len(text) > size:
            yield part
            part, n = [], 0
        part.append(text)
        n += len(text) + 1
    if part:
        yield part


def post(url, body, timeout):
    req = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.load(r)


def suggestions_in(content, ids, units):
    """the model's answer: the suggestions that name a known code and unit"""
    try:
        answer = json.loads(content)
    except (ValueError, TypeError):
        start, end = (content or "").find("{"), (content or "").rfind("}")
        try:
            answer = json.loads(content[start:end + 1]) if start >= 0 else {}
        except ValueError:
            return
    items = answer.get("suggestions", []) if isinstance(answer, dict) else answer
    for s in items if isinstance(items, list) else []:
        if not isinstance(s, dict) or s.get("code") not in ids:
            continue
        if not isinstance(s.get("unit"), int) or s["unit"] not in units:
            continue
        out = {"unit": s["unit"], "code": s["code"]}
        conf = s.get("confidence")
        if isinstance(conf, (int, float)) and 0 <= conf <= 1:
            out["confidence"] = conf
        if isinstance(s.get("rationale"), str):
            out["rationale"] = s["rationale"][:500]
        yield out


def run(name, default_url, ask):
    """ask(args, system, user) -> the model's text answer"""
    args = parse_args(name, default_url)
    if not args.allow_remote and not is_local(args.url):
        sys.exit("%s: %s is not on this machine (--allow-remote to use it anyway)"
                 % (name, args.url))
    req = json.load(sys.stdin)
    ids = {c["id"] for c in req["codebook"]}
    units = {u["id"] for u in req["units"]}
    system = INSTRUCTIONS + "\n\nCodebook:\n" + codebook_text(req["codebook"])
    try:
        for part in chunks(req["units"], args.chunk):
            content = ask(args, system, "Transcript units:\n" + "\n".join(part))
            for s in suggestions_in(content, ids, units):
                print(json.dumps(s, ensure_ascii=False), flush=True)
    except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
        sys.exit("%s: the server at %s: %s" % (name, args.url, e))
