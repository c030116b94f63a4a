#!/usr/bin/env bash
# The bash completion of the tools (tools/completion/annals.bash): a few completions
# as bash would ask for them, and no drift from --help: every long option each tool's
# --help lists is offered and nothing else, and the facet names, query fields, --sort
# and --format values are the ones the help names.
set -euo pipefail
export LC_ALL=C
bin=${ANNALS_BIN:?} src=${ANNALS_SOURCE_DIR:?}
source "$src/tools/completion/annals.bash"
failures=0

# complete WORD... : the candidates for the last word, as bash's completion would.
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMPREPLY=()
    _annals_complete
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {  # expect "EXPECTED" WORD...
    local want=$1; shift
    local got; got=$(complete_words "$@")
    if [[ $got != "$want" ]]; then
        echo "FAIL: completing '$*': got '$got', want '$want'"
        failures=$((failures + 1))
    fi
}
sorted() { tr ' ,' '\n\n' | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//'; }

expect "--facet --facet-groups --facet-limit" annals-query --fa
expect "person place publication" annals-query --facet p
expect "mentioned_year month" annals-query -f m
expect "person,year" annals-query --facet person,y
expect "mentioned_year month" annals-query --facet = m   # --facet=m, split at '='
expect "newest" annals-query --sort n
expect "warc" annals-index --format w
expect "person: place: publication:" annals-query --db x.db p
expect "" annals-query --db x.db person : ru
expect "--listen" annals-serve --li
expect "" annals-serve --fa

# Every long option of --help is offered, and only those.
for tool in annals-index annals-query annals-serve; do
    [[ -x $bin/$tool ]] || continue
    help_opts=$("$bin/$tool" --help | sed -n '/^Options:/,$p' | grep -oE -- '--[a-z][a-z-]*' | sorted)
    offered=$(complete_words "$tool" -- | tr ' ' '\n' | grep -- '^--' | sorted)
    if [[ $help_opts != "$offered" ]]; then
        echo "FAIL: $tool --help lists '$help_opts' but completion offers '$offered'"
        failures=$((failures + 1))
    fi
done

# The value lists are the help's.
help=$("$bin/annals-query" --help | tr '\n' ' ')
same() {  # same WHAT FROM_HELP FROM_COMPLETION
    if [[ $(sorted <<<"$2") != $(sorted <<<"$3") ]]; then
        echo "FAIL: $1: the help says '$2', the completion '$3'"
        failures=$((failures + 1))
    fi
}
same facets "$(sed -E 's/.*Facets: (.*) \(repeat --facet.*/\1/' <<<"$help")" "$_annals_facets"
same "query fields" "$(sed -E 's/.*and the fields (.*)\. +Dates:.*/\1/' <<<"$help")" "$_annals_query_fields"
same "--sort values" "$(sed -E 's/.*--sort \] ORDER +(.*) or ([a-z]+) .*/\1 \2/; s/\(default\)//' <<<"$help")" \
    "$(complete_words annals-query --sort '')"
index_help=$("$bin/annals-index" --help | tr '\n' ' ')
same "--format values" "$(sed -E 's/.*input format: (.*) +--extract .*/\1/; s/\([^)]*\)//' <<<"$index_help")" \
    "$(complete_words annals-index --format '')"

if ((failures)); then echo "$failures completion check(s) failed"; exit 1; fi
echo "completion: all checks passed"
