#!/bin/sh
# Rebuilds data/gazetteer/places.tsv and first_names.txt from Debian packages
# (libgeonames-dev, libgeonames-common, iso-codes, ruby-ffaker). Run by hand.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O1 "$here/dump_geonames.c" $(pkg-config --cflags --libs glib-2.0 geonames) -o "$tmp/dump_geonames"
"$tmp/dump_geonames" > "$tmp/cities.tsv"
/usr/bin/python3 "$here/build.py" "$tmp/cities.tsv" "$here"
wc -c "$here/places.tsv" "$here/first_names.txt"
