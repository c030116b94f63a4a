#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, builds tests/install against it
# with CMake's find_package and with pkg-config (C++ and C), and runs the results.
# usage: check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix/usr" >/dev/null
cmake -S "$src/tests/install" -B "$prefix/build" -DCMAKE_PREFIX_PATH="$prefix/usr" >/dev/null
cmake --build "$prefix/build" >/dev/null
LD_LIBRARY_PATH="$prefix/usr/lib:$prefix/usr/lib/$(gcc -print-multiarch 2>/dev/null || true)" "$prefix/build/consumer"

# The Python package, when built, ships the stubs of its extension and the PEP 561 marker.
for package in $(find "$prefix/usr" -path '*/dist-packages/annals' -type d); do
  test -f "$package/_annals.pyi"
  test -f "$package/py.typed"
done

# pkg-config, from a prefix that has moved since it was installed: the .pc files
# find their paths relative to themselves.
mv "$prefix/usr" "$prefix/moved"
libdir=$(dirname "$(find "$prefix/moved" -name annals.pc)")/..
export PKG_CONFIG_PATH="$libdir/pkgconfig"
c++ -std=c++20 "$src/tests/install/consumer.cpp" -o "$prefix/consumer-pc" $(pkg-config --cflags --libs annals)
cc -std=c99 -Wall -Wextra -pedantic "$src/tests/install/consumer_c.c" -o "$prefix/consumer-c" $(pkg-config --cflags --libs annals-c)
LD_LIBRARY_PATH="$libdir" "$prefix/consumer-pc"
LD_LIBRARY_PATH="$libdir" "$prefix/consumer-c"
