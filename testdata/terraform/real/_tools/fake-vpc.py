#!/usr/bin/env python3
"""A local stand-in for the VPC OpenAPI endpoint, for planning a fixture with no network.

usage: fake-vpc.py PORT ACTION=RESPONSE.json...

Answers each RPC call whose Action is listed with that file's JSON, and any other call with an
error, so that a plan needing more than the fixture gives fails. Every request is logged on stderr.
"""
import http.server, json, sys, urllib.parse

PORT = int(sys.argv[1])
ANSWERS = {}
for arg in sys.argv[2:]:
    action, path = arg.split("=", 1)
    with open(path) as f:
        ANSWERS[action] = json.load(f)


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode()
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        query.update(urllib.parse.parse_qs(body))
        action = (query.get("Action") or [""])[0]
        sys.stderr.write("request %s %s\n" % (action, body))
        if action in ANSWERS:
            status, out = 200, ANSWERS[action]
        else:
            status, out = 400, {"Code": "vpcgate.NotAnswered", "Message": "the stand-in answers only " + ", ".join(ANSWERS)}
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = answer


http.server.HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
