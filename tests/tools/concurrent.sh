#!/usr/bin/env bash
# Several processes on one archive: annals-query runs again and again while
# annals-index commits, and always sees whole commits; a second annals-index is
# refused at once with "archive DB is locked by another writer" (exit 1), never
# left waiting, and the first run completes the archive.
set -u
bin=${ANNALS_BIN:?set ANNALS_BIN to the build tools directory}
work=$(mktemp -d)
trap 'kill "$writer" 2>/dev/null; rm -rf "$work"' EXIT
failures=0 passed=0
check() {  # check NAME STATUS
    if [ "$2" = 0 ]; then passed=$((passed + 1)); else echo "FAILED: $1"; failures=$((failures + 1)); fi
}

n=6000 batch=200
for i in $(seq 1 $n); do
    printf '{"id":"a%d","title":"Council notes %d","body":"The council of Port Ellis met on Tuesday for session %d and agreed the harbour budget.","categories":["council"]}\n' "$i" "$i" "$i"
done >"$work/in.jsonl"
db="$work/db"
"$bin/annals-index" --quiet --no-entities --threads 1 --batch-size $batch --db "$db" "$work/in.jsonl" 2>"$work/err-writer" &
writer=$!

searches=0 bad=0 refused=0
while kill -0 "$writer" 2>/dev/null; do
    [ -e "$db" ] || { sleep 0.05; continue; }
    if out=$("$bin/annals-query" --db "$db" --json --limit 0 --facet category 'council' 2>"$work/err-query"); then
        total=$(printf '%s' "$out" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
        facet=$(printf '%s' "$out" | sed -n 's/.*"category":\[{"value":"council","count":\([0-9]*\)}.*/\1/p')
        # One commit whole: a multiple of the batch, counted the same by the facet.
        if [ $((total % batch)) != 0 ] || { [ "$total" != 0 ] && [ "$facet" != "$total" ]; }; then
            echo "  inconsistent search: total $total, facet ${facet:-none}"
            bad=$((bad + 1))
        fi
        searches=$((searches + 1))
    elif [ -s "$work/err-query" ] && kill -0 "$writer" 2>/dev/null; then
        echo "  search failed: $(cat "$work/err-query")"
        bad=$((bad + 1))
    fi
    if [ "$refused" = 0 ] && kill -0 "$writer" 2>/dev/null; then
        echo '{"id":"second","title":"From a second writer"}' >"$work/second.jsonl"
        timeout 30 "$bin/annals-index" --quiet --db "$db" "$work/second.jsonl" 2>"$work/err-second"
        status=$?
        if kill -0 "$writer" 2>/dev/null; then  # only meaningful while the first still writes
            refused=1
            check "second writer: exit status 1, not a hang (got $status)" "$([ "$status" = 1 ]; echo $?)"
            grep -qF "archive $db is locked by another writer" "$work/err-second"
            check "second writer: the message names the archive ($(cat "$work/err-second"))" $?
        fi
    fi
done
wait "$writer"
check "the first writer completes (exit 0)" $?
check "no search failed or mixed commits ($searches searches, $bad bad)" "$([ "$bad" = 0 ] && [ "$searches" -gt 0 ]; echo $?)"
check "a second writer was tried while the first ran" "$([ "$refused" = 1 ]; echo $?)"
final=$("$bin/annals-query" --db "$db" --json --limit 0 '' | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
check "the archive holds every article once ($final)" "$([ "$final" = $n ]; echo $?)"
check "nothing of the refused writer got in" "$([ "$("$bin/annals-query" --db "$db" --json --limit 0 'id:second' | sed -n 's/.*"total":\([0-9]*\).*/\1/p')" = 0 ]; echo $?)"

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
