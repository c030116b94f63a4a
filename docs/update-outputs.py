#!/usr/bin/env python3
"""Refresh the real command output pasted into README.md and docs/*.md.

usage: docs/update-outputs.py [BUILD_DIR]   (default: build)

Each block between `<!-- output: NAME -->` and `<!-- end output -->` is replaced by a
fenced block holding the commands of OUTPUTS[NAME] and what they print, run from the
source tree against a fresh archive of data/sample. Run it after changing extraction,
search or the tools, and review the diff before committing.
"""
import os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
DB = "sample.db"

OUTPUTS = {
    "readme-query": ["annals-query --db sample.db --limit 2 --facet person,year 'person:rubio'"],
    "guide-extract": ["annals-index --extract tests/fixtures/seed.txt | python3 -c 'import json,sys; a=json.loads(sys.stdin.read()); "
                      "print(json.dumps({k: a[k] for k in (\"title\",\"published\",\"dateline\",\"publication\",\"authors\",\"contributors\")}, ensure_ascii=False)); "
                      "[print(json.dumps(e, ensure_ascii=False)) for e in a[\"entities\"][:12]]'"],
    "guide-query": ["annals-query --db sample.db --limit 2 'place:kiev \"security guarantees\"'",
                    "annals-query --db sample.db --limit 1 --sort newest 'country:gb date:2024..'"],
    "guide-facets": ["annals-query --db sample.db --limit 0 --facet person,organization,country,year --facet-limit 6 'category:diplomacy'"],
    "guide-json": ["annals-query --db sample.db --json --limit 1 --facet place --facet-limit 3 'org:nato mentions:2022'"],
    "ql-aliases": ["annals-query --db sample.db --explain 'kiev'",
                   "annals-query --db sample.db --limit 1 'kiev'"],
    "ql-like": ["annals-query --db sample.db --limit 2 'like:sample-002 date:2022..'"],
    "ql-related": ["annals-query --db sample.db --limit 0 --related person,organization --related-limit 4 'ukraine'"],
    "ql-chart": ["COLUMNS=60 annals-query --db sample.db --limit 0 --facet year 'ukraine'"],
    "guide-errors": ["annals-query --db sample.db 'ukraine AND (nato OR'",
                     "annals-query --db sample.db 'date:2025-13'",
                     "annals-query --db nowhere.db 'ukraine'"],
}


def run(cmd, cwd, tools):
    env = dict(os.environ, PATH=tools + os.pathsep + os.environ["PATH"])
    p = subprocess.run(cmd, shell=True, cwd=cwd, env=env, capture_output=True, text=True)
    out = p.stdout + p.stderr
    return "$ " + cmd + "\n" + out.rstrip("\n") + ("\n" if out else "") + (f"(exit status {p.returncode})\n" if p.returncode else "")


def main():
    tools = os.path.join(ROOT, BUILD, "tools")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("tests", "data"):
            os.symlink(os.path.join(ROOT, name), os.path.join(tmp, name))
        subprocess.run([os.path.join(tools, "annals-index"), "--quiet", "--db", DB, "data/sample"], cwd=tmp, check=True)
        blocks = {name: "".join(run(c, tmp, tools) for c in cmds) for name, cmds in OUTPUTS.items()}
    pattern = re.compile(r"(<!-- output: ([\w-]+) -->\n).*?(<!-- end output -->)", re.S)
    for rel in ["README.md"] + ["docs/" + f for f in sorted(os.listdir(os.path.join(ROOT, "docs"))) if f.endswith(".md")]:
        path = os.path.join(ROOT, rel)
        text = open(path, encoding="utf-8").read()
        new = pattern.sub(lambda m: m.group(1) + "```\n" + blocks[m.group(2)] + "```\n" + m.group(3), text)
        if new != text:
            open(path, "w", encoding="utf-8").write(new)
            print("updated", rel)


if __name__ == "__main__":
    main()
