#!/usr/bin/env bash
# Archives across machines: the sample archive served by Xapian's xapian-tcpsrv
# on 127.0.0.1, searched as tcp://HOST:PORT alone and together with a local
# archive, and the sample split into shards, must give the same totals, hits and
# facet counts as one local archive.
set -u
bin=${ANNALS_BIN:?set ANNALS_BIN to the build tools directory}
src=${ANNALS_SOURCE_DIR:?set ANNALS_SOURCE_DIR to the source tree}
work=$(mktemp -d)
servers=
cleanup() {
    for pid in $servers; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
failures=0 passed=0
check() {  # check NAME STATUS
    if [ "$2" = 0 ]; then passed=$((passed + 1)); else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
if ! command -v xapian-tcpsrv >/dev/null; then
    echo "FAILED: xapian-tcpsrv not found (Debian package xapian-tools)"
    exit 1
fi

# Totals, facet counts and the set of hit ids: hits with equal scores come in
# docid order, which differs between one database and several.
summary() {
    "$bin/annals-query" "$@" --json --limit 100 --facet person,place,country,organization,year |
        /usr/bin/python3 -c 'import json, sys
r = json.load(sys.stdin)
print(r["total"], sorted(h["id"] for h in r["hits"]), r["facets"])'
}

# The sample, and copies of three of its articles from the second half, so that
# --collapse has duplicate groups to fold in every archive below.
/usr/bin/python3 - "$src/data/sample/articles.jsonl" >"$work/articles.jsonl" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
print("\n".join(lines))
for line in lines[19:22]:
    a = json.loads(line)
    a["id"] += "-copy"
    print(json.dumps(a, ensure_ascii=False))
EOF
"$bin/annals-index" --quiet --db "$work/all" "$work/articles.jsonl"
head -n 15 "$work/articles.jsonl" >"$work/first.jsonl"
tail -n +16 "$work/articles.jsonl" >"$work/rest.jsonl"
"$bin/annals-index" --quiet --db "$work/first" "$work/first.jsonl"
"$bin/annals-index" --quiet --db "$work/rest" "$work/rest.jsonl"
"$bin/annals-index" --quiet --shards 3 --db "$work/sharded" "$work/articles.jsonl"
check "the sample indexes into 3 shards" $?

# Serve "all" and "rest" from one xapian-tcpsrv each, on ports the kernel says are free.
serve() {  # serve DB: starts a server, sets $port (retries when the port was taken meanwhile)
    for _ in 1 2 3 4 5; do
        port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        # In a session of its own: on SIGTERM xapian-tcpsrv signals its whole
        # process group, which would otherwise be this script and ctest.
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$1" >"$work/server-$port.log" 2>&1 &
        local pid=$!
        for _ in $(seq 1 50); do
            if "$bin/annals-query" --db "tcp://127.0.0.1:$port" --limit 0 '' >/dev/null 2>&1; then
                servers="$servers $pid"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null
    done
    return 1
}
serve "$work/all"; check "xapian-tcpsrv serves the whole archive" $?; all_port=$port
serve "$work/rest"; check "xapian-tcpsrv serves the second half" $?; rest_port=$port

# What $1 (summary or collapsed) prints for query $2 must be the same from one
# local archive, a server, two local archives, a local and a remote one, and
# shards; $3 says what is compared ("answers", "collapses").
everywhere() {
    local fn=$1 q=$2 verb=$3 want
    want=$("$fn" --db "$work/all" "$q")
    [ -n "$want" ]
    check "local $fn of '$q'" $?
    [ "$("$fn" --db "tcp://127.0.0.1:$all_port" "$q")" = "$want" ]
    check "remote archive $verb '$q' as the local one" $?
    [ "$("$fn" --db "$work/first" --db "$work/rest" "$q")" = "$want" ]
    check "two local archives $verb '$q' as one" $?
    [ "$("$fn" --db "$work/first" --db "tcp://127.0.0.1:$rest_port" "$q")" = "$want" ]
    check "a local and a remote archive $verb '$q' as one" $?
    [ "$("$fn" --db "$work/sharded" "$q")" = "$want" ]
    check "the sharded archive $verb '$q' as one database" $?
}

for q in '' 'ukraine' 'person:rubio' 'place:kiev NATO' '"security guarantees"' 'date:2024..' 'org:nato -trump' \
    'like:sample-002' 'like:sample-015 date:2022'; do
    everywhere summary "$q" answers
done

# --collapse: the same number of groups and of articles everywhere (which member
# stands for a group may differ between equal scores). One database folds groups
# in annals, the others through Xapian's collapse key.
collapsed() {
    "$bin/annals-query" "$@" --json --limit 0 --collapse |
        /usr/bin/python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["total"], r["articles"])'
}
[ "$(collapsed --db "$work/all" '')" = "31 34" ]
check "the copies fold into their originals" $?
for q in '' 'ukraine' 'date:2022..'; do
    everywhere collapsed "$q" collapses
done

# Place aliases come from each database's synonym table, which Xapian's remote
# backend does not serve: only local archives and shards are compared.
want=$(summary --db "$work/all" 'kiev')
[ "$(summary --db "$work/first" --db "$work/rest" 'kiev')" = "$want" ]
check "two local archives expand 'kiev' as one" $?
[ "$(summary --db "$work/sharded" 'kiev')" = "$want" ]
check "the sharded archive expands 'kiev' as one database" $?

# An archive that cannot be reached is an error naming it, not a hang.
"$bin/annals-query" --db "tcp://127.0.0.1:1" 'x' 2>"$work/err"
[ $? = 1 ] && grep -q "cannot reach archive tcp://127.0.0.1:1" "$work/err"
check "an unreachable archive is named in the error" $?

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
