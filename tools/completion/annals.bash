# bash completion for annals-index, annals-query and annals-serve.
# Installed as share/bash-completion/completions/<tool> (one copy per tool name);
# or source it from ~/.bashrc. Needs plain bash only, not the bash-completion package.
# The lists below follow each tool's --help; tests/tools/completion.sh fails when
# they drift apart.

_annals_facets="person place country about_country organization author category publication year month mentioned_year"
_annals_query_fields="title: person: place: country: about_country: org: author: category: publication: lang: id: date: mentions: near: like:"

_annals_options() {
    case $1 in
    annals-index) echo "--help -h --version --db -d --format -f --extract --delete --no-entities
        --batch-size --threads -j --shards --compact --progress --quiet -q" ;;
    annals-query) echo "--help -h --version --db -d --limit -n --offset --sort -s --facet -f
        --facet-limit --collapse --facet-groups --like --related -r --related-limit --json -j --explain" ;;
    annals-serve) echo "--help -h --version --db -d --listen -l --threads -t --search-threads --refresh --quiet -q" ;;
    esac
}

# Options followed by a value, per tool (both spellings).
_annals_takes_value() {
    case $1:$2 in
    *:--db | *:-d) return 0 ;;
    annals-index:--format | annals-index:-f | annals-index:--batch-size | annals-index:--threads | \
        annals-index:-j | annals-index:--shards) return 0 ;;
    annals-query:--limit | annals-query:-n | annals-query:--offset | annals-query:--sort | annals-query:-s | \
        annals-query:--facet | annals-query:-f | annals-query:--facet-limit | annals-query:--like | \
        annals-query:--related | annals-query:-r | annals-query:--related-limit) return 0 ;;
    annals-serve:--listen | annals-serve:-l | annals-serve:--threads | annals-serve:-t | annals-serve:--search-threads | annals-serve:--refresh) return 0 ;;
    esac
    return 1
}

# The values of option $2 of tool $1 that complete $3 (into COMPREPLY).
_annals_values() {
    local tool=$1 opt=$2 cur=$3
    case $tool:$opt in
    *:--db | *:-d)
        COMPREPLY=($(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null ;;
    annals-index:--format | annals-index:-f)
        COMPREPLY=($(compgen -W "auto jsonl json txt html reuters nitf warc" -- "$cur")) ;;
    annals-query:--sort | annals-query:-s)
        COMPREPLY=($(compgen -W "relevance newest oldest distance" -- "$cur")) ;;
    annals-query:--facet | annals-query:-f)
        # A comma-separated list: complete the last item.
        local done="" last=$cur
        if [[ $cur == *,* ]]; then done=${cur%,*},; last=${cur##*,}; fi
        COMPREPLY=($(compgen -P "$done" -W "$_annals_facets" -- "$last")) ;;
    annals-query:--related | annals-query:-r)
        local done="" last=$cur
        if [[ $cur == *,* ]]; then done=${cur%,*},; last=${cur##*,}; fi
        COMPREPLY=($(compgen -P "$done" -W "person place organization" -- "$last")) ;;
    *) COMPREPLY=() ;;
    esac
}

_annals_complete() {
    local tool=${COMP_WORDS[0]##*/}
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # --opt=value: bash splits it into "--opt" "=" "value" (= is in COMP_WORDBREAKS),
    # or leaves it whole when it is not.
    if [[ $cur == = ]]; then
        _annals_values "$tool" "$prev" ""
        return 0
    fi
    if [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        _annals_values "$tool" "${COMP_WORDS[COMP_CWORD - 2]}" "$cur"
        return 0
    fi
    if [[ $cur == --*=* ]]; then
        _annals_values "$tool" "${cur%%=*}" "${cur#*=}"
        COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
        return 0
    fi
    # After "field:" (bash splits at the colon too) there is nothing to offer.
    [[ $cur == : || $prev == : ]] && return 0
    if [[ $prev == -* ]] && _annals_takes_value "$tool" "$prev"; then
        _annals_values "$tool" "$prev" "$cur"
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_annals_options "$tool")" -- "$cur"))
        return 0
    fi
    case $tool in
    annals-index)
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null ;;
    annals-query)
        # Query words: offer the field prefixes, with no space after the colon.
        if [[ $cur != *:* ]]; then
            COMPREPLY=($(compgen -W "$_annals_query_fields" -- "$cur"))
            compopt -o nospace 2>/dev/null
        fi ;;
    esac
    return 0
}

complete -F _annals_complete annals-index annals-query annals-serve
