#!/usr/bin/python3
"""Throughput and latency of annals-serve's search API under concurrent clients.

Starts annals-serve on an existing archive once per --search-threads setting, then for
each number of clients sends a fixed mix of searches (words, phrases, facets, filters)
from that many threads for --seconds, and prints requests per second and latency
(median, p95) per setting, so that settings are compared side by side in one run.
The settings alternate over --runs rounds; each figure is the median of the rounds with
its spread. Use an archive of 50,000 articles or more: smaller ones count on one thread
whatever the setting.

    bench/serve_bench.py --serve build/tools/annals-serve --db ARCHIVE
        [--settings auto,0,1] [--clients 1,4] [--seconds 10] [--runs 3]

Standard library only.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

QUERIES = [
    {"q": "oil prices"},
    {"q": "\"interest rates\"", "facet": "country,year"},
    {"q": "bank", "facet": "organization,person"},
    {"q": "coffee OR cocoa", "facet": "country"},
    {"q": "country:us trade", "facet": "year"},
    {"q": "election", "facet": "person,place"},
    {"q": "shares rose", "facet": "organization"},
    {"q": "\"stock exchange\"", "facet": "country,organization"},
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(serve, db, setting):
    port = free_port()
    proc = subprocess.Popen([serve, "--db", db, "--listen", f"127.0.0.1:{port}", "--quiet",
                             "--search-threads", setting], stderr=subprocess.PIPE)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/health")
            if c.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit(f"serve_bench: annals-serve did not start: {proc.stderr.read().decode(errors='replace')}")


def load(port, clients, seconds):
    """Latencies (ms) of every request answered in @p seconds by @p clients threads."""
    stop = time.monotonic() + seconds
    latencies, errors = [], []
    lock = threading.Lock()

    def client(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = k
        mine = []
        while time.monotonic() < stop:
            params = dict(QUERIES[i % len(QUERIES)], limit="10")
            i += 1
            t0 = time.perf_counter()
            conn.request("GET", "/api/search?" + urllib.parse.urlencode(params))
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                with lock:
                    errors.append(body[:200])
                continue
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit(f"serve_bench: {len(errors)} failed requests, first: {errors[0]!r}")
    return latencies


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--serve", default="build/tools/annals-serve")
    ap.add_argument("--db", required=True, help="archive directory")
    ap.add_argument("--settings", default="auto,0,1", help="--search-threads values to compare")
    ap.add_argument("--clients", default="1,4", help="numbers of concurrent clients")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    settings = args.settings.split(",")
    clients = [int(c) for c in args.clients.split(",")]
    results = {}  # (setting, clients) -> [(req/s, median, p95)]
    for run in range(args.runs):
        for setting in settings if run % 2 == 0 else reversed(settings):
            proc, port = start(args.serve, args.db, setting)
            try:
                load(port, 1, 1)  # warm the caches
                for c in clients:
                    lat = sorted(load(port, c, args.seconds))
                    p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
                    results.setdefault((setting, c), []).append(
                        (len(lat) / args.seconds, statistics.median(lat), p95))
            finally:
                proc.terminate()
                proc.wait()
    cores = os.cpu_count()
    print(f"annals-serve on {args.db}, {cores} cores, {args.seconds:g} s per figure, median of {args.runs} runs (spread)")
    print(f"{'search-threads':<15}{'clients':>8}{'requests/s':>22}{'median ms':>22}{'p95 ms':>22}")

    def fig(values, fmt):
        return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"

    for c in clients:
        for setting in settings:
            rows = results[(setting, c)]
            print(f"{setting:<15}{c:>8}{fig([r[0] for r in rows], '{:.1f}'):>22}"
                  f"{fig([r[1] for r in rows], '{:.1f}'):>22}{fig([r[2] for r in rows], '{:.1f}'):>22}")
    print(json.dumps({f"{s}/{c}": results[(s, c)] for s in settings for c in clients}), file=sys.stderr)


if __name__ == "__main__":
    main()
