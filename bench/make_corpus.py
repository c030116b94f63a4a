#!/usr/bin/python3
"""Build one JSON Lines corpus for the benchmarks from public news collections.

Reads Reuters-21578 SGML files (reut2-*.sgm) and BBC News style plain text files
(first line the headline, then the body) and writes one article per line with
id, title, body, and for Reuters published and dateline (a Reuters body without
its "Reuter" sign-off line, as the project's importer reads it). --repeat K writes the
whole collection K times, copies 2..K with distinct ids ("<id>-x2", ...), to make
bigger archives from the same text.

    bench/make_corpus.py --reuters DIR_OR_FILE --bbc DIR_OR_FILE [--repeat K] OUT.jsonl

A Reuters directory means every *.sgm in it; a BBC directory means every *.txt one
folder down (the collection's category folders). A Reuters story becomes an
article when it has a <TITLE> or a <BODY> (the 737 TYPE="UNPROC" stories have
neither and are skipped): Reuters-21578 gives 20,841 articles, BBC 2,225.

Also usable as a module: run_bench.py imports it. Standard library only.
"""

import argparse
import html
import json
import os
import re
import sys

_REUTERS = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])}
_DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")
# Character references to control characters (&#2;, &#3;, &#31; ...) frame the
# wire messages; they are not text.
_CONTROL_REF = re.compile(r"&#(\d+);")
# The wire's sign-off at the end of a body ("... he said.\n Reuter\n&#3;"): the
# extractor would take it for a person. Dropped as the Reuters importer
# (lib/ingest/reuters.cpp) drops it: one of these words, alone after a space or a
# line break, with only white space or control characters after it.
_SIGNOFF = re.compile(r"(?:\A|[ \n])(?:Reuter|REUTER|Reuters|REUTERS)[\s\x00-\x1f]*\Z")


def _element(name, text):
    m = re.search(r"<%s>(.*?)</%s>" % (name, name), text, re.S)
    return m.group(1) if m else None


def _sgml_text(raw):
    def ref(m):
        code = int(m.group(1))
        return chr(code) if code >= 32 or code in (9, 10) else ""
    return html.unescape(_CONTROL_REF.sub(ref, raw))


def drop_signoff(body):
    """The body without its trailing "Reuter" sign-off line, if it has one."""
    m = _SIGNOFF.search(body)
    return body[:m.start()].rstrip(" \n") if m else body


def _reuters_date(raw):
    m = _DATE.search(raw or "")
    if not m or m.group(2) not in _MONTHS:
        return None
    day, month, year = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
    return "%04d-%02d-%02dT%02d:%s:%s" % (year, month, day, int(m.group(4)), m.group(5), m.group(6))


def read_reuters(path):
    """Yields the articles of one Reuters-21578 SGML file."""
    with open(path, encoding="latin-1") as f:  # ASCII but for one 0xFC byte
        data = f.read()
    for m in _REUTERS.finditer(data):
        attrs, story = m.group(1), m.group(2)
        title, body = _element("TITLE", story), _element("BODY", story)
        if title is None and body is None:
            continue
        article = {"id": "reuters-" + _NEWID.search(attrs).group(1),
                   "title": _sgml_text(title or "").strip(),
                   "body": drop_signoff(_sgml_text(body or "")).strip()}
        published = _reuters_date(_element("DATE", story))
        if published:
            article["published"] = published
        dateline = _sgml_text(_element("DATELINE", story) or "").strip().rstrip("-").strip()
        if dateline:
            article["dateline"] = dateline
        yield article


def read_plain_text(path, article_id):
    """One article from a text file whose first line is the headline."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # BBC's sport/199.txt has one Latin-1 pound sign
    title, _, body = text.strip().partition("\n")
    return {"id": article_id, "title": title.strip(), "body": body.strip()}


def _files(path, pattern_dir, suffix):
    if os.path.isfile(path):
        return [path]
    if pattern_dir:
        found = [os.path.join(path, d, f) for d in sorted(os.listdir(path))
                 if os.path.isdir(os.path.join(path, d)) for f in sorted(os.listdir(os.path.join(path, d)))]
    else:
        found = [os.path.join(path, f) for f in sorted(os.listdir(path))]
    return [f for f in found if f.lower().endswith(suffix)]


def collect(reuters_paths, bbc_paths):
    """Every article of the given Reuters and BBC files or directories, in a fixed order."""
    articles = []
    for path in reuters_paths:
        for f in _files(path, False, ".sgm"):
            articles.extend(read_reuters(f))
    for path in bbc_paths:
        for f in _files(path, True, ".txt"):
            category = os.path.basename(os.path.dirname(f))
            stem = os.path.splitext(os.path.basename(f))[0]
            articles.append(read_plain_text(f, "bbc-%s-%s" % (category, stem)))
    return articles


def repeated(articles, repeat):
    """The articles `repeat` times; copies after the first get ids ending in -x2, -x3..."""
    for k in range(repeat):
        for a in articles:
            if k == 0:
                yield a
            else:
                copy = dict(a)
                copy["id"] = "%s-x%d" % (a["id"], k + 1)
                yield copy


def text_bytes(article):
    return len(article["title"].encode("utf-8")) + len(article["body"].encode("utf-8"))


def write_jsonl(articles, path):
    """Writes JSON Lines; returns (articles, bytes of title and body text)."""
    count = size = 0
    with open(path, "w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps(a, ensure_ascii=False) + "\n")
            count += 1
            size += text_bytes(a)
    return count, size


def write_scriptindex_dump(articles, path):
    """The same articles as a scriptindex dump: name=value lines, a newline inside a
    value continued by '=', records separated by a blank line. Only id, title, body."""
    with open(path, "w", encoding="utf-8") as out:
        for a in articles:
            for name in ("id", "title", "body"):
                lines = [line for line in a[name].split("\n")]
                out.write(name + "=" + "\n=".join(lines) + "\n")
            out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuters", action="append", default=[], metavar="PATH",
                        help="a Reuters-21578 .sgm file or a directory of them (repeatable)")
    parser.add_argument("--bbc", action="append", default=[], metavar="PATH",
                        help="a text file (first line the headline) or a BBC News directory (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, metavar="K", help="write the collection K times (default 1)")
    parser.add_argument("--scriptindex-dump", metavar="FILE", help="also write the corpus as a scriptindex dump")
    parser.add_argument("out", help="the JSON Lines file to write")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    articles = collect(args.reuters, args.bbc)
    if not articles:
        parser.error("no articles found: give --reuters and/or --bbc")
    count, size = write_jsonl(repeated(articles, args.repeat), args.out)
    if args.scriptindex_dump:
        write_scriptindex_dump(repeated(articles, args.repeat), args.scriptindex_dump)
    print("%s: %d articles, %.1f MB of title and body text" % (args.out, count, size / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
