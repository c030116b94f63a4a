#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, builds tests/install against it
# and runs the result.  usage: check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix/usr" >/dev/null
cmake -S "$src/tests/install" -B "$prefix/build" -DCMAKE_PREFIX_PATH="$prefix/usr" >/dev/null
cmake --build "$prefix/build" >/dev/null
LD_LIBRARY_PATH="$prefix/usr/lib:$prefix/usr/lib/$(gcc -print-multiarch 2>/dev/null || true)" "$prefix/build/consumer"
