#!/usr/bin/env bash
# Golden-output tests of annals-index, annals-query and annals-serve --help: each case runs a command
# and compares its stdout, stderr and exit status with tests/golden/<case>.out.
# UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).
set -u
bin=${ANNALS_BIN:?set ANNALS_BIN to the build tools directory}
src=${ANNALS_SOURCE_DIR:?set ANNALS_SOURCE_DIR to the source tree}
golden=$src/tests/golden
fixtures=$src/tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passed=0

# run CASE COMMAND...: stdout, then stderr with the temp dir masked, then the status.
run() {
    local name=$1; shift
    local out="$work/$name.out"
    "$@" >"$work/stdout" 2>"$work/stderr"
    local status=$?
    { cat "$work/stdout"; echo "--- stderr"; sed "s#$work#TMP#g; s#$src#SRC#g" "$work/stderr"; echo "--- exit $status"; } >"$out"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$out" "$golden/$name.out"
    elif ! diff -u "$golden/$name.out" "$out"; then
        echo "FAILED: $name"
        failures=$((failures + 1))
        return
    fi
    passed=$((passed + 1))
}

index="$bin/annals-index"
query="$bin/annals-query"
db="$work/db"

run seed-extract "$index" --extract "$fixtures/seed.txt"
run index-sample "$index" --quiet --db "$db" "$src/data/sample"
run query-text "$query" --db "$db" --limit 3 --facet person,year 'person:rubio'
run query-json-place "$query" --db "$db" --json --limit 2 --facet place --facet country 'place:kiev'
run query-json-dates "$query" --db "$db" --json --limit 2 --sort oldest --facet year --facet mentioned_year 'mentions:2022-02..2022-03'
run query-json-org "$query" --db "$db" --json --limit 3 --sort newest --facet organization --facet-limit 5 'org:nato -trump'
run query-aliases "$query" --db "$db" --limit 2 'kiev'
run query-like "$query" --db "$db" --limit 3 --like sample-002 'date:2022..'
run query-related "$query" --db "$db" --limit 0 --related person,place --related-limit 4 'crimea'
run query-json-related "$query" --db "$db" --json --limit 0 --related organization --related-limit 3 'like:sample-002'
run query-chart env COLUMNS=60 "$query" --db "$db" --limit 0 --facet month 'date:2022'
run query-error "$query" --db "$db" '(rubio OR trump'
run query-near "$query" --db "$db" --limit 3 --sort distance 'near:warsaw~1200km'
run query-near-country "$query" --db "$db" 'ceasefire near:france~300km'
# Duplicates: a wire story, the same story republished with a line added, and another story.
wire="Oil prices rose sharply on Monday after the producers group agreed to cut output by one million barrels a day from next month, traders said. Benchmark crude climbed 85 cents to the highest level since December."
printf '{"id":"wire-1","title":"Oil prices rise","body":"%s"}\n{"id":"other","title":"Rates held","body":"The central bank left its main lending rate unchanged on Thursday, saying inflation remained under control while growth slowed."}\n{"id":"wire-2","title":"Oil prices rise on output cut","body":"%s Prices eased later."}\n' "$wire" "$wire" >"$work/dups.jsonl"
"$index" --quiet --db "$work/dups" "$work/dups.jsonl"
run query-collapse "$query" --db "$work/dups" --collapse 'oil OR bank'
run query-collapse-json "$query" --db "$work/dups" --collapse --json --facet-groups --facet year 'oil'
run query-bad-date "$query" --db "$db" 'date:2025-13'
run query-no-archive "$query" --db "$work/missing" 'rubio'
printf '{"id":"ok-1","title":"Fine","body":"A good article."}\n{"id":"bad", "title": \n{"id":"ok-2","body":"Another good one."}\n' >"$work/mixed.jsonl"
run index-bad-line "$index" --quiet --db "$work/db2" "$work/mixed.jsonl"
run query-after-bad-line "$query" --db "$work/db2" --json ''
run index-usage "$index" --db "$work/db3"
run index-title-only "$index" --db "$work/db4" "$fixtures/html/title_only.html" "$fixtures/html/plain_divs.html"

# A WARC file: skipped records are told but not counted as pages by title only
# (regression: every warning was counted "by title only").
warc_record() {  # warc_record TYPE URI CONTENT-TYPE BLOCK
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' \
        "$1" "$2" "$3" "$(printf '%s' "$4" | wc -c)" "$4"
}
http_page() { printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s' "$1"; }
{
    warc_record warcinfo "" application/warc-fields "software: test"
    warc_record response http://example.org/story application/http\;msgtype=response \
        "$(http_page '<html><head><title>Harbour reopens</title></head><body><article><p>The harbour at Port Ellis reopened on Monday after storm repairs that took three months.</p></article></body></html>')"
    warc_record response http://example.org/empty application/http\;msgtype=response \
        "$(http_page '<html><head><title>Only a title here</title></head><body></body></html>')"
} >"$work/crawl.warc"
run index-warc "$index" --db "$work/db5" "$work/crawl.warc"

# annals-serve is built unless configured out (ANNALS_BUILD_SERVE=OFF).
if [ -x "$bin/annals-serve" ]; then
    run serve-help "$bin/annals-serve" --help
    run serve-usage "$bin/annals-serve" --listen 127.0.0.1:0
fi

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
