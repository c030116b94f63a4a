#!/usr/bin/env bash
# The tools' man pages (made by help2man at build time): each page exists, renders
# without a warning from groff, mentions every long option its tool's --help lists,
# and is installed with the bash completion under share/.
# usage: check.sh BUILD_DIR
set -euo pipefail
build=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null

for tool in annals-index annals-query annals-serve; do
    [[ -x $build/tools/$tool ]] || continue
    page=$build/tools/man/$tool.1
    [[ -s $page ]] || { fail "$page was not made"; continue; }
    # Rendered as man shows it, in ASCII so that options keep their hyphens.
    if command -v man >/dev/null; then
        text=$(LC_ALL=C MANWIDTH=80 man --warnings -l "$page" 2>"$prefix/warnings" | col -bx)
    elif command -v groff >/dev/null; then
        text=$(LC_ALL=C groff -man -Tascii -ww -P-cbou "$page" 2>"$prefix/warnings")
    else  # nothing to render with: read the source
        echo "neither man nor groff: $tool.1 checked unrendered"
        text=$(sed 's/\\-/-/g; s/^\.SH //' "$page")
        : >"$prefix/warnings"
    fi
    [[ -s $prefix/warnings ]] && fail "$tool.1 renders with warnings: $(cat "$prefix/warnings")"
    grep -q "^NAME" <<<"$text" || fail "$tool.1 has no NAME section"
    grep -q "^OPTIONS" <<<"$text" || fail "$tool.1 has no OPTIONS section"
    for opt in $("$build/tools/$tool" --help | sed -n '/^Options:/,$p' | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        grep -qe "$opt\b" <<<"$text" || fail "$tool.1 does not mention $opt, which $tool --help lists"
    done
    [[ -s $prefix/share/man/man1/$tool.1 ]] || fail "$tool.1 is not installed in share/man/man1"
    [[ -s $prefix/share/bash-completion/completions/$tool ]] ||
        fail "the completion of $tool is not installed in share/bash-completion/completions"
done

if ((failures)); then echo "$failures man page check(s) failed"; exit 1; fi
echo "man pages: all checks passed"
