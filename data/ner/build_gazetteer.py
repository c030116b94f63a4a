#!/usr/bin/python3
"""Builds data/ner/gazetteer.tsv, the name lists the NER tagger uses as features.

Every source is a Debian package the project may redistribute:
  iso-codes       ISO 3166-1 countries, 3166-2 subdivisions (LGPL-2.1+)
  libgeonames0    ~24,000 GeoNames cities (data CC-BY 4.0, credit GeoNames), via its C API
  tzdata          zone1970.tab cities (public domain), in case libgeonames is missing
  ruby-ffaker     first names and surnames of ~30 locales (Expat)
  wamerican       /usr/share/dict/american-english (common words and proper nouns)

Output lines: <class> TAB <phrase>, classes: country, region, city, first, last, word, propn.
usage: build_gazetteer.py [OUT]   (default: the gazetteer.tsv beside this script)
"""
import ctypes, glob, json, os, subprocess, sys, unicodedata

out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "gazetteer.tsv")
entries = set()


def add(cls, name):
    name = " ".join(name.split())
    if name and len(name) <= 60 and "\t" not in name:
        entries.add((cls, name))


def latin(s):
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] in "PZ" for c in s)


iso = "/usr/share/iso-codes/json/"
for c in json.load(open(iso + "iso_3166-1.json"))["3166-1"]:
    for key in ("name", "common_name", "official_name"):
        if key in c:
            add("country", c[key])
            # "Korea, Republic of" is also written "Korea".
            if "," in c[key]:
                add("country", c[key].split(",")[0])
for c in json.load(open(iso + "iso_3166-2.json"))["3166-2"]:
    add("region", c["name"])

try:
    geo = ctypes.CDLL("libgeonames.so.0")
    geo.geonames_get_city.restype = ctypes.c_void_p
    geo.geonames_get_city.argtypes = [ctypes.c_int]
    geo.geonames_city_get_name.restype = ctypes.c_char_p
    geo.geonames_city_get_name.argtypes = [ctypes.c_void_p]
    geo.geonames_city_get_state.restype = ctypes.c_char_p
    geo.geonames_city_get_state.argtypes = [ctypes.c_void_p]
    geo.geonames_city_free.argtypes = [ctypes.c_void_p]
    for i in range(geo.geonames_get_n_cities()):
        city = geo.geonames_get_city(i)
        if city:
            add("city", geo.geonames_city_get_name(city).decode("utf-8", "replace"))
            state = geo.geonames_city_get_state(city)
            if state:
                add("region", state.decode("utf-8", "replace"))
            geo.geonames_city_free(city)
except OSError as e:
    print(f"libgeonames unavailable ({e}); using tzdata cities only", file=sys.stderr)
for line in open("/usr/share/zoneinfo/zone1970.tab", encoding="utf-8"):
    if not line.startswith("#"):
        zone = line.split("\t")[2].strip()
        add("city", zone.split("/")[-1].replace("_", " "))

ffaker = subprocess.run(["dpkg", "-L", "ruby-ffaker"], capture_output=True, text=True).stdout.split()
for path in ffaker:
    base = os.path.basename(path)
    if "/data/name" not in path or not os.path.isfile(path):
        continue
    cls = "first" if base.startswith("first_name") else "last" if base.startswith("last_name") else None
    if cls:
        for line in open(path, encoding="utf-8", errors="replace"):
            name = line.strip()
            if name and latin(name):
                add(cls, name)

for line in open("/usr/share/dict/american-english", encoding="utf-8", errors="replace"):
    w = line.strip()
    if not w or w.endswith("'s"):
        continue
    add("word" if w[0].islower() else "propn", w)

with open(out_path, "w", encoding="utf-8") as f:
    f.write("# built by data/ner/build_gazetteer.py from Debian packages; see NOTE.md\n")
    for cls, name in sorted(entries):
        f.write(f"{cls}\t{name}\n")
print(f"{out_path}: {len(entries)} entries", file=sys.stderr)
