#!/usr/bin/env bash
# bench/make_corpus.py drops the wire's "Reuter" sign-off line at the end of a
# Reuters body, as the Reuters importer does (tests/reuters_test.cpp), so that
# the benchmark corpus does not make "Reuter" its top person. The stories below
# are made up, in the collection's SGML form (the sign-off followed by &#3;).
set -u
src=${ANNALS_SOURCE_DIR:?set ANNALS_SOURCE_DIR to the source tree}
python=/usr/bin/python3
[[ -x $python ]] || { echo "no /usr/bin/python3: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat >"$tmp/reut2-000.sgm" <<'SGML'
<REUTERS TOPICS="NO" NEWID="1">
<DATE> 2-MAR-1987 10:01:02.00</DATE>
<TEXT>
<TITLE>GRAIN BOARD MEETS</TITLE>
<DATELINE>    LONDON, March 2 - </DATELINE><BODY>The board met on Monday, a spokesman told Reuters.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE> 3-MAR-1987 11:00:00.00</DATE>
<TEXT>
<TITLE>TRADE FIGURES</TITLE>
<BODY>Exports rose in February.
 REUTER
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="3">
<DATE> 4-MAR-1987 12:00:00.00</DATE>
<TEXT>
<TITLE>NO SIGN-OFF</TITLE>
<BODY>The talks ended without a deal, sources close to Reuters said.
&#3;</BODY></TEXT>
</REUTERS>
SGML

"$python" "$src/bench/make_corpus.py" --reuters "$tmp/reut2-000.sgm" "$tmp/corpus.jsonl" 2>/dev/null ||
    fail "make_corpus.py exited with $?"
bodies=$("$python" -c 'import json, sys
for line in open(sys.argv[1]): print(json.loads(line)["body"])' "$tmp/corpus.jsonl")
expected='The board met on Monday, a spokesman told Reuters.
Exports rose in February.
The talks ended without a deal, sources close to Reuters said.'
[[ $bodies == "$expected" ]] || fail "bodies: $bodies"

if ((failures)); then echo "$failures make_corpus check(s) failed"; exit 1; fi
echo "make_corpus: all checks passed"
