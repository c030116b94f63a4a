#!/usr/bin/python3
"""Measure annals beside Xapian's own tools in one run, and print the figures.

    bench/run_bench.py --reuters DIR --bbc DIR [--repeat K] [--runs N] [--json FILE]

1. Builds one JSON Lines corpus from the given files (bench/make_corpus.py), and the
   same articles as a scriptindex dump (id, title, body).
2. Indexing, alternating runs: annals-index (once per --annals-index-args
   configuration), then Xapian's scriptindex, N times. Per tool: articles/s, MB/s of
   title and body text, CPU seconds, peak RSS of the process (ru_maxrss from wait4),
   archive size on disk; medians with min-max, and ratios annals/scriptindex.
3. Queries from the shell on that corpus: the same plain word and phrase queries
   through annals-query (without and with 2 facets) and Xapian's quest (AND as the
   default operator like annals, and --check-at-least the whole corpus so that
   its counts are exact, not estimates): median process time, ratio annals/quest.
4. Queries in process: build/bench/search_bench (a synthetic archive) at each size
   of --sizes (one archive, grown from size to size); median and p99 per query shape.
5. With --profile: one more annals-index run under perf record, and the share of
   CPU samples in extraction, building documents, Xapian's writer and the rest.

Needs a build with -DANNALS_BUILD_BENCH=ON, and for the comparison Debian's
xapian-omega (scriptindex) and xapian-tools (quest), and linux-perf for --profile.
Python 3 standard library only; docs/scaling.md explains the figures.
The machine's other load shows in the spreads: run it on a quiet machine when you can.
"""

import argparse
import json
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
import make_corpus  # noqa: E402

# The scriptindex twin of what annals indexes from title and body: the id as a
# boolean unique term, title words with positions at weight 2 and again with the
# title prefix S, body words with positions, spelling data from both (annals keeps
# spelling data too), title and body stored in the document data. Stemming is
# scriptindex's default, English, as in annals.
INDEX_SCRIPT = """\
id : boolean=Q unique=Q field
title : field spell weight=2 index index=S
body : field spell index
"""

# Plain queries both query parsers read the same way: words and phrases.
SHELL_QUERIES = [
    "oil", "coffee", "government", "football",
    "interest rates", "oil prices", "film award",
    '"trade deficit"', '"prime minister"', '"world cup"',
]
SHELL_FACETS = "person,place"

DEFAULT_SIZES = "20000,100000,200000"


