#!/usr/bin/env bash
# annals-query loads only the shared libraries a search needs: it links the
# library's static archive with --as-needed, so a query from the shell does not
# map and relocate what ingestion uses (ICU i18n, libxml2, gumbo), libannals
# itself or Boost (docs/scaling.md). The other tools still use libannals.so.
set -uo pipefail
bin=${ANNALS_BIN:?set ANNALS_BIN to the folder of the built tools}
failures=0
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
query=$(needed "$bin/annals-query")
for lib in libannals libicui18n libxml2 libgumbo libboost_program_options; do
    if grep -q "^$lib\." <<<"$query"; then
        echo "FAILED: annals-query needs $lib:"; echo "$query"; failures=$((failures + 1))
    fi
done
if ! grep -q '^libxapian\.' <<<"$query"; then
    echo "FAILED: annals-query does not name libxapian (did readelf work?)"; failures=$((failures + 1))
fi
if ! needed "$bin/annals-index" | grep -q '^libannals\.so'; then
    echo "FAILED: annals-index no longer uses the shared library"; failures=$((failures + 1))
fi
[ "$failures" = 0 ] && echo "annals-query needs: $(tr '\n' ' ' <<<"$query")"
[ "$failures" = 0 ]
