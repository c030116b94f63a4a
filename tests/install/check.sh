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
libs="$prefix/usr/lib:$prefix/usr/lib/$(gcc -print-multiarch 2>/dev/null || true)"
LD_LIBRARY_PATH="$libs" "$prefix/build/consumer"
LD_LIBRARY_PATH="$libs" "$prefix/build/quickstart" "$prefix/db-cmake" >/dev/null

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

# The examples the docs show, whole: C and C++ built with pkg-config, Python run
# on the installed package (when built), each against a fresh archive.
c++ -std=c++20 "$src/docs/examples/quickstart.cpp" -o "$prefix/quickstart-pc" $(pkg-config --cflags --libs annals)
cc -std=c99 "$src/docs/examples/quickstart.c" -o "$prefix/quickstart-c" $(pkg-config --cflags --libs annals-c)
LD_LIBRARY_PATH="$libdir" "$prefix/quickstart-pc" "$prefix/db-pc" >/dev/null
LD_LIBRARY_PATH="$libdir" "$prefix/quickstart-c" "$prefix/db-c" >/dev/null
for package in $(find "$prefix/moved" -path '*/dist-packages/annals' -type d); do
  LD_LIBRARY_PATH="$libdir" PYTHONPATH="$(dirname "$package")" \
    /usr/bin/python3 "$src/docs/examples/quickstart.py" "$prefix/db-py" >/dev/null
done
# ... and the docs show them as they are.
/usr/bin/python3 - "$src" <<'PY'
import sys
src = sys.argv[1]
def shown(example, doc):
    if open(f"{src}/docs/examples/{example}").read().strip() not in open(f"{src}/docs/{doc}").read():
        sys.exit(f"docs/{doc} does not show docs/examples/{example} as it is")
shown("quickstart.cpp", "bindings.md")
shown("quickstart.c", "bindings.md")
shown("quickstart.py", "bindings.md")
PY