def run(argv):
    """Runs argv to the end; returns (wall seconds, rusage of the child, stdout text).
    Exits on failure. Output goes to files, not pipes, so that the child is reaped
    by wait4 (which gives its own peak RSS and CPU time) and not by subprocess."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            sys.exit("run_bench: %s failed (%d):\n%s" % (shlex.join(argv), proc.returncode,
                                                        err.read().decode("utf-8", "replace")[-2000:]))
        out.seek(0)
        return wall, usage, out.read().decode("utf-8", "replace")


def tree_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def fmt(s, spec):
    return "%s (%s-%s)" % (format(s["median"], spec), format(s["min"], spec), format(s["max"], spec))


def print_table(header, rows, left=1):
    """Columns padded to their widest cell; the first `left` ones flush left."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for n, r in enumerate([header] + rows):
        print("  ".join(str(c).ljust(w) if i < left else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def build_corpus(args, work):
    articles = make_corpus.collect(args.reuters, args.bbc)
    if not articles:
        sys.exit("run_bench: no articles found: give --reuters and/or --bbc")
    corpus = os.path.join(work, "corpus.jsonl")
    count, size = make_corpus.write_jsonl(make_corpus.repeated(articles, args.repeat), corpus)
    dump = os.path.join(work, "corpus.scriptindex")
    make_corpus.write_scriptindex_dump(make_corpus.repeated(articles, args.repeat), dump)
    script = os.path.join(work, "index.script")
    with open(script, "w") as f:
        f.write(INDEX_SCRIPT)
    return {"jsonl": corpus, "dump": dump, "script": script, "articles": count, "text_mb": size / 1e6}


def bench_indexing(args, corpus, work, tools):
    """Alternating runs; returns {label: measurements} and {label: archive path}."""
    # (label, argv with DB standing for the archive directory)
    configs = [("annals" + (" " + a.strip() if a.strip() else ""),
                [tools["annals-index"], "--db", "DB", "--quiet", *shlex.split(a), corpus["jsonl"]])
               for a in args.annals_index_args]
    if not args.no_xapian:
        configs.append(("scriptindex", [tools["scriptindex"], "--overwrite", "DB", corpus["script"], corpus["dump"]]))
    if len({label for label, _ in configs}) != len(configs):
        sys.exit("run_bench: two --annals-index-args configurations are the same")
    raw = {label: {"seconds": [], "cpu_s": [], "rss_mb": [], "size_mb": []} for label, _ in configs}
    paths = {}
    for r in range(args.runs):
        for n, (label, argv) in enumerate(configs):
            db = os.path.join(work, "db-%d" % n)
            shutil.rmtree(db, ignore_errors=True)
            cmd = [db if x == "DB" else x for x in argv]
            wall, usage, _ = run(cmd)
            m = raw[label]
            m["seconds"].append(wall)
            m["cpu_s"].append(usage.ru_utime + usage.ru_stime)
            m["rss_mb"].append(usage.ru_maxrss / 1024)  # kilobytes on Linux
            m["size_mb"].append(tree_bytes(db) / 1e6)
            paths[label] = db
            print("  run %d/%d %-28s %7.1f s  %6.0f MB RSS" % (r + 1, args.runs, label, wall, usage.ru_maxrss / 1024),
                  file=sys.stderr, flush=True)
    results = {}
    for (label, argv), m in zip(configs, raw.values()):
        results[label] = {
            "command": shlex.join([os.path.basename(argv[0])] + [x.replace(work + os.sep, "") for x in argv[1:]]),
            "articles_per_s": summary([corpus["articles"] / s for s in m["seconds"]]),
            "mb_per_s": summary([corpus["text_mb"] / s for s in m["seconds"]]),
            "seconds": summary(m["seconds"]),
            "cpu_s": summary(m["cpu_s"]),
            "peak_rss_mb": summary(m["rss_mb"]),
            "archive_mb": summary(m["size_mb"]),
        }
    return results, paths


def print_indexing(results, corpus, runs):
    print("\nIndexing %d articles (%.1f MB of title and body text), %d alternating runs each: median (min-max)"
          % (corpus["articles"], corpus["text_mb"], runs))
    rows = [[label, fmt(r["articles_per_s"], ".0f"), fmt(r["mb_per_s"], ".2f"), fmt(r["cpu_s"], ".1f"),
             fmt(r["peak_rss_mb"], ".0f"), fmt(r["archive_mb"], ".0f")] for label, r in results.items()]
    print_table(["tool", "articles/s", "MB/s", "CPU s", "peak RSS MB", "archive MB"], rows)
    for label, r in results.items():
        print("  %s: %s" % (label, r["command"]))
    if "scriptindex" in results:
        x = results["scriptindex"]
        ratio_rows = []
        for label, r in results.items():
            if label == "scriptindex":
                continue
            ratio_rows.append([label + " / scriptindex"] + ["%.2fx" % (r[k]["median"] / x[k]["median"]) for k in
                                                            ("articles_per_s", "cpu_s", "peak_rss_mb", "archive_mb")])
        print()
        print_table(["ratio of medians", "articles/s", "CPU s", "peak RSS", "archive size"], ratio_rows)


_ANNALS_COUNT = re.compile(r"^(\d+) articles? match", re.M)
_QUEST_COUNT = re.compile(r"^(Exactly|About|Between) (\d+)", re.M)


def bench_shell_queries(args, corpus, tools, annals_db, xapian_db):
    variants = [("annals-query", lambda q: [tools["annals-query"], "--db", annals_db, "--limit", "10", q], _ANNALS_COUNT),
                ("annals-query, 2 facets",
                 lambda q: [tools["annals-query"], "--db", annals_db, "--limit", "10", "--facet", SHELL_FACETS, q],
                 _ANNALS_COUNT)]
    if xapian_db:
        exact = str(corpus["articles"])
        variants.append(("quest", lambda q: [tools["quest"], "-d", xapian_db, "-o", "and", "-c", exact, "-m", "10", q],
                         _QUEST_COUNT))
    per_query = []
    for q in SHELL_QUERIES:
        entry = {"query": q}
        for name, argv, count_re in variants:
            _, _, out = run(argv(q))  # warms the page cache, gives the count
            m = count_re.search(out)
            entry[name] = {"matches": int(m.group(m.lastindex)) if m else 0,
                           "exact": not m or m.lastindex == 1 or m.group(1) == "Exactly", "ms": [], "cpu_ms": []}
        for _ in range(args.query_runs):
            for name, argv, _ in variants:
                wall, usage, _ = run(argv(q))
                entry[name]["ms"].append(wall * 1000)
                entry[name]["cpu_ms"].append((usage.ru_utime + usage.ru_stime) * 1000)
        per_query.append(entry)
    overall = {name: summary([ms for e in per_query for ms in e[name]["ms"]]) for name, _, _ in variants}
    overall_cpu = {name: summary([ms for e in per_query for ms in e[name]["cpu_ms"]]) for name, _, _ in variants}
    for e in per_query:
        for name, _, _ in variants:
            e[name]["median_ms"] = statistics.median(e[name]["ms"])
            e[name]["cpu_median_ms"] = statistics.median(e[name]["cpu_ms"])
    return {"queries": per_query, "overall": overall, "overall_cpu": overall_cpu, "names": [v[0] for v in variants]}


def print_shell(shell, runs):
    names = shell["names"]
    quest = "quest" in names
    print("\nOne query from the shell, ms per process: wall / CPU (user+system), median of %d runs per query "
          "[matches]; 2 facets: %s" % (runs, SHELL_FACETS))
    rows = []
    for e in shell["queries"]:
        row = [e["query"]] + ["%.1f / %.1f [%d]" % (e[n]["median_ms"], e[n]["cpu_median_ms"], e[n]["matches"])
                              for n in names]
        if quest:
            row.append("%.2fx / %.2fx" % (e["annals-query"]["median_ms"] / e["quest"]["median_ms"],
                                          e["annals-query"]["cpu_median_ms"] / e["quest"]["cpu_median_ms"]))
        rows.append(row)
    o, c = shell["overall"], shell["overall_cpu"]
    rows.append(["all: median"] + ["%.1f / %.1f" % (o[n]["median"], c[n]["median"]) for n in names]
                + (["%.2fx / %.2fx" % (o["annals-query"]["median"] / o["quest"]["median"],
                                       c["annals-query"]["median"] / c["quest"]["median"])] if quest else []))
    rows.append(["all: min-max of wall"] + ["%.1f-%.1f" % (o[n]["min"], o[n]["max"]) for n in names]
                + ([""] if quest else []))
    print_table(["query"] + names + (["annals/quest"] if quest else []), rows)
    if quest and not all(e["quest"]["exact"] for e in shell["queries"]):
        print("  note: quest gave estimated counts for some queries")


def bench_in_process(args, tools):
    sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    if not sizes:
        return []
    print("  search_bench %s articles (one archive, grown)..." % ",".join(map(str, sizes)), file=sys.stderr, flush=True)
    _, _, out = run([tools["search_bench"], ",".join(map(str, sizes)), str(args.search_repeats), "1000", "--json"])
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def print_in_process(results):
    if not results:
        return
    print("\nQueries in process (search_bench: synthetic archive, 10 hits with snippets, exact facets), "
          "%d runs per shape: median / p99 wall ms (median CPU ms)" % results[0]["repeats"])
    for r in results:
        print("  %d articles: the last %d written in %.1f s (%.0f articles/s, no extraction); "
              "open + first search %.0f ms" % (r["articles"], r["added"], r["index_s"], r["added"] / r["index_s"],
                                               r["open_ms"] + r["first_search_ms"]))
    header = ["shape", "query", "facets"] + ["%dk" % (r["articles"] // 1000) if r["articles"] % 1000 == 0
                                             else str(r["articles"]) for r in results]
    rows = []
    for i, shape in enumerate(results[0]["shapes"]):
        rows.append([shape["shape"], shape["query"] or '""', shape["facets"]]
                    + ["%.1f / %.1f (%.1f)" % (r["shapes"][i]["median_ms"], r["shapes"][i]["p99_ms"],
                                               r["shapes"][i]["cpu_median_ms"]) for r in results])
    rows.append(["median of shapes", "", ""]
                + ["%.1f (%.1f)" % (statistics.median(s["median_ms"] for s in r["shapes"]),
                                    statistics.median(s["cpu_median_ms"] for s in r["shapes"])) for r in results])
    print_table(header, rows, left=2)


# Where annals-index spends its time: the share of CPU samples (all threads) inside
# each function, callees included. The rows without indentation do not call each
# other, in the one-thread reader and in the parallel indexer alike, so what they
# leave is reading, parsing, handing articles between threads and start-up.
PROFILE_ROWS = [
    ("annals::Extractor::annotate", "extraction (entities and dates)"),
    ("annals::detail::schema::make_document", "terms and values of each document"),
    ("Xapian::TermGenerator::index_text", "  of which Xapian's TermGenerator"),
    ("Xapian::Database::Internal::replace_document", "Xapian's in-memory update of postings"),
    ("Xapian::WritableDatabase::commit", "Xapian's flush to disk at each commit"),
]


def profile_indexing(args, corpus, work, tools):
    """perf record of one annals-index run of the first configuration; returns rows
    (function, label, percent of samples, callees included)."""
    db = os.path.join(work, "db-profile")
    shutil.rmtree(db, ignore_errors=True)
    data = os.path.join(work, "perf.data")
    run([tools["perf"], "record", "-q", "-F", "99", "--call-graph", "dwarf,16384", "-o", data,
         tools["annals-index"], "--db", db, "--quiet", *shlex.split(args.annals_index_args[0]), corpus["jsonl"]])
    shutil.rmtree(db, ignore_errors=True)
    _, _, out = run([tools["perf"], "report", "-i", data, "--children", "--stdio", "--sort", "symbol", "-g", "none"])
    shares = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+[\d.]+%\s+\[\.\]\s+(\S+)\s", line + " ")
        if m and m.group(2) not in shares:
            shares[m.group(2)] = float(m.group(1))
    os.remove(data)
    rows = [{"function": f, "what": what, "percent": shares.get(f, 0.0)} for f, what in PROFILE_ROWS]
    disjoint = sum(r["percent"] for r in rows if not r["what"].startswith(" "))
    rows.append({"function": "(the rest)", "what": "reading, parsing, queues, start-up",
                 "percent": max(0.0, 100.0 - disjoint)})
    return rows


def print_profile(rows, label):
    print("\nWhere %s spends its time (perf, %% of CPU samples, callees included)" % label)
    print_table(["", "function", "%"], [[r["what"], r["function"], "%.1f" % r["percent"]] for r in rows], left=2)


def find_tools(args):
    build = os.path.abspath(args.build)
    tools = {"annals-index": os.path.join(build, "tools", "annals-index"),
             "annals-query": os.path.join(build, "tools", "annals-query"),
             "search_bench": os.path.join(build, "bench", "search_bench")}
    needed = ([] if args.skip_index else ["annals-index", "annals-query"]) + (["search_bench"] if args.sizes else [])
    for name, path in tools.items():
        if name in needed and not os.access(path, os.X_OK):
            sys.exit("run_bench: %s not found: build with -DANNALS_BUILD_BENCH=ON or give --build" % path)
    if args.profile:
        tools["perf"] = shutil.which("perf")
        if not tools["perf"]:
            sys.exit("run_bench: perf not found: apt-get install linux-perf (or leave out --profile)")
    if not args.no_xapian and not args.skip_index:
        for name in ("scriptindex", "quest"):
            tools[name] = shutil.which(name)
            if not tools[name]:
                sys.exit("run_bench: %s not found: apt-get install xapian-omega xapian-tools (or --no-xapian)" % name)
    return tools


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: bench/run_bench.py --reuters ~/reuters21578 --bbc ~/bbc "
                                            "--annals-index-args '' --annals-index-args=--no-entities (write a value that starts "
                                            "with '-' and has no space after '=')")
    parser.add_argument("--reuters", action="append", default=[], metavar="PATH",
                        help="Reuters-21578 .sgm file or directory (repeatable)")
    parser.add_argument("--bbc", action="append", default=[], metavar="PATH",
                        help="BBC News directory or headline-first text file (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, metavar="K", help="corpus copies, distinct ids (default 1)")
    parser.add_argument("--runs", type=int, default=3, metavar="N", help="indexing runs per tool (default 3)")
    parser.add_argument("--query-runs", type=int, default=5, metavar="N",
                        help="timed shell runs per query and tool (default 5)")
    parser.add_argument("--annals-index-args", action="append", metavar="ARGS",
                        help="extra annals-index arguments, one configuration each (repeatable; default one, none)")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, metavar="N,N,...",
                        help="synthetic archive sizes for queries in process (default %s; '' skips)" % DEFAULT_SIZES)
    parser.add_argument("--search-repeats", type=int, default=30, metavar="N",
                        help="runs per query shape in process (default 30)")
    parser.add_argument("--skip-index", action="store_true", help="no corpus, indexing or shell queries")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one run of the first annals-index configuration with perf")
    parser.add_argument("--no-xapian", action="store_true", help="measure annals only")
    parser.add_argument("--build", default=os.path.join(os.path.dirname(here), "build"), metavar="DIR",
                        help="the build directory (default: build/ beside bench/)")
    parser.add_argument("--work", metavar="DIR", help="where corpus and archives go (default: a temporary directory, "
                                                      "removed at the end)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    args = parser.parse_args()
    if args.repeat < 1 or args.runs < 1 or args.query_runs < 1 or args.search_repeats < 1:
        parser.error("--repeat, --runs, --query-runs and --search-repeats must be at least 1")
    if args.annals_index_args is None:
        args.annals_index_args = [""]
    tools = find_tools(args)

    work = args.work or tempfile.mkdtemp(prefix="annals-bench-")
    os.makedirs(work, exist_ok=True)
    report = {"machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()}, "args": vars(args)}
    try:
        if not args.skip_index:
            print("building the corpus...", file=sys.stderr, flush=True)
            corpus = build_corpus(args, work)
            report["corpus"] = {"articles": corpus["articles"], "text_mb": corpus["text_mb"], "repeat": args.repeat}
            report["index_script"] = INDEX_SCRIPT
            print("indexing...", file=sys.stderr, flush=True)
            report["indexing"], paths = bench_indexing(args, corpus, work, tools)
            if args.profile:
                print("profiling...", file=sys.stderr, flush=True)
                report["profile"] = profile_indexing(args, corpus, work, tools)
            print("queries from the shell...", file=sys.stderr, flush=True)
            first_annals = next(label for label in report["indexing"] if label != "scriptindex")
            report["shell_queries"] = bench_shell_queries(args, corpus, tools, paths[first_annals],
                                                          paths.get("scriptindex"))
            report["shell_queries"]["annals_archive_of"] = first_annals
        print("queries in process...", file=sys.stderr, flush=True)
        report["in_process"] = bench_in_process(args, tools)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_avg_at_end"] = os.getloadavg()

    print("machine: %d CPUs, load average %.1f at start, %.1f at end"
          % (os.cpu_count(), report["machine"]["load_avg_at_start"][0], report["machine"]["load_avg_at_end"][0]))
    if "indexing" in report:
        print_indexing(report["indexing"], report["corpus"], args.runs)
        if "profile" in report:
            print_profile(report["profile"], next(iter(report["indexing"])))
        print_shell(report["shell_queries"], args.query_runs)
    print_in_process(report["in_process"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
