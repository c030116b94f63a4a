#!/usr/bin/env bash
# The Debian packages: cpack -G DEB builds them from the build tree into a
# scratch folder; each holds what it should with the right dependencies, and
# unpacked into a scratch root the tools run, the man pages render and the
# Python module imports.  usage: deb.sh BUILD_DIR
set -uo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 passed=0
check() {  # check NAME STATUS
    if [ "$2" = 0 ]; then passed=$((passed + 1)); else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb() { ls "$work"/out/"$1"_*.deb; }
has() {  # has PACKAGE PATH: the package holds the file
    dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | grep -qx "./usr/$2"
    check "$1 holds /usr/$2" $?
}
depends() {  # depends PACKAGE NAME: the package's Depends names NAME
    dpkg-deb -f "$(deb "$1")" Depends | tr "," "\n" | sed "s/^ *//" | grep -qF -- "$2"
    check "$1 depends on $2" $?
}

has libannals0 lib/libannals.so.0
has libannals0 lib/libannals_c.so.0
depends libannals0 libxapian30
depends libannals0 libicu72
depends libannals0 libgumbo1
has libannals-dev include/annals/annals.hpp
has libannals-dev include/annals/c.h
has libannals-dev lib/libannals.so
has libannals-dev lib/pkgconfig/annals.pc
has libannals-dev lib/cmake/annals/annalsConfig.cmake
depends libannals-dev "libannals0 (= "
depends libannals-dev libxapian-dev
has annals-tools bin/annals-index
has annals-tools bin/annals-query
has annals-tools share/man/man1/annals-query.1
has annals-tools share/bash-completion/completions/annals-query
depends annals-tools "libannals0 (= "
# Nothing is in two packages.
for d in "$work"/out/*.deb; do dpkg-deb -c "$d" | awk '$1 !~ /^d/ {print $6}'; done | sort | uniq -d >"$work/dups"
[ ! -s "$work/dups" ]
check "no file is in two packages ($(tr '\n' ' ' <"$work/dups"))" $?

# Unpacked into a scratch root, the tools and the module work from there.
for d in "$work"/out/*.deb; do dpkg-deb -x "$d" "$work/root"; done
export LD_LIBRARY_PATH="$work/root/usr/lib"
"$work/root/usr/bin/annals-index" --version >/dev/null
check "annals-index runs from the unpacked packages" $?
printf '{"id":"d1","title":"Talks in Geneva","body":"Marco Rubio met officials in Geneva."}\n' >"$work/a.jsonl"
"$work/root/usr/bin/annals-index" --quiet --db "$work/db" "$work/a.jsonl" &&
    "$work/root/usr/bin/annals-query" --db "$work/db" --json 'place:geneva' | grep -q '"total":1'
check "the unpacked tools index and find an article" $?
if command -v man >/dev/null; then
    man -l "$work/root/usr/share/man/man1/annals-index.1" 2>/dev/null | grep -q -- "--threads"
    check "the packaged man page renders" $?
fi
if ls "$work"/out/python3-annals_*.deb >/dev/null 2>&1; then
    depends python3-annals "libannals0 (= "
    PYTHONPATH="$work/root/usr/lib/python3/dist-packages" /usr/bin/python3 -c 'import annals; assert annals.normalize_date("27 November 2025") == "2025-11-27"'
    check "the packaged Python module imports and runs" $?
fi

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
