#!/usr/bin/env bash
# annals-index interrupted mid-run: SIGINT commits the work done and exits 130;
# SIGKILL leaves the archive at its last batch commit; a rerun completes both.
set -u
bin=${ANNALS_BIN:?set ANNALS_BIN to the build tools directory}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passed=0
check() {  # check NAME CONDITION-STATUS
    if [ "$2" = 0 ]; then passed=$((passed + 1)); else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
total() {  # number of articles in archive $1
    "$bin/annals-query" --db "$1" --json --limit 0 '' | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}

n=4000
for i in $(seq 1 $n); do
    printf '{"id":"a%d","title":"Article %d about Geneva","body":"Marco Rubio met officials in Geneva on Tuesday to discuss article %d. The talks went on for hours and touched on trade, security and the weather in the Alps."}\n' "$i" "$i" "$i"
done >"$work/in.jsonl"

for sig in INT KILL; do
    db="$work/db-$sig"
    "$bin/annals-index" --quiet --batch-size 100 --db "$db" "$work/in.jsonl" 2>"$work/err-$sig" &
    pid=$!
    # Wait until the first batch is committed, then interrupt.
    for _ in $(seq 1 200); do
        [ -n "$(total "$db" 2>/dev/null)" ] && [ "$(total "$db")" -gt 0 ] && break
        sleep 0.05
    done
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid"
    status=$?
    got=$(total "$db")
    echo "SIG$sig: exit $status, $got of $n articles committed"
    if [ "$sig" = INT ]; then
        # Graceful: either finished (0) or stopped with 130 and said so.
        { [ "$status" = 0 ] || { [ "$status" = 130 ] && grep -q "interrupted after" "$work/err-$sig"; }; }
        check "SIGINT exit status and message" $?
    else
        [ $((got % 100)) = 0 ] || [ "$got" = "$n" ]
        check "SIGKILL leaves whole batches only ($got)" $?
    fi
    [ -n "$got" ] && [ "$got" -le "$n" ]
    check "archive readable after SIG$sig" $?
    "$bin/annals-index" --quiet --db "$db" "$work/in.jsonl"
    check "rerun after SIG$sig succeeds" $?
    [ "$(total "$db")" = "$n" ]
    check "rerun after SIG$sig completes the archive" $?
done

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
