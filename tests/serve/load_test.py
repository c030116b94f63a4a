"""annals-serve under load: CLIENTS concurrent clients (default 100) send
searches, article and health requests on loopback for SECONDS (default 5; set
ANNALS_LOAD_CLIENTS and ANNALS_LOAD_SECONDS for a longer run). Fails on any
error or non-200 answer, or when the access log misses a request; prints the
throughput and latency percentiles. A figure to read, not a speed target."""
import http.client
import os
import signal
import sys
import threading
import time
from urllib.parse import urlencode

from serving import Server

CLIENTS = int(os.environ.get("ANNALS_LOAD_CLIENTS", "100"))
SECONDS = float(os.environ.get("ANNALS_LOAD_SECONDS", "5"))

PATHS = [
    "/api/search?" + urlencode({"q": q, "facet": "person,place,organization,year"}, safe=",")
    for q in ["ukraine", "person:rubio", "place:kiev", "org:nato -trump", "date:2024..", "", "security guarantees",
              "\"martial law\" OR sanctions"]
] + ["/api/articles/sample-015", "/api/articles/sample-029", "/api/health",
     "/api/search?q=nato&sort=newest&offset=10&facet=month"]


def client(index, port, stop_at, latencies, errors):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = index
    while time.monotonic() < stop_at:
        path = PATHS[i % len(PATHS)]
        i += 1
        start = time.monotonic()
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200 or not body:
                errors.append(f"{path}: HTTP {r.status}")
            latencies.append(time.monotonic() - start)
        except Exception as e:  # any failure counts; a fresh connection goes on
            errors.append(f"{path}: {type(e).__name__}: {e}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def main():
    server = Server("serve-load")
    latencies, errors = [], []
    started = time.monotonic()
    stop_at = started + SECONDS
    threads = [threading.Thread(target=client, args=(i, server.port, stop_at, latencies, errors))
               for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    status = server.stop(signal.SIGTERM)
    # The access log's last field: the server's own time per request.
    served = [line.split() for line in server.log().splitlines() if " GET /api/" in line]
    logged = sum(1 for f in served if f[4] == "200")
    server_ms = sorted(float(f[6][:-2]) for f in served if f[6] != "-ms")

    ms = sorted(x * 1000 for x in latencies)
    print(f"annals-serve load: {CLIENTS} clients for {elapsed:.1f} s on loopback: {len(ms)} requests "
          f"({len(ms) / elapsed:.0f}/s), {len(errors)} errors")
    if ms:
        print("latency ms: " + ", ".join(f"p{p} {percentile(ms, p):.1f}" for p in (50, 90, 95, 99))
              + f", max {ms[-1]:.1f}")
    if server_ms:
        print("server time ms (access log): " + ", ".join(f"p{p} {percentile(server_ms, p):.1f}" for p in (50, 90, 99))
              + f", max {server_ms[-1]:.1f}")
    for e in errors[:10]:
        print("error:", e)
    failed = bool(errors) or not ms
    if status != 0:
        print(f"FAILED: exit status {status} after SIGTERM")
        failed = True
    if not errors and logged != len(ms):
        print(f"FAILED: {logged} access log lines for {len(ms)} requests")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
