#!/usr/bin/env bash
# Crash trials: annals-index killed with SIGKILL at random moments, many times.
# After every kill the archive must open and hold whole batches only (the state
# of its last commit); running the same command again must complete it with
# every article exactly once.
set -u
bin=${ANNALS_BIN:?set ANNALS_BIN to the build tools directory}
trials=${CRASH_TRIALS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passed=0
check() {  # check NAME STATUS
    if [ "$2" = 0 ]; then passed=$((passed + 1)); else echo "FAILED: $1"; why; failures=$((failures + 1)); fi
}
total() {  # number of articles in archive $1 (empty when it cannot be opened; why in $work/query.err)
    "$bin/annals-query" --db "$1" --json --limit 0 '' 2>"$work/query.err" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}
why() {  # what the last total() and the last index run said on stderr, for a failure
    sed 's/^/  annals-query: /' "$work/query.err"
    sed 's/^/  annals-index: /' "$work/index.err" 2>/dev/null
}

n=1500 batch=100
/usr/bin/python3 - "$n" >"$work/in.jsonl" <<'EOF'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": f"c{i}", "title": f"Report {i} from Geneva",
                      "body": f"Marco Rubio met officials in Geneva on 3 March 2024 for round {i} of talks. "
                              "Angela Merkel and the European Union were mentioned, as was Kyiv."}))
EOF

# Kill moments spread over a run: first time how long a whole run takes.
start=$(date +%s%N)
"$bin/annals-index" --quiet --batch-size "$batch" --db "$work/timing" "$work/in.jsonl"
run_ms=$(( ($(date +%s%N) - start) / 1000000 ))
RANDOM=7  # the same moments on every run of the test

for trial in $(seq 1 "$trials"); do
    db="$work/db-$trial"
    delay_ms=$(( 20 + RANDOM % (run_ms + 1) ))
    "$bin/annals-index" --quiet --batch-size "$batch" --db "$db" "$work/in.jsonl" 2>"$work/index.err" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    got=$(total "$db")
    if [ ! -e "$db/iamglass" ]; then
        got=0  # killed before Xapian had made the database (at most an empty folder)
    fi
    [ -n "$got" ] && { [ $((got % batch)) = 0 ] || [ "$got" = "$n" ]; }
    check "trial $trial (killed after ${delay_ms} ms): archive opens with whole batches (${got:-unreadable})" $?
    "$bin/annals-index" --quiet --batch-size "$batch" --db "$db" "$work/in.jsonl" 2>"$work/index.err"
    check "trial $trial: the rerun succeeds" $?
    [ "$(total "$db")" = "$n" ]
    check "trial $trial: the rerun completes the archive, each article once" $?
    rm -rf "$db"
done

echo "$passed passed, $failures failed ($trials trials, a run takes about ${run_ms} ms)"
[ "$failures" = 0 ]
