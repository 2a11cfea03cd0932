#!/usr/bin/env python3
"""fake-suggester.py MODE — a deterministic suggester for tests/review (gloss(5),
SUGGESTERS): reads gloss's request and answers according to MODE."""
import json
import os
import sys
import time

mode = sys.argv[1]
req = json.load(sys.stdin)
units = req["units"]
name = req["transcript"]


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")


if mode == "ref":  # by hand: trust on units 1 and 2, values on unit 3
    for u, c in ((1, "trust"), (2, "trust"), (3, "values")):
        say({"unit": u, "code": c})
elif mode == "cand":  # trust on 1 and 3, values on 4
    for u, c, p in ((1, "trust", 0.9), (3, "trust", 0.6), (4, "values", 0.3)):
        say({"unit": u, "code": c, "confidence": p, "rationale": "unit %d" % u})
elif mode == "hostile":
    say({"unit": 1, "code": "trust", "confidence": 0.5,
         "rationale": "ok \x1b]0;pwned\x07 \x1b[2J"})
    say({"unit": 1, "code": "no-such-code"})
    say({"unit": 99, "code": "trust"})
    say({"start": 0, "end": 4, "code": "trust"})
    say({"start": 40, "end": 30, "code": "trust"})
    say({"unit": 2, "code": "trust", "confidence": 7})
    sys.stdout.write('{"unit": 2, "code": "trust"\n')
    sys.stdout.write("\x1b[31mnot json\x1b[0m\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(b'{"unit": 2, "code": "values", "rationale": "\xff\xfe"}\n')
elif mode == "huge":
    sys.stdout.write("x" * (5 << 20))
elif mode == "slow":
    time.sleep(300)
elif mode == "fail":
    sys.stderr.write("model not loaded \x1b[31m\n")
    sys.exit(3)
elif mode == "wait":  # the first transcript answers; the second waits to be stopped
    if name.endswith("02"):
        open("started-02", "w").close()
        time.sleep(300)
    say({"unit": 1, "code": "trust"})
