#!/usr/bin/python3
"""Index a folder of HTML pages with two annals-index binaries, and print how long each takes.

    bench/html_index_bench.py --old-index BIN --new-index BIN --pages DIR [--runs N]
                              [--extract] [--old-args ARGS] [--new-args ARGS]

Each run indexes DIR into a fresh archive (with --extract: prints the articles as JSON
Lines to /dev/null, no archive), old and new alternating (old first on odd runs, new
first on even ones, so that a change in the machine's load hits both alike). Per
binary: wall time, CPU time (user+sys, from wait4) and how that CPU splits between
the threads, read from /proc/PID/task/*/stat every few milliseconds:
  workers  every thread but the first (splitting, reading, HTML parsing, extraction,
           building the documents);
  writer   the first (calling) thread while other threads live (applying documents
           to Xapian, or printing JSON with --extract);
  final    the first thread once it is alone (the last commit and closing).
A binary without threads (annals-index before the parallel indexer) shows all of its
CPU under writer and final. Medians with min-max over the runs, then new/old.

Python 3 standard library only; never run by the tests. The machine's other load
shows in the wall-time spread: compare CPU time on a shared machine.
"""

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_bench import fmt, print_table, summary  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.005


def thread_cpu(pid):
    """{tid: CPU seconds (user+sys)} of the live threads of pid."""
    cpu = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return cpu
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        cpu[int(tid)] = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return cpu


def index_once(binary, extra, pages, extract, work):
    """One run; returns a dict of seconds and the articles the summary line counts."""
    db = os.path.join(work, "db")
    shutil.rmtree(db, ignore_errors=True)
    argv = [binary, *shlex.split(extra)] + (["--extract"] if extract else ["--db", db]) + [pages]
    with open(os.devnull, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        last = {}          # tid -> CPU seconds at its last sample
        main_shared = 0.0  # CPU of the first thread at the last sample with other threads alive
        while True:
            sample = thread_cpu(proc.pid)
            if sample:
                last.update(sample)
                if len(sample) > 1:
                    main_shared = sample.get(proc.pid, main_shared)
            done, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if done:
                break
            time.sleep(SAMPLE_SECONDS)
        wall = time.monotonic() - start
        err.seek(0)
        log = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: some pages rejected, which the old reader does
        sys.exit("html_index_bench: %s failed (%d):\n%s" % (shlex.join(argv), code, log[-2000:]))
    shutil.rmtree(db, ignore_errors=True)
    main = last.get(proc.pid, 0.0)
    threaded = len(last) > 1
    m = re.search(r"(\d+) indexed", log)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "workers": sum(v for t, v in last.items() if t != proc.pid),
            "writer": main_shared if threaded else main, "final": main - main_shared if threaded else 0.0,
            "articles": int(m.group(1)) if m else -1}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-index", required=True, metavar="BIN", help="the annals-index to compare against")
    parser.add_argument("--new-index", required=True, metavar="BIN", help="the annals-index under test")
    parser.add_argument("--pages", required=True, metavar="DIR", help="folder of .html pages")
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="runs per binary (default 5)")
    parser.add_argument("--extract", action="store_true", help="--extract only: read and extract, no archive")
    parser.add_argument("--old-args", default="", metavar="ARGS", help="more options for the old binary")
    parser.add_argument("--new-args", default="", metavar="ARGS", help="more options for the new binary")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs needs a positive number")
    tools = {"old": (args.old_index, args.old_args), "new": (args.new_index, args.new_args)}
    for binary, _ in tools.values():
        if not os.access(binary, os.X_OK):
            sys.exit("html_index_bench: %s is not an executable" % binary)

    runs = {"old": [], "new": []}
    with tempfile.TemporaryDirectory(prefix="html-index-bench-") as work:
        for i in range(args.runs):
            for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
                r = index_once(*tools[name], args.pages, args.extract, work)
                runs[name].append(r)
                print("run %d %s: wall %.2f s, cpu %.2f s (workers %.2f, writer %.2f, final %.2f), %d articles"
                      % (i + 1, name, r["wall"], r["cpu"], r["workers"], r["writer"], r["final"], r["articles"]),
                      file=sys.stderr, flush=True)

    keys = [("wall", "wall s"), ("cpu", "CPU s (user+sys)"), ("workers", "  workers CPU s"),
            ("writer", "  writer CPU s"), ("final", "  final commit CPU s")]
    what = "--extract" if args.extract else "indexing into a fresh archive"
    print("%s, %s, %d runs each; median (min-max)" % (args.pages, what, args.runs))
    rows = []
    for key, label in keys:
        old, new = (summary([r[key] for r in runs[n]]) for n in ("old", "new"))
        ratio = "%.2f" % (new["median"] / old["median"]) if old["median"] > 0 else "-"
        rows.append([label, fmt(old, ".2f"), fmt(new, ".2f"), ratio])
    if not args.extract:  # --extract prints no summary line
        articles = [statistics.median(r["articles"] for r in runs[n]) for n in ("old", "new")]
        rows.append(["articles indexed", "%d" % articles[0], "%d" % articles[1], ""])
    print_table(["", "old", "new", "new/old"], rows)


if __name__ == "__main__":
    main()
