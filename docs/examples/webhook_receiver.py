#!/usr/bin/env python3
"""A webhook receiver for Mamori, with nothing but Python's standard library.

Verifies each delivery as the Standard Webhooks specification says (HMAC-SHA256 over
"<webhook-id>.<webhook-timestamp>.<body>" with the secret's bytes, compared in constant time;
timestamps older or newer than five minutes refused), ignores a webhook-id it has already
processed (a retry or a replay), and answers 204.

    MAMORI_WEBHOOK_SECRET=whsec_... python3 docs/examples/webhook_receiver.py 127.0.0.1 9000
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["MAMORI_WEBHOOK_SECRET"]
KEY = base64.b64decode(SECRET.removeprefix("whsec_"))
TOLERANCE = 5 * 60
seen = set()


def verified(headers, body):
    webhook_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE:
        return False
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    # The header may carry several signatures (space-separated), e.g. during a key rotation.
    return any(
        hmac.compare_digest(expected, sig.removeprefix("v1,"))
        for sig in headers.get("webhook-signature", "").split()
        if sig.startswith("v1,")
    )


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if not verified(self.headers, body):
            self.send_response(401)
            self.end_headers()
            return
        webhook_id = self.headers["webhook-id"]
        if webhook_id not in seen:
            seen.add(webhook_id)
            event = json.loads(body)
            print(webhook_id, event["type"], event["timestamp"], json.dumps(event["data"], ensure_ascii=False))
            sys.stdout.flush()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_):
        pass


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    HTTPServer((host, port), Receiver).serve_forever()
