"""Shared by the annals-serve tests: start the server on a free loopback port,
talk to it, stop it. Standard library only.

Environment (set by tests/CMakeLists.txt): ANNALS_BIN (the tools), ANNALS_SERVE_DB
(an archive of data/sample), ANNALS_OUT (where tests leave screenshots and logs).
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

BIN = os.environ.get("ANNALS_BIN", "")
DB = os.environ.get("ANNALS_SERVE_DB", "")
OUT = os.environ.get("ANNALS_OUT", ".")


def require_env():
    for name in ("ANNALS_BIN", "ANNALS_SERVE_DB"):
        if not os.environ.get(name):
            sys.exit(f"set {name} (tests/CMakeLists.txt does)")


class Server:
    """annals-serve on 127.0.0.1, on the port it picked (--listen 127.0.0.1:0).
    Its stderr (the access log) goes to a file, read back by log()."""

    def __init__(self, name, *args):
        require_env()
        self.log_path = os.path.join(OUT, f"{name}.log")
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "annals-serve"), "--db", DB, "--listen", "127.0.0.1:0", *args],
            stdout=subprocess.DEVNULL, stderr=self.log_file)
        deadline = time.monotonic() + 30
        while True:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.log())
            if m:
                self.port = int(m.group(1))
                self.base = f"http://127.0.0.1:{self.port}"
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError(f"annals-serve did not start:\n{self.log()}")
            time.sleep(0.05)

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def request(self, path, method="GET"):
        """(status, headers, body bytes) of one request on a fresh connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def json(self, path):
        status, headers, body = self.request(path)
        if not headers.get("content-type", "").startswith("application/json"):
            raise AssertionError(f"{path}: content-type {headers.get('content-type')}")
        return status, json.loads(body)

    def stop(self, sig=signal.SIGTERM):
        """Stops the server with the signal sig; returns its exit status."""
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.log_file.close()


def query_json(*args):
    """stdout of annals-query --json with these arguments."""
    out = subprocess.run([os.path.join(BIN, "annals-query"), "--db", DB, "--json", *args],
                         check=True, capture_output=True)
    return out.stdout
