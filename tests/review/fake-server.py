#!/usr/bin/env python3
"""fake-server.py PORTFILE — a fake local model server for the contrib/ adapters: answers
Ollama's /api/chat and llama.cpp's /v1/chat/completions on 127.0.0.1 (a free port,
written to PORTFILE) with a fixed JSON answer naming unit 1 and code trust (and one
unknown code, which the adapters drop), and logs each request body to PORTFILE.log."""
import http.server
import json
import sys

ANSWER = json.dumps({"suggestions": [
    {"unit": 1, "code": "trust", "confidence": 0.75, "rationale": "speaks of trust"},
    {"unit": 2, "code": "nonsense"}]})


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with open(sys.argv[1] + ".log", "a") as log:
            log.write(self.path + " " + json.dumps(body) + "\n")
        if self.path == "/api/chat":
            out = {"model": body["model"], "done": True,
                   "message": {"role": "assistant", "content": ANSWER}}
        elif self.path == "/v1/chat/completions":
            out = {"choices": [{"index": 0, "message": {"role": "assistant",
                                                        "content": ANSWER}}]}
        else:
            self.send_error(404)
            return
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os  # noqa: E402
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
srv.serve_forever()
