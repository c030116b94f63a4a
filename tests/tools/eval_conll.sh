#!/usr/bin/env bash
# annals-eval conll scores the extraction annals-index --extract prints: the same
# options (dates included), so the two agree. Regression: annals-eval once ran
# without dates, and a name that a date overlaps ("the 1979 Democracy Wall
# movement": the date wins) counted as a false organisation there but not in
# annals-index's output. tests/fixtures/conll/dates.conll is made up.
set -u
bin=${ANNALS_BIN:?set ANNALS_BIN to the build tools directory}
src=${ANNALS_SOURCE_DIR:?set ANNALS_SOURCE_DIR to the source tree}
[[ -x $bin/annals-eval ]] || { echo "annals-eval not built: skipped"; exit 0; }
fixture=$src/tests/fixtures/conll/dates.conll
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$("$bin/annals-eval" conll "$fixture" --rounds 1 --errors) || fail "annals-eval conll exited with $?"
# Neither document gets an organisation that starts at the year.
grep -q '^+ ORG .*\[19[0-9][0-9] ' <<<"$out" && fail "a name overlapping a date was scored: $out"
org=$(grep '^ORG ' <<<"$out")
[[ $(awk '{print $6}' <<<"$org") == 0 ]] || fail "ORG false positives: $org"
[[ $(awk '{print $5 + $7}' <<<"$org") == 2 ]] || fail "ORG gold chunks: $org"

# annals-index --extract on the same bodies (tokens joined by spaces) agrees.
bodies='{"id":"conll-1","body":"Wang , a veteran dissident of the 1979 Democracy Wall movement , was jailed ."}
{"id":"conll-2","body":"Rebels of the 1996 Liberation Front said ."}'
extracted=$("$bin/annals-index" --extract - <<<"$bodies") || fail "annals-index --extract exited with $?"
grep -q '"type":"organization"[^}]*"text":"19[0-9][0-9] ' <<<"$extracted" && fail "annals-index kept a name over a date: $extracted"
grep -q '"type":"date"[^}]*"text":"1979"' <<<"$extracted" || fail "no date 1979 in: $extracted"

if ((failures)); then echo "$failures eval_conll check(s) failed"; exit 1; fi
echo "eval_conll: all checks passed"
